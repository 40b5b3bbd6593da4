// plotly.js with only the trace types compare/charts.py draws. A chart of another type would
// not render: add its module here (and its name to TRACES in build.mjs), then run the build.
var Plotly = require("plotly.js/lib/core"); // includes scatter

Plotly.register([
  require("plotly.js/lib/bar"),
  require("plotly.js/lib/heatmap"),
  require("plotly.js/lib/scatterpolar"),
]);

module.exports = Plotly;
