import pytest


@pytest.mark.parametrize(
    ("lang", "text", "published", "dates"),
    [
        ("en", "The INTERPOL General Assembly was held in Istanbul on 4-6 November.", "2021-11-30",
         ("2021-11-04", "2021-11-06")),
        ("en", "The GFMD summit will be held from 18 to 21 October 2022 in Geneva.", None,
         ("2022-10-18", "2022-10-21")),
        ("zh", "全球公共安全合作论坛10月20日至22日在连云港举行。", "2025-10-25",
         ("2025-10-20", "2025-10-22")),
        ("ar", "عقد المنتدى العالمي للهجرة والتنمية من 3 إلى 5 أكتوبر في جنيف.", "2024-10-06",
         ("2024-10-03", "2024-10-05")),
        ("ru", "Глобальный форум по миграции и развитию пройдет с 12 по 14 марта в Женеве.",
         "2024-03-01", ("2024-03-12", "2024-03-14")),
        ("fr", "Le Forum mondial sur la migration et le développement s'est tenu du 2 au 4 septembre à Genève.",
         "2025-09-10", ("2025-09-02", "2025-09-04")),
        ("es", "El Foro Mundial sobre Migración y Desarrollo se celebró del 2 al 4 de septiembre en Ginebra.",
         "2025-09-10", ("2025-09-02", "2025-09-04")),
    ],
)  # fmt: skip
def test_date_ranges_in_each_language(read, lang, text, published, dates):
    event = read(text, published=published, lang=lang)["event"]
    assert (event["start_date"], event["end_date"]) == dates


def test_a_range_across_the_new_year_takes_the_next_year(read):
    text = "The GFMD summit was held from 30 December to 2 January in Geneva."
    event = read(text, published="2021-01-05")["event"]
    assert (event["start_date"], event["end_date"]) == ("2020-12-30", "2021-01-02")


def test_a_date_that_is_not_the_events_is_ignored(read):
    text = (
        "The GFMD summit opened in Geneva. Its chair, whose mandate began on 1 March 2019, "
        "has served since 2 April 2019."
    )
    event = read(text, published="2020-01-20")["event"]
    assert event["start_date"] is None


def test_without_a_year_or_a_publication_date_there_is_no_date(read):
    event = read("The GFMD summit was held from 9 to 10 September in Geneva.")["event"]
    assert event["start_date"] is None
