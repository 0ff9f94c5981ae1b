"""An exported SVG names and describes itself for screen readers."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from coopstats.export.images import svg_with_text

SVG = "{http://www.w3.org/2000/svg}"


def test_svg_gets_role_title_and_description_first() -> None:
    svg = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10"><g/></svg>'
    root = ET.fromstring(svg_with_text(svg, "Carte <du monde>", "Résumé & sources"))
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "coopstats-title coopstats-desc"
    title, desc = list(root)[:2]
    assert (title.tag, title.text, title.get("id")) == (f"{SVG}title", "Carte <du monde>",
                                                        "coopstats-title")  # fmt: skip
    assert (desc.tag, desc.text) == (f"{SVG}desc", "Résumé & sources")


def test_not_an_svg_is_refused() -> None:
    with pytest.raises(ValueError, match="not an SVG"):
        svg_with_text(b"<html></html>", "t", "d")
