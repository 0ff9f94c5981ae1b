"""Press release to draft record: read a news item in any of the six languages and propose the
event, its figures and its named participants, each with the words it was read from.

    >>> from coopstats import load_dataset
    >>> from coopstats.extract import Extractor
    >>> extractor = Extractor.build(load_dataset())
    >>> draft = extractor.draft(text, published="2025-10-14")

Pure: no network and no model; the rules are data, one table per language (tables/*.toml).
What it reads and what it cannot do: docs/extraction.md.
"""

from coopstats.extract.display import as_text, evidence
from coopstats.extract.documents import read_upload, text_of
from coopstats.extract.extractor import Extractor
from coopstats.extract.rules import LANGUAGES

__all__ = ["LANGUAGES", "Extractor", "as_text", "evidence", "read_upload", "text_of"]
