"""Data and sources: the filtered tables, downloads of exactly what is shown, and every source.

The CSV and Excel files are built from the very frame the table displays (OWID's "download
displayed data"): the same filters, the same rows, the same columns.
"""

from collections.abc import Callable
from datetime import UTC, datetime

import pandas as pd
import streamlit as st

from coopstats.app import alternatives
from coopstats.app.freshness import last_changed_text
from coopstats.app.text import plain
from coopstats.app.view import View, ask, current
from coopstats.charts.filters import filter_words
from coopstats.dataset import AGGREGATIONS
from coopstats.export.credits import DATA_LICENCE, citation, last_changed
from coopstats.figures.captions import sources_sentence
from coopstats.spreadsheet import to_csv_bytes, to_excel_bytes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def export_about(view: View, table: str, description: str, rows: int) -> dict[str, str]:
    """The "about" sheet of an Excel export: what the table is, its filters, version and date.

    Written in the interface language; the table itself keeps its column ids, as in the CSV.
    """
    _ = view._
    about = {
        _("table"): table,
        _("description"): _(description),
        _("rows"): str(rows),
        _("dataset version"): view.ds.version,
        _("data last changed"): last_changed_text(view.store, view.ds, _),
        _("exported"): datetime.now(UTC).strftime("%Y-%m-%d"),
    }
    filters = filter_words(view.ds, view.filters, view.lang)
    about.update(
        {_("filter: {name}").format(name=k): v for k, v in filters}
        or {_("filters"): _("none (all data)")}
    )
    about[_("sources")] = _(
        "every source, with its URL and access date: sources.csv in the dataset"
    )
    about.update(credit_lines(view, description))
    return about


def credit_lines(view: View, description: str) -> dict[str, str]:
    """How to cite a downloaded table and the licence of its data, as every export says them."""
    _ = view._
    return {
        _("how to cite"): citation(_(description), view.ds.version, last_changed(view.ds), _),
        _("licence"): _("Licence of the data: {data}.").format(data=DATA_LICENCE),
    }


def download_files(
    frame: pd.DataFrame, table: str, about: dict[str, str], version: str
) -> dict[str, tuple[str, Callable[[], bytes], str]]:
    """The downloads of one displayed frame: kind -> (file name, maker of bytes, MIME type).

    The files are made when a button is clicked, not on every run: an Excel file of a big
    table takes seconds, and most filter changes download nothing.
    """
    stem = f"coopstats-{table}-{version}"
    return {
        "csv": (f"{stem}.csv", lambda: to_csv_bytes(frame), "text/csv"),
        "xlsx": (f"{stem}.xlsx", lambda: to_excel_bytes(frame, sheet=table, about=about), XLSX),
    }


view = current()
_ = view._
st.title(_("Data and sources"))
st.caption(
    _(
        "The tables behind the charts, for the filters in the sidebar. The downloads hold exactly "
        "the rows and columns shown, with the same column names in every language; text cells "
        "that a spreadsheet would run as a formula start with an apostrophe."
    )
)

table = st.selectbox(_("Table"), options=list(AGGREGATIONS), key="table", bind="query-params")
description, method = AGGREGATIONS[table]
st.caption(_("This table: {description}.").format(description=_(description)))
frame = ask(view, method.__name__)
st.dataframe(frame, hide_index=True, width="stretch", key="data_table")
st.caption(_("{n} rows.").format(n=view.number(len(frame))))

about = export_about(view, table, description, len(frame))
files = download_files(frame, table, about, view.ds.version)
with st.container(horizontal=True):
    for kind, label in (("csv", _("Download CSV")), ("xlsx", _("Download Excel"))):
        file_name, data, mime = files[kind]
        st.download_button(
            label,
            data=data,
            file_name=file_name,
            mime=mime,
            on_click="ignore",
            key=f"download_{kind}",
            icon=":material/download:",
        )
# A CSV holds the table alone (the rows shown, nothing else): what a reader must cite is said
# here, and in the Excel file's "about" sheet.
st.caption(plain(" ".join((about[_("how to cite")], about[_("licence")],
                           about[_("data last changed")] + "."))))  # fmt: skip

st.header(_("Sources"))
sources = ask(view, "sources_used")
st.caption(plain(sources_sentence(sources, _)))
# A read-only checkbox is drawn pale: a mirror gets a word that stands out instead.
st.dataframe(
    sources.assign(flag=sources["is_mirror"].map({True: "⚠️ " + _("mirror"), False: ""})),
    hide_index=True,
    width="stretch",
    key="sources_table",
    column_order=[
        "publisher",
        "flag",
        "mirror_of",
        "url",
        "title",
        "language",
        "published_date",
        "accessed_date",
        "notes",
    ],
    column_config={
        "publisher": _("Publisher"),
        "flag": st.column_config.TextColumn(
            _("Mirror copy"),
            width=110,
            help=_("A copy republished on an unrelated site, not the original."),
        ),
        "title": st.column_config.TextColumn(_("Title"), width="large"),
        "url": st.column_config.LinkColumn(_("Link"), display_text=r"https?://([^/]+)"),
        "mirror_of": _("Original publisher"),
        "language": _("Language"),
        "published_date": _("Published"),
        "accessed_date": _("Accessed"),
        "notes": _("Notes"),
    },
)
# The grid above is a canvas a screen reader cannot walk: the same sources as a list, each title
# marked with its own language. Drawn when asked: with thousands of sources cited, the list was
# a third of every filter change on this page, for a list most readers never open.
if st.toggle(_("The sources as a list"), key="sources_list"):
    st.html(alternatives.sources_list(sources, _))
st.download_button(
    _("Download the sources (CSV)"),
    data=lambda: to_csv_bytes(sources),
    file_name=f"coopstats-sources-{view.ds.version}.csv",
    mime="text/csv",
    on_click="ignore",
    key="download_sources",
    icon=":material/download:",
)
