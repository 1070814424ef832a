"""The review page's style sheet and script (inline in the page: nothing is fetched)."""

# Japanese fonts by platform: macOS (Hiragino), Windows (Yu Gothic, Meiryo), Linux desktops
# (Noto / Source Han, IPAex, Takao, VL Gothic); a generic family last.
FONT_STACK = (
    '"Hiragino Sans","Hiragino Kaku Gothic ProN","Yu Gothic UI","Yu Gothic","YuGothic",Meiryo,'
    '"Noto Sans CJK JP","Noto Sans JP","Source Han Sans JP","IPAexGothic","IPAGothic","TakaoGothic","VL Gothic",sans-serif'
)

STYLE = (
    "body{font-family:" + FONT_STACK + ";margin:0 1.5em 3em;color:#222;line-height:1.5}"
    + """
select,button,input{font:inherit}h1{font-size:1.4em;margin:.6em 0 .2em}h2{border-bottom:2px solid #888;margin-top:1.6em}h3{font-size:1em;color:#444;margin:1.2em 0 .4em}
#top table.docs{border-collapse:collapse;font-size:.9em;margin:.4em 0}#top table.docs td,#top table.docs th{border:1px solid #ccc;padding:2px 8px;text-align:left}
.filters{position:sticky;top:0;z-index:5;background:#f6f8fa;border:1px solid #d0d7de;padding:.4em .8em;margin:.6em 0;font-size:.9em;display:flex;flex-wrap:wrap;gap:.3em 1.2em;align-items:center}
.filters fieldset{border:0;margin:0;padding:0;display:inline-flex;gap:.5em;align-items:center}.filters legend{float:left;font-weight:bold;margin-right:.3em}
.filters label{cursor:pointer;white-space:nowrap}.filters select{max-width:28em}#shown{color:#555}
nav.sections ol{margin:.2em 0;padding-left:1.4em}nav.sections li{margin:.15em 0}nav.sections details>summary{cursor:pointer}
nav.sections ol.changes{font-size:.85em;color:#333}nav.sections ol.changes a{color:#0550ae;text-decoration:none}
.badge{display:inline-block;border-radius:8px;padding:0 .45em;font-size:.78em;margin-left:.25em;color:#fff;background:#888}
.badge.added{background:#2da44e}.badge.removed{background:#cf222e}.badge.changed{background:#b08800}.badge.moved{background:#0969da}
.change{border:1px solid #ccc;border-left:6px solid #999;margin:.6em 0;padding:.5em .8em;scroll-margin-top:4.5em}
.change.added{border-left-color:#2da44e}.change.removed{border-left-color:#cf222e}
.change.changed{border-left-color:#d4a72c}.change.moved{border-left-color:#0969da}
.change:target{box-shadow:0 0 0 3px #0969da55}
.change header{font-size:.85em;color:#555;margin-bottom:.4em}.change header a.anchor{color:#888;text-decoration:none}
.moved-from{font-size:.85em;color:#0969da;margin:.2em 0}
.sides{display:grid;grid-template-columns:1fr 1fr;gap:1em}
.side h4{margin:.2em 0;font-size:.8em;color:#777}
.text{white-space:pre-wrap;line-height:1.7}
del{background:#ffcecb;text-decoration:line-through}ins{background:#aceebb;text-decoration:none}
.fold{display:none;color:#888}body.hide-ctx .ctx{display:none}body.hide-ctx .fold{display:inline}body.hide-ctx tr.ctx{display:none}
table.cells{border-collapse:collapse;font-size:.85em;margin:.3em 0}table.cells td,table.cells th{border:1px solid #aaa;padding:2px 5px;vertical-align:top}
table.cells th{background:#f0f0f0;font-weight:normal}table.cells .num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tr.ctx td{color:#666}tr.gap td{color:#888;font-size:.85em;text-align:center;background:#fafafa}
td.cell-changed{background:#fff8c5;outline:2px solid #d4a72c;outline-offset:-2px}
td.cell-changed .cellref{display:block;font-size:.72em;color:#6e5600;text-align:left;white-space:normal}
td.cell-changed .b,td.cell-changed .a{display:block}td.cell-changed .b:empty,td.cell-changed .a:empty{display:none}
tr.row-added td{background:#dafbe1}tr.row-removed td{background:#ffebe9;text-decoration:line-through}
table.values{border-collapse:collapse;font-size:.85em;margin:.3em 0}table.values td,table.values th{border:1px solid #ccc;padding:2px 6px;text-align:left;vertical-align:top}
table.values td.b{background:#fff5f5}table.values td.a{background:#f3fff5}
figure.crop{margin:.4em 0}figure.crop figcaption{font-size:.75em;color:#888}
.frame{position:relative;display:inline-block;max-width:100%;cursor:zoom-in;border:1px solid #bbb;line-height:0}
.frame img{max-width:100%;height:auto;display:block}
.box{position:absolute;box-sizing:border-box;pointer-events:none}.box.record{border:2px solid #d0202a}.box.cell{border:2px solid #e08a00;background:#e08a0022}
#zoom{position:fixed;inset:0;background:#000b;z-index:20;overflow:auto;cursor:zoom-out;display:none;padding:2em}
#zoom.open{display:block}#zoom .frame{cursor:zoom-out;max-width:none;background:#fff}#zoom .frame img{max-width:none}
.nocrop{color:#999;font-size:.8em}.empty{color:#555}
"""
)

