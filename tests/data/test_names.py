"""The names added to names.csv, each pinned to the source that gives it.

One case per name added (see data/CHANGELOG.md); each fails on the data before it. Every name
comes from a source in its own language, or from a standard (the UN's own Arabic and Chinese
names); the tables are read as text, as in tests/data/test_corrections.py.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

DATA = Path(__file__).resolve().parents[2] / "data"


def read(name: str) -> pd.DataFrame:
    return pd.read_csv(DATA / f"{name}.csv", dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def names() -> pd.DataFrame:
    return read("names").set_index(["subject", "subject_id", "field", "language"])


ADDED = [
    # subject, id, field, language, value, source_id
    ("series", "gpscfl", "name", "ar",
     "المنتدى العالمي للتعاون في مجال الأمن العام (ليان يون قانغ)", "nia-ar-185332"),
    ("event", "gpscfl-2025", "title", "ar",
     "الجمعية العامة لمنتدى التعاون العالمي للأمن العام (ليان يون قانغ) لعام 2025", "nia-ar-185332"),
    ("event", "gpscfl-2025-migration", "title", "ar",
     "المنتدى الفرعي المعني بالتعاون في مجال إدارة الهجرة", "nia-ar-185332"),
    ("event", "gpscfl-2025-migration", "title", "zh", "移民管理合作分论坛", "thepaper-31627597"),
    ("event", "gpscfl-2024-migration", "title", "zh", "移民管理合作分论坛", "thepaper-28675047"),
    ("event", "gpscfl-2024-police-education", "title", "zh", "国际警察教育合作分论坛",
     "thepaper-28675047"),
    ("event", "gpscfl-2024-road-traffic", "title", "zh", "道路交通管理分论坛", "thepaper-28675047"),
    ("event", "gpscfl-2024-law-enforcement-capacity", "title", "zh", "执法能力建设分论坛",
     "thepaper-28675047"),
    ("event", "gpscfl-2024-metropolitan-security", "title", "zh", "大都市公共安全分论坛",
     "thepaper-28675047"),
    ("event", "gpscfl-2024-tourism-safety", "title", "zh", "旅游安全分论坛", "neamco-37554267"),
    ("event", "gpscfl-2023-drone-security", "title", "zh", "无人机安全分论坛",
     "sztqb-2023-drone-0492"),
    ("event", "gpscfl-2025-transnational-crime", "title", "zh", "打击跨国犯罪形势与对策分论坛",
     "hk01-60277898"),
    ("event", "gpscfl-2025-drug-control", "title", "zh", "国际禁毒合作分论坛", "hk01-60277898"),
    ("event", "gpscfl-2025-counter-terrorism", "title", "zh", "国际反恐合作分论坛",
     "hk01-60277898"),
    ("event", "gpscfl-2025-police-education", "title", "zh", "国际警察教育合作分论坛",
     "hk01-60277898"),
    ("event", "gpscfl-2025-technology-equipment", "title", "zh", "公共安全科技装备分论坛",
     "hk01-60277898"),
    ("event", "gpscfl-2025-project-security", "title", "zh", "国际项目安保合作分论坛",
     "hk01-60277898"),
    ("event", "gpscfl-2025-tourism-safety", "title", "zh", "旅游安全分论坛", "hk01-60277898"),
    ("event", "gpscfl-2017-police-academy", "title", "zh", "警察院校长分论坛",
     "lygdaily-2017-briefing-wumasheying"),
    ("event", "gpscfl-2017-think-tank", "title", "zh", "智库分论坛",
     "lygdaily-2017-briefing-wumasheying"),
    ("event", "lancang-mekong-2017", "title", "zh", "澜沧江—湄公河综合执法安全合作中心启动仪式",
     "thepaper-1926217"),
    ("event", "lancang-mekong-2024", "title", "zh", "第二届澜湄流域安全合作论坛",
     "wineast-2024-lm-forum"),
    ("series", "lancang-mekong", "name", "zh", "澜湄流域执法安全合作机制", "wineast-2024-lm-forum"),
    ("series", "lancang-mekong", "short_name", "zh", "澜湄流域执法安全合作机制",
     "wineast-2024-lm-forum"),
    ("event", "lancang-mekong-2016", "title", "zh",
     "湄公河流域六国执法安全合作机制成立五周年部长级会议", "vietnamplus-zh-59918"),
    ("series", "grf", "name", "ar", "المنتدى العالمي للاجئين", "unhcr-ar-grf-2023"),
    ("series", "grf", "short_name", "ar", "المنتدى العالمي للاجئين", "unhcr-ar-grf-2023"),
    ("event", "grf-2023", "title", "ar", "المنتدى العالمي للاجئين 2023", "unhcr-ar-grf-2023"),
    ("event", "grf-2019", "title", "ar", "المنتدى العالمي الأول للاجئين", "unhcr-ar-grf-2023"),
    ("series", "bali-process", "name", "ar", "المؤتمر الوزاري لعملية بالي", "voi-ar-2018-bali"),
    ("series", "bali-process", "short_name", "ar", "عملية بالي", "voi-ar-2018-bali"),
    ("event", "bali-process-2018", "title", "ar", "المؤتمر الوزاري السابع لعملية بالي",
     "voi-ar-2018-bali"),
    ("event", "bali-process-2023", "title", "ar", "المؤتمر الوزاري الثامن لعملية بالي",
     "watanpress-2023-bali"),
    ("series", "rabat-process", "name", "ar",
     "الحوار الأورو-إفريقي حول الهجرة والتنمية (مسلسل الرباط)", "arabi21-rabat-process"),
    ("series", "rabat-process", "short_name", "ar", "مسلسل الرباط", "arabi21-rabat-process"),
    ("event", "rabat-process-2018", "title", "ar",
     "المؤتمر الوزاري الخامس للحوار الأورو-إفريقي حول الهجرة والتنمية", "spa-2018-rabat-sauress"),
    ("event", "rabat-process-2006", "title", "ar",
     "المؤتمر الوزاري الأورو-إفريقي الأول حول الهجرة والتنمية", "spa-2018-rabat-sauress"),
    ("series", "khartoum-process", "name", "ar", "عملية الخرطوم", "xinhua-ar-2025-khartoum"),
    ("series", "khartoum-process", "short_name", "ar", "عملية الخرطوم", "xinhua-ar-2025-khartoum"),
    ("series", "imrf", "name", "ar", "منتدى استعراض الهجرة الدولية", "unescwa-ar-gcm-review"),
    ("series", "imrf", "short_name", "ar", "منتدى استعراض الهجرة الدولية", "unescwa-ar-gcm-review"),
    ("event", "imrf-2022", "title", "ar", "المنتدى الدولي الأول لاستعراض الهجرة",
     "darelhilal-1307116"),
    ("series", "imrf", "name", "zh", "国际移民问题审查论坛", "un-zh-a-res-76-266"),
    ("series", "imrf", "short_name", "zh", "国际移民问题审查论坛", "un-zh-a-res-76-266"),
    ("event", "imrf-2022", "title", "zh", "第一次国际移民问题审查论坛会议", "un-zh-a-res-76-266"),
    ("series", "gfmd", "name", "zh", "全球移民与发展论坛", "un-zh-a-res-73-195-fanyjok"),
    ("event", "interpol-ga-2017", "title", "zh", "国际刑警组织第八十六届全体大会",
     "peopledaily-2017-interpol-zhtxs"),
    ("series", "iom-idm", "name", "fr", "Dialogue international sur la migration",
     "iom-fr-idm-2021"),
    ("series", "iom-idm", "short_name", "fr", "IDM", "iom-fr-idm-2021"),
    ("series", "interpol-ga", "name", "fr", "Assemblée générale d'INTERPOL",
     "interpol-fr-general-assembly"),
    ("series", "interpol-ga", "short_name", "fr", "Assemblée générale d'INTERPOL",
     "interpol-fr-general-assembly"),
    ("event", "interpol-ga-2024", "title", "fr", "92ème session de l’Assemblée générale d’INTERPOL",
     "interpol-fr-2024-glasgow"),
    ("event", "interpol-ga-2021", "title", "fr", "89ème Assemblée générale d’INTERPOL",
     "interpol-fr-2021-turquie"),
]  # fmt: skip


@pytest.mark.parametrize("subject, subject_id, field, language, value, source_id", ADDED)
def test_name_is_entered_with_its_source(names, subject, subject_id, field, language, value,
                                         source_id):  # fmt: skip
    row = names.loc[(subject, subject_id, field, language)]
    assert (row["value"], row["source_id"]) == (value, source_id)


def test_every_name_source_is_in_the_sources_language_or_a_un_standard():
    names, sources = read("names"), read("sources").set_index("source_id")
    added = {(s, i, f, lang) for s, i, f, lang, _, _ in ADDED}
    rows = names[[k in added for k in zip(names["subject"], names["subject_id"], names["field"],
                                              names["language"], strict=True)]]  # fmt: skip
    assert len(rows) == len(ADDED)
    assert (
        rows["language"].to_numpy() == sources.loc[rows["source_id"], "language"].to_numpy()
    ).all()


def test_chinese_names_are_simplified_where_the_source_writes_traditional():
    names = read("names")
    zh = names[names["language"] == "zh"]
    for traditional in ("論壇", "無人機", "國際", "屆", "連雲港"):
        assert not zh["value"].str.contains(traditional).any(), traditional
