"""The Country profile page's charts: one participant's editions, and who is named beside it."""

from __future__ import annotations

from dataclasses import dataclass

from coopstats.aggregate import Filters
from coopstats.charts import labels
from coopstats.charts.chart import Chart, ChartOptions, nothing, source_ids
from coopstats.dataset import Dataset
from coopstats.errors import DataError, Problem
from coopstats.figures import captions, theme
from coopstats.figures.profile import co_attendees_bar, participant_timeline
from coopstats.i18n import translator

TOP_CO_ATTENDEES = 15


@dataclass(frozen=True)
class Profile:
    """The participant a profile is about, and its row of the participant history."""

    participant: str
    name: str
    record: dict[str, object]
    default: bool


def default_participant(ds: Dataset) -> str:
    """The participant a profile opens on: the one named at the most editions."""
    return str(ds.participant_history(Filters())["participant_id"].iloc[0])


def profile_of(ds: Dataset, filters: Filters, lang: str, options: ChartOptions) -> Profile:
    """The participant of the options (or the default one) under the filters; DataError when
    unknown, or not named at any selected event."""
    _ = translator(lang)
    everyone = ds.participant_history(Filters())
    default = str(everyone["participant_id"].iloc[0])
    participant = options.participant or default
    if participant not in set(everyone["participant_id"]):
        raise DataError([Problem("unknown participant", column="participant", value=participant,
                                 expected="the id of a participant named in the data, such as CHN or iom",
                                 hint="find ids with `coopstats resolve NAME`")])  # fmt: skip
    name = ds.participant_name(participant, lang)
    row = ds.participant_record(filters, participant)
    if row.empty:
        raise DataError([Problem(captions.profile_sentence(name, None, _).rstrip("."),
                                 column="filters", hint="widen the years, or clear a filter")])  # fmt: skip
    return Profile(participant, name, row.iloc[0].to_dict(), participant == default)


def _fields(profile: Profile) -> dict[str, object]:
    return {
        "page": "country",
        "page_params": {} if profile.default else {"country": (profile.participant,)},
        "choices": (profile.name,),
    }


def profile_timeline(ds: Dataset, filters: Filters, lang: str, options: ChartOptions) -> Chart:
    """Country profile page: one participant's editions by series and year."""
    _ = translator(lang)
    profile = profile_of(ds, filters, lang, options)
    roles = labels.role_list(profile.record["roles"], _, lang)
    editions = ds.participant_editions(filters, profile.participant)
    events = ds.events(filters)
    series_names = {s: ds.series_names.get(s, s) for s in set(editions["series_id"].tolist())}
    fig = participant_timeline(
        editions,
        series_names=series_names,
        role_labels=labels.roles(_),
        colors=theme.ROLE_COLORS,
        edition_titles=dict(
            zip(events["event_id"].tolist(), events["title"].tolist(), strict=True)
        ),
        labels={"year": _("Year"), "series": _("Series"), "roles": _("Roles"),
                "events": _("Events named at (sub-forums included)"), "by_video": _("By video"),
                "video_marker": _("By video (open marker)"), "yes": _("yes"), "no": _("no")},
    )  # fmt: skip
    named = ds.participations(filters)
    cited = named.loc[named["participant_id"] == profile.participant, "source_id"]
    columns = {"year": _("Year"), "series_id": _("Series"), "edition_id": _("Edition"),
               "events": _("Events"), "roles": _("Roles"), "by_video": _("By video")}  # fmt: skip
    # Each distinct list of roles written once (a participant holds a handful of them).
    role_lists = {r: labels.role_list(r, _, lang) for r in set(editions["roles"].tolist())}
    table = editions.assign(
        series_id=editions["series_id"].map(series_names),
        roles=editions["roles"].map(role_lists),
    )
    return Chart(
        name="profile",
        figure=fig,
        title=_("{name}: editions by series and year").format(name=profile.name),
        summary=captions.profile_sentence(profile.name, {**profile.record, "roles": roles}, _),
        table=table[list(columns)].rename(columns=columns),
        source_ids=source_ids(cited),
        **_fields(profile),  # type: ignore[arg-type]
    )


def co_attendees(ds: Dataset, filters: Filters, lang: str, options: ChartOptions) -> Chart:
    """Country profile page: who is most often named at the same editions."""
    _ = translator(lang)
    profile = profile_of(ds, filters, lang, options)
    co = ds.co_attendees(filters, profile.participant)
    if co.empty:
        raise nothing(_("co-attendees"))
    top = co.head(TOP_CO_ATTENDEES)
    names = {p: ds.participant_name(p, lang) for p in top["participant_id"]}
    types = labels.participant_types(_)
    fig = co_attendees_bar(top, names=names, type_labels=types,
                           colors=theme.PARTICIPANT_TYPE_COLORS,
                           labels={"shared_editions": _("Editions in common")})  # fmt: skip
    named = ds.participations(filters)
    # The editions the participant is named at: the profile's own cached answer, not a scan.
    shared = ds.participant_editions(filters, profile.participant)["edition_id"]
    cited = named.loc[named["edition_id"].isin(shared), "source_id"]
    table = top.assign(name=[names[p] for p in top["participant_id"]],
                       participant_type=[types.get(t, t) for t in top["participant_type"]])  # fmt: skip
    columns = {"name": _("Name"), "participant_id": _("Code"), "participant_type": _("Type"),
               "shared_editions": _("Editions in common")}  # fmt: skip
    return Chart(
        name="co-attendees",
        figure=fig,
        title=_("Most often named at the same editions as {name}").format(name=profile.name),
        summary=captions.co_attendees_sentence(
            co, profile.name, names, int(profile.record["editions"]), _
        ),
        table=table[list(columns)].rename(columns=columns),
        source_ids=source_ids(cited),
        **_fields(profile),  # type: ignore[arg-type]
    )
