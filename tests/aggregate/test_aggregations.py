"""Aggregations on small inline frames with plainly fake events (series 'alpha' and 'beta')."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coopstats import aggregate as agg
from coopstats import numbers
from coopstats.aggregate import Filters
from coopstats.aggregate import organisations as org_agg
from coopstats.aggregate.memo import Memos


def make_events(rows):
    frame = pd.DataFrame(
        rows, columns=["event_id", "series_id", "parent_event_id", "kind", "title", "start_date"]
    )
    frame["year"] = frame["start_date"].str[:4].astype(int)
    frame["start"] = pd.to_datetime(frame["start_date"])
    frame["edition_id"] = frame["parent_event_id"].fillna(frame["event_id"])
    return frame


EVENTS = make_events(
    [
        ("a-2020", "alpha", None, "edition", "Alpha 2020", "2020-05-01"),
        ("a-2021", "alpha", None, "edition", "Alpha 2021", "2021-05-01"),
        ("a-2021-sub", "alpha", "a-2021", "sub_forum", "Alpha 2021 sub", "2021-05-02"),
        ("b-2021", "beta", None, "edition", "Beta 2021", "2021-09-01"),
    ]
)

COUNTRIES = pd.DataFrame(
    {
        "iso3": ["AAA", "BBB", "CCC", "HKG"],
        "region": ["Asia", "Europe", "Africa", "Asia"],
        "sub_region": ["Eastern Asia", "Northern Europe", "Sub-Saharan Africa", "Eastern Asia"],
    }
)


def make_participations(rows):
    frame = pd.DataFrame(rows, columns=["event_id", "iso3", "org_id", "role", "mode"])
    frame["delegation_of"] = None
    frame["participant_id"] = frame["iso3"].fillna(frame["org_id"])
    frame["participant_type"] = "country"
    frame.loc[frame["org_id"].notna(), "participant_type"] = "organisation"
    frame.loc[frame["iso3"] == "HKG", "participant_type"] = "territory"
    frame["source_id"] = "src"
    return frame


PARTICIPATIONS = make_participations(
    [
        ("a-2020", "AAA", None, "host", "in_person"),
        ("a-2020", "BBB", None, "participant", "in_person"),
        ("a-2021", "AAA", None, "host", "in_person"),
        ("a-2021-sub", "CCC", None, "speaker", "video"),
        ("a-2021-sub", "AAA", None, "participant", "in_person"),
        ("a-2021-sub", None, "org1", "participant", "video"),
        ("b-2021", "HKG", None, "participant", "unknown"),
    ]
)


def make_figures(rows):
    return pd.DataFrame(
        rows, columns=["event_id", "metric", "scope", "value", "qualifier", "status", "source_id"]
    ).assign(value=lambda f: f["value"].astype("Int64"))


FIGURES = make_figures(
    [
        ("a-2021-sub", "participants", None, 240, "more_than", "reported", "s1"),
        ("a-2021-sub", "participants", None, 240, "about", "reported", "s2"),
        ("a-2021-sub", "countries_and_regions", None, 50, "exact", "reported", "s1"),
        ("a-2021-sub", "countries_and_regions", None, 51, "exact", "reported", "s3"),
        ("a-2021-sub", "organisations", None, 5, "exact", "reported", "s1"),
        ("a-2021", "countries_regions_organisations", None, 120, "exact", "reported", "s4"),
        ("a-2021", "participants", None, 2000, "nearly", "reported", "s4"),
        ("a-2021", "countries_and_regions", None, 176, "exact", "invited", "s5"),
    ]
)


def selected(filters=Filters()):
    return agg.select_participations(PARTICIPATIONS, EVENTS, COUNTRIES, filters)


@pytest.mark.parametrize(
    ("values", "qualifiers", "label"),
    [
        ([240], ["more_than"], ">240"),
        ([50, 51], ["exact", "exact"], "50–51"),
        ([2000], ["nearly"], "~2,000"),
        ([240, 240], ["more_than", "about"], ">240 / ~240"),
        ([50, 50], ["exact", "exact"], "50"),
        ([1000, 1300], ["about", "more_than"], "~1,000–>1,300"),
    ],
)
def test_range_label(values, qualifiers, label):
    assert numbers.range_label(values, qualifiers) == label


@pytest.mark.parametrize(
    ("values", "qualifiers"),
    [
        ([240], ["more_than"]),
        ([50, 51], ["exact", "exact"]),
        ([240, 240], ["more_than", "about"]),
        ([1000, 1300, 1200], ["about", "more_than", "exact"]),
        ([50, 50, 60, 60], ["about", "more_than", "exact", "nearly"]),
    ],
)
def test_figure_ranges_give_numbers_and_codes_a_label_is_written_from(values, qualifiers):
    """Aggregations return no words: the figure's values and qualifier codes, from which the
    chart layer writes the same label as from every source's (value, qualifier)."""
    figures = pd.DataFrame({"event_id": "e", "metric": "countries", "scope": None,
                            "status": "reported", "value": values, "qualifier": qualifiers,
                            "source_id": [f"s{i}" for i in range(len(values))]})  # fmt: skip
    row = agg.figure_ranges(figures).iloc[0]
    assert "label" not in row.index
    written = numbers.reported(row["value_min"], row["value_max"], row["qualifiers_min"],
                               row["qualifiers_max"], "fr")  # fmt: skip
    assert written == numbers.range_label(values, qualifiers, "fr")


