"""coopstats: who took part in which international forum, and how many came.

The Python API: `load_dataset()` returns a `Dataset` whose aggregations take `Filters`.
Imports are lazy so that `import coopstats` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"
__all__ = ["DataError", "Dataset", "Filters", "load_dataset"]

if TYPE_CHECKING:
    from coopstats.aggregate import Filters
    from coopstats.dataset import Dataset, load_dataset
    from coopstats.errors import DataError


def __getattr__(name: str) -> object:
    if name in ("Dataset", "load_dataset"):
        from coopstats import dataset

        return getattr(dataset, name)
    if name == "Filters":
        from coopstats.aggregate import Filters

        return Filters
    if name == "DataError":
        from coopstats.errors import DataError

        return DataError
    raise AttributeError(name)
