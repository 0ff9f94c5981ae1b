"""The dataset as a notebook user and the app see it: loaded tables, name indexes, aggregations.

    >>> from coopstats import load_dataset, Filters
    >>> ds = load_dataset()
    >>> ds.event_summary(Filters(series=("gpscfl",)))

`queries`: the Dataset and its questions; `loading`: load_dataset, from a folder or the store;
`exports`: the aggregations that can be exported by name.
"""

from coopstats.dataset.exports import AGGREGATIONS
from coopstats.dataset.loading import load_dataset
from coopstats.dataset.queries import Dataset

__all__ = ["AGGREGATIONS", "Dataset", "load_dataset"]
