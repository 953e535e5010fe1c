// backchannel map: the world outline and the matching events, clustered on a grid, in plain
// SVG. Data comes from this app only (data-world, data-src); stored text is only ever set
// as textContent, never parsed as markup.
(function () {
  "use strict";
  var root = document.getElementById("map");
  if (!root || !window.fetch) { return; }
  var NS = "http://www.w3.org/2000/svg";
  var CELL = 46; // px: the grid a cluster gathers its points in
  var MAX_LIST = 200; // events listed for one cluster
  var colours = JSON.parse(root.getAttribute("data-colours") || "{}");
  var quads = Object.keys(colours);
  var picked = (root.getAttribute("data-place") || "").toUpperCase();
  var selection = document.getElementById("map-selection");
  var counter = document.getElementById("map-count");
  var view = { k: 1, x: 0, y: 0 }; // screen = k * (lon + 180, 90 - lat) + (x, y)
  var size = { w: 0, h: 0 };
  var points = [];
  var chosen = {}; // ids of the events listed, whose mark is outlined
  var frame = 0;

  function el(name, attrs, parent) {
    var node = document.createElementNS(NS, name);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (parent) { parent.appendChild(node); }
    return node;
  }
  function html(name, text, parent, cls) {
    var node = document.createElement(name);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (cls) { node.className = cls; }
    if (parent) { parent.appendChild(node); }
    return node;
  }

  var svg = el("svg", { class: "map-svg", "aria-hidden": "true" });
  root.insertBefore(svg, root.firstChild);
  var world = el("g", { class: "world" }, svg);
  var land = el("g", { id: "map-land" }, world);
  [-360, 360].forEach(function (dx) { el("use", { href: "#map-land", x: dx }, world); });
  var layer = el("g", { class: "points" }, svg);

  // -- projection and view ------------------------------------------------------------
  function project(lon, lat) { return [view.k * (lon + 180) + view.x, view.k * (90 - lat) + view.y]; }
  function minK() { return Math.min(size.w / 360, size.h / 150); }
  function clampK(k) { return Math.max(minK(), Math.min(minK() * 200, k)); }

  function fit(bounds) {
    var west = bounds[0], south = bounds[1], east = bounds[2], north = bounds[3];
    var padX = Math.max(4, (east - west) * 0.15), padY = Math.max(3, (north - south) * 0.15);
    west -= padX; east += padX; south -= padY; north += padY;
    var spanX = Math.max(east - west, 24), spanY = Math.max(north - south, 12);
    view.k = clampK(Math.min(size.w / spanX, size.h / spanY));
    var cx = (west + east) / 2 + 180, cy = 90 - (south + north) / 2;
    view.x = size.w / 2 - view.k * cx;
    view.y = size.h / 2 - view.k * cy;
  }
  function dataBounds() {
    if (!points.length) { return [-170, -56, 190, 80]; }
    var b = [180, 90, -180, -90];
    points.forEach(function (p) {
      b[0] = Math.min(b[0], p.lon); b[1] = Math.min(b[1], p.lat);
      b[2] = Math.max(b[2], p.lon); b[3] = Math.max(b[3], p.lat);
    });
    return b;
  }
  function zoomAt(factor, sx, sy) {
    var k = clampK(view.k * factor);
    view.x = sx - (sx - view.x) * (k / view.k);
    view.y = sy - (sy - view.y) * (k / view.k);
    view.k = k;
    schedule();
  }
  function resize() {
    var box = root.getBoundingClientRect();
    size.w = Math.max(200, box.width); size.h = Math.max(200, box.height);
    svg.setAttribute("viewBox", "0 0 " + size.w + " " + size.h);
  }

  // -- drawing ------------------------------------------------------------------------
  function ringPath(ring) {
    return ring.map(function (pt, i) {
      return (i ? "L" : "M") + (pt[0] + 180).toFixed(2) + " " + (90 - pt[1]).toFixed(2);
    }).join("") + "Z";
  }
  function drawWorld(collection) {
    (collection.features || []).forEach(function (f) {
      var d = f.geometry.coordinates.map(function (poly) { return poly.map(ringPath).join(""); });
      var iso = f.properties.iso3 || "";
      var path = el("path", { d: d.join(""), class: "country" + (iso === picked ? " picked" : ""), "vector-effect": "non-scaling-stroke" }, land);
      path.setAttribute("data-iso3", iso);
      el("title", {}, path).textContent = (f.properties.name || iso) + " (" + iso + ")";
    });
  }
  function cluster() {
    var cells = {}, list = [];
    function add(p, s) {
      if (s[0] < -CELL || s[1] < -CELL || s[0] > size.w + CELL || s[1] > size.h + CELL) { return; }
      var key = Math.floor(s[0] / CELL) + ":" + Math.floor(s[1] / CELL);
      var c = cells[key];
      if (!c) { c = cells[key] = { x: 0, y: 0, members: [], quads: {} }; list.push(c); }
      c.x += s[0]; c.y += s[1]; c.members.push(p);
      c.quads[p.quad] = (c.quads[p.quad] || 0) + 1;
    }
    points.forEach(function (p) {
      [-360, 0, 360].forEach(function (dx) { add(p, project(p.lon + dx, p.lat)); }); // the world repeats east and west
    });
    list.forEach(function (c) { c.x /= c.members.length; c.y /= c.members.length; });
    return list;
  }
  function radius(n) { return n === 1 ? 6 : Math.min(28, 8 + 3.2 * Math.sqrt(n - 1)); }
  function drawCluster(c) {
    var n = c.members.length, r = radius(n);
    var on = c.members.some(function (p) { return chosen[p.id]; }) ? " on" : "";
    var g = el("g", { class: "mark" + (n > 1 ? " cluster" : " point") + on, transform: "translate(" + c.x.toFixed(1) + " " + c.y.toFixed(1) + ")", tabindex: "0" }, layer);
    var present = quads.filter(function (q) { return c.quads[q]; });
    if (present.length <= 1) {
      el("circle", { r: r, fill: colours[present[0]] || "#888" }, g);
    } else {
      var half = r / 2, around = 2 * Math.PI * half, done = 0;
      el("circle", { r: r, fill: "#fff" }, g);
      present.forEach(function (q) {
        var part = around * c.quads[q] / n;
        el("circle", { r: half, fill: "none", stroke: colours[q], "stroke-width": r, "stroke-dasharray": part + " " + around, "stroke-dashoffset": -done, transform: "rotate(-90)" }, g);
        done += part;
      });
    }
    var rough = c.members.every(function (p) { return p.precision === "country"; });
    el("circle", { r: r, class: "edge" + (rough ? " rough" : "") }, g);
    if (n > 1) { el("text", { class: "count", dy: "0.35em" }, g).textContent = String(n); }
    var places = names(c.members);
    el("title", {}, g).textContent = n + (n === 1 ? " event" : " events") + " · " + places.join(", ");
    g.addEventListener("click", function (ev) { ev.stopPropagation(); if (!(drag && drag.moved)) { show(c); } });
    g.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { show(c); } });
  }
  function render() {
    frame = 0;
    world.setAttribute("transform", "translate(" + view.x + " " + view.y + ") scale(" + view.k + ")");
    while (layer.firstChild) { layer.removeChild(layer.firstChild); }
    cluster().sort(function (a, b) { return b.members.length - a.members.length; }).forEach(drawCluster);
  }
  function schedule() { if (!frame) { frame = window.requestAnimationFrame(render); } }

  // -- the list of a cluster's events -------------------------------------------------
  function names(members) {
    var seen = {};
    members.forEach(function (p) { var k = p.place || "?"; seen[k] = (seen[k] || 0) + 1; });
    return Object.keys(seen).sort(function (a, b) { return seen[b] - seen[a]; }).slice(0, 4);
  }
  function short(text) { return text && text.length > 40 ? text.slice(0, 39) + "…" : text; }
  function withParams(path, changes) {
    var params = new URLSearchParams(window.location.search);
    Object.keys(changes).forEach(function (k) { params.set(k, changes[k]); });
    ["page", "limit"].forEach(function (k) { params.delete(k); });
    return path + "?" + params.toString();
  }
  function clear() { while (selection.firstChild) { selection.removeChild(selection.firstChild); } }
  function show(c) {
    clear();
    chosen = {};
    c.members.forEach(function (p) { chosen[p.id] = true; });
    schedule();
    var members = c.members.slice().sort(function (a, b) { return (b.date || "").localeCompare(a.date || ""); });
    var head = html("h3", members.length + (members.length === 1 ? " event" : " events") + " · " + names(members).join(", "), selection);
    head.className = "map-selection-head";
    var countries = {};
    members.forEach(function (p) { if (p.country) { countries[p.country] = 1; } });
    var codes = Object.keys(countries);
    if (codes.length === 1) {
      var line = html("p", null, selection, "sub");
      var a = html("a", "all events placed in " + codes[0], line);
      a.href = withParams("/events", { place_country: codes[0] });
    }
    var list = html("ol", null, selection, "map-events");
    members.slice(0, MAX_LIST).forEach(function (p) {
      var item = html("li", null, list);
      html("span", p.date || "undated", item, "day");
      var dot = html("span", null, item, "dot");
      dot.style.background = colours[p.quad] || "#888";
      dot.title = (p.quad || "").toLowerCase();
      var link = html("a", (p.actor || "?") + " → " + p.type + " → " + (p.recipient || "?"), item, "event-link");
      link.href = p.link;
      html("span", [p.cameo, p.place, p.modality !== "asserted" ? p.modality : "", short(p.outlet)].filter(Boolean).join(" · "), item, "sub");
    });
    if (members.length > MAX_LIST) {
      html("p", "… and " + (members.length - MAX_LIST) + " more: zoom in or narrow the filters.", selection, "sub");
    }
  }
  function showCountry(iso, name) {
    clear();
    chosen = {};
    schedule();
    html("h3", name, selection, "map-selection-head");
    var line = html("p", null, selection);
    var here = html("a", "Map events placed in " + iso, line);
    here.href = withParams("/map", { place_country: iso });
    html("span", " · ", line);
    var listed = html("a", "list them", line);
    listed.href = withParams("/events", { place_country: iso });
  }

  // -- interaction --------------------------------------------------------------------
  var drag = null;
  svg.addEventListener("pointerdown", function (ev) {
    drag = { x: ev.clientX, y: ev.clientY, vx: view.x, vy: view.y, moved: false };
  });
  window.addEventListener("pointermove", function (ev) {
    if (!drag) { return; }
    var dx = ev.clientX - drag.x, dy = ev.clientY - drag.y;
    if (Math.abs(dx) + Math.abs(dy) > 3) { drag.moved = true; svg.classList.add("dragging"); }
    if (drag.moved) { view.x = drag.vx + dx; view.y = drag.vy + dy; schedule(); }
  });
  window.addEventListener("pointerup", function () {
    svg.classList.remove("dragging");
    window.setTimeout(function () { drag = null; }, 0);
  });
  svg.addEventListener("click", function (ev) {
    if (drag && drag.moved) { return; }
    var target = ev.target.closest ? ev.target.closest("path.country") : null;
    if (target) { showCountry(target.getAttribute("data-iso3"), target.querySelector("title").textContent); }
  });
  svg.addEventListener("wheel", function (ev) {
    ev.preventDefault();
    var box = svg.getBoundingClientRect();
    zoomAt(Math.exp(-ev.deltaY * 0.0015), ev.clientX - box.left, ev.clientY - box.top);
  }, { passive: false });
  svg.addEventListener("dblclick", function (ev) {
    var box = svg.getBoundingClientRect();
    zoomAt(2, ev.clientX - box.left, ev.clientY - box.top);
  });
  root.querySelectorAll("[data-zoom]").forEach(function (button) {
    button.addEventListener("click", function () {
      var how = button.getAttribute("data-zoom");
      if (how === "fit") { fit(dataBounds()); schedule(); return; }
      zoomAt(how === "in" ? 1.6 : 1 / 1.6, size.w / 2, size.h / 2);
    });
  });
  window.addEventListener("resize", function () { resize(); schedule(); });

  // -- loading ------------------------------------------------------------------------
  function status(text) { if (counter) { counter.textContent = text; } }
  function load(url) {
    return fetch(url, { headers: { Accept: "application/geo+json" } }).then(function (r) {
      return r.json().then(function (body) {
        if (!r.ok) { throw new Error(body.error || r.statusText); }
        return body;
      });
    });
  }
  resize();
  fit(dataBounds());
  render();
  Promise.all([load(root.getAttribute("data-world")), load(root.getAttribute("data-src"))])
    .then(function (answers) {
      drawWorld(answers[0]);
      var data = answers[1];
      points = data.features.map(function (f) {
        var p = f.properties;
        return {
          id: p.id, lon: f.geometry.coordinates[0], lat: f.geometry.coordinates[1], quad: p.quad,
          type: p.type, cameo: p.cameo, actor: p.actor, recipient: p.recipient, date: p.date,
          place: p.place, country: p.place_country, precision: p.geo_precision,
          modality: p.modality, outlet: p.outlet, link: p.link
        };
      });
      var text = data.located.toLocaleString() + " of " + data.matched.toLocaleString() + " matching events have a place";
      if (data.located > data.features.length) { text += " · the newest " + data.features.length.toLocaleString() + " shown"; }
      status(text);
      root.setAttribute("data-loaded", String(points.length));
      fit(dataBounds());
      schedule();
    })
    .catch(function (err) {
      status("the map could not load: " + err.message);
      root.setAttribute("data-loaded", "error");
    });
})();
