"""The marked text is built from escaped text and fixed tags only."""

from coopstats.app.highlight import direction, marked_text

HOSTILE = (
    "<script>alert(1)</script> <img src=x onerror=alert(2)> **bold** "
    '[link](javascript:alert(3)) $math$ :material/home: & "quoted"'
)


def test_hostile_text_and_labels_are_escaped_not_interpreted():
    html = marked_text([(HOSTILE, None), ("50 pays", "<b>countries</b> 50")], lang="fr",
                       label_lang="en")  # fmt: skip
    assert "<script" not in html and "<img" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(2)&gt;" in html
    # No Markdown or LaTeX processing reaches these: st.html shows them as they are.
    for literal in ("**bold**", "[link](javascript:alert(3))", "$math$", ":material/home:"):
        assert literal in html
    assert "&quot;quoted&quot;" in html and "&amp;" in html
    assert "<mark " in html and "[&lt;b&gt;countries&lt;/b&gt; 50]" in html


def test_the_pieces_are_kept_in_order_and_whole():
    html = marked_text([("Plus de ", None), ("2.000 délégués", "participants >2000"),
                        (" à Marrakech.", None)], lang="fr", label_lang="fr")  # fmt: skip
    assert html.index("Plus de") < html.index("2.000 délégués") < html.index("à Marrakech")
    assert html.count("<mark ") == 1 and "[participants &gt;2000]" in html


def test_arabic_is_marked_right_to_left_with_its_language():
    html = marked_text([("أكثر من 240 شخص", "participants >240")], lang="ar", label_lang="en")
    assert html.startswith('<div lang="ar" dir="rtl"')
    assert '<bdi lang="en"' in html
    assert direction("zh") == "ltr" and direction("ar") == "rtl"


def test_the_mark_is_legible():
    from coopstats.figures.legibility import contrast_ratio
    from coopstats.figures.theme import EVIDENCE_MARK, TEXT

    assert contrast_ratio(TEXT, EVIDENCE_MARK) >= 7  # WCAG AAA for body text
