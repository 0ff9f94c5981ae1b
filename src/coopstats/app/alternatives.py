"""Charts for people who cannot see them: a name and description in the SVG, and the table a key away.

Plotly draws a chart as unlabelled SVG, which a screen reader skips or reads as noise. Each chart
the app shows carries, in `layout.meta.a11y`, its name, its one-sentence summary and a hint in
the interface language (`describe`); a constant script (`install`, once per page run) then:

- gives Plotly's main SVG `role="img"`, a `<title>` (the name) and a `<desc>` (the summary),
  and hides its second, hover-only SVG from assistive technology;
- makes the chart one Tab stop (`role="group"`, named by that title, described by the summary
  and the hint) and opens the chart's data table on Enter: the "Show the data as a table"
  expander under the chart is opened and focus moves to the table (a real HTML table, see
  app/charts.py: Streamlit's canvas grid has no rows a screen reader can read).

The script reads only `layout.meta.a11y` and the DOM; it changes no colour or layout. It
re-applies itself after every redraw (`plotly_afterplot`) and to charts added later (a
MutationObserver), so reruns and page changes keep it.

`sources_list(frame, _)` writes sources as an HTML list whose titles carry their own language
(`lang`, `dir="auto"`): an English title inside an Arabic page is read with an English voice.
"""

from __future__ import annotations

import html
import re

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from coopstats.export.pdf_document import title_language
from coopstats.figures.text import records

A11Y_SCRIPT = """<script>(() => {
const doc = window.parent.document;
const win = doc.defaultView;
if (win.__coopstatsChartText) return;
win.__coopstatsChartText = true;
const SVG = 'http://www.w3.org/2000/svg';
let counter = 0;

function previousHeading(node) {
    let found = '';
    for (const h of doc.querySelectorAll('h1, h2, h3')) {
        if (h.compareDocumentPosition(node) & Node.DOCUMENT_POSITION_FOLLOWING) {
            found = h.innerText.trim();
        }
    }
    return found;
}

function tableOf(gd) {
    const holder = gd.closest('[data-testid="stElementContainer"]') || gd;
    for (let next = holder.nextElementSibling; next; next = next.nextElementSibling) {
        if (next.querySelector('.js-plotly-plot')) return null;
        const details = next.querySelector('[data-testid="stExpander"] details');
        if (details) return details;
    }
    return null;
}

function openTable(gd) {
    const details = tableOf(gd);
    if (!details) return;
    if (!details.open) details.querySelector('summary').click();
    let tries = 0;
    const focusTable = () => {
        // Focus only lands once the opened expander has laid the table out: the table is
        // drawn by the rerun that opening it asks for (app/charts.py), so wait up to 10 s.
        const table = details.open && details.querySelector('table');
        if (table && table.getClientRects().length) {
            table.tabIndex = -1;
            table.focus();
            if (doc.activeElement === table) return;
        }
        if (++tries < 200) win.setTimeout(focusTable, 50);
        else details.querySelector('summary').focus();
    };
    focusTable();
}

function describe(gd) {
    const meta = gd.layout && gd.layout.meta && gd.layout.meta.a11y;
    const svg = gd.querySelector('svg.main-svg');
    if (!meta || !svg) return;
    if (!gd.dataset.chartText) gd.dataset.chartText = 'chart-' + (++counter);
    const id = gd.dataset.chartText;
    const name = meta.title || previousHeading(gd) || meta.description;
    let title = svg.querySelector(':scope > title');
    if (!title) { title = doc.createElementNS(SVG, 'title'); svg.prepend(title); }
    title.id = id + '-title';
    // Written only when it changes: writing text is a mutation the observer below sees, and an
    // unconditional write would have the page rescan itself on every animation frame.
    if (title.textContent !== name) title.textContent = name;
    let desc = svg.querySelector(':scope > desc');
    if (!desc) { desc = doc.createElementNS(SVG, 'desc'); title.after(desc); }
    desc.id = id + '-desc';
    const description = meta.description || '';
    if (desc.textContent !== description) desc.textContent = description;
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-labelledby', title.id);
    svg.setAttribute('aria-describedby', desc.id);
    gd.querySelectorAll('svg.main-svg').forEach((other, i) => {
        if (i > 0) other.setAttribute('aria-hidden', 'true');
    });
    gd.setAttribute('role', 'group');
    gd.setAttribute('aria-labelledby', title.id);
    gd.setAttribute('aria-describedby', desc.id);
    if (tableOf(gd)) {
        gd.tabIndex = 0;
        gd.setAttribute('aria-keyshortcuts', 'Enter');
        gd.setAttribute('aria-description', meta.hint || '');
    }
    if (!gd.__chartTextBound) {
        gd.__chartTextBound = true;
        if (gd.on) gd.on('plotly_afterplot', () => describe(gd));
        gd.addEventListener('keydown', (event) => {
            if (event.target === gd && event.key === 'Enter') {
                event.preventDefault();
                openTable(gd);
            }
        });
    }
}

function scan() { doc.querySelectorAll('.js-plotly-plot').forEach(describe); }
// One scan per frame, however many times the page changed in it: while a page is drawn its
// elements arrive in many tasks of one frame, each of which the observer reports.
let scanning = false;
function scanOnce() {
    scanning = false;
    scan();
}
new win.MutationObserver(() => {
    if (scanning) return;
    scanning = true;
    win.requestAnimationFrame(scanOnce);
}).observe(doc.body, {childList: true, subtree: true});
scan();
})();</script>"""


def describe(fig: go.Figure, *, summary: str, hint: str, title: str = "") -> go.Figure:
    """`fig` (in place, and returned) carrying its text alternative in `layout.meta.a11y`.

    `title` names the chart (default: its layout title, else the heading above it on the page);
    `summary` is its one-sentence summary; `hint` tells how to reach its table.
    """
    meta = fig.layout.meta if isinstance(fig.layout.meta, dict) else {}
    name = title or (fig.layout.title.text or "")
    fig.update_layout(meta={**meta, "a11y": {"title": name, "description": summary, "hint": hint}})
    return fig


def install() -> None:
    """Add the chart-text script to the page (it installs itself once per browser tab)."""
    with st.sidebar:
        st.html(A11Y_SCRIPT, unsafe_allow_javascript=True)


_LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*")


def sources_list(frame: pd.DataFrame, _) -> str:
    """The sources (publisher, title, url, language, accessed_date) as an HTML list.

    Every value is escaped; a title carries `lang` (when its code is well formed) and
    `dir="auto"`; only http(s) addresses become links.
    """
    items = []
    # The five columns read as lists: itertuples walks every column of Arrow text value by
    # value, most of the Data page's run with thousands of sources cited.
    read = [c for c in ("publisher", "title", "url", "language", "accessed_date") if c in frame]
    for row in records(frame, read):
        code = title_language(row.title, getattr(row, "language", ""))
        lang = f' lang="{code}"' if _LANGUAGE_CODE.fullmatch(code) else ""
        title = f'<cite{lang} dir="auto">{html.escape(str(row.title))}</cite>'
        url = str(row.url or "")
        link = (f' · <a href="{html.escape(url)}" dir="ltr">{html.escape(url)}</a>'
                if url.startswith(("https://", "http://")) else "")  # fmt: skip
        accessed = _("accessed {date}").format(date=html.escape(str(row.accessed_date)))
        items.append(f"<li>{html.escape(str(row.publisher))}: {title}{link} ({accessed})</li>")
    return f"<ul>{''.join(items)}</ul>"
