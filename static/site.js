/* msgcompare: draws the charts and re-ranks live as the weights change. No inline scripts:
   figures come from data-figure attributes (JSON written by the server with |tojson). */
(function () {
  "use strict";

  /* A figure may carry a "narrow" variant (its layout, and per trace the keys that differ) for
     boxes under figure.narrow_below pixels; a box that crosses that width is redrawn. A figure
     with "links" (the matrix) opens a cell's evidence when the cell is clicked. */
  function variant(element, figure) {
    var narrow = figure.narrow && element.clientWidth < (figure.narrow_below || 700);
    return narrow ? "narrow" : "wide";
  }

  function plot(element) {
    var figure = JSON.parse(element.getAttribute("data-figure"));
    var which = variant(element, figure);
    var chosen = figure;
    if (which === "narrow") {
      chosen = {
        layout: figure.narrow.layout,
        data: figure.data.map(function (trace, index) {
          return Object.assign({}, trace, figure.narrow.patch[index]);
        })
      };
    }
    if (figure.symbols) {
      /* The matrix: each cell's mark follows from its band (z), so the page need not carry it. */
      chosen = { layout: chosen.layout, data: chosen.data.map(function (trace) {
        if (!trace.z) {
          return trace;
        }
        return Object.assign({}, trace, { text: trace.z.map(function (row) {
          return row.map(function (band) {
            return figure.symbols[band];
          });
        }) });
      }) };
    }
    var layout = Object.assign({}, chosen.layout);
    if (element.hasAttribute("data-fill")) {
      delete layout.height;
      layout.autosize = true;
    }
    element.setAttribute("data-variant", which);
    window.Plotly.react(element, chosen.data, layout, figure.config);
    if (!element.hasAttribute("data-linked")) {
      element.setAttribute("data-linked", "");
      element.on("plotly_click", function (event) {
        var point = event && event.points && event.points[0];
        var links = figure.links;
        if (!links || !point || !Array.isArray(point.pointNumber)) {
          return;
        }
        var link = links.template
          .replace("{product}", links.rows[point.pointNumber[0]])
          .replace("{criterion}", links.columns[point.pointNumber[1]]);
        if (window.top !== window.self) {
          window.open(link, "_blank", "noopener");
        } else {
          window.location.assign(link);
        }
      });
    }
  }

  function drawChart(element) {
    element.querySelectorAll(".chart-fallback, .chart-static").forEach(function (placeholder) {
      placeholder.remove();
    });
    plot(element);
  }

  function drawCharts(root) {
    if (!window.Plotly) {
      return;
    }
    root.querySelectorAll("[data-figure]").forEach(drawChart);
  }

  /* On first load each chart is drawn in a task of its own, so the browser can show the first
     chart while the next is drawn, instead of showing none until the last is done (each costs
     a few hundred milliseconds on a slow machine; see bench/browser.py). A chart replaced by a
     live update before its turn is skipped: the update draws its successor. */
  function drawChartsInTurn(root) {
    if (!window.Plotly) {
      return;
    }
    var pending = Array.prototype.slice.call(root.querySelectorAll("[data-figure]"));
    function next() {
      var element = pending.shift();
      if (element && element.isConnected) {
        drawChart(element);
      }
      if (pending.length) {
        window.setTimeout(next, 0);
      }
    }
    next();
  }

  var resizeTimer = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(resizeTimer);
    resizeTimer = window.setTimeout(function () {
      if (!window.Plotly) {
        return;
      }
      document.querySelectorAll("[data-figure][data-variant]").forEach(function (element) {
        var figure = JSON.parse(element.getAttribute("data-figure"));
        if (variant(element, figure) !== element.getAttribute("data-variant")) {
          plot(element);
        }
      });
    }, 150);
  });

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

  /* The reader's ticks survive a live update: products ticked for comparison (by value, since
     rows move when the ranking changes) and switches such as "only differences" (by id). */
  function ticks(region) {
    var kept = { values: {}, ids: {} };
    region.querySelectorAll("input[type=checkbox]").forEach(function (box) {
      if (box.name === "products") {
        kept.values[box.value] = box.checked;
      } else if (box.id) {
        kept.ids[box.id] = box.checked;
      }
    });
    return kept;
  }

  function restoreTicks(region, kept) {
    region.querySelectorAll("input[type=checkbox]").forEach(function (box) {
      if (box.name === "products" && Object.prototype.hasOwnProperty.call(kept.values, box.value)) {
        box.checked = kept.values[box.value];
      } else if (box.id && Object.prototype.hasOwnProperty.call(kept.ids, box.id)) {
        box.checked = kept.ids[box.id];
      }
    });
  }

  function swapRegions(html) {
    var fresh = new DOMParser().parseFromString(html, "text/html");
    document.querySelectorAll("[data-live][id]").forEach(function (region) {
      var replacement = fresh.getElementById(region.id);
      if (replacement) {
        var kept = ticks(region);
        var node = document.importNode(replacement, true);
        restoreTicks(node, kept);
        region.replaceWith(node);
        drawCharts(node);
      }
    });
    if (fresh.title) {
      document.title = fresh.title;
    }
    document.dispatchEvent(new CustomEvent("msgcompare:updated"));
  }

  /* History: dragging a slider only replaces the current entry; a committed change (the slider
     let go, a must-have or filter chosen, the form sent) adds one, so Back undoes it. */
  var committedUrl = window.location.pathname + window.location.search;
  var committing = false;

  function refresh() {
    timer = null;
    var query = stateQuery();
    var url = window.location.pathname + (query ? "?" + query : "");
    if (committing && url !== committedUrl) {
      window.history.replaceState({ msgcompare: true }, "", committedUrl);
      window.history.pushState({ msgcompare: true }, "", url);
      committedUrl = url;
    } else {
      window.history.replaceState({ msgcompare: true }, "", url);
    }
    committing = false;
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
      committing = true;
      if (field.type !== "range") {
        schedule();
      } else if (!timer) {
        refresh();
      }
    });
    /* Side by side: ticking or unticking a product updates the comparison in place. */
    var choose = document.querySelector("form.choose-form");
    if (choose) {
      choose.addEventListener("change", function (event) {
        if (event.target.name !== "products") {
          return;
        }
        var picked = Array.prototype.map.call(choose.querySelectorAll("input[name=products]:checked"), function (box) {
          return box.value;
        });
        var carrier = form.querySelector("input[type=hidden][name=products]");
        if (!carrier) {
          carrier = document.createElement("input");
          carrier.type = "hidden";
          carrier.name = "products";
          form.appendChild(carrier);
        }
        carrier.value = picked.join(",");
        carrier.disabled = picked.length === 0;
        committing = true;
        schedule();
      });
    }
    window.addEventListener("popstate", function (event) {
      if (event.state && event.state.msgcompare) {
        window.location.reload();
      }
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      window.clearTimeout(timer);
      say("");
      committing = true;
      refresh();
    });
  }

  /* A page whose first chart the server already drew (the ranking) names plotly.js in a meta
     element instead of a script: it is fetched after the load event, so the page is complete and
     readable first, and then every chart becomes interactive. Other pages load it with defer. */
  function loadPlotlyLater(source) {
    function load() {
      var script = document.createElement("script");
      script.src = source;
      script.onload = function () {
        drawChartsInTurn(document);
      };
      document.head.appendChild(script);
    }
    if (document.readyState === "complete") {
      load();
    } else {
      window.addEventListener("load", load);
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var lazy = document.querySelector("meta[name=msgcompare-plotly]");
    if (!window.Plotly && lazy) {
      loadPlotlyLater(lazy.getAttribute("content"));
      return;
    }
    drawChartsInTurn(document);
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
