"""Layout checks run inside the page (page.evaluate): what a visitor would see as broken at a
width or a zoom level, as readable lines (empty when nothing is wrong)."""

# Containers whose children must never overlap one another: the page's furniture and the parts a
# reader scans (cards, facts, filters, tables' rows, pagination).
KEY_COMPONENTS = [
    ".site-nav ul",
    ".breadcrumb",
    ".page-head",
    ".badges",
    ".stat-grid",
    ".chart-grid",
    ".card-list",
    ".program-card",
    ".facts",
    ".facts > div",
    ".kv",
    ".detail-grid",
    ".side-box",
    ".explorer",
    ".filters",
    ".filter-panel > summary",
    ".search-row",
    ".range",
    ".actions",
    ".results-head",
    ".downloads",
    ".chips",
    ".legend",
    ".timeline > li",
    "tr",
    ".krds-pagination",
    ".page-links",
    ".f-menu",
    ".f-licence",
]

LAYOUT_PROBLEMS = """
(keys) => {
  const problems = [];
  const width = window.innerWidth;
  const name = (el) => {
    let text = el.tagName.toLowerCase();
    if (el.id) text += '#' + el.id;
    if (typeof el.className === 'string' && el.className.trim()) {
      text += '.' + el.className.trim().split(/\\s+/).join('.');
    }
    const words = (el.innerText || el.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 30);
    return words ? `${text} "${words}"` : text;
  };
  const shown = (el) => {
    const r = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    // Visually hidden on purpose (.sr-only, KRDS's captions and legends): 1 px and clipped.
    return r.width > 1 && r.height > 1 && style.visibility !== 'hidden' && style.clip === 'auto';
  };
  const scrolls = (el) => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX);
  const clips = (value) => value === 'hidden' || value === 'clip';

  const spill = document.documentElement.scrollWidth - width;
  if (spill > 0) problems.push(`the page scrolls sideways by ${spill}px`);

  for (const el of document.body.querySelectorAll('*')) {
    if (!shown(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.right > width + 1 || r.left < -1) {
      // Inside a scrolling region (the region is checked itself) or a visually hidden one.
      let inside = false;
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        if (scrolls(p) || !shown(p)) { inside = true; break; }
      }
      if (!inside) problems.push(`wider than the screen: ${name(el)} (${Math.round(r.left)}…${Math.round(r.right)}px)`);
    }
    const style = getComputedStyle(el);
    const cutX = clips(style.overflowX) && el.scrollWidth > el.clientWidth + 1;
    const cutY = clips(style.overflowY) && !scrolls(el) && el.scrollHeight > el.clientHeight + 1;
    if (cutX || cutY) problems.push(`content clipped: ${name(el)}`);
  }

  for (const selector of keys) {
    for (const box of document.querySelectorAll(selector)) {
      if (!shown(box)) continue;
      const kids = [...box.children].filter(shown).map((el) => [el, el.getBoundingClientRect()]);
      for (let i = 0; i < kids.length; i++) {
        for (let j = i + 1; j < kids.length; j++) {
          const [a, ra] = kids[i], [b, rb] = kids[j];
          const x = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left);
          const y = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
          if (x > 1 && y > 1) problems.push(`overlap in ${selector}: ${name(a)} / ${name(b)}`);
        }
      }
    }
  }
  return [...new Set(problems)].slice(0, 12);
}
"""

# A table with a totals row (<tfoot>) or two header rows names each data cell's headers by id
# (WCAG 1.3.1, technique H43), and its numbers line up: every cell of a column that holds numbers
# (class "num") is right-aligned and ends where the others end, the totals row's included.
TABLE_PROBLEMS = """
() => {
  const problems = [];
  for (const table of document.querySelectorAll('table')) {
    const caption = table.querySelector('caption');
    const label = caption ? caption.textContent.trim() : '(caption 없음)';
    if (!caption) problems.push('a table without a caption');
    const complex = table.tFoot || (table.tHead && table.tHead.rows.length > 1);
    if (!complex) continue;
    for (const cell of table.querySelectorAll('td')) {
      const ids = (cell.getAttribute('headers') || '').split(/\\s+/).filter(Boolean);
      const found = ids.map((id) => table.querySelector(`th[id="${id}"]`));
      if (ids.length < 2 || found.includes(null)) {
        problems.push(`${label}: "${cell.textContent.trim()}" does not name its row and column headers`);
      }
    }
    if (getComputedStyle(table).display !== 'table') continue;  // stacked rows: no columns
    const columns = new Map();
    for (const row of table.rows) {
      let position = 0;
      for (const cell of row.cells) {
        if (cell.classList.contains('num')) {
          const range = document.createRange();
          range.selectNodeContents(cell);
          const text = range.getBoundingClientRect();
          const entry = columns.get(position) || [];
          entry.push([cell, text.right, getComputedStyle(cell).textAlign]);
          columns.set(position, entry);
        }
        position += cell.colSpan;
      }
    }
    for (const [position, cells] of columns) {
      const rights = cells.map(([, right]) => right);
      if (cells.some(([, , align]) => align !== 'right')) {
        problems.push(`${label}: column ${position + 1} mixes alignments`);
      } else if (Math.max(...rights) - Math.min(...rights) > 1.5) {
        problems.push(`${label}: column ${position + 1}'s numbers end at ${rights.map(Math.round)}`);
      }
    }
  }
  return problems;
}
"""
