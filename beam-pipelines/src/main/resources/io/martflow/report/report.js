// martflow run report: draws the charts of the embedded JSON as inline SVG, with no library and no
// network. When every chart is drawn it sets <body data-report-status="rendered"
// data-charts-rendered="N">; an error anywhere sets data-report-status="error" and shows it.
(function () {
  'use strict';
  var SVG = 'http://www.w3.org/2000/svg';
  var body = document.body;
  var errors = [];

  function fail(message) {
    errors.push(message);
    body.setAttribute('data-report-status', 'error');
    var box = document.getElementById('render-errors');
    if (box) { box.hidden = false; box.textContent = 'Chart error: ' + errors.join('; '); }
  }
  window.addEventListener('error', function (e) { fail(e.message || String(e)); });

  function el(name, attrs, parent) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (parent) { parent.appendChild(node); }
    return node;
  }
  function text(parent, x, y, s, attrs) {
    var t = el('text', Object.assign({ x: x, y: y }, attrs || {}), parent);
    t.textContent = s;
    return t;
  }
  function tip(node, s) { var t = el('title', {}, node); t.textContent = s; }
  function num(v) { return v === null || v === undefined ? 0 : Number(v); }
  function fmt(v, digits) {
    return num(v).toLocaleString('en-US', { minimumFractionDigits: digits || 0, maximumFractionDigits: digits || 0 });
  }
  function compact(v) {
    var a = Math.abs(v);
    if (a >= 1e6) { return (v / 1e6).toFixed(a >= 1e7 ? 0 : 1) + 'M'; }
    if (a >= 1e3) { return (v / 1e3).toFixed(a >= 1e4 ? 0 : 1) + 'k'; }
    return String(Math.round(v * 100) / 100);
  }
  // A "nice" axis maximum and tick step for values up to max.
  function niceScale(max, ticks) {
    if (!(max > 0)) { return { max: 1, step: 0.25 }; }
    var raw = max / ticks, mag = Math.pow(10, Math.floor(Math.log10(raw)));
    var step = [1, 2, 2.5, 5, 10].map(function (m) { return m * mag; }).find(function (s) { return s >= raw; });
    return { max: Math.ceil(max / step) * step, step: step };
  }
  function svgFor(plot, width, height, label) {
    plot.innerHTML = '';
    // Scales down on narrow screens, never up beyond its drawn size (text keeps its size).
    var svg = el('svg', { viewBox: '0 0 ' + width + ' ' + height, width: '100%', role: 'img',
      'aria-label': label, preserveAspectRatio: 'xMinYMin meet', style: 'max-width: ' + width + 'px' }, plot);
    return svg;
  }
  function yAxis(svg, scale, box, format) {
    for (var v = 0; v <= scale.max + 1e-9; v += scale.step) {
      var y = box.top + box.height - (v / scale.max) * box.height;
      el('line', { x1: box.left, x2: box.left + box.width, y1: y, y2: y, class: 'grid' }, svg);
      text(svg, box.left - 6, y + 4, format(v), { class: 'tick', 'text-anchor': 'end' });
    }
  }

  var draw = {
    // rows: [{x, y}] in order; a line over an area, a dot with a tooltip per point.
    line: function (plot, spec) {
      var W = 720, H = 280, box = { left: 64, top: 16, width: 640, height: 220 };
      var svg = svgFor(plot, W, H, spec.title);
      var ys = spec.rows.map(function (r) { return num(r[spec.y]); });
      var scale = niceScale(Math.max.apply(null, ys), 5);
      yAxis(svg, scale, box, compact);
      var n = spec.rows.length;
      function px(i) { return box.left + (n === 1 ? box.width / 2 : (i / (n - 1)) * box.width); }
      function py(v) { return box.top + box.height - (v / scale.max) * box.height; }
      var pts = ys.map(function (v, i) { return px(i).toFixed(1) + ',' + py(v).toFixed(1); });
      el('polygon', { points: px(0).toFixed(1) + ',' + py(0) + ' ' + pts.join(' ') + ' ' + px(n - 1).toFixed(1) + ','
        + py(0), class: 'area' }, svg);
      el('polyline', { points: pts.join(' '), class: 'line' }, svg);
      var every = Math.max(1, Math.ceil(n / 6));
      spec.rows.forEach(function (r, i) {
        var c = el('circle', { cx: px(i), cy: py(ys[i]), r: n > 60 ? 2 : 3, class: 'dot' }, svg);
        tip(c, r[spec.x] + ': ' + fmt(ys[i], 2) + (spec.extra ? ' (' + fmt(r[spec.extra]) + ' ' + spec.extra + ')' : ''));
        if (i % every === 0 || i === n - 1) {
          text(svg, px(i), box.top + box.height + 18, String(r[spec.x]), { class: 'tick',
            'text-anchor': i === n - 1 && n > 1 ? 'end' : i === 0 && n > 1 ? 'start' : 'middle' });
        }
      });
    },
    // rows: [{x, y}]; vertical bars with their value on top.
    bar: function (plot, spec) {
      var W = 480, H = 280, box = { left: 56, top: 20, width: 410, height: 200 };
      var svg = svgFor(plot, W, H, spec.title);
      var ys = spec.rows.map(function (r) { return num(r[spec.y]); });
      var scale = niceScale(Math.max.apply(null, ys), 4);
      yAxis(svg, scale, box, compact);
      var slot = box.width / spec.rows.length, bw = Math.min(56, slot * 0.7);
      spec.rows.forEach(function (r, i) {
        var h = (ys[i] / scale.max) * box.height, x = box.left + i * slot + (slot - bw) / 2;
        var rect = el('rect', { x: x, y: box.top + box.height - h, width: bw, height: Math.max(h, 0.5),
          class: 'bar c' + (i % 8) }, svg);
        tip(rect, r[spec.x] + ': ' + fmt(ys[i]));
        text(svg, x + bw / 2, box.top + box.height - h - 4, compact(ys[i]), { class: 'value', 'text-anchor': 'middle' });
        text(svg, x + bw / 2, box.top + box.height + 16, String(r[spec.x]), { class: 'tick', 'text-anchor': 'middle',
          transform: spec.rows.length > 6 ? 'rotate(20 ' + (x + bw / 2) + ' ' + (box.top + box.height + 16) + ')' : '' });
      });
    },
    // rows: [{x, y}]; horizontal bars, label on the left, value on the right.
    hbar: function (plot, spec) {
      var rowH = 26, W = 600, left = 220, H = 16 + spec.rows.length * rowH;
      var svg = svgFor(plot, W, H, spec.title);
      var ys = spec.rows.map(function (r) { return num(r[spec.y]); });
      var max = Math.max.apply(null, ys) || 1, width = W - left - 80;
      spec.rows.forEach(function (r, i) {
        var y = 8 + i * rowH, w = (ys[i] / max) * width;
        var label = String(r[spec.x]);
        text(svg, left - 8, y + 16, label.length > 34 ? label.slice(0, 33) + '…' : label,
          { class: 'tick', 'text-anchor': 'end' });
        var rect = el('rect', { x: left, y: y + 3, width: Math.max(w, 0.5), height: rowH - 8, class: 'bar c' + (i % 8) }, svg);
        tip(rect, label + ': ' + fmt(ys[i], spec.digits || 0));
        text(svg, left + w + 6, y + 16, fmt(ys[i], spec.digits || 0), { class: 'value' });
      });
    },
    // rows: [{row, col, value, size}]; one cell per (row, col), shaded by value in 0..1.
    heatmap: function (plot, spec) {
      var rows = [], cols = [], cells = {};
      spec.rows.forEach(function (r) {
        var rk = String(r[spec.row]), ck = num(r[spec.col]);
        if (rows.indexOf(rk) < 0) { rows.push(rk); }
        if (cols.indexOf(ck) < 0) { cols.push(ck); }
        cells[rk + '|' + ck] = r;
      });
      cols.sort(function (a, b) { return a - b; });
      var cell = 40, left = 150, top = 34, W = left + cols.length * cell + 10, H = top + rows.length * (cell * 0.7) + 8;
      var svg = svgFor(plot, Math.max(W, 360), H, spec.title);
      text(svg, left, 14, 'months since first order →', { class: 'tick' });
      cols.forEach(function (c, j) { text(svg, left + j * cell + cell / 2, top - 6, String(c), { class: 'tick', 'text-anchor': 'middle' }); });
      rows.forEach(function (rk, i) {
        var y = top + i * cell * 0.7, first = cells[rk + '|' + cols[0]] || {};
        text(svg, left - 8, y + cell * 0.45, rk.slice(0, 7) + ' (' + fmt(first[spec.size]) + ')',
          { class: 'tick', 'text-anchor': 'end' });
        cols.forEach(function (c, j) {
          var r = cells[rk + '|' + c];
          if (!r) { return; }
          var v = Math.max(0, Math.min(1, num(r[spec.value])));
          var rect = el('rect', { x: left + j * cell + 1, y: y + 1, width: cell - 2, height: cell * 0.7 - 2,
            class: 'cell', fill: 'rgba(37, 99, 235, ' + (0.08 + 0.92 * v).toFixed(3) + ')' }, svg);
          tip(rect, rk.slice(0, 7) + ', month ' + c + ': ' + (v * 100).toFixed(1) + '% (' + fmt(r.customers) + ' customers)');
          text(svg, left + j * cell + cell / 2, y + cell * 0.45, Math.round(v * 100) + '%',
            { class: v > 0.55 ? 'cell-text light' : 'cell-text', 'text-anchor': 'middle' });
        });
      });
    }
  };

  var data = JSON.parse(document.getElementById('report-data').textContent);
  var figures = document.querySelectorAll('figure[data-chart]');
  var rendered = 0;
  Array.prototype.forEach.call(figures, function (figure) {
    var name = figure.getAttribute('data-chart');
    var spec = data.charts[name];
    var plot = figure.querySelector('.plot');
    try {
      if (!spec) { throw new Error('no data for chart ' + name); }
      if (spec.unavailable) {
        plot.innerHTML = '';
        var p = document.createElement('p');
        p.className = 'empty';
        p.textContent = spec.unavailable;
        plot.appendChild(p);
        figure.setAttribute('data-rendered', 'empty');
      } else {
        draw[spec.kind](plot, spec);
        figure.setAttribute('data-rendered', 'svg');
      }
      rendered++;
    } catch (e) {
      fail(name + ': ' + (e && e.message ? e.message : e));
    }
  });
  body.setAttribute('data-charts-rendered', String(rendered));
  if (errors.length === 0 && rendered === figures.length) {
    body.setAttribute('data-report-status', 'rendered');
  } else if (errors.length === 0) {
    fail('only ' + rendered + ' of ' + figures.length + ' charts rendered');
  }
})();
