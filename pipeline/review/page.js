// The script of the `kiji review` page (page.html): reads the data blob
// (pipeline/review.cc, WriteData, describes it) and shows one page of
// entities at a time, filtered and sorted. The view is kept in the URL
// fragment, so a link or a reload shows the same entities:
//   #q=TEXT&type=TYPE&sort=name|type|variants|mentions|docs&dir=asc|desc&page=N
// Everything is built with DOM calls and text nodes: no text of the data is
// ever read as HTML.
'use strict';
(function () {
  const PAGE_SIZE = 100;
  const data = JSON.parse(document.getElementById('kiji-data').textContent);
  const entities = data.entities;
  const collator = new Intl.Collator('ja');

  // Search folds case and width (NFKC), in the query and in the names.
  const fold = (s) => s.normalize('NFKC').toLowerCase();
  const searchKeys = entities.map((e) =>
    fold([e.name].concat(e.variants.map((v) => v.text)).join('\n')));

  const SORTS = {
    name: (a, b) => collator.compare(a.name, b.name),
    type: (a, b) => collator.compare(a.type, b.type) ||
      collator.compare(a.name, b.name),
    variants: (a, b) => a.variants.length - b.variants.length,
    mentions: (a, b) => a.mentions - b.mentions,
    docs: (a, b) => a.docs - b.docs,
  };
  const FIRST_DIR = {
    name: 'asc', type: 'asc', variants: 'desc', mentions: 'desc', docs: 'desc',
  };
  const DEFAULT_STATE = {
    q: '', type: '', sort: 'mentions', dir: 'desc', page: 1,
  };

  let state = Object.assign({}, DEFAULT_STATE);
  const picked = [];  // indices of the ticked entities, in the order ticked
  let sorted = null;  // entity indices in the order of `sortedBy`
  let sortedBy = '';

  const count = (n, noun) => `${n} ${noun}${n === 1 ? '' : 's'}`;

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (key === 'class') {
        node.className = value;
      } else {
        node.setAttribute(key, value);
      }
    }
    for (const child of children) {
      if (child !== null && child !== undefined) node.append(child);
    }
    return node;
  }

  // --- the view's state and the URL fragment

  function readHash() {
    const params = new URLSearchParams(location.hash.slice(1));
    const next = Object.assign({}, DEFAULT_STATE);
    next.q = params.get('q') || '';
    next.type = params.get('type') || '';
    if (params.get('sort') in SORTS) next.sort = params.get('sort');
    const dir = params.get('dir');
    next.dir = dir === 'asc' || dir === 'desc' ? dir : FIRST_DIR[next.sort];
    next.page = Math.max(1, parseInt(params.get('page'), 10) || 1);
    state = next;
    document.getElementById('q').value = state.q;
    document.getElementById('type').value = state.type;
  }

  function writeHash() {
    const params = new URLSearchParams();
    for (const key of Object.keys(DEFAULT_STATE)) {
      if (state[key] !== DEFAULT_STATE[key]) params.set(key, state[key]);
    }
    history.replaceState(null, '', '#' + params.toString());
  }

  function change(update) {
    Object.assign(state, update);
    writeHash();
    render();
  }

  // --- which entities, in which order

  function sortedIndices() {
    const key = state.sort + ' ' + state.dir;
    if (sortedBy !== key) {
      const compare = SORTS[state.sort];
      const sign = state.dir === 'asc' ? 1 : -1;
      sorted = entities.map((_, i) => i);
      sorted.sort((a, b) =>
        sign * compare(entities[a], entities[b]) || a - b);
      sortedBy = key;
    }
    return sorted;
  }

  function matchingIndices() {
    const q = fold(state.q.trim());
    return sortedIndices().filter((i) =>
      (state.type === '' || entities[i].type === state.type) &&
      (q === '' || searchKeys[i].includes(q)));
  }

  // --- copying override lines

  // Selects the text of `code`, so that Ctrl+C copies it when nothing else
  // can; true when the browser copied it.
  function selectAndCopy(code) {
    const range = document.createRange();
    range.selectNodeContents(code);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    try {
      return document.execCommand('copy');
    } catch (e) {
      return false;
    }
  }

  function copyLine(code, button) {
    const done = (copied) => {
      button.textContent = copied ? 'Copied' : 'Selected: press Ctrl+C';
      setTimeout(() => { button.textContent = 'Copy'; }, 2000);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(code.textContent).then(
        () => done(true), () => done(selectAndCopy(code)));
    } else {
      done(selectAndCopy(code));
    }
  }

  // An override line (tab-separated) with its Copy button.
  function overrideLine(label, fields) {
    const code = el('code', {class: 'line'}, fields.join('\t'));
    const button = el('button', {type: 'button', class: 'copy'}, 'Copy');
    button.addEventListener('click', () => copyLine(code, button));
    return el('div', {class: 'override'}, label, code, button);
  }

  // --- rendering

  function evidenceText(x) {
    const parts = [x.rule];
    if (typeof x.score === 'number') parts.push(x.score.toFixed(2));
    if (x.other) parts.push('matched ' + x.other);
    return parts.join(' · ');
  }

  function renderContext(c) {
    const doc = data.docs[c.doc];
    const source = [doc.path];
    if (doc.date) source.push(doc.date);
    if (!c.found) source.push('not found in the stored text: mention only');
    return el('li', {class: 'context'},
        el('span', {class: 'sentence'}, c.before, el('mark', {}, c.mention),
           c.after),
        ' ', el('span', {class: 'src'}, source.join(' · ')));
  }

  function renderVariant(e, v) {
    const item = el('li', {class: 'variant', 'data-text': v.text},
        el('div', {class: 'vhead'},
           el('span', {class: 'vtext'}, v.text), ' ',
           el('span', {class: 'count'}, '×' + v.count)));
    for (const x of v.evidence) {
      item.append(
          el('div', {class: 'evidence'}, 'evidence: ' + evidenceText(x)));
    }
    if (v.contexts.length > 0) {
      item.append(
          el('ol', {class: 'contexts'}, ...v.contexts.map(renderContext)));
    }
    if (v.text !== e.name) {
      item.append(overrideLine('split off:', ['split', e.name, v.text]));
    }
    return item;
  }

  function renderEntity(i) {
    const e = entities[i];
    const tick = el('input', {type: 'checkbox', class: 'pick'});
    tick.checked = picked.includes(i);
    tick.addEventListener('change', () => togglePick(i));
    const node = el('article',
        {class: 'entity' + (tick.checked ? ' picked' : ''), 'data-id': e.id},
        el('header', {},
           el('label', {}, tick, ' ', el('span', {class: 'name'}, e.name)),
           el('span', {class: 'type type-' + e.type}, e.type),
           el('span', {class: 'id'}, e.id),
           el('span', {class: 'stats'}, [
             count(e.variants.length, 'variant'), count(e.mentions, 'mention'),
             count(e.docs, 'document')].join(' · '))),
        el('ul', {class: 'variants'},
           ...e.variants.map((v) => renderVariant(e, v))));
    for (const x of e.evidence || []) {
      node.append(el('div', {class: 'evidence'},
          `evidence (earlier name ${x.variant}): ` + evidenceText(x)));
    }
    return node;
  }

  function renderPager(nav, pages) {
    const button = (label, page) => {
      const b = el('button', {type: 'button'}, label);
      b.disabled = page < 1 || page > pages || page === state.page;
      b.addEventListener('click', () => {
        change({page: page});
        window.scrollTo(0, 0);
      });
      return b;
    };
    nav.replaceChildren(
        button('« first', 1), button('‹ previous', state.page - 1),
        el('span', {class: 'page'}, `page ${state.page} of ${pages}`),
        button('next ›', state.page + 1), button('last »', pages));
  }

  function renderMerge() {
    const lines = document.getElementById('merge-lines');
    const hint = document.getElementById('merge-hint');
    lines.replaceChildren();
    document.getElementById('merge-clear').hidden = picked.length === 0;
    if (picked.length < 2) {
      hint.hidden = false;
      return;
    }
    hint.hidden = true;
    // Every other ticked entity joins the first one ticked.
    const first = entities[picked[0]];
    for (const i of picked.slice(1)) {
      const other = entities[i];
      const note = other.type === first.type ? '' :
        ` (types differ: ${first.type} / ${other.type})`;
      lines.append(overrideLine('merge' + note + ':',
                                ['merge', first.name, other.name]));
    }
  }

  function togglePick(i) {
    const at = picked.indexOf(i);
    if (at >= 0) {
      picked.splice(at, 1);
    } else {
      picked.push(i);
    }
    render();
  }

  function render() {
    const matching = matchingIndices();
    const pages = Math.max(1, Math.ceil(matching.length / PAGE_SIZE));
    state.page = Math.min(state.page, pages);
    const first = (state.page - 1) * PAGE_SIZE;
    const shown = matching.slice(first, first + PAGE_SIZE);
    document.getElementById('total').textContent = entities.length;
    document.getElementById('matching').textContent = matching.length;
    document.getElementById('range').textContent = shown.length === 0 ?
      'none shown' :
      `showing ${first + 1}–${first + shown.length}, ` +
      `page ${state.page} of ${pages}`;
    document.getElementById('entities').replaceChildren(
        ...shown.map(renderEntity));
    renderPager(document.getElementById('pager-top'), pages);
    renderPager(document.getElementById('pager-bottom'), pages);
    for (const b of document.querySelectorAll('#sort button')) {
      const active = b.dataset.key === state.sort;
      b.setAttribute('aria-pressed', String(active));
      b.dataset.label = b.dataset.label || b.textContent;
      b.textContent = b.dataset.label +
        (active ? (state.dir === 'asc' ? ' ▲' : ' ▼') : '');
    }
    renderMerge();
  }

  // --- start

  function setUp() {
    document.getElementById('store').textContent = data.store +
      (data.types.length > 0 ? ' · ' + data.types.join(', ') : '');
    document.title = 'kiji review: ' + data.store;
    const typeSelect = document.getElementById('type');
    for (const t of [...new Set(entities.map((e) => e.type))].sort()) {
      typeSelect.append(el('option', {value: t}, t));
    }
    let typing = 0;
    document.getElementById('q').addEventListener('input', (event) => {
      clearTimeout(typing);
      typing = setTimeout(() => change({q: event.target.value, page: 1}), 200);
    });
    typeSelect.addEventListener('change', (event) =>
      change({type: event.target.value, page: 1}));
    for (const b of document.querySelectorAll('#sort button')) {
      b.addEventListener('click', () => {
        const key = b.dataset.key;
        const dir = key !== state.sort ? FIRST_DIR[key] :
          state.dir === 'asc' ? 'desc' : 'asc';
        change({sort: key, dir: dir, page: 1});
      });
    }
    document.getElementById('merge-clear').addEventListener('click', () => {
      picked.length = 0;
      render();
    });
    window.addEventListener('hashchange', () => {
      readHash();
      render();
    });
    readHash();
    render();
  }

  setUp();
})();
