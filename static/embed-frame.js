/* Inside an embed: tell the page that frames us how tall we would like to be.
   The wanted height is everything but the chart, as laid out now, plus the chart's own natural
   height for the variant it shows at this width (figure.layout.height or figure.narrow.layout.height).
   The framing page's embed-host.js applies it; without that script the frame keeps its fixed
   height and the chart, which fills what is left, shrinks instead of scrolling. */
(function () {
  "use strict";
  if (window.parent === window) {
    return;
  }
  var last = 0;
  var timer = null;

  function wanted() {
    var chart = document.querySelector("[data-figure]");
    var main = document.querySelector("main");
    if (!chart || !main) {
      return 0;
    }
    var figure = JSON.parse(chart.getAttribute("data-figure"));
    var narrow = figure.narrow && chart.clientWidth < (figure.narrow_below || 700);
    var natural = (narrow ? figure.narrow.layout.height : figure.layout.height) || 400;
    var others = main.scrollHeight - chart.getBoundingClientRect().height;
    if (others < 0 || others > main.scrollHeight) {
      others = 0;
    }
    return Math.ceil(others + natural);
  }

  function post() {
    var height = wanted();
    if (height && Math.abs(height - last) > 1) {
      last = height;
      window.parent.postMessage({ msgcompare: "embed-height", height: height }, "*");
    }
  }

  function schedule() {
    window.clearTimeout(timer);
    timer = window.setTimeout(post, 60);
  }

  window.addEventListener("resize", schedule);
  document.addEventListener("DOMContentLoaded", post);
  window.addEventListener("load", post);
})();