def test_figure_ranges_keeps_conflicts_side_by_side():
    ranges = agg.figure_ranges(FIGURES)
    row = ranges[
        (ranges["event_id"] == "a-2021-sub") & (ranges["metric"] == "countries_and_regions")
    ]
    columns = [
        "value_min",
        "value_max",
        "qualifiers_min",
        "qualifiers_max",
        "n_sources",
        "conflict",
    ]
    assert row[columns].iloc[0].tolist() == [50, 51, "exact", "exact", 2, True]
    assert row["source_ids"].iloc[0] == "s1;s3"


def test_event_summary_reports_named_beside_reported():
    summary = agg.event_summary(EVENTS, FIGURES, PARTICIPATIONS).set_index("event_id")
    sub = summary.loc["a-2021-sub"]
    assert [sub["participants_min"], sub["participants_max"]] == [240, 240]
    assert sub["participants_qualifiers_min"] == "more_than;about"
    assert [sub["countries_min"], sub["countries_max"], sub["countries_qualifiers_max"]] == [
        50,
        51,
        "exact",
    ]
    assert [sub["organisations_min"], sub["organisations_qualifiers_min"]] == [5, "exact"]
    assert sub["named_countries"] == 2
    assert sub["named_organisations"] == 1
    assert sub["named_by_video"] == 2
    assert sub["unnamed_countries_at_least"] == 48
    assert bool(sub["conflict"])


def test_a_territory_within_another_delegation_is_not_a_country_of_its_own():
    parts = PARTICIPATIONS.copy()
    parts.loc[parts["participant_id"] == "CCC", "delegation_of"] = "AAA"
    summary = agg.event_summary(EVENTS, FIGURES, parts).set_index("event_id")
    assert summary.loc["a-2021-sub", "named_countries"] == 1
    assert summary.loc["a-2021-sub", "named_in_delegations"] == 1
    assert summary.loc["a-2021-sub", "unnamed_countries_at_least"] == 49


def test_event_summary_never_counts_combined_or_invited_as_countries():
    summary = agg.event_summary(EVENTS, FIGURES, PARTICIPATIONS).set_index("event_id")
    edition = summary.loc["a-2021"]
    assert edition["countries_qualifiers_min"] == ""
    assert pd.isna(edition["countries_min"])
    assert edition["combined_min"] == 120
    assert pd.isna(edition["unnamed_countries_at_least"])


def test_event_summary_unknown_stays_unknown():
    summary = agg.event_summary(EVENTS, FIGURES, PARTICIPATIONS).set_index("event_id")
    assert pd.isna(summary.loc["b-2021", "participants_min"])
    assert summary.loc["b-2021", "participants_qualifiers_min"] == ""
    assert summary.loc["b-2021", "named_countries"] == 1


