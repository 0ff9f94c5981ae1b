import pytest

from coopstats.extract.quantities import find_quantities
from coopstats.extract.rules import load_rules


def _read(text: str, lang: str) -> list[tuple[int, str]]:
    return [(q.value, q.qualifier) for q in find_quantities(text, load_rules(lang))]


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("es", "3.500 personas", [(3500, "exact")]),
        ("fr", "1 800 délégués", [(1800, "exact")]),
        ("fr", "1 800 délégués", [(1800, "exact")]),
        ("en", "2,100 guests", [(2100, "exact")]),
        ("ru", "2,5 тысячи человек", [(2500, "exact")]),
        ("ru", "свыше 1,3 тысячи представителей", [(1300, "more_than")]),
        ("es", "más de 1 000 dirigentes", [(1000, "more_than")]),
        ("ar", "٢٤٠ شخصا", [(240, "exact")]),
    ],
)
def test_digits_with_any_separator(lang, text, expected):
    from coopstats.extract.text import normalise

    assert _read(normalise(text), lang) == expected


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("zh", "六十个国家", [(60, "exact")]),
        ("zh", "逾千人", [(1000, "more_than")]),
        ("zh", "近两百人", [(200, "nearly")]),
        ("zh", "2100余人", [(2100, "more_than")]),
        ("ar", "ثلاثين دولة", [(30, "exact")]),
        ("ar", "وخمس منظمات", [(5, "exact")]),
        ("en", "six organizations", [(6, "exact")]),
        ("es", "más de mil participantes", [(1000, "more_than")]),
        ("fr", "deux cents délégués", [(200, "exact")]),
        ("ru", "двадцать пять стран", [(25, "exact")]),
    ],
)
def test_numbers_written_out_and_chinese_numerals(lang, text, expected):
    assert _read(text, lang) == expected


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("fr", "une cinquantaine de pays", [(50, "about")]),
        ("es", "una treintena de países", [(30, "about")]),
        ("en", "roughly 300 people", [(300, "about")]),
        ("ar", "حوالي 800 مندوب", [(800, "about")]),
        ("ru", "примерно 300 человек", [(300, "about")]),
        ("zh", "约300人", [(300, "about")]),
    ],
)
def test_approximations(lang, text, expected):
    assert _read(text, lang) == expected


@pytest.mark.parametrize(
    ("lang", "text", "qualifier"),
    [
        ("en", "more than 50", "more_than"), ("en", "at least 50", "at_least"),
        ("en", "about 50", "about"), ("en", "nearly 50", "nearly"), ("en", "up to 50", "up_to"),
        ("fr", "plus de 50", "more_than"), ("fr", "au moins 50", "at_least"),
        ("fr", "environ 50", "about"), ("fr", "près de 50", "nearly"), ("fr", "jusqu'à 50", "up_to"),
        ("es", "más de 50", "more_than"), ("es", "al menos 50", "at_least"),
        ("es", "alrededor de 50", "about"), ("es", "casi 50", "nearly"), ("es", "hasta 50", "up_to"),
        ("ru", "более 50", "more_than"), ("ru", "не менее 50", "at_least"),
        ("ru", "около 50", "about"), ("ru", "почти 50", "nearly"), ("ru", "до 50", "up_to"),
        ("ar", "أكثر من 50", "more_than"), ("ar", "على الأقل 50", "at_least"),
        ("ar", "نحو 50", "about"), ("ar", "قرابة 50", "nearly"), ("ar", "ما يصل إلى 50", "up_to"),
        ("zh", "超过50", "more_than"), ("zh", "至少50", "at_least"),
        ("zh", "约50", "about"), ("zh", "近50", "nearly"), ("zh", "多达50", "up_to"),
    ],
)  # fmt: skip
def test_qualifiers_in_six_languages(lang, text, qualifier):
    assert _read(text, lang) == [(50, qualifier)]


def test_a_name_with_a_numeral_is_not_a_number():
    # 周一鳴 is a person; 五大洲 are continents, not a count with a classifier.
    assert _read("周一鳴率領代表團 五大洲", "zh") == []


def test_chinese_approximations_need_no_word_boundary():
    assert _read("来自数十个国家的近2000人", "zh") == [(20, "about"), (2000, "nearly")]
