"""Everything a reader can open a page for, found by any of its names in the six languages.

Countries and territories (CLDR, ISO and alias names), organisations (names, acronyms and
aliases), series (names.csv and series.csv) and events (titles) are matched on the same
normalised key as the resolvers (`countries.normalise`): case, accents, Arabic diacritics and
punctuation do not matter.
"""

from __future__ import annotations

import re

import pandas as pd

from coopstats.countries import CountryIndex, normalise
from coopstats.organisations import OrganisationIndex
from coopstats.translations import names_in_every_language

KINDS = ("country", "organisation", "series", "event")
_HAN = re.compile(r"[\u4e00-\u9fff]")
COLUMNS = ["kind", "target_id", "key"]


def name_keys(tables, countries: CountryIndex, organisations: OrganisationIndex) -> pd.DataFrame:
    """Every name key of every searchable thing.

    Grain: one row per (kind, target_id, key). Columns: kind (one of KINDS), target_id (iso3,
    org_id, series_id or event_id), key (a normalised name). Sorted by kind order, target_id,
    key.
    """
    parts = [
        pd.DataFrame({"kind": "country", "target_id": list(countries.keys.values()),
                      "key": list(countries.keys)}),
        pd.DataFrame({"kind": "organisation", "target_id": list(organisations.keys.values()),
                      "key": list(organisations.keys)}),
    ]  # fmt: skip
    named = names_in_every_language(tables)
    parts.append(pd.DataFrame({"kind": named["subject"], "target_id": named["subject_id"],
                               "key": [normalise(n) for n in named["name"]]}))  # fmt: skip
    out = pd.concat(parts, ignore_index=True).astype("str")
    out = out[out["key"] != ""].drop_duplicates()
    order = out["kind"].map({k: i for i, k in enumerate(KINDS)})
    out = out.assign(order=order).sort_values(["order", "target_id", "key"], kind="stable")
    return out[COLUMNS].reset_index(drop=True)


def find(keys: pd.DataFrame, text: str, limit: int = 10) -> pd.DataFrame:
    """The things whose names match `text`, best first.

    Grain: one row per (kind, target_id). Columns: kind, target_id, match (the matched key),
    rank (0: a name is the text; 1: a name starts with it; 2: a word of a name starts with it;
    3: a name contains it). Sorted by rank, kind order, then the length of the matched name;
    at most `limit` rows. Text shorter than two characters (one Chinese character is enough) finds nothing.
    """
    columns = ["kind", "target_id", "match", "rank"]
    query = normalise(text or "")
    if len(query) < 2 and not _HAN.search(query):
        return pd.DataFrame(
            {c: pd.Series(dtype="int64" if c == "rank" else "str") for c in columns}
        )
    key = keys["key"]
    rank = pd.Series(4, index=keys.index)
    rank[key.str.contains(query, regex=False)] = 3
    rank[key.str.contains(" " + query, regex=False)] = 2
    rank[key.str.startswith(query)] = 1
    rank[key == query] = 0
    hits = keys.assign(rank=rank, match=key, length=key.str.len())[rank < 4]
    hits = hits.assign(order=hits["kind"].map({k: i for i, k in enumerate(KINDS)}))
    hits = hits.sort_values(["rank", "order", "length", "target_id"], kind="stable")
    hits = hits.drop_duplicates(["kind", "target_id"]).head(limit)
    return hits[columns].astype({"rank": "int64"}).reset_index(drop=True)
