"""Text from data shown safely: never as HTML, never as Markdown that could make links or markup."""

from __future__ import annotations

import re

# Characters that Streamlit's Markdown would interpret (including ones that start HTML).
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=])")


def plain(text: object) -> str:
    """Escape a value from the data so that Markdown shows it literally."""
    if text is None:
        return ""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))
