/* sahelgraph page: draws the graph in the JSON data block with vis-network, and shows the
 * legend, the in-page filters, tooltips and details.
 *
 * Every text that comes from the data (names, descriptions, quotes, notes) is put on the
 * page with textContent, never as HTML: a quote holding markup shows that markup as text.
 * window.__sahelgraphReady turns true once the graph is laid out and drawn.
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
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  var api = { network: network, nodes: nodes, edges: edges, data: data, ready: false };
  window.sahelgraph = api;

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
      network.once("afterDrawing", markReady);
      network.redraw();
    });
  } else {
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
    if (e.confidence !== null && e.confidence !== undefined && e.confidence !== 1) {
      parts.push("confidence " + number(e.confidence));
    }
    return parts.join(" · ") || "undated, no source";
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
    box.appendChild(el("div", "meta polarity-" + polarityName(e.polarity), meta.join(" · ")));
    var shown = full ? e.evidence : e.evidence.slice(0, MAX_TIP_EVIDENCE);
    if (shown.length) {
      var list = el("ol", "evidence");
      shown.forEach(function (ev) {
        var item = el("li");
        item.appendChild(el("div", "meta", sourceLine(ev)));
        if (ev.quote) item.appendChild(el("blockquote", null, ev.quote));
        if (ev.note) item.appendChild(el("div", "meta", "note: " + ev.note));
        if (full) {
          var link = sourceLink(ev);
          if (link) item.appendChild(link);
          if (ev.file) item.appendChild(el("div", "meta", ev.file + (ev.line ? ":" + ev.line : "")));
        }
        list.appendChild(item);
      });
      box.appendChild(list);
    }
    if (!full && e.evidence.length > shown.length) {
      box.appendChild(el("div", "meta", "and " + (e.evidence.length - shown.length) +
        " more: click the relation to see all"));
    }
    return box;
  }

  network.on("hoverNode", function (p) { showTooltip(nodeView(p.node, false)); });
  network.on("blurNode", hideTooltip);
  network.on("hoverEdge", function (p) { showTooltip(edgeView(p.edge, false)); });
  network.on("blurEdge", hideTooltip);
  network.on("dragStart", hideTooltip);
  network.on("zoom", hideTooltip);

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
  var nodeHidden = {}, edgeHidden = {};
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

  function applyFilters() {
    var nodeUpdates = [], edgeUpdates = [];
    data.nodes.forEach(function (n) {
      var hide = !kindShown[info.nodes[n.id].kind];
      if (hide !== !!nodeHidden[n.id]) nodeUpdates.push({ id: n.id, hidden: hide });
      nodeHidden[n.id] = hide;
    });
    data.edges.forEach(function (e) {
      var hide = !predicateShown[info.edges[e.id].predicate] || nodeHidden[e.from] || nodeHidden[e.to];
      if (hide !== !!edgeHidden[e.id]) edgeUpdates.push({ id: e.id, hidden: hide });
      edgeHidden[e.id] = hide;
    });
    if (nodeUpdates.length) nodes.update(nodeUpdates);
    if (edgeUpdates.length) edges.update(edgeUpdates);
    updateCounts();
  }
  api.applyFilters = applyFilters;
  updateCounts();
})();
