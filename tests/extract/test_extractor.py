"""Behaviours the issue lists under "What it must read right", one small text each."""

import pytest

from coopstats.schema import METRICS


def _figures(record: dict) -> set[tuple]:
    return {(f["metric"], f["value"], f["qualifier"], f["status"]) for f in record["figures"]}


def _named(record: dict) -> dict[str, dict]:
    return {p["iso3"] or p["org_id"]: p for p in record["participants"]}


def test_metrics_are_kept_apart(read):
    text = (
        "The INTERPOL General Assembly opened in Vienna with more than 1,000 delegates, "
        "82 police chiefs and 25 ministers from 160 countries, and 12 delegations of observers."
    )
    figures = _figures(read(text, published="2023-11-28"))
    assert ("participants", 1000, "more_than", "reported") in figures
    assert ("police_chiefs", 82, "exact", "reported") in figures
    assert ("ministers", 25, "exact", "reported") in figures
    assert ("countries", 160, "exact", "reported") in figures
    assert ("delegations", 12, "exact", "reported") in figures


def test_combined_counts_are_not_country_counts(read):
    text = (
        "全球公共安全合作论坛(连云港)2024年大会在连云港市开幕,来自122个国家、地区和国际组织的"
        "2100余人参会。分论坛有来自57个国家和地区的代表,以及30个国家和国际组织的官员。"
    )
    figures = _figures(read(text, published="2024-09-09"))
    assert ("countries_regions_organisations", 122, "exact", "reported") in figures
    assert ("countries_and_regions", 57, "exact", "reported") in figures
    assert ("countries_and_organisations", 30, "exact", "reported") in figures
    assert not any(f[0] == "countries" for f in figures)


def test_a_sub_count_is_not_the_participant_count(read):
    text = (
        "Le Forum mondial sur la migration et le développement s'est ouvert à Genève avec "
        "plus de 1 300 délégués, dont 30 ministres."
    )
    figures = _figures(read(text, published="2024-01-23"))
    assert ("participants", 1300, "more_than", "reported") in figures
    assert ("ministers", 30, "exact", "reported") in figures
    assert ("participants", 30, "exact", "reported") not in figures


def test_people_following_online_are_not_participants(read):
    text = (
        "The GFMD summit in Geneva brought together 900 participants, "
        "and 5,000 people followed it online."
    )
    figures = _figures(read(text, published="2024-01-25"))
    assert figures == {("participants", 900, "exact", "reported")}


def test_future_tense_expected_and_invited_figures(read):
    future = read(
        "The 90th INTERPOL General Assembly will bring together 2,000 delegates in New Delhi.",
        published="2022-10-01",
    )
    assert _figures(future) == {("participants", 2000, "exact", "pre_event")}
    invited = read(
        "全球公共安全合作论坛(连云港)2024年大会在连云港市开幕,邀请122个国家、地区和国际组织参会。",
        published="2024-09-09",
    )
    assert _figures(invited) == {("countries_regions_organisations", 122, "exact", "invited")}
    expected = read(
        "Ожидается присутствие около 650 делегатов на Генеральной ассамблее Интерпола в Лионе.",
        published="2008-08-11",
    )
    assert _figures(expected) == {("participants", 650, "about", "pre_event")}


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "The GFMD summit in Quito brought together delegates from 50 to 51 countries and regions."),
        ("zh", "全球公共安全合作论坛在连云港举行,来自50至51个国家和地区的代表出席。"),
        ("es", "El Foro Mundial sobre Migración y Desarrollo reunió en Quito a delegados de 50 a 51 países y regiones."),
    ],
)  # fmt: skip
def test_a_range_of_values_gives_two_figures(read, lang, text):
    figures = read(text, published="2020-01-25", lang=lang)["figures"]
    assert {(f["value"], f["metric"]) for f in figures} >= {
        (50, figures[-1]["metric"]),
        (51, figures[-1]["metric"]),
    }
    assert figures[-1]["metric"] in ("countries_and_regions", "countries")


def test_the_place_is_not_a_city_inside_the_forums_name(read):
    text = (
        "The Sub-Forum on Migration Management Cooperation of the 2024 Conference of Global "
        "Public Security Cooperation Forum (Lianyungang) took place in Suzhou, Jiangsu Province "
        "from September 9 to 10."
    )
    event = read(text)["event"]
    assert (event["city"], event["host_iso3"]) == ("Suzhou", "CHN")
    assert event["kind"] == "sub_forum"
    assert event["matched_event_id"] == "gpscfl-2024-migration"


def test_territories_and_organisations_take_part(read):
    text = (
        "全球公共安全合作论坛(连云港)2025年大会在连云港市举行,来自中国、中国香港、俄罗斯的代表"
        "和国际移民组织、联合国毒品和犯罪问题办公室的官员出席。"
    )
    named = _named(read(text, published="2025-09-17"))
    assert {"HKG", "RUS", "iom", "unodc"} <= set(named)
    assert named["CHN"]["role"] == "host"


def test_participation_by_video_is_marked(read):
    text = (
        "The GFMD summit opened in Geneva with delegates from Peru and Mongolia. "
        "UNHCR addressed the meeting by video."
    )
    named = _named(read(text, published="2024-01-23"))
    assert named["unhcr"]["mode"] == "video"
    assert named["PER"]["mode"] == "unknown"


