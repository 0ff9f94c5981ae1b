"""The Dataset: loaded tables, the indexes that name their participants, and every question
the pages, exports and command line ask of them, each answered by an aggregation.

Every method returns a new tidy frame; the grain is stated by the aggregation it calls.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from coopstats import aggregate as agg
from coopstats.aggregate import Filters
from coopstats.aggregate import comparison as comparison_agg
from coopstats.aggregate import memberships as membership_agg
from coopstats.aggregate import organisations as org_agg
from coopstats.aggregate import profile as profile_agg
from coopstats.aggregate import sources as source_agg
from coopstats.aggregate import timeline as timeline_agg
from coopstats.aggregate import todo as todo_agg
from coopstats.aggregate.codes import member, narrow_codes, plain_frame
from coopstats.aggregate.events import event_row
from coopstats.aggregate.events import host_cities as host_cities_of
from coopstats.aggregate.filters import events_kept
from coopstats.aggregate.memo import Memos
from coopstats.countries import CountryIndex
from coopstats.load import Tables
from coopstats.organisations import OrganisationIndex
from coopstats.schema import ROLES
from coopstats.translations import localise_tables


@dataclass(frozen=True)
class Dataset:
    """Validated tables with the indexes that name their participants, and the answers it
    remembers (`memo`: made once per table, or once per filter change; see aggregate.memo).

    A dataset made with `replace` shares its memos: they are keyed by the very frames they
    were made from, so a localised dataset reuses the codes of the same participations.
    """

    tables: Tables
    countries: CountryIndex
    organisations: OrganisationIndex
    version: str
    memo: Memos = field(default_factory=Memos, compare=False, repr=False)
    # When the data last changed: the time of the store's changeset ("2026-11-30 09:40 UTC");
    # "" for a data folder, whose content-hash version is all that is known.
    changed: str = field(default="", compare=False)

    # -- selections -------------------------------------------------------------------------

    def events(self, filters: Filters = Filters()) -> pd.DataFrame:
        """The selected events (grain: one row per event), sorted by start date."""
        return self._remembered(
            "events",
            filters,
            lambda: agg.select_events(self.tables.events, filters, memo=self.memo).reset_index(
                drop=True
            ),
        )

    def _remembered(self, name: str, key: object, make: Callable[[], pd.DataFrame]):
        """make(), remembered for this dataset's tables under (name, key); a copy is returned.

        One filter change asks several queries of the same intermediate answers (the events,
        each participant's history); each is made once per change, not once per query.
        """
        frames = (self.tables.events, self.tables.participations, self.tables.figures)
        return self.memo.answers.get_or_make(frames, make, (name, key)).copy()

    def participations(self, filters: Filters = Filters()) -> pd.DataFrame:
        """The selected named participations (grain: event x participant x role).

        Text columns are categoricals (see aggregate.select_participations).
        """
        return agg.select_participations(
            self.tables.participations,
            self.tables.events,
            self.tables.countries,
            filters,
            memo=self.memo,
        )

    def editions(self, filters: Filters = Filters()) -> pd.DataFrame:
        """The selected editions only (grain: one row per edition)."""
        events = self.events(filters.with_(kinds=("edition",)))
        return events.reset_index(drop=True)

    # -- per event ----------------------------------------------------------------------------

    def event_summary(self, filters: Filters = Filters()) -> pd.DataFrame:
        """Reported figures beside named participants for each selected event."""
        return self._per_event(
            "event_summary",
            filters,
            lambda f: agg.event_summary(
                self.events(f), self.tables.figures, self.participations(f), memo=self.memo
            ),
        )

    def _per_event(
        self, name: str, filters: Filters, compute: Callable[[Filters], pd.DataFrame]
    ) -> pd.DataFrame:
        """The rows, for the selected events, of an answer with one or more rows per event.

        Such an answer (event_summary, edition_timeline) depends on the event filters only
        through which events it has rows for; the participant filters and the kinds decide
        the rows themselves (an edition's named count folds in its selected sub-forums). So
        it is computed once for every event under the same kinds and participant filters,
        and a change of years or series picks rows: a few milliseconds, not a recount. When
        the selection holds an edition without all of its sub-events of the selected kinds
        (a sub-forum held in another year than its edition), the answer is computed afresh.
        """
        events = self.events(filters)
        wide = filters.with_(years=None, series=(), events=())
        if filters != wide and not _closed(self.tables.events, filters, memo=self.memo):
            return compute(filters)
        frames = (self.tables.events, self.tables.figures, self.tables.participations)
        whole = self.memo.per_event.get_or_make(frames, lambda: compute(wide), (name, wide))
        if filters == wide:
            return whole.copy()
        keep = member(whole["event_id"], events["event_id"]).to_numpy()
        return whole[keep].reset_index(drop=True)

    def _made_per_event(self, name: str, filters: Filters) -> pd.DataFrame | None:
        """The answer `_per_event` remembers for every event under the kinds and participant
        filters of `filters`, when it was made already (None otherwise); read-only."""
        wide = filters.with_(years=None, series=(), events=())
        frames = (self.tables.events, self.tables.figures, self.tables.participations)
        return self.memo.per_event.get(frames, (name, wide))

    def figures_of(self, event_id: str) -> pd.DataFrame:
        """Every figure reported for one event, with its source (grain: one row per figure)."""
        self.event(event_id)
        figures = self.tables.figures[self.tables.figures["event_id"] == event_id]
        return source_agg.figures_with_sources(figures, self.tables.sources)

    def named_of(self, event_id: str, lang: str = "en") -> pd.DataFrame:
        """Who is named at one event (grain: participant x role), with display names."""
        self.event(event_id)
        rows = self.tables.participations[self.tables.participations["event_id"] == event_id]
        out = rows.assign(name=[self.participant_name(p, lang) for p in rows["participant_id"]])
        return out.sort_values(["participant_type", "name", "role"], kind="stable").reset_index(
            drop=True
        )

    def event(self, event_id: str) -> pd.Series:
        """One event's row; a DataError with suggestions when the id is unknown."""
        return event_row(self.tables.events, event_id)

    # -- per participant, series and edition -------------------------------------------------

    def participant_history(self, filters: Filters = Filters()) -> pd.DataFrame:
        return self._remembered(
            "participant_history",
            filters,
            lambda: agg.participant_history(self.participations(filters)),
        )

    def country_map(self, filters: Filters = Filters(), lang: str = "en") -> pd.DataFrame:
        """What the world map draws: one row per country or territory named in the selection.

        Columns: participant_history's, plus name (display name in `lang`), has_polygon, lat,
        lon, region, sub_region and role_group (the top role, as an ordered categorical).
        """
        history = self.participant_history(filters)
        rows = history[history["participant_type"].isin(["country", "territory"])]
        reference = self.tables.countries[
            ["iso3", "has_polygon", "lat", "lon", "region", "sub_region"]
        ]
        out = rows.merge(reference, on="iso3", how="left", validate="one_to_one")
        out["name"] = [self.countries.display_name(code, lang) for code in out["iso3"]]
        out["role_group"] = pd.Categorical(out["top_role"], categories=list(ROLES), ordered=True)
        return out.reset_index(drop=True)

    def editions_by_year(self, filters: Filters = Filters()) -> pd.DataFrame:
        return agg.editions_by_year(self.participations(filters))

    def co_attendees(self, filters: Filters, participant_id: str) -> pd.DataFrame:
        return agg.co_attendees(self.participations(filters), participant_id)

    def participants_per_region(self, filters: Filters = Filters()) -> pd.DataFrame:
        return agg.participants_per_region(self.participations(filters))

    def organisation_participation(self, filters: Filters = Filters()) -> pd.DataFrame:
        # From the participant histories when this filter change made them already (the map
        # asks both); otherwise from the organisations' rows alone (a seventh of the selection).
        frames = (self.tables.events, self.tables.participations, self.tables.figures)
        made = self.memo.answers.get(frames, ("participant_history", filters))
        if made is not None:
            return agg.organisation_participation(
                self.participations(filters), self.tables.organisations, history=made
            )
        return agg.organisation_participation(
            self.organisation_rows(filters), self.tables.organisations
        )

    def organisation_rows(self, filters: Filters) -> pd.DataFrame:
        """The selected participations that name an organisation, made once per filter
        change: the Organisations page's two queries and its sources all start from them.

        Selected as such (participant types narrowed to organisations), not picked out of
        every selected row: a seventh of the rows is all the selection makes.
        """
        types = filters.participant_types
        narrowed = (
            filters.with_(participant_types=("organisation",))
            if not types or "organisation" in types
            else filters
        )
        return self._remembered(
            "organisation_rows",
            narrowed,
            lambda: org_agg.organisation_rows(self.participations(narrowed)),
        )

    def series_overview(self, filters: Filters = Filters()) -> pd.DataFrame:
        events = self.events(filters)
        summary = self.event_summary(filters)
        out = agg.series_overview(events, summary)
        return out.merge(self.tables.series[["series_id", "name", "short_name"]], on="series_id")

    def cumulative_participants(self, filters: Filters = Filters()) -> pd.DataFrame:
        return agg.cumulative_participants(self.participations(filters), self.editions(filters))

    # A comparison of a few editions reads their rows only (see _at_editions).

    def participant_changes(self, filters: Filters, edition_ids: list[str]) -> pd.DataFrame:
        at = _at_editions(filters, edition_ids)
        return agg.participant_changes(self.participations(at), edition_ids)

    def presence_matrix(self, filters: Filters, edition_ids: list[str]) -> pd.DataFrame:
        at = _at_editions(filters, edition_ids)
        return agg.presence_matrix(self.participations(at), edition_ids)

    def overlap_matrix(self, filters: Filters, edition_ids: list[str]) -> pd.DataFrame:
        at = _at_editions(filters, edition_ids)
        return agg.overlap_matrix(self.participations(at), edition_ids)

    # -- names ------------------------------------------------------------------------------

    @functools.cached_property
    def series_names(self) -> dict[str, str]:
        """series_id -> short name, made once (pages ask it once per row of a table)."""
        series = self.tables.series
        return dict(zip(series["series_id"], series["short_name"].astype(str), strict=True))

    def localised(self, lang: str) -> Dataset:
        """The dataset with series names, event titles and cities in `lang` where known.

        English where no name is known (see coopstats.translations). Ids, codes and every
        number are the same; the version gains the language, so cached answers stay apart.
        """
        if lang == "en":
            return self
        return replace(self, tables=localise_tables(self.tables, lang),
                       version=f"{self.version}-{lang}")  # fmt: skip

    def participant_name(self, participant_id: str, lang: str = "en") -> str:
        """Display name of a country, territory or organisation id in one of the six languages."""
        if self.countries.is_known(participant_id):
            return self.countries.display_name(participant_id, lang)
        return self.organisations.display_name(participant_id, lang)

    def sources_of(self, source_ids: pd.Series | list[str]) -> pd.DataFrame:
        """The sources behind some rows (grain: one row per source), sorted by publisher."""
        return source_agg.sources_of(self.tables.sources, source_ids)

    # -- organisations, country profile and data pages ---------------------------------------
    # Grains are stated by the aggregations in aggregate/organisations.py and aggregate/profile.py.

    def organisations_by_type(
        self, filters: Filters = Filters(), org_types: tuple[str, ...] = ()
    ) -> pd.DataFrame:
        """organisation_participation of some organisation types (all when empty), grouped by type."""
        return org_agg.of_org_types(self.organisation_participation(filters), org_types)

    def organisation_years(
        self, filters: Filters = Filters(), org_types: tuple[str, ...] = ()
    ) -> pd.DataFrame:
        return org_agg.organisation_years(
            self.organisation_rows(filters), self.tables.organisations, org_types
        )

    def participant_names(self, filters: Filters = Filters(), lang: str = "en") -> pd.DataFrame:
        """Participants named in the selection (grain: one row per participant_id).

        Columns: participant_id, participant_type, name (in `lang`); sorted by name, then id.
        """
        rows = self.participations(filters)[["participant_id", "participant_type"]]
        out = plain_frame(rows.drop_duplicates("participant_id").reset_index(drop=True))
        names = [self.participant_name(p, lang) for p in out["participant_id"]]
        out["name"] = pd.Series(names, index=out.index, dtype="str")
        out = out.assign(_key=out["name"].str.casefold())
        out = out.sort_values(["_key", "participant_id"], kind="stable").drop(columns="_key")
        return out.reset_index(drop=True)

    def participant_record(self, filters: Filters, participant_id: str) -> pd.DataFrame:
        """One participant's row of participant_history (none when it is not named)."""
        return agg.participant_record(self.participations(filters), participant_id)

    def participant_events(self, filters: Filters, participant_id: str) -> pd.DataFrame:
        return profile_agg.participant_events(
            self.participations(filters), self.tables.events, self.tables.sources, participant_id
        )

    def participant_editions(self, filters: Filters, participant_id: str) -> pd.DataFrame:
        return profile_agg.participant_editions(self.participations(filters), participant_id)

    def sources_used(self, filters: Filters = Filters()) -> pd.DataFrame:
        """Every source behind the selected events, their figures and their named participations.

        Grain: one row per source (the sources table's columns), sorted by publisher.
        """
        t = self.tables
        # The participations' one column it reads, not a selection of every column.
        cited = agg.selected_values(t.participations, t.events, t.countries, filters,
                                    "source_id", memo=self.memo)  # fmt: skip
        return source_agg.sources_cited(self.events(filters), t.figures, cited, t.sources)

    # -- timeline and compare pages (aggregate/timeline.py, aggregate/comparison.py) -----------

    def edition_timeline(
        self, filters: Filters = Filters(), measures: tuple[str, ...] = timeline_agg.MEASURES
    ) -> pd.DataFrame:
        """Reported figure and named count per selected event and measure, on a date axis."""
        return self._per_event(
            f"edition_timeline {measures}",
            filters,
            lambda f: timeline_agg.edition_timeline(
                self.events(f),
                self.tables.figures,
                self.participations(f),
                self.tables.series,
                measures,
                memo=self.memo,
            ),
        )

    def cumulative_timeline(self, filters: Filters = Filters()) -> pd.DataFrame:
        """Named per edition and running distinct total per series, with titles and dates."""
        return timeline_agg.cumulative_timeline(
            self.participations(filters), self.editions(filters), self.tables.series
        )

    def comparison_choices(self, filters: Filters = Filters()) -> pd.DataFrame:
        """The selected editions with short labels and a default pair to compare."""
        # Asked by the Compare page and again by each comparison of the same filter change.
        return self._remembered(
            "comparison_choices",
            filters,
            lambda: comparison_agg.comparison_choices(
                self.editions(filters), self.tables.series, filters.series
            ),
        )

    def edition_comparison(self, filters: Filters, edition_ids: list[str]) -> pd.DataFrame:
        """Reported figures and named counts of some editions side by side, in the order given."""
        # The compared editions' timeline rows are picked from the timeline of every event
        # when this filter change (or one with the same kinds and participant filters) made
        # it already, as the Compare page's sources do; else made for those editions alone
        # (the whole timeline of 10^6 rows is half a second). Their named counts are counted
        # from their own participations.
        at = _at_editions(filters, edition_ids)
        if self._made_per_event(f"edition_timeline {timeline_agg.MEASURES}", filters) is None:
            timeline = timeline_agg.edition_timeline(
                self.events(at), self.tables.figures, self.participations(at),
                self.tables.series, memo=self.memo,
            )  # fmt: skip
        else:
            timeline = self.edition_timeline(at)
        return comparison_agg.edition_comparison(
            timeline, self.participations(at), self.comparison_choices(filters),
            list(edition_ids),
        )  # fmt: skip

    def comparison_sources(self, filters: Filters, edition_ids: list[str]) -> pd.DataFrame:
        """What the charts comparing some editions cite: the source of every named
        participation at them (sub-forums and side meetings folded in) and the sources of
        their events' timeline rows (reported and announced figures).

        Grain: one row per distinct value cited. Column source_ids: one source id, or a
        ";"-joined list as the timeline writes it; sorted. The four charts of a comparison
        ask the same answer (made once per change, not once per chart).
        """
        ids = list(edition_ids)
        at = _at_editions(filters, ids)
        named = self.participations(at)
        codes, uniques = narrow_codes(
            named["source_id"][member(named["edition_id"], ids).to_numpy()]
        )
        used = np.zeros(len(uniques) + 1, dtype=bool)
        used[codes] = True  # -1 (missing) marks the last slot, left out below
        timeline = self.edition_timeline(at)
        listed = timeline["source_ids"][member(timeline["edition_id"], ids).to_numpy()]
        values = {str(v) for v in uniques[used[:-1]]} | {str(v) for v in listed.dropna()}
        return pd.DataFrame({"source_ids": pd.Series(sorted(values), dtype="str")})

    # -- research to-do list (aggregate/todo.py) ----------------------------------------------

    def research_todo(self, filters: Filters = Filters()) -> pd.DataFrame:
        """What each selected event still misses (grain and columns: aggregate.todo.research_todo)."""
        t = self.tables
        return todo_agg.research_todo(
            self.events(filters), t.figures, t.participations, t.sources, t.cities, memo=self.memo
        )

    # -- world map: host cities ---------------------------------------------------------------

    def host_cities(self, filters: Filters = Filters()) -> pd.DataFrame:
        """Where the selected events were held (grain: one row per host city, key city + iso3;
        columns: aggregate.events.host_cities)."""
        return host_cities_of(self.events(filters), self.tables.cities)

    # -- memberships (never attendance) -------------------------------------------------------

    def membership_processes(self) -> list[str]:
        """The series that are membership-based processes (have rows in memberships.csv)."""
        return membership_agg.processes(self.tables.memberships)

    def membership_year(self, filters: Filters = Filters()) -> int:
        """The year whose end the membership measure describes: the end of the selected years."""
        if filters.years:
            return int(filters.years[1])
        return int(self.tables.events["year"].max())

    def membership_map(self, filters: Filters = Filters(), lang: str = "en") -> pd.DataFrame:
        """What the membership map draws: one row per country or territory in a selected process.

        Grain and columns: aggregate.memberships.processes_per_country's, as of the end of the
        selected years, for the selected series that have membership (all of them when none is
        selected), for the selected world regions and participant types; plus name (display
        name in `lang`), has_polygon, lat, lon, and member_of / observer_of as display names.
        The event kinds and role filters do not apply to memberships.
        """
        processes = self.membership_processes()
        chosen = tuple(s for s in filters.series if s in processes) if filters.series else ()
        out = membership_agg.countries_in_processes(
            self.tables.memberships, self.tables.countries, year=self.membership_year(filters),
            series=chosen or tuple(processes), regions=filters.regions,
            participant_types=filters.participant_types,
        )  # fmt: skip
        if filters.series and not chosen:
            out = out.iloc[:0]
        names = self.series_names
        return out.assign(
            name=[self.countries.display_name(code, lang) for code in out["iso3"]],
            member_of=[_named(ids, names) for ids in out["member_of"]],
            observer_of=[_named(ids, names) for ids in out["observer_of"]],
        )

    def membership_participants(self) -> list[str]:
        """Every country, territory or organisation with a membership (iso3 or org_id), sorted."""
        return membership_agg.participants(self.tables.memberships)

    def memberships_of(self, participant_id: str) -> pd.DataFrame:
        """Every membership of one country or organisation (see aggregate.memberships)."""
        return membership_agg.memberships_of(self.tables.memberships, participant_id)

    def members_per_process(self, year: int | None = None) -> pd.DataFrame:
        """Members and observers entered per process (see aggregate.memberships)."""
        return membership_agg.members_per_process(self.tables.memberships, year=year)


def _at_editions(filters: Filters, edition_ids: list[str]) -> Filters:
    """`filters` narrowed to some editions and their sub-forums and side meetings (as the
    events filter selects them): the rows a question about a few editions reads, a few
    hundred, where the whole selection holds every selected event's (10^5 and more).

    Unchanged when the filters choose events already: the questions pick their editions'
    rows from that selection themselves.
    """
    return filters if filters.events else filters.with_(events=tuple(sorted(set(edition_ids))))


def _named(ids: str, names: dict[str, str]) -> str:
    return ", ".join(names.get(i, i) for i in ids.split(", ") if i)


def _closed(events: pd.DataFrame, filters: Filters, *, memo: Memos | None = None) -> bool:
    """Whether every edition the filters select comes with all of its events of the selected
    kinds (see Dataset._per_event).

    Worked on the events table's own rows: which rows pass the filters, and each row's
    edition as a position in the table (made once per table with `memo`), not by matching ids.
    """
    parent = (
        _edition_rows(events)
        if memo is None
        else memo.encodings.get_or_make((events,), lambda: _edition_rows(events), "edition_rows")
    )
    kept = events_kept(events, filters, memo=memo)
    chosen_edition = np.append(kept & (events["kind"] == "edition").to_numpy(dtype=bool), False)
    in_kinds = events["kind"].isin(filters.kinds).to_numpy(dtype=bool)
    return not bool((chosen_edition[parent] & in_kinds & ~kept).any())


def _edition_rows(events: pd.DataFrame) -> np.ndarray:
    """Each event's edition as a row position in `events` (-1: none known)."""
    return pd.Index(events["event_id"]).get_indexer(events["edition_id"])
