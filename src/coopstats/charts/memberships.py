"""The Map page's membership measure (`/map?measure=membership`): who belongs to the
membership-based processes, never who came.

The series filter narrows the processes; series without membership are left out and named;
filters that do not apply to memberships say so.
"""

from __future__ import annotations

from coopstats import numbers
from coopstats.aggregate import Filters
from coopstats.charts import labels
from coopstats.charts.chart import Chart, ChartOptions, nothing, source_ids
from coopstats.dataset import Dataset
from coopstats.figures import theme
from coopstats.figures.membership_map import membership_map as draw_membership_map
from coopstats.i18n import translator
from coopstats.schema import EVENT_KINDS

MAP_HEIGHT = 440


def membership_notes(ds: Dataset, filters: Filters, lang: str) -> tuple[str, ...]:
    """What a reader of the membership map must know: not attendance, the series left out,
    the filters that do not apply. Shown beside the map even when it has nothing to draw."""
    _ = translator(lang)
    processes = ds.membership_processes()
    notes = [_("A membership is not attendance: members that never came to an edition are "
               "counted here, and this map never counts who came.")]  # fmt: skip
    left_out = [s for s in (filters.series or list(ds.series_names)) if s not in processes]
    if left_out:
        names = numbers.join([ds.series_names.get(s, s) for s in left_out], lang)
        notes.append(_("Left out, because they have no membership: {series}.").format(series=names))
    not_applying = []
    if filters.roles:
        not_applying.append(_("role"))
    if set(filters.kinds) != set(EVENT_KINDS):
        not_applying.append(_("sub-forums and side meetings"))
    if not_applying:
        notes.append(_("These filters do not apply to memberships: {filters}.").format(
            filters=numbers.join(not_applying, lang)))  # fmt: skip
    if filters.participant_types and set(filters.participant_types) == {"organisation"}:
        notes.append(_("Organisations that are members are listed in their profiles, not drawn."))
    return tuple(notes)


def membership_map(ds: Dataset, filters: Filters, lang: str, options: ChartOptions) -> Chart:
    """Map page, membership measure: countries by the number of processes they belong to."""
    _ = translator(lang)
    notes = list(membership_notes(ds, filters, lang))
    frame = ds.membership_map(filters, lang)
    if frame.empty:
        raise nothing(_("memberships"))
    processes = ds.membership_processes()
    chosen = [s for s in filters.series if s in processes] if filters.series else processes
    members = frame[frame["processes"] > 0]
    summary = _(
        "At the end of {year}, {countries} countries and territories belong to at least one of "
        "{processes} membership-based processes."
    ).format(year=numbers.year(ds.membership_year(filters), lang),
             countries=numbers.number(len(members), lang),
             processes=numbers.number(len(chosen), lang))  # fmt: skip
    undated = int(frame["undated"].sum())
    if undated:
        notes.append(_("{count} of them belong to a process whose source gives no start year: "
                       "they are counted from the earliest year known for that process.").format(
                           count=numbers.number(undated, lang)))  # fmt: skip
    words = {"colorbar": _("Processes belonged to"), "processes": _("Member of (number)"),
             "member_of": _("Member of"), "observer_of": _("Observer in")}  # fmt: skip
    figure = draw_membership_map(frame, labels=words, colors=theme.SEQUENTIAL)
    figure.update_layout(height=MAP_HEIGHT)
    table = frame[["name", "iso3", "processes", "member_of", "observer_of"]].rename(
        columns={"name": _("Country or territory"), "iso3": "ISO-3",
                 "processes": _("Member of (number)"), "member_of": _("Member of"),
                 "observer_of": _("Observer in")})  # fmt: skip
    memberships = ds.tables.memberships
    chosen_rows = memberships[memberships["series_id"].isin(chosen)]
    return Chart(
        name="membership-map",
        figure=figure,
        title=_("World map of memberships"),
        summary=summary,
        table=table,
        source_ids=source_ids(chosen_rows["source_id"]),
        page="map",
        is_map=True,
        page_params={"measure": (labels.MEMBERSHIP,)},
        choices=(f"{_('Colour by')}: {labels.map_measures(_)[labels.MEMBERSHIP]}",),
        notes=tuple(notes),
    )
