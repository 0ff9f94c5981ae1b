"""Text from data in Markdown-reading elements: escaped, so it shows literally."""

from __future__ import annotations

import pandas as pd

from coopstats.app.text import plain, plain_table


def test_plain_escapes_links_images_and_markup() -> None:
    for text in ("[IOM](http://example.org)", "![x](http://example.org/a.png)", "**bold**",
                 "<b>x</b>", "# heading"):  # fmt: skip
        escaped = plain(text)
        assert escaped != text
        assert escaped.replace("\\", "") == text


def test_a_table_for_st_table_escapes_text_and_keeps_numbers() -> None:
    frame = pd.DataFrame(
        {
            "Name": ["[IOM](http://example.org)", "Peru", None],
            "Editions": [3, 1, 2],
            "Share": [0.5, float("nan"), 1.0],
        }
    )
    frame = frame.rename(columns={"Name": "Name *"})
    table = plain_table(frame)
    assert list(table.columns) == ["Name \\*", "Editions", "Share"]
    assert (
        table.iloc[0, 0] == plain("[IOM](http://example.org)") == r"\[IOM\]\(http\://example\.org\)"
    )
    assert table.iloc[1, 0] == "Peru" and pd.isna(table.iloc[2, 0])
    assert (
        table["Editions"].tolist() == [3, 1, 2]
        and table["Editions"].dtype == frame["Editions"].dtype
    )
    assert table["Share"].isna().tolist() == [False, True, False]
    assert frame.iloc[0, 0] == "[IOM](http://example.org)"  # the chart's own table is untouched
