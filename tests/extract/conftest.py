import pytest

from coopstats.extract import Extractor


@pytest.fixture(scope="session")
def extractor(ds) -> Extractor:
    """The extractor over the bundled dataset, built once per test process."""
    return Extractor.build(ds)


@pytest.fixture(scope="session")
def read(extractor):
    """The first record of a text's draft."""

    def read(text: str, **kwargs) -> dict:
        return extractor.draft(text, **kwargs)["records"][0]

    return read
