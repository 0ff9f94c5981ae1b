"""Text alternatives: a chart's name and summary in its layout, sources marked with their language."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from coopstats.app.alternatives import describe, sources_list


def test_describe_keeps_other_meta_and_takes_the_layout_title() -> None:
    fig = go.Figure(layout={"title": {"text": "Carte"}, "meta": {"other": 1}})
    describe(fig, summary="Résumé.", hint="Entrée : le tableau.")
    assert fig.layout.meta == {
        "other": 1,
        "a11y": {"title": "Carte", "description": "Résumé.", "hint": "Entrée : le tableau."},
    }
    describe(fig, summary="s", hint="", title="Autre")
    assert fig.layout.meta["a11y"]["title"] == "Autre"


def test_sources_list_marks_languages_and_escapes_everything() -> None:
    frame = pd.DataFrame(
        {
            "publisher": ["Org <b>", "Agence"],
            "title": ["A <script>x</script> report", "تقرير"],
            "url": ["javascript:alert(1)", "https://example.org/a?b=1&c=2"],
            "language": ["en", "not a code!"],
            "accessed_date": ["2026-01-01", "2026-02-02"],
        }
    )
    page = sources_list(frame, lambda s: s)
    assert '<cite lang="en" dir="auto">A &lt;script&gt;x&lt;/script&gt; report</cite>' in page
    assert '<cite dir="auto">تقرير</cite>' in page  # a malformed code is left out
    assert "javascript:" not in page and "<script>" not in page and "Org &lt;b&gt;" in page
    assert '<a href="https://example.org/a?b=1&amp;c=2" dir="ltr">' in page


def test_a_title_in_brackets_is_ours_and_english_whatever_the_source_language() -> None:
    frame = pd.DataFrame({"publisher": ["P"], "title": ["[Report of the forum]"],
                          "url": [""], "language": ["zh"], "accessed_date": ["2026"]})  # fmt: skip
    assert '<cite lang="en" dir="auto">[Report of the forum]</cite>' in sources_list(frame, str)
