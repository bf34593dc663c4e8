/* sahelgraph page: draws the graph in the JSON data block with vis-network, and shows the
 * legend, the in-page filters, tooltips and details.
 *
 * Every text that comes from the data (names, descriptions, quotes, notes) is put on the
 * page with textContent, never as HTML: a quote holding markup shows that markup as text.
 * window.__sahelgraphReady turns true once the graph is laid out and drawn.
 *
 * Actor labels are drawn by this script, not by vis-network: at a fixed, legible size
 * whatever the zoom, on a light background, placed around their actor where they do not
 * cover another label (every label is drawn up to LABEL_ALL actors on screen; above that,
 * only those that fit, most central first). Relation labels show on hover, for the selected
 * actor or relation, on a highlighted path, and for all relations once zoomed in.
 */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("sahelgraph-data").textContent);
  var info = data.info;
  var container = document.getElementById("network");
  var statusBox = document.getElementById("status");
  var tooltip = document.getElementById("tooltip");
  var details = document.getElementById("details");
  var MAX_TIP_EVIDENCE = 3;
  var MAX_LISTED = 300;
  var LABEL_FONT = 13;            // px on screen, whatever the zoom
  var LABEL_ALL = 150;            // up to this many actors on screen, every one is labelled
  var LABEL_CANDIDATES = 400;     // above it, the most central this many are tried
  var EDGE_LABEL_ZOOM = 1.6;      // from this zoom on, every relation shows its predicate
  var FADED = 0.2;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function plural(n, word) {
    return n.toLocaleString("en") + " " + word + (n === 1 ? "" : "s");
  }

  function number(x) {
    if (typeof x !== "number") return String(x);
    return Number.isInteger(x) ? String(x) : x.toPrecision(3).replace(/\.?0+$/, "");
  }

  function polarityName(p) {
    return p < 0 ? "hostile" : p > 0 ? "cooperative" : "structural";
  }

  function setStatus(text) {
    statusBox.textContent = text;
    statusBox.hidden = !text;
  }

  // -- header ------------------------------------------------------------------------------
  document.getElementById("title").textContent = data.title;
  var subtitle = document.getElementById("subtitle");
  data.subtitle.forEach(function (line) { subtitle.appendChild(el("span", null, line)); });
  var notes = document.getElementById("notes");
  data.notes.forEach(function (line) { notes.appendChild(el("li", null, line)); });

  // -- the network -------------------------------------------------------------------------
  var labelOf = {}, edgeLabelOf = {}, baseNode = {}, baseEdge = {};
  var nodeHidden = {}, edgeHidden = {}, nodeFaded = {}, edgeFaded = {};
  var edgeState = {};   // what each relation was last drawn as (hidden, faded, wide)
  var emphasis = null;  // {nodes: {id: true}, edges: {id: true}}: a highlighted path
  var order = {};
  data.nodes.forEach(function (n) {
    labelOf[n.id] = String(n.label === undefined || n.label === null ? n.id : n.label);
    delete n.label;
    baseNode[n.id] = { opacity: n.opacity === undefined ? 1 : n.opacity };
  });
  data.edges.forEach(function (e) {
    edgeLabelOf[e.id] = e.label || "";
    delete e.label;
    baseEdge[e.id] = { color: e.color, width: e.width };
  });
  // who gets a label first when they compete for room: the focus, the path, then by size
  data.nodes.slice().sort(function (a, b) {
    function rank(n) {
      if (n.id === data.highlight.focus) return 0;
      return data.highlight.path.indexOf(n.id) >= 0 ? 1 : 2;
    }
    return rank(a) - rank(b) || (b.value || 0) - (a.value || 0) || String(labelOf[a.id]).localeCompare(labelOf[b.id]);
  }).forEach(function (n, i) { order[n.id] = i; });
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  if (data.time && data.time.first) document.body.classList.add("has-time");  // room for the time bar
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  var api = { network: network, nodes: nodes, edges: edges, data: data, ready: false, labelBoxes: [] };
  window.sahelgraph = api;

  function centreOnFocus() {
    var focus = data.highlight.focus;
    network.fit({ animation: false });
    var scale = network.getScale() * 0.92;  // room for the labels at the edges
    if (focus !== null && focus !== undefined && info.nodes[focus]) {
      nodes.update({ id: focus, fixed: false });
      network.moveTo({ position: network.getPositions([focus])[focus], scale: scale, animation: false });
    } else {
      network.moveTo({ scale: scale, animation: false });
    }
  }

  function markReady() {
    if (api.ready) return;
    api.ready = true;
    window.__sahelgraphReady = true;
    document.body.setAttribute("data-ready", "true");
    if (data.nodes.length) setStatus("");
  }

  if (!data.nodes.length) {
    setStatus("No actors to show: nothing matches these filters.");
  } else if (data.physics) {
    setStatus("Laying out " + plural(data.nodes.length, "actor") + "…");
    network.on("stabilizationProgress", function (p) {
      setStatus("Laying out… " + Math.round((100 * p.iterations) / p.total) + "%");
    });
  } else {
    setStatus("Drawing " + plural(data.nodes.length, "actor") + "…");
  }
  if (data.physics && data.nodes.length) {
    network.once("stabilizationIterationsDone", function () {
      // the layout stays where it settled (and where the user drags things)
      network.setOptions({ physics: { enabled: false } });
      centreOnFocus();
      network.once("afterDrawing", markReady);
      network.redraw();
    });
  } else {
    if (data.nodes.length) centreOnFocus();
    network.once("afterDrawing", markReady);
    network.redraw();
  }

  // -- tooltips ----------------------------------------------------------------------------
  var pointer = { x: 0, y: 0 };

  function placeTooltip() {
    var width = tooltip.offsetWidth, height = tooltip.offsetHeight;
    var x = pointer.x + 14, y = pointer.y + 14;
    if (x + width > window.innerWidth - 4) x = Math.max(4, pointer.x - width - 14);
    if (y + height > window.innerHeight - 4) y = Math.max(4, pointer.y - height - 14);
    tooltip.style.left = x + "px";
    tooltip.style.top = y + "px";
  }

  function showTooltip(content) {
    tooltip.replaceChildren(content);
    tooltip.hidden = false;
    placeTooltip();
  }

  function hideTooltip() {
    tooltip.hidden = true;
  }

  container.addEventListener("mousemove", function (event) {
    pointer.x = event.clientX;
    pointer.y = event.clientY;
    if (!tooltip.hidden) placeTooltip();
  });
  container.addEventListener("mouseleave", hideTooltip);

  function nodeName(id) {
    return info.nodes[id] ? info.nodes[id].name : String(id);
  }

  function nodeView(id, full) {
    var n = info.nodes[id];
    var box = el("div", "tip");
    box.appendChild(el("div", "tip-title", n.name));
    var meta = [n.kind.replace(/_/g, " ")];
    if (n.country) meta.push(n.country);
    if (String(n.id) !== n.name) meta.push("id " + n.id);
    box.appendChild(el("div", "meta", meta.join(" · ")));
    if (n.aliases.length) box.appendChild(el("div", "meta", "also: " + n.aliases.join(", ")));
    if (n.description) box.appendChild(el("p", "description", n.description));
    var connected = network.getConnectedEdges(id);
    box.appendChild(el("div", "meta", data.sizeBy + " " + number(n.score) + " · " +
      plural(connected.length, "relation") + " shown"));
    if (full && connected.length) {
      box.appendChild(el("h2", null, "Relations"));
      var list = el("ul", "relations");
      connected.slice(0, MAX_LISTED).forEach(function (edgeId) {
        var e = info.edges[edgeId];
        var item = el("li", "polarity-" + polarityName(e.polarity),
          nodeName(e.from) + " " + e.predicate + " " + nodeName(e.to) +
          (e.weight > 1 ? " (" + e.weight + ")" : ""));
        item.addEventListener("click", function () {
          network.selectEdges([edgeId]);
          showDetails(edgeView(edgeId, true));
        });
        list.appendChild(item);
      });
      box.appendChild(list);
      if (connected.length > MAX_LISTED) {
        box.appendChild(el("div", "meta", "and " + (connected.length - MAX_LISTED) + " more"));
      }
    }
    return box;
  }

  function sourceLine(e) {
    var parts = [];
    if (e.date) parts.push(e.date);
    var s = e.source ? data.sources[e.source] : null;
    if (s) {
      var text = s.title || e.source;
      if (s.outlet) text += " (" + s.outlet + (s.published ? ", " + s.published : "") + ")";
      parts.push(text);
    } else if (e.source) {
      parts.push(e.source);
    }
    if (e.place) parts.push("in " + (e.place_name || e.place));
    if (e.confidence !== null && e.confidence !== undefined && e.confidence !== 1) {
      parts.push("confidence " + number(e.confidence));
    }
    return parts.join(" · ") || "undated, no source";
  }

  // what a piece of evidence says about itself: "alleged", "denied"... (asserted goes unsaid)
  function evidenceItem(ev, full) {
    var item = el("li");
    var meta = el("div", "meta");
    if (ev.modality && ev.modality !== "asserted") meta.appendChild(el("span", "modality", ev.modality));
    meta.appendChild(document.createTextNode(sourceLine(ev)));
    item.appendChild(meta);
    if (ev.quote) item.appendChild(el("blockquote", null, ev.quote));
    if (ev.note) item.appendChild(el("div", "meta", "note: " + ev.note));
    if (full) {
      if (ev.attributes) {
        item.appendChild(el("div", "meta", Object.keys(ev.attributes).map(function (k) {
          return k + " " + ev.attributes[k];
        }).join(" · ")));
      }
      var link = sourceLink(ev);
      if (link) item.appendChild(link);
      if (ev.file) item.appendChild(el("div", "meta", ev.file + (ev.line ? ":" + ev.line : "")));
    }
    return item;
  }

  function sourceLink(e) {
    var s = e.source ? data.sources[e.source] : null;
    if (!s || !s.url) return null;
    var url;
    try { url = new URL(s.url); } catch (err) { return el("div", "meta", s.url); }
    if (url.protocol !== "https:" && url.protocol !== "http:") return el("div", "meta", s.url);
    var link = el("a", null, s.url);
    link.href = url.href;
    link.target = "_blank";
    link.rel = "noopener noreferrer";
    var line = el("div", "meta");
    line.appendChild(link);
    return line;
  }

  function edgeView(id, full) {
    var e = info.edges[id];
    var box = el("div", "tip");
    var arrow = e.symmetric ? " — " : " → ";
    box.appendChild(el("div", "tip-title", nodeName(e.from) + arrow + e.predicate + arrow + nodeName(e.to)));
    var meta = [polarityName(e.polarity)];
    if (e.first_date || e.last_date) {
      meta.push(e.first_date === e.last_date ? e.first_date : (e.first_date || "?") + " – " + (e.last_date || "?"));
    }
    if (e.confidence !== null && e.confidence !== undefined) meta.push("confidence " + number(e.confidence));
    meta.push(plural(e.evidence.length, "piece") + " of evidence");
    var modalities = {};
    e.evidence.forEach(function (ev) { if (ev.modality && ev.modality !== "asserted") modalities[ev.modality] = true; });
    if (Object.keys(modalities).length) meta.push(Object.keys(modalities).sort().join(", "));
    box.appendChild(el("div", "meta polarity-" + polarityName(e.polarity), meta.join(" · ")));
    var shown = full ? e.evidence : e.evidence.slice(0, MAX_TIP_EVIDENCE);
    if (shown.length) {
      var list = el("ol", "evidence");
      shown.forEach(function (ev) { list.appendChild(evidenceItem(ev, full)); });
      box.appendChild(list);
    }
    if (!full && e.evidence.length > shown.length) {
      box.appendChild(el("div", "meta", "and " + (e.evidence.length - shown.length) +
        " more: click the relation to see all"));
    }
    return box;
  }

  var hovered = { node: null, edge: null };
  network.on("hoverNode", function (p) { hovered.node = p.node; showTooltip(nodeView(p.node, false)); updateEdgeLabels(); });
  network.on("blurNode", function () { hovered.node = null; hideTooltip(); updateEdgeLabels(); });
  network.on("hoverEdge", function (p) { hovered.edge = p.edge; showTooltip(edgeView(p.edge, false)); updateEdgeLabels(); });
  network.on("blurEdge", function () { hovered.edge = null; hideTooltip(); updateEdgeLabels(); });
  network.on("dragStart", hideTooltip);
  network.on("zoom", function () { hideTooltip(); updateEdgeLabels(); });
  network.on("select", function () { updateEdgeLabels(); });

  // -- relation labels: on hover, selection, the highlighted path, or zoomed in ------------
  var edgeLabelShown = {};

  function updateEdgeLabels() {
    var wanted = {};
    function add(id) { if (!edgeHidden[id]) wanted[id] = true; }
    var selectedNodes = network.getSelectedNodes();
    if (hovered.node !== null) selectedNodes = selectedNodes.concat([hovered.node]);
    selectedNodes.forEach(function (id) { network.getConnectedEdges(id).forEach(add); });
    network.getSelectedEdges().forEach(add);
    if (hovered.edge !== null) add(hovered.edge);
    if (emphasis) Object.keys(emphasis.edges).forEach(add);
    if (network.getScale() >= EDGE_LABEL_ZOOM && data.edges.length <= 2000) {
      data.edges.forEach(function (e) { add(e.id); });
    }
    var updates = [];
    Object.keys(edgeLabelShown).forEach(function (id) {
      if (!wanted[id]) { updates.push({ id: id, label: "" }); delete edgeLabelShown[id]; }
    });
    Object.keys(wanted).forEach(function (id) {
      if (!edgeLabelShown[id]) { updates.push({ id: id, label: edgeLabelOf[id] }); edgeLabelShown[id] = true; }
    });
    if (updates.length) edges.update(updates);
  }
  api.edgeLabelsShown = function () { return Object.keys(edgeLabelShown); };

  // -- actor labels, drawn over the canvas ---------------------------------------------------
  function nodeRadius(id) {
    var body = network.body.nodes[id];
    if (!body) return 10;
    return (body.shape && body.shape.radius) || body.options.size || 10;
  }

  function overlap(a, b) {
    var x = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
    var y = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
    return x > 0 && y > 0 ? x * y : 0;
  }

  function roundedBox(ctx, x, y, w, h, r) {
    ctx.beginPath();
    ctx.moveTo(x + r, y);
    ctx.arcTo(x + w, y, x + w, y + h, r);
    ctx.arcTo(x + w, y + h, x, y + h, r);
    ctx.arcTo(x, y + h, x, y, r);
    ctx.arcTo(x, y, x + w, y, r);
    ctx.closePath();
  }

  function drawLabels(ctx) {
    var ratio = (network.canvas && network.canvas.pixelRatio) || window.devicePixelRatio || 1;
    var width = container.clientWidth, height = container.clientHeight;
    var ids = data.nodes.map(function (n) { return n.id; }).filter(function (id) { return !nodeHidden[id]; });
    var positions = network.getPositions(ids);
    var scale = network.getScale();
    var onScreen = [];
    ids.forEach(function (id) {
      var p = network.canvasToDOM(positions[id]);
      if (p.x > -40 && p.x < width + 40 && p.y > -40 && p.y < height + 40) onScreen.push({ id: id, x: p.x, y: p.y });
    });
    onScreen.sort(function (a, b) { return order[a.id] - order[b.id]; });
    var all = onScreen.length <= LABEL_ALL;
    if (!all) onScreen = onScreen.slice(0, LABEL_CANDIDATES);
    var placed = [];
    // the actors' dots are obstacles too: a label should not hide another actor
    var dots = onScreen.map(function (n) {
      var r = Math.max(nodeRadius(n.id) * scale, 3);
      return { x: n.x - r, y: n.y - r, w: 2 * r, h: 2 * r, id: n.id };
    });
    ctx.save();
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.textBaseline = "middle";
    onScreen.forEach(function (n) {
      var focus = n.id === data.highlight.focus;
      var font = (focus ? "bold " : "600 ") + LABEL_FONT + "px system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
      ctx.font = font;
      var text = labelOf[n.id];
      var w = Math.ceil(ctx.measureText(text).width) + 8, h = LABEL_FONT + 6;
      var r = nodeRadius(n.id) * scale, gap = 3;
      var spots = [
        [n.x - w / 2, n.y + r + gap], [n.x - w / 2, n.y - r - gap - h],
        [n.x + r + gap, n.y - h / 2], [n.x - r - gap - w, n.y - h / 2],
        [n.x + r * 0.7, n.y + r * 0.7], [n.x - w - r * 0.7, n.y + r * 0.7],
        [n.x + r * 0.7, n.y - r * 0.7 - h], [n.x - w - r * 0.7, n.y - r * 0.7 - h],
        [n.x - w / 2, n.y + r + gap + h], [n.x - w / 2, n.y - r - gap - 2 * h],
        [n.x + r + gap, n.y + h / 2], [n.x + r + gap, n.y - 1.5 * h],
        [n.x - r - gap - w, n.y + h / 2], [n.x - r - gap - w, n.y - 1.5 * h],
        [n.x - w / 2 + w / 3, n.y + r + gap], [n.x - w / 2 - w / 3, n.y + r + gap],
        [n.x - w / 2 + w / 3, n.y - r - gap - h], [n.x - w / 2 - w / 3, n.y - r - gap - h],
      ];
      var near = spots.length;
      // further out, joined to the dot by a thin line: where a crowded centre has room
      [1.8, 2.8].forEach(function (k) {
        for (var a = 0; a < 12; a++) {
          var angle = (Math.PI * 2 * a) / 12, d = r + gap + k * h;
          var cx = n.x + Math.cos(angle) * (d + w / 2 * Math.abs(Math.cos(angle)));
          var cy = n.y + Math.sin(angle) * (d + h / 2 * Math.abs(Math.sin(angle)));
          spots.push([cx - w / 2, cy - h / 2]);
        }
      });
      var best = null, bestCost = Infinity, bestIndex = 0;
      for (var i = 0; i < spots.length; i++) {
        var box = { x: spots[i][0], y: spots[i][1], w: w, h: h };
        var cost = i < near ? 0 : 1;  // a near spot is better when both are free
        for (var j = 0; j < placed.length && cost < bestCost; j++) cost += overlap(box, placed[j]);
        for (var k = 0; k < dots.length && cost < bestCost; k++) {
          if (dots[k].id !== n.id) cost += 0.5 * overlap(box, dots[k]);
        }
        // inside the canvas counts too: a label cut by the edge cannot be read
        var outside = Math.max(0, -box.x) + Math.max(0, box.x + w - width) + Math.max(0, -box.y) + Math.max(0, box.y + h - height);
        cost += outside * h * 20;
        if (cost < bestCost) { best = box; bestCost = cost; bestIndex = i; }
        if (cost === 0 || (cost === 1 && i >= near)) break;
      }
      if (bestCost > 1 && !all) return;
      var faded = nodeFaded[n.id];
      ctx.globalAlpha = faded ? 0.45 : 1;
      if (bestIndex >= near) {
        var bx = Math.max(best.x, Math.min(n.x, best.x + best.w)), by = Math.max(best.y, Math.min(n.y, best.y + best.h));
        ctx.beginPath();
        ctx.moveTo(n.x, n.y);
        ctx.lineTo(bx, by);
        ctx.lineWidth = 1;
        ctx.strokeStyle = "rgba(60, 60, 60, 0.7)";
        ctx.stroke();
      }
      roundedBox(ctx, best.x, best.y, best.w, best.h, 4);
      ctx.fillStyle = focus ? "#111111" : "rgba(255, 255, 255, 0.92)";
      ctx.fill();
      ctx.lineWidth = 1;
      ctx.strokeStyle = focus ? "#111111" : "rgba(0, 0, 0, 0.18)";
      ctx.stroke();
      ctx.fillStyle = focus ? "#ffffff" : "#111111";
      ctx.fillText(text, best.x + 4, best.y + h / 2 + 0.5);
      best.id = n.id;
      best.font = LABEL_FONT;
      best.faded = !!faded;
      placed.push(best);
    });
    ctx.restore();
    api.labelBoxes = placed;
  }
  network.on("afterDrawing", drawLabels);

  // -- details panel -----------------------------------------------------------------------
  function showDetails(content) {
    details.replaceChildren(el("h2", null, "Details"), content);
  }

  function resetDetails() {
    details.replaceChildren(el("h2", null, "Details"),
      el("p", "hint", "Hover over an actor or a relation for a summary; click it for every " +
        "piece of evidence."));
  }
  resetDetails();

  network.on("click", function (p) {
    if (p.nodes.length) showDetails(nodeView(p.nodes[0], true));
    else if (p.edges.length) showDetails(edgeView(p.edges[0], true));
    else resetDetails();
  });

  // -- search ------------------------------------------------------------------------------
  var byName = {};
  var names = document.getElementById("actor-names");
  var options = document.createDocumentFragment();
  Object.keys(info.nodes).forEach(function (id) {
    var n = info.nodes[id];
    [n.name].concat(n.aliases).forEach(function (name) {
      var key = name.toLowerCase();
      if (!(key in byName)) byName[key] = id;
    });
    var option = document.createElement("option");
    option.value = n.name;
    options.appendChild(option);
  });
  names.appendChild(options);
  document.getElementById("search").addEventListener("change", function (event) {
    var id = byName[event.target.value.trim().toLowerCase()] || (info.nodes[event.target.value] ? event.target.value : null);
    if (id === null || id === undefined) return;
    if (nodes.get(id).hidden) return;
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.2), animation: false });
    showDetails(nodeView(id, true));
  });

  // -- legend and in-page filters ----------------------------------------------------------
  var legend = document.getElementById("legend");
  var kindShown = {}, predicateShown = {};
  var counts = el("p", "legend-note");

  function checkbox(group, value, shown, swatchClass, color, text, count) {
    var label = el("label");
    var input = el("input");
    input.type = "checkbox";
    input.checked = true;
    input.dataset.group = group;
    input.value = value;
    input.addEventListener("change", function () {
      shown[value] = input.checked;
      applyFilters();
    });
    var swatch = el("span", swatchClass);
    swatch.style.background = color;
    label.append(input, swatch, el("span", null, text), el("span", "count", count.toLocaleString("en")));
    shown[value] = true;
    return label;
  }

  function setAll(group, shown, value) {
    legend.querySelectorAll('input[data-group="' + group + '"]').forEach(function (input) {
      input.checked = value;
      shown[input.value] = value;
    });
    applyFilters();
  }

  function actions(group, shown) {
    var box = el("div", "legend-actions");
    var all = el("button", null, "all");
    all.type = "button";
    all.addEventListener("click", function () { setAll(group, shown, true); });
    var none = el("button", null, "none");
    none.type = "button";
    none.addEventListener("click", function () { setAll(group, shown, false); });
    box.append(all, none);
    return box;
  }

  legend.appendChild(el("h2", null, "Actors by kind"));
  data.legend.kinds.forEach(function (k) {
    legend.appendChild(checkbox("kind", k[0], kindShown, "swatch", k[1], k[0].replace(/_/g, " "), k[2]));
  });
  legend.appendChild(actions("kind", kindShown));
  legend.appendChild(el("h2", null, "Relations"));
  data.legend.predicates.forEach(function (p) {
    legend.appendChild(checkbox("predicate", p[0], predicateShown, "stroke", p[2], p[0].replace(/_/g, " "), p[3]));
  });
  legend.appendChild(actions("predicate", predicateShown));
  legend.appendChild(el("h2", null, "Polarity"));
  data.legend.polarity.forEach(function (p) {
    var key = el("div", "key");
    var stroke = el("span", "stroke");
    stroke.style.background = p[1];
    key.append(stroke, el("span", null, p[0]));
    legend.appendChild(key);
  });
  legend.appendChild(el("p", "legend-note", "Node size: " + data.sizeBy + " centrality. Edge width: " +
    "evidence count. Arrows point from subject to object."));
  if (data.highlight.path.length) {
    legend.appendChild(el("p", "legend-note", "Thick black rings and thick lines: the path."));
  } else if (data.highlight.focus !== null) {
    legend.appendChild(el("p", "legend-note", "Thick black ring: " + nodeName(data.highlight.focus) + "."));
  }
  legend.appendChild(counts);

  function updateCounts() {
    var shownNodes = data.nodes.length - Object.keys(nodeHidden).filter(function (id) { return nodeHidden[id]; }).length;
    var shownEdges = data.edges.length - Object.keys(edgeHidden).filter(function (id) { return edgeHidden[id]; }).length;
    counts.textContent = "Showing " + plural(shownNodes, "actor") + " and " + plural(shownEdges, "relation") + ".";
  }

  // what shows: kinds and predicates ticked, relations inside the time window; what fades:
  // actors with no relation in the window, and everything off a highlighted path
  function applyFilters() {
    var nodeUpdates = [], edgeUpdates = [];
    var active = {};
    data.nodes.forEach(function (n) {
      nodeHidden[n.id] = !kindShown[info.nodes[n.id].kind];
    });
    data.edges.forEach(function (e) {
      var hide = !predicateShown[info.edges[e.id].predicate] || nodeHidden[e.from] || nodeHidden[e.to] ||
        !inTimeWindow(e.id);
      var fade = !!emphasis && !emphasis.edges[e.id];
      var wide = !!emphasis && !!emphasis.edges[e.id];
      var state = (hide ? "h" : "") + (fade ? "f" : "") + (wide ? "w" : "");
      if (state !== edgeState[e.id]) {
        var base = baseEdge[e.id];
        var color = Object.assign({}, base.color, { opacity: fade ? FADED : base.color.opacity });
        edgeUpdates.push({ id: e.id, hidden: hide, color: color, width: wide ? base.width + 4 : base.width });
        edgeState[e.id] = state;
      }
      edgeHidden[e.id] = hide;
      edgeFaded[e.id] = fade;
      if (!hide) { active[e.from] = true; active[e.to] = true; }
    });
    data.nodes.forEach(function (n) {
      var fade = (time.active && !active[n.id]) || (!!emphasis && !emphasis.nodes[n.id]);
      var opacity = fade ? FADED : baseNode[n.id].opacity;
      var hidden = nodeHidden[n.id];
      var current = nodes.get(n.id);
      if (current.hidden !== hidden || (current.opacity === undefined ? 1 : current.opacity) !== opacity) {
        nodeUpdates.push({ id: n.id, hidden: hidden, opacity: opacity });
      }
      nodeFaded[n.id] = fade || opacity < 1;
    });
    if (nodeUpdates.length) nodes.update(nodeUpdates);
    if (edgeUpdates.length) edges.update(edgeUpdates);
    updateCounts();
    updateEdgeLabels();
  }

  function updateCounts() {
    var shownNodes = data.nodes.filter(function (n) { return !nodeHidden[n.id]; }).length;
    var shownEdges = data.edges.filter(function (e) { return !edgeHidden[e.id]; }).length;
    counts.textContent = "Showing " + plural(shownNodes, "actor") + " and " + plural(shownEdges, "relation") + ".";
    if (time.active) timeLabel.textContent = time.text + " · " + plural(shownEdges, "relation");
  }

  // -- time: a window over the evidence dates ------------------------------------------------
  var timebar = document.getElementById("timebar");
  var slider = document.getElementById("time-slider");
  var windowSelect = document.getElementById("time-window");
  var undatedBox = document.getElementById("time-undated");
  var timeLabel = document.getElementById("time-label");
  var playButton = document.getElementById("play");
  var months = [];
  var time = { active: false, start: null, end: null, undated: true, text: "" };

  function monthAdd(ym, k) {
    var y = parseInt(ym.slice(0, 4), 10), m = parseInt(ym.slice(5, 7), 10) - 1 + k;
    y += Math.floor(m / 12);
    m = ((m % 12) + 12) % 12;
    return String(y).padStart(4, "0") + "-" + String(m + 1).padStart(2, "0");
  }

  if (data.time && data.time.first) {
    for (var ym = data.time.first; ym <= data.time.last && months.length < 2400; ym = monthAdd(ym, 1)) months.push(ym);
    slider.max = String(months.length - 1);
    slider.value = String(months.length - 1);
    timebar.hidden = false;
  }

  function inTimeWindow(edgeId) {
    if (!time.active) return true;
    var evidence = info.edges[edgeId].evidence;
    if (!evidence.length) return time.undated;
    for (var i = 0; i < evidence.length; i++) {
      var span = evidence[i].span;
      if (!span) { if (time.undated) return true; continue; }
      if (span[0] <= time.end && span[1] >= time.start) return true;
    }
    return false;
  }

  function readTime() {
    if (!months.length) return;
    var index = parseInt(slider.value, 10);
    var length = parseInt(windowSelect.value, 10);
    var endMonth = months[index];
    var startMonth = length ? monthAdd(endMonth, 1 - length) : "0000-01";
    time.undated = undatedBox.checked;
    time.start = startMonth + "-01";
    time.end = endMonth + "-31";
    time.active = !(length === 0 && index === months.length - 1 && time.undated);
    time.text = (length ? (length === 1 ? endMonth : startMonth + " – " + endMonth) : "up to " + endMonth) +
      (time.undated ? " + undated" : "");
    timeLabel.textContent = time.text;
    applyFilters();
  }
  slider.addEventListener("input", readTime);
  windowSelect.addEventListener("change", readTime);
  undatedBox.addEventListener("change", readTime);

  var playing = null;
  function stop() {
    if (playing !== null) clearInterval(playing);
    playing = null;
    playButton.textContent = "▶ Play";
  }
  playButton.addEventListener("click", function () {
    if (playing !== null) { stop(); return; }
    if (parseInt(slider.value, 10) >= months.length - 1) slider.value = "0";
    if (windowSelect.value === "0") windowSelect.value = "12";
    readTime();
    playButton.textContent = "❚❚ Pause";
    playing = setInterval(function () {
      var next = parseInt(slider.value, 10) + 1;
      if (next >= months.length) { stop(); return; }
      slider.value = String(next);
      readTime();
    }, 700);
  });

  // for tests and scripts: setTime("2022-12", 12, false) shows what 2022 knew of, dated only
  api.setTime = function (endMonth, length, undated) {
    var index = months.indexOf(endMonth);
    if (index < 0) index = endMonth < months[0] ? 0 : months.length - 1;
    slider.value = String(index);
    windowSelect.value = String(length || 0);
    undatedBox.checked = undated !== false;
    readTime();
    return time.text;
  };
  api.months = months;

  // -- a path between two actors, picked in the page ------------------------------------------
  var pathResult = document.getElementById("path-result");

  function actorId(text) {
    text = (text || "").trim();
    if (info.nodes[text]) return text;
    var id = byName[text.toLowerCase()];
    return id === undefined ? null : id;
  }

  function shortestPath(from, to) {
    // breadth first over the relations shown, either direction
    var neighbours = {};
    data.edges.forEach(function (e) {
      if (edgeHidden[e.id]) return;
      (neighbours[e.from] = neighbours[e.from] || []).push([e.to, e.id]);
      (neighbours[e.to] = neighbours[e.to] || []).push([e.from, e.id]);
    });
    var previous = {}, queue = [from];
    previous[from] = null;
    while (queue.length) {
      var current = queue.shift();
      if (current === to) break;
      (neighbours[current] || []).forEach(function (pair) {
        if (!(pair[0] in previous)) { previous[pair[0]] = current; queue.push(pair[0]); }
      });
    }
    if (!(to in previous)) return null;
    var path = [to];
    while (previous[path[0]] !== null) path.unshift(previous[path[0]]);
    return path;
  }

  function showPath(fromText, toText) {
    var from = actorId(fromText), to = actorId(toText);
    if (from === null || to === null) {
      pathResult.textContent = "Unknown actor: " + (from === null ? fromText : toText) + ".";
      return null;
    }
    if (from === to) { pathResult.textContent = "Pick two different actors."; return null; }
    var path = shortestPath(from, to);
    if (!path) {
      emphasis = null;
      applyFilters();
      pathResult.textContent = "No path between " + nodeName(from) + " and " + nodeName(to) + " among the relations shown.";
      return null;
    }
    emphasis = { nodes: {}, edges: {} };
    path.forEach(function (id) { emphasis.nodes[id] = true; });
    var hops = el("ol", "hops");
    for (var i = 0; i + 1 < path.length; i++) {
      var a = path[i], b = path[i + 1];
      var hop = el("li");
      hop.appendChild(el("div", "tip-title", nodeName(a) + " — " + nodeName(b)));
      data.edges.forEach(function (e) {
        if (edgeHidden[e.id] || !((e.from === a && e.to === b) || (e.from === b && e.to === a))) return;
        emphasis.edges[e.id] = true;
        hop.appendChild(edgeView(e.id, false));
      });
      hops.appendChild(hop);
    }
    applyFilters();
    pathResult.textContent = (path.length - 1) + " hop" + (path.length === 2 ? "" : "s") + ": " +
      path.map(nodeName).join(" → ");
    var box = el("div");
    box.appendChild(el("div", "tip-title", "Path from " + nodeName(from) + " to " + nodeName(to)));
    box.appendChild(hops);
    showDetails(box);
    network.fit({ nodes: path, animation: false });
    network.moveTo({ scale: Math.min(network.getScale() * 0.8, 1.4), animation: false });
    return path;
  }

  function clearPath() {
    emphasis = null;
    pathResult.textContent = "";
    applyFilters();
    resetDetails();
  }
  document.getElementById("path-show").addEventListener("click", function () {
    showPath(document.getElementById("path-from").value, document.getElementById("path-to").value);
  });
  document.getElementById("path-clear").addEventListener("click", clearPath);
  api.showPath = showPath;
  api.clearPath = clearPath;

  if (data.highlight.path.length > 1) {
    // the path the page was written with (--path): the same highlight the picker gives
    emphasis = { nodes: {}, edges: {} };
    data.highlight.path.forEach(function (id) { emphasis.nodes[id] = true; });
    for (var h = 0; h + 1 < data.highlight.path.length; h++) {
      var u = data.highlight.path[h], v = data.highlight.path[h + 1];
      data.edges.forEach(function (e) {
        if ((e.from === u && e.to === v) || (e.from === v && e.to === u)) emphasis.edges[e.id] = true;
      });
    }
    // the page's data carries the highlight already; the base is the plain look
    data.edges.forEach(function (e) {
      var base = baseEdge[e.id];
      if (emphasis.edges[e.id]) base.width -= 4;
      base.color = Object.assign({}, base.color, { opacity: 1 });
    });
    data.nodes.forEach(function (n) { baseNode[n.id].opacity = 1; });
    document.getElementById("path-from").value = nodeName(data.highlight.path[0]);
    document.getElementById("path-to").value = nodeName(data.highlight.path[data.highlight.path.length - 1]);
  }
  api.applyFilters = applyFilters;
  if (months.length) readTime(); else applyFilters();
})();