def test_select_participations_filters():
    assert set(selected(Filters(series=("beta",)))["participant_id"]) == {"HKG"}
    assert set(selected(Filters(years=(2020, 2020)))["participant_id"]) == {"AAA", "BBB"}
    assert set(selected(Filters(kinds=("edition",)))["event_id"]) == {"a-2020", "a-2021", "b-2021"}
    by_region = selected(Filters(regions=("Eastern Asia",)))
    assert set(by_region["participant_id"]) == {"AAA", "HKG"}  # organisations have no region
    assert set(selected(Filters(participant_types=("organisation",)))["participant_id"]) == {"org1"}
    assert set(selected(Filters(roles=("host",)))["participant_id"]) == {"AAA"}


def test_participant_history_folds_sub_forums_into_editions():
    history = agg.participant_history(selected()).set_index("participant_id")
    assert history.loc["AAA", "editions"] == 2  # a-2021 and its sub-forum are one edition
    assert history.loc["AAA", "events"] == 3
    assert history.loc["AAA", "roles"] == "host, participant"
    assert history.loc["AAA", "top_role"] == "host"
    assert history.loc["CCC", "by_video"]
    assert list(history.index[:1]) == ["AAA"]


def test_co_attendees():
    out = agg.co_attendees(selected(), "AAA")
    assert out.values.tolist() == [
        ["BBB", "country", 1],
        ["CCC", "country", 1],
        ["org1", "organisation", 1],
    ]


def test_participants_per_region():
    out = agg.participants_per_region(selected())
    asia = out[out["sub_region"] == "Eastern Asia"].iloc[0]
    assert asia["participants"] == 2
    assert "org1" not in out.to_string()


def test_participant_changes_and_overlap():
    ids = ["a-2020", "a-2021"]
    changes = agg.participant_changes(selected(), ids)
    assert changes.iloc[0][["returning", "new", "dropped"]].tolist() == [1, 2, 1]
    overlap = agg.overlap_matrix(selected(), ids)
    assert overlap.loc["a-2020", "a-2021"] == pytest.approx(1 / 4)
    assert overlap.loc["a-2021", "a-2021"] == 1.0
    matrix = agg.presence_matrix(selected(), ids)
    assert matrix.loc["AAA"].tolist() == [True, True]
    assert matrix.index[0] == "AAA"


def test_cumulative_participants():
    editions = EVENTS[EVENTS["kind"] == "edition"]
    out = agg.cumulative_participants(selected(), editions).set_index("edition_id")
    assert out.loc["a-2020", ["named", "new", "cumulative"]].tolist() == [2, 2, 2]
    assert out.loc["a-2021", ["named", "new", "cumulative"]].tolist() == [3, 2, 4]
    assert out.loc["b-2021", "cumulative"] == 1


def test_organisation_participation():
    orgs = pd.DataFrame(
        {"org_id": ["org1"], "acronym": ["O1"], "name_en": ["Org One"], "org_type": ["un_system"]}
    )
    out = agg.organisation_participation(selected(), orgs)
    assert out[["org_id", "acronym", "editions", "by_video"]].iloc[0].tolist() == [
        "org1",
        "O1",
        1,
        True,
    ]


@pytest.mark.parametrize(
    "filters",
    [
        Filters(),
        Filters(years=(2019, 2024)),
        Filters(kinds=("edition",)),
        Filters(regions=("Africa",)),
    ],
)
def test_organisation_participation_from_the_histories_equals_its_own(ds, filters):
    # The map asks for both; the organisations' rows are taken from the histories it made.
    selection = ds.participations(filters)
    own = agg.organisation_participation(selection, ds.tables.organisations)
    reused = agg.organisation_participation(
        selection, ds.tables.organisations, history=agg.participant_history(selection)
    )
    pd.testing.assert_frame_equal(reused, own)
    pd.testing.assert_frame_equal(ds.organisation_participation(filters), own)


@pytest.mark.parametrize(
    "filters",
    [Filters(), Filters(years=(2019, 2024)), Filters(kinds=("sub_forum",))],
)
def test_organisation_questions_from_the_organisations_rows_equal_the_selections(ds, filters):
    # The Organisations page answers both from the organisations' rows alone, made once.
    selection = ds.participations(filters)
    rows = org_agg.organisation_rows(selection)
    assert set(rows["participant_type"]) <= {"organisation"}
    orgs = ds.tables.organisations
    pd.testing.assert_frame_equal(
        agg.organisation_participation(rows, orgs),
        agg.organisation_participation(selection, orgs, history=agg.participant_history(selection)),
    )
    pd.testing.assert_frame_equal(
        org_agg.organisation_years(rows, orgs), org_agg.organisation_years(selection, orgs)
    )


