"""A text with marked passages, as HTML built only from escaped text and fixed tags.

For `st.html` (no Markdown, no LaTeX, no emoji codes; Streamlit sanitises it and runs no script):
every character of the text and of the labels goes through `html.escape`, so a text holding
`<script>`, `**bold**` or `$x$` is shown as those characters. A marked passage is a `<mark>`
(dark text on light yellow, underlined) followed by its label in brackets, so the mark does not
rely on colour alone; the text keeps its language and direction (right to left for Arabic).
"""

from __future__ import annotations

import html

from coopstats.figures.theme import EVIDENCE_MARK, TEXT

RIGHT_TO_LEFT = {"ar", "fa", "he", "ur"}
# Its own text and background colours, so the contrast holds in light and dark themes alike.
_MARK = (
    f"background:{EVIDENCE_MARK};color:{TEXT};padding:0 .15em;border-radius:2px;"
    "text-decoration:underline;text-decoration-thickness:2px;text-underline-offset:3px"
)
_LABEL = "font-size:.8em;font-weight:600;white-space:nowrap"
_BOX = "white-space:pre-wrap;line-height:2;font-size:1rem;max-height:28rem;overflow-y:auto"


def direction(lang: str) -> str:
    """The direction a language is written in: "rtl" (Arabic...) or "ltr"."""
    return "rtl" if lang in RIGHT_TO_LEFT else "ltr"


def marked_text(pieces: list[tuple[str, str | None]], *, lang: str, label_lang: str) -> str:
    """The pieces (text, label or None) as one HTML block; labels are in `label_lang`."""
    tag_lang = html.escape(lang, quote=True)
    out = [f'<div lang="{tag_lang}" dir="{direction(lang)}" style="{_BOX}">']
    for text, label in pieces:
        if label is None:
            out.append(html.escape(text))
            continue
        # <bdi> keeps a left-to-right label from reordering the right-to-left text around it.
        out.append(
            f'<mark style="{_MARK}">{html.escape(text)}</mark>'
            f'<bdi lang="{html.escape(label_lang, quote=True)}" style="{_LABEL}">'
            f" [{html.escape(label)}]</bdi>"
        )
    out.append("</div>")
    return "".join(out)