# Filters: every change card (article.change) carries data-op, data-type, data-doc and
# data-section; a card is shown when it passes every filter.  A section or document whose cards
# are all hidden is hidden too, and so are the index entries of hidden cards.
SCRIPT = r"""
(function(){
  const $$ = (s, r) => Array.from((r || document).querySelectorAll(s));
  const checked = name => new Set($$('input[name="' + name + '"]:checked').map(i => i.value));
  function apply(){
    const ops = checked('op'), types = checked('type');
    const doc = (document.getElementById('f-doc') || {}).value || '';
    const sec = (document.getElementById('f-section') || {}).value || '';
    const pass = e => ops.has(e.dataset.op) && types.has(e.dataset.type) && (!doc || e.dataset.doc === doc) && (!sec || e.dataset.section === sec);
    let shown = 0;
    $$('article.change').forEach(a => { const ok = pass(a); a.hidden = !ok; if (ok) shown++; });
    $$('nav.sections li.entry').forEach(li => { li.hidden = !pass(li); });
    $$('section.group').forEach(s => { s.hidden = !s.querySelector('article.change:not([hidden])'); });
    $$('section.doc').forEach(s => { s.hidden = !s.querySelector('article.change:not([hidden])'); });
    $$('nav.sections li.section').forEach(li => { li.hidden = !li.querySelector('li.entry:not([hidden])'); });
    document.body.classList.toggle('hide-ctx', document.getElementById('f-ctx').checked);
    document.getElementById('shown').textContent = shown + ' of ' + $$('article.change').length + ' changes shown';
  }
  function reset(){
    $$('.filters input[type=checkbox][name]').forEach(i => { i.checked = true; });
    $$('.filters select').forEach(s => { s.value = ''; });
    apply();
  }
  document.addEventListener('change', e => { if (e.target.closest('.filters')) apply(); });
  document.addEventListener('click', e => {
    const link = e.target.closest('a[href^="#"]');
    if (link) {  // a jump to a card the filters hide shows everything again
      const target = document.getElementById(link.getAttribute('href').slice(1));
      if (target && target.closest('[hidden]')) reset();
      return;
    }
    if (e.target.id === 'f-reset') { reset(); return; }
    const zoom = document.getElementById('zoom');
    if (e.target.closest('#zoom')) { zoom.classList.remove('open'); zoom.innerHTML = ''; return; }
    const frame = e.target.closest('.frame');
    if (frame) { zoom.innerHTML = ''; zoom.appendChild(frame.cloneNode(true)); zoom.classList.add('open'); }
  });
  document.addEventListener('keydown', e => { if (e.key === 'Escape') document.getElementById('zoom').click(); });
  apply();
})();
"""
