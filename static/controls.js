/* msgcompare page controls that need no server: the display mode (automatic, light, dark, high
   contrast; kept in localStorage), Copy buttons, and the "only differences" switch of the
   side-by-side table. Loaded in <head> without defer so the chosen mode applies before the first
   paint; everything else waits for the document. */
(function () {
  "use strict";
  var KEY = "msgcompare-theme";
  var MODES = ["auto", "light", "dark", "contrast"];
  var root = document.documentElement;

  function stored() {
    try {
      var value = window.localStorage.getItem(KEY);
      return MODES.indexOf(value) >= 0 ? value : "auto";
    } catch (error) {
      return "auto";
    }
  }

  function apply(mode) {
    if (mode === "auto") {
      root.removeAttribute("data-theme");
    } else {
      root.setAttribute("data-theme", mode);
    }
  }

  apply(stored());

  function setUpTheme() {
    var choice = document.getElementById("theme-choice");
    if (!choice) {
      return;
    }
    choice.value = stored();
    choice.closest("[hidden]") && choice.closest("[hidden]").removeAttribute("hidden");
    choice.addEventListener("change", function () {
      apply(choice.value);
      try {
        if (choice.value === "auto") {
          window.localStorage.removeItem(KEY);
        } else {
          window.localStorage.setItem(KEY, choice.value);
        }
      } catch (error) {
        /* Private mode without storage: the choice holds for this page only. */
      }
    });
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var done = document.execCommand("copy");
      area.remove();
      if (done) {
        resolve();
      } else {
        reject(new Error("copy refused"));
      }
    });
  }

  function setUpCopy(scope) {
    scope.querySelectorAll(".copy-button[hidden]").forEach(function (button) {
      button.hidden = false;
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".copy-button");
    if (!button) {
      return;
    }
    var source = button.getAttribute("data-copy");
    var before = button.previousElementSibling;
    var text = source ? document.getElementById(source).value : before && before.href;
    var panel = button.closest(".embed-panel") || document;
    var status = panel.querySelector(".copy-status");
    var label = button.getAttribute("data-label") || button.textContent;
    button.setAttribute("data-label", label);
    copyText(text).then(function () {
      button.textContent = "✓ " + button.getAttribute("data-copied");
      button.classList.add("copied");
      if (status) {
        status.textContent = button.getAttribute("data-copied");
      }
      window.setTimeout(function () {
        button.textContent = label;
        button.classList.remove("copied");
      }, 4000);
    }, function () {
      if (source) {
        document.getElementById(source).select();
      }
    });
  });

  /* Side by side: hide the rows where the chosen products do not differ. */
  function setUpDifferences() {
    var toggle = document.getElementById("only-differences");
    if (!toggle) {
      return;
    }
    toggle.closest("[hidden]") && toggle.closest("[hidden]").removeAttribute("hidden");
    function update() {
      var table = document.getElementById("criteria-table");
      if (table) {
        table.classList.toggle("only-differences", toggle.checked);
      }
    }
    toggle.addEventListener("change", update);
    document.addEventListener("msgcompare:updated", update);
    update();
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUpTheme();
    setUpCopy(document);
    setUpDifferences();
  });
  document.addEventListener("msgcompare:updated", function () {
    setUpCopy(document);
  });
})();
