"""The Organisations page's charts: which organisation is named in which year, and how often."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from coopstats.aggregate import Filters
from coopstats.charts import labels
from coopstats.charts.chart import Chart, ChartOptions, nothing, source_ids
from coopstats.dataset import Dataset
from coopstats.errors import DataError, Problem
from coopstats.figures import captions, theme
from coopstats.figures.organisations import organisation_editions_bar, organisation_matrix
from coopstats.i18n import translator
from coopstats.schema import ORGANISATION_TYPES


@dataclass(frozen=True)
class _Common:
    """What both charts of the page share: the organisations, their names and the page's words."""

    orgs: pd.DataFrame
    names: dict[str, str]
    type_labels: dict[str, str]
    shared: dict[str, object]

    @property
    def fields(self) -> dict[str, object]:
        """The Chart fields both charts take, each chart with its own table and parameters
        (what is made once is shared by every later run with the same choices)."""
        return {**self.shared, "table": self.shared["table"].copy(deep=False),  # type: ignore[attr-defined]
                "page_params": dict(self.shared["page_params"])}  # type: ignore[call-overload]  # fmt: skip


def _common(ds: Dataset, filters: Filters, lang: str, options: ChartOptions) -> _Common:
    """What both charts share, made once per filter change, language and types: the page
    draws both on every run."""
    frames = (ds.tables.events, ds.tables.participations, ds.tables.organisations)
    key = ("organisations", filters, lang, options.org_types)
    return ds.memo.charts.get_or_make(frames, lambda: _made_common(ds, filters, lang, options), key)


def _made_common(ds: Dataset, filters: Filters, lang: str, options: ChartOptions) -> _Common:
    _ = translator(lang)
    unknown = [t for t in options.org_types if t not in ORGANISATION_TYPES]
    if unknown:
        raise DataError([Problem("unknown organisation type", column="org_types", value=t,
                                 expected="one of " + ", ".join(ORGANISATION_TYPES))
                         for t in unknown])  # fmt: skip
    orgs = ds.organisations_by_type(filters, options.org_types)
    if orgs.empty:
        raise nothing(_("international organisations"))
    names = {o: ds.organisations.acronym(o) or ds.participant_name(o, lang) for o in orgs["org_id"]}
    type_labels = labels.organisation_types(_)
    columns = {"acronym": _("Acronym"), "name": _("Name"), "org_type": _("Type"),
               "editions": _("Editions"), "events": _("Events"), "first_year": _("First year"),
               "last_year": _("Last year"), "series_ids": _("Series"), "roles": _("Roles"),
               "by_video": _("By video at least once")}  # fmt: skip
    table = orgs.assign(
        name=[ds.participant_name(o, lang) for o in orgs["org_id"]],
        org_type=orgs["org_type"].map(type_labels),
        roles=orgs["roles"].map(lambda r: labels.role_list(r, _, lang)),
    )[list(columns)].rename(columns=columns)
    named = ds.organisation_rows(filters)
    cited = named.loc[named["org_id"].isin(orgs["org_id"]).to_numpy(), "source_id"]
    chosen = options.org_types
    fields = {
        "summary": captions.organisation_types_sentence(orgs, names, _),
        "table": table,
        "source_ids": source_ids(cited),
        "page": "organisations",
        "page_params": {"orgtype": tuple(chosen)} if chosen else {},
        "choices": (", ".join(type_labels[t] for t in chosen),) if chosen else (),
    }
    return _Common(orgs, names, type_labels, fields)


def organisations_by_year(ds: Dataset, filters: Filters, lang: str, options: ChartOptions) -> Chart:
    """Organisations page: which organisation is named in which year, by type."""
    _ = translator(lang)
    common = _common(ds, filters, lang, options)
    years = ds.organisation_years(filters, options.org_types)
    fig = organisation_matrix(
        years,
        names=common.names,
        type_labels=common.type_labels,
        colors=theme.ORGANISATION_TYPE_COLORS,
        series_names=dict(ds.series_names),
        role_labels=labels.roles(_),
        labels={"year": _("Year"), "editions": _("Editions that year"), "series": _("Series"),
                "roles": _("Roles"), "type": _("Type"), "by_video": _("By video (open marker)")},
    )  # fmt: skip
    return Chart(name="organisations", figure=fig, title=_("International organisations by year"),
                 **common.fields)  # type: ignore[arg-type]  # fmt: skip


def organisations_bar(ds: Dataset, filters: Filters, lang: str, options: ChartOptions) -> Chart:
    """Organisations page, second tab: editions attended per organisation."""
    _ = translator(lang)
    common = _common(ds, filters, lang, options)
    fig = organisation_editions_bar(
        common.orgs,
        names=common.names,
        type_labels=common.type_labels,
        colors=theme.ORGANISATION_TYPE_COLORS,
        labels={"editions": _("Editions attended"), "type": _("Type"),
                "by_video": _("By video at least once"), "yes": _("yes"), "no": _("no")},
    )  # fmt: skip
    return Chart(name="organisations-bar", figure=fig, title=_("Editions per organisation"),
                 **common.fields)  # type: ignore[arg-type]  # fmt: skip
