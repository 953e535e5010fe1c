// backchannel: small progressive enhancements; every page works without this file.
(function () {
  "use strict";
  // Keep filter URLs short: drop empty fields before a GET form is submitted.
  document.querySelectorAll("form.filters").forEach(function (form) {
    form.addEventListener("submit", function () {
      form.querySelectorAll("input, select").forEach(function (field) {
        if (!field.value) { field.disabled = true; }
      });
    });
  });
  // Bring the highlighted event sentence into view in long articles.
  var focus = document.querySelector(".article-page .article-text mark.sentence");
  if (focus) { focus.scrollIntoView({ block: "center" }); }

  // Brushable time charts (charts.quad_bars with links): drag across the bars to set the
  // date filter to the periods covered. A month keeps its YYYY-MM form, a year its YYYY.
  var SVG = "http://www.w3.org/2000/svg";
  var PERIOD = /^[0-9]{4}(-[0-9]{2})?$/;

  function bound(g, end) {
    var period = g.getAttribute("data-period");
    return PERIOD.test(period) ? period : g.getAttribute(end ? "data-until" : "data-since");
  }

  function local(svg, event) {
    var point = svg.createSVGPoint();
    point.x = event.clientX;
    point.y = event.clientY;
    var matrix = svg.getScreenCTM();
    return matrix ? point.matrixTransform(matrix.inverse()).x : 0;
  }

  function brushed(svg, low, high) {
    return Array.prototype.filter.call(svg.querySelectorAll("g.period"), function (g) {
      var x = parseFloat(g.getAttribute("data-x"));
      var w = parseFloat(g.getAttribute("data-w"));
      return x + w > low && x < high;
    });
  }

  function target(svg, periods) {
    var url = new URL(svg.getAttribute("data-brush"), window.location.href);
    url.searchParams.set("since", bound(periods[0], false));
    url.searchParams.set("until", bound(periods[periods.length - 1], true));
    url.searchParams.delete("page");
    return url.pathname + url.search;
  }

  function brushable(svg) {
    var area = document.createElementNS(SVG, "rect");
    var height = svg.viewBox.baseVal.height;
    area.setAttribute("class", "brush");
    area.setAttribute("y", "0");
    area.setAttribute("height", String(height));
    area.setAttribute("fill", "#4a90c2");
    area.setAttribute("fill-opacity", "0.15");
    area.setAttribute("stroke", "#4a90c2");
    area.setAttribute("pointer-events", "none");
    area.setAttribute("display", "none");
    svg.appendChild(area);
    var start = null;
    var moved = false;

    function draw(x) {
      area.setAttribute("x", String(Math.min(start, x)));
      area.setAttribute("width", String(Math.abs(x - start)));
      area.setAttribute("display", "inline");
    }

    svg.addEventListener("dragstart", function (event) { event.preventDefault(); });
    svg.addEventListener("pointerdown", function (event) {
      if (event.button !== 0) { return; }
      start = local(svg, event);
      moved = false;
    });
    svg.addEventListener("pointermove", function (event) {
      if (start === null) { return; }
      var x = local(svg, event);
      if (Math.abs(x - start) > 4) {
        moved = true;
        if (svg.setPointerCapture && !svg.hasPointerCapture(event.pointerId)) {
          svg.setPointerCapture(event.pointerId);
        }
        draw(x);
      }
    });
    svg.addEventListener("pointerup", function (event) {
      if (start === null) { return; }
      var x = local(svg, event);
      var low = Math.min(start, x);
      var high = Math.max(start, x);
      start = null;
      if (!moved) { return; } // a click: the bar's own link drills down to its period
      var periods = brushed(svg, low, high);
      if (!periods.length) { area.setAttribute("display", "none"); return; }
      window.location.assign(target(svg, periods));
    });
    // A drag that ends on a bar must not also follow that bar's link.
    svg.addEventListener("click", function (event) {
      if (moved) { event.preventDefault(); moved = false; }
    }, true);
    svg.style.cursor = "crosshair";
    svg.style.touchAction = "pan-y";
  }

  document.querySelectorAll("svg.brushable").forEach(brushable);
})();
