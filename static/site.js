/* msgcompare: draws the charts and re-ranks live as the weights change. No inline scripts:
   figures come from data-figure attributes (JSON written by the server with |tojson). */
(function () {
  "use strict";

  function drawCharts(root) {
    if (!window.Plotly) {
      return;
    }
    root.querySelectorAll("[data-figure]").forEach(function (element) {
      var figure = JSON.parse(element.getAttribute("data-figure"));
      var fallback = element.querySelector(".chart-fallback");
      if (fallback) {
        fallback.remove();
      }
      window.Plotly.newPlot(element, figure.data, figure.layout, figure.config);
    });
  }

  var form = document.querySelector("form[data-live-form]");
  var status = document.getElementById("weights-status");
  var language = document.documentElement.lang || "en";
  var oneDecimal = new Intl.NumberFormat(language, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  var timer = null;
  var sequence = 0;
  var controller = null;

  /* The shortest query string for the form's state: values equal to the profile's defaults are
     left out, exactly as the server writes its links, so copied URLs stay short and stable. */
  function stateQuery() {
    var params = new URLSearchParams();
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!field.name || field.disabled) {
        return;
      }
      var fallback = field.getAttribute("data-default");
      if (field.type === "checkbox") {
        if (field.checked) {
          params.append(field.name, field.value);
        }
      } else if (field.type === "range") {
        if (parseFloat(field.value) !== parseFloat(fallback)) {
          params.append(field.name, field.value);
        }
      } else if (fallback !== null) {
        if (field.value !== fallback) {
          params.append(field.name, field.value);
        }
      } else if (field.value !== "") {
        params.append(field.name, field.value);
      }
    });
    return params.toString();
  }

  function say(message) {
    if (status) {
      status.textContent = message;
    }
  }

  function swapRegions(html) {
    var fresh = new DOMParser().parseFromString(html, "text/html");
    document.querySelectorAll("[data-live][id]").forEach(function (region) {
      var replacement = fresh.getElementById(region.id);
      if (replacement) {
        var node = document.importNode(replacement, true);
        region.replaceWith(node);
        drawCharts(node);
      }
    });
    if (fresh.title) {
      document.title = fresh.title;
    }
  }

  function refresh() {
    var query = stateQuery();
    var url = window.location.pathname + (query ? "?" + query : "");
    window.history.replaceState(null, "", url);
    document.querySelectorAll("input[data-state]").forEach(function (input) {
      input.value = query;
    });
    sequence += 1;
    var mine = sequence;
    if (controller) {
      controller.abort();
    }
    controller = new AbortController();
    document.body.setAttribute("aria-busy", "true");
    fetch(url, { headers: { Accept: "text/html" }, credentials: "same-origin", signal: controller.signal })
      .then(function (response) {
        return response.text().then(function (text) {
          return { ok: response.ok, status: response.status, text: text };
        });
      })
      .then(function (result) {
        if (mine !== sequence) {
          return;
        }
        document.body.removeAttribute("aria-busy");
        if (!result.ok) {
          var page = new DOMParser().parseFromString(result.text, "text/html");
          var errors = Array.prototype.map.call(page.querySelectorAll(".errors li"), function (li) {
            return li.textContent;
          });
          say((status.getAttribute("data-failed") || "").replace("{reason}", errors.join(" ") || String(result.status)));
          return;
        }
        swapRegions(result.text);
        say(status.getAttribute("data-updated") || "");
      })
      .catch(function (error) {
        if (error.name !== "AbortError" && mine === sequence) {
          document.body.removeAttribute("aria-busy");
          say((status.getAttribute("data-failed") || "").replace("{reason}", error.message));
        }
      });
  }

  function schedule() {
    /* Clear the last message at once, so "updated" always means this change has arrived. */
    say("");
    document.body.setAttribute("aria-busy", "true");
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, 200);
  }

  if (form && window.fetch && window.URLSearchParams && window.DOMParser) {
    form.addEventListener("input", function (event) {
      var field = event.target;
      if (field.type === "range") {
        var output = document.getElementById(field.id + "-value");
        if (output) {
          output.textContent = oneDecimal.format(parseFloat(field.value));
        }
        schedule();
      }
    });
    form.addEventListener("change", function (event) {
      var field = event.target;
      if (field.hasAttribute("data-navigate")) {
        /* A new starting profile resets every slider: load its page. */
        var params = new URLSearchParams();
        if (field.value !== field.getAttribute("data-default")) {
          params.set("profile", field.value);
        }
        form.querySelectorAll("input[type=hidden][name]").forEach(function (hidden) {
          params.set(hidden.name, hidden.value);
        });
        window.location.assign(window.location.pathname + (params.toString() ? "?" + params.toString() : ""));
        return;
      }
      if (field.type !== "range") {
        schedule();
      }
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      window.clearTimeout(timer);
      say("");
      refresh();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    drawCharts(document);
  });
})();

/* On narrow screens the weights panel is closed behind a button, so the answer comes first. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var toggle = document.querySelector(".panel-toggle");
  var panel = document.getElementById("weights-panel");
  if (!toggle || !panel) {
    return;
  }
  toggle.hidden = false;
  toggle.addEventListener("click", function () {
    var open = panel.classList.toggle("open");
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    if (open) {
      panel.scrollIntoView({ block: "start" });
    }
  });
})();
