import pytest

from coopstats import load_dataset
from coopstats.extract import Extractor


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    return Extractor.build(load_dataset())


@pytest.fixture(scope="session")
def read(extractor):
    """The first record of a text's draft."""

    def read(text: str, **kwargs) -> dict:
        return extractor.draft(text, **kwargs)["records"][0]

    return read
