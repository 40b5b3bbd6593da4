/* msgcompare embed sizing, for the pages that paste our embed code (no third party, no cookies).
   Each embed posts {msgcompare: "embed-height", height} to its parent whenever its content
   needs another height (a narrower frame wraps the caption and switches the chart to its phone
   layout). This script sets that height on the <iframe> the message came from, and only when the
   message comes from the origin that iframe was loaded from. Without this script the iframe keeps
   the fixed height of the code, and the embed fits itself into it. */
(function () {
  "use strict";
  if (window.__msgcompareEmbeds) {
    return;
  }
  window.__msgcompareEmbeds = true;
  var MAX_HEIGHT = 6000;

  window.addEventListener("message", function (event) {
    var data = event.data;
    if (!data || data.msgcompare !== "embed-height" || typeof data.height !== "number") {
      return;
    }
    var frames = document.querySelectorAll("iframe[data-msgcompare-embed]");
    Array.prototype.forEach.call(frames, function (frame) {
      if (frame.contentWindow !== event.source) {
        return;
      }
      var origin;
      try {
        origin = new URL(frame.src, window.location.href).origin;
      } catch (error) {
        return;
      }
      if (origin !== event.origin) {
        return;
      }
      var height = Math.max(120, Math.min(MAX_HEIGHT, Math.ceil(data.height)));
      frame.style.height = height + "px";
      frame.setAttribute("height", String(height));
    });
  });
})();