@pytest.mark.parametrize("filters", [Filters(), Filters(years=(2019, 2024))])
def test_dataset_organisations_same_whether_or_not_the_histories_were_made(ds, filters):
    alone = replace(ds, memo=Memos()).organisation_participation(filters)  # no histories
    made = replace(ds, memo=Memos())
    made.participant_history(filters)
    pd.testing.assert_frame_equal(made.organisation_participation(filters), alone)


def test_participant_record_is_the_participants_row_of_the_history(ds):
    for filters in (Filters(), Filters(years=(2019, 2024)), Filters(kinds=("edition",))):
        selection = ds.participations(filters)
        history = agg.participant_history(selection)
        for participant in [
            *history["participant_id"].iloc[:40],
            *history["participant_id"].iloc[-5:],
        ]:
            expected = history[history["participant_id"] == participant].reset_index(drop=True)
            pd.testing.assert_frame_equal(agg.participant_record(selection, participant), expected)
    empty = agg.participant_record(ds.participations(Filters()), "not-a-participant")
    assert empty.empty and list(empty.columns) == list(history.columns)


def test_aggregations_do_not_mutate_inputs():
    before = PARTICIPATIONS.copy()
    agg.participant_history(selected())
    agg.event_summary(EVENTS, FIGURES, PARTICIPATIONS)
    pd.testing.assert_frame_equal(PARTICIPATIONS, before)


participation_rows = st.lists(
    st.tuples(
        st.sampled_from(["a-2020", "a-2021", "a-2021-sub", "b-2021"]),
        st.sampled_from(["AAA", "BBB", "CCC", "HKG"]),
        st.sampled_from(["host", "participant", "speaker"]),
    ),
    min_size=1,
    max_size=30,
    unique=True,
)


@pytest.mark.slow
@settings(max_examples=60, deadline=None)
@given(participation_rows)
def test_history_conserves_participants_and_has_no_duplicate_keys(rows):
    parts = make_participations([(e, c, None, r, "unknown") for e, c, r in rows])
    chosen = agg.select_participations(parts, EVENTS, COUNTRIES, Filters())
    history = agg.participant_history(chosen)
    assert history["participant_id"].is_unique
    assert set(history["participant_id"]) == set(parts["participant_id"])
    assert (history["editions"] <= history["events"]).all()
    per_region = agg.participants_per_region(chosen)
    assert per_region["participants"].sum() == parts["participant_id"].nunique()
    changes = agg.participant_changes(chosen, ["a-2020", "a-2021"])
    row = changes.iloc[0]
    editions = chosen.groupby("edition_id")["participant_id"].nunique()
    assert row["returning"] + row["new"] == editions.get("a-2021", 0)
    assert row["returning"] + row["dropped"] == editions.get("a-2020", 0)


@pytest.mark.parametrize(
    "filters", [Filters(), Filters(years=(2019, 2024)), Filters(kinds=("sub_forum",))]
)
def test_co_attendees_equal_a_plain_group_by(ds, filters):
    # The editions attended are picked by their codes; the plain way hashes their text.
    selection = ds.participations(filters)
    for participant in agg.participant_history(selection)["participant_id"].iloc[::7]:
        own = selection["participant_id"] == participant
        others = selection[selection["edition_id"].isin(selection.loc[own, "edition_id"]) & ~own]
        plain = (
            others.astype({"participant_id": "str", "participant_type": "str"})
            .groupby(["participant_id", "participant_type"])["edition_id"]
            .nunique()
            .rename("shared_editions")
            .reset_index()
            .sort_values(
                ["shared_editions", "participant_id"], ascending=[False, True], kind="stable"
            )
            .reset_index(drop=True)
        )
        pd.testing.assert_frame_equal(agg.co_attendees(selection, participant), plain)
