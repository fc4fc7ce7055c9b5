/**
 * The report's one script, inlined and dependency-free so the file works offline: builds the findings table from its
 * embedded data (html/findings.ts) and filters it (free text, status, rule set, region), opens the folded part a link
 * points into, and unfolds everything for printing. Text goes in with textContent only: no markup from the data.
 */
export const REPORT_SCRIPT = `
(function () {
  'use strict';
  var table = document.getElementById('findings-table');
  var source = document.getElementById('findings-table-data');
  if (table && source) {
    var data = JSON.parse(source.textContent);
    var S = data.strings, F = {};
    data.fields.forEach(function (name, i) { F[name] = i; });
    var withControls = table.getAttribute('data-controls') === 'true';
    var el = function (tag, text, className) {
      var node = document.createElement(tag);
      if (text) node.textContent = text;
      if (className) node.className = className;
      return node;
    };
    var body = table.tBodies[0];
    var rows = data.rows.map(function (r) {
      var tr = document.createElement('tr');
      tr.className = 'st-' + S[r[F.status]];
      tr.appendChild(el('td', S[r[F.status]], 'st'));
      tr.appendChild(el('td', S[r[F.region]], 'nw'));
      tr.appendChild(el('td', S[r[F.pack]], 'nw'));
      var rule = el('td');
      rule.appendChild(el('code', S[r[F.rule]]));
      if (S[r[F.ruleTitle]]) rule.appendChild(el('small', S[r[F.ruleTitle]]));
      tr.appendChild(rule);
      var resource = el('td', S[r[F.path]]);
      if (S[r[F.resource]]) resource.appendChild(el('small', S[r[F.resource]]));
      tr.appendChild(resource);
      var detail = el('td');
      if (S[r[F.group]]) {
        var link = el('a', S[r[F.detail]]);
        link.href = '#' + S[r[F.group]];
        detail.appendChild(link);
      } else detail.textContent = S[r[F.detail]];
      tr.appendChild(detail);
      if (withControls) tr.appendChild(el('td', S[r[F.controls]]));
      body.appendChild(tr);
      return tr;
    });
    var texts = data.rows.map(function (r) { return r.map(function (i) { return S[i]; }).join(' ').toLowerCase(); });
    var text = document.getElementById('filter-text');
    var selects = ['status', 'pack', 'region'].map(function (name) { return document.getElementById('filter-' + name); });
    var count = document.getElementById('filter-count');
    var apply = function () {
      var terms = text.value.toLowerCase().split(/\\s+/).filter(Boolean);
      var shown = 0;
      rows.forEach(function (row, i) {
        var match = selects.every(function (s) { return !s.value || S[data.rows[i][Number(s.getAttribute('data-field'))]] === s.value; })
          && terms.every(function (t) { return texts[i].indexOf(t) !== -1; });
        row.hidden = !match;
        if (match) shown++;
      });
      count.textContent = shown + ' of ' + rows.length + ' findings';
      document.body.classList.toggle('filtered', shown < rows.length);
    };
    [text].concat(selects).forEach(function (input) { input.addEventListener('input', apply); });
    apply();
  }
  var reveal = function () {
    var id = location.hash.slice(1);
    // A hand-typed or truncated anchor may not decode: then it is taken as written.
    try { id = decodeURIComponent(id); } catch (e) { /* keep it as written */ }
    var target = id.length > 0 && document.getElementById(id);
    for (var node = target; node; node = node.parentElement) if (node.tagName === 'DETAILS') node.open = true;
    if (target) target.scrollIntoView();
  };
  window.addEventListener('hashchange', reveal);
  reveal();
  var unfolded = [];
  window.addEventListener('beforeprint', function () {
    unfolded = Array.prototype.slice.call(document.querySelectorAll('details:not([open])'));
    unfolded.forEach(function (d) { d.open = true; });
  });
  window.addEventListener('afterprint', function () { unfolded.forEach(function (d) { d.open = false; }); unfolded = []; });
})();
`;