def test_countries_named_for_other_reasons_are_not_participants(read):
    text = (
        "El Foro Mundial sobre Migración y Desarrollo se inauguró en Quito con delegados de Perú. "
        "La edición anterior se realizó en Marruecos."
    )
    named = _named(read(text, published="2020-01-21", lang="es"))
    assert "PER" in named
    assert "MAR" not in named
    assert named["ECU"]["role"] == "host"


def test_series_edition_and_bundled_event(read):
    cases = [
        ("The 9th GFMD Summit opened in Dhaka.", "2016-12-10", ("gfmd", 9, "gfmd-2016")),
        ("اختتمت أشغال الدورة الحادية عشرة للمنتدى العالمي للهجرة والتنمية بمراكش.", "2018-12-07",
         ("gfmd", 11, "gfmd-2018")),
        ("В Глазго открылась 92-й сессии Генеральной ассамблеи Интерпола.", "2024-11-04",
         ("interpol-ga", 92, "interpol-ga-2024")),
        ("第三届连云港论坛在连云港召开。", "2017-12-13", ("gpscfl", 3, "gpscfl-2017")),
    ]  # fmt: skip
    for text, published, expected in cases:
        event = read(text, published=published)["event"]
        assert (event["series_id"], event["edition_number"], event["matched_event_id"]) == expected


def test_every_metric_the_tables_name_is_a_metric_of_the_schema(extractor):
    for rules in extractor.rules.values():
        assert {metric for _, metric in rules.metrics} <= set(METRICS)


def test_quotes_are_the_text_at_their_spans(extractor):
    draft = extractor.draft(
        "Plus de 2.000 délégués de 135 pays, dont le Maroc, ont pris part au GFMD à Marrakech.",
        published="2018-12-07",
    )
    text = draft["text"]
    for record in draft["records"]:
        for item in [*record["figures"], *record["participants"]]:
            if item.get("span") is not None:
                start, end = item["span"]
                assert text[start:end] == item["quote"]


def test_evidence_pieces_give_the_text_back_and_mark_each_field(extractor):
    from coopstats.extract import evidence

    draft = extractor.draft(
        "Plus de 2.000 délégués de 135 pays, dont le Maroc, ont pris part au GFMD à Marrakech.",
        published="2018-12-07",
    )
    pieces = evidence(draft)
    assert "".join(text for text, _ in pieces) == draft["text"]
    labels = [label for _, label in pieces if label]
    assert "participants >2000 (reported)" in labels
    assert any(label.startswith("MAR: ") for label in labels)


def test_an_edition_and_its_sub_forum_are_two_records(extractor):
    text = (
        "全球公共安全合作论坛(连云港)2025年大会9月16日至18日在江苏省连云港市举行,"
        "来自120个国家、地区和国际组织的近2000人参会。\n"
        "9月17日,大会移民管理合作分论坛举行,来自50个国家(地区)的240余人出席。"
    )
    edition, sub_forum = extractor.draft(text, published="2025-09-19")["records"]
    assert edition["event"]["matched_event_id"] == "gpscfl-2025"
    assert {(f["metric"], f["value"], f["qualifier"]) for f in edition["figures"]} == {
        ("countries_regions_organisations", 120, "exact"),
        ("participants", 2000, "nearly"),
    }
    assert sub_forum["event"]["kind"] == "sub_forum"
    assert sub_forum["event"]["start_date"] == "2025-09-17"
    assert sub_forum["event"]["matched_event_id"] == "gpscfl-2025-migration"
    assert {(f["metric"], f["value"]) for f in sub_forum["figures"]} == {
        ("countries_and_regions", 50),
        ("participants", 240),
    }


def test_event_fields_carry_where_they_were_read(extractor):
    from coopstats.extract import evidence

    draft = extractor.draft(
        "ISTANBUL, Turkey – The 89th INTERPOL General Assembly opened today.\n\n"
        "The three-day (23 – 25 November) meeting brings together nearly 470 police chiefs "
        "in Istanbul.",
        published="2021-11-23",
    )
    event = draft["records"][0]["event"]
    quoted = {key: draft["text"][a:b] for key, (a, b) in event["spans"].items()}
    assert quoted["series_id"] == "INTERPOL General Assembly"
    assert quoted["edition_number"] == "89th"
    assert quoted["start_date"] == quoted["end_date"] == "23 – 25 November"
    assert quoted["city"] == "Istanbul"
    labels = [label for _, label in evidence(draft) if label]
    assert "start date: 2021-11-23; end date: 2021-11-25" in labels
    assert any("city: Istanbul" in label and "host iso3: TUR" in label for label in labels)


def test_evidence_takes_the_labels_it_is_given(extractor):
    from coopstats.extract import evidence

    draft = extractor.draft("Plus de 2.000 délégués de 135 pays ont pris part au GFMD.")
    pieces = evidence(draft, lambda kind, item, key: f"[{kind}:{key or item.get('metric')}]")
    labels = {label for _, label in pieces if label}
    assert "[figure:participants]" in labels and "[event:series_id]" in labels
