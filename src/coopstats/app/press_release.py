"""From a news item: paste its text or upload it (.txt, .html, .docx), see the draft the extractor
proposes with each field's evidence marked in the text, edit it, and commit it as one changeset.

The draft is made from the form's values (cached: the same text gives the same draft), so the
tables that edit it keep their rows between runs; edits stay in the widgets until "Commit".
The commit takes the path of `coopstats add`: the edited draft becomes one draft document
(app/draft_review.py), checked against the draft schema, turned into rows by
`drafts.to_addition`, validated whole with the loader's rules and written as one changeset
(app/staging.py). The text's URL and publication date make its source; each figure keeps its
quote. Text from the item is shown only as escaped text (app/highlight.py) or in tables.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date

import pandas as pd
import streamlit as st

from coopstats import drafts
from coopstats.app import data_source, draft_review, forms
from coopstats.app.highlight import marked_text
from coopstats.app.staging import show_problems, submit
from coopstats.app.text import plain
from coopstats.app.view import View
from coopstats.contribution import Submission
from coopstats.dataset import Dataset
from coopstats.errors import DataError
from coopstats.extract import LANGUAGES, Extractor, evidence, read_upload
from coopstats.extract.documents import MAX_BYTES
from coopstats.schema import EVENT_KINDS, FIGURE_STATUSES, METRICS, MODES, QUALIFIERS, ROLES
from coopstats.settings import Settings
from coopstats.store import select

_PASTE, _UPLOAD = "paste", "upload"
_PARTICIPANT_STATUSES = {
    "attended": "attended",
    "invited": FIGURE_STATUSES["invited"],
    "pre_event": FIGURE_STATUSES["pre_event"],
}
_LANGUAGE_NAMES = {"ar": "العربية", "zh": "中文", "en": "English", "fr": "Français",
                   "ru": "Русский", "es": "Español"}  # fmt: skip


def _dataset(settings: Settings, store) -> Dataset:
    """The store's latest data with its own names (not localised: the extractor matches the
    bundled spellings of cities and titles)."""
    return data_source.store_dataset(select(settings).url, store.data_version(), settings)


@st.cache_resource(show_spinner=False, max_entries=2)
def _extractor(version: str, _ds: Dataset) -> Extractor:
    """The extractor over one version of the data: its name index takes about a second to build."""
    return Extractor.build(_ds)


@st.cache_data(show_spinner=False, max_entries=16)
def _draft(
    version: str, text: str, published: str | None, url: str | None, title: str | None,
    lang: str, _ds: Dataset,
) -> dict:  # fmt: skip
    return _extractor(version, _ds).draft(
        text, published=published, url=url, title=title, lang=lang
    )


def _item(view: View) -> tuple[str, str, dict] | None:
    """The text of the item, its name for messages and what is known of it; None until read."""
    _ = view._
    how = st.radio(
        _("The news item"),
        [_PASTE, _UPLOAD],
        format_func=lambda h: _("Paste its text") if h == _PASTE else _("Upload a file"),
        horizontal=True,
        key="press_how",
    )
    with st.form(key="press_form"):
        if how == _PASTE:
            pasted = st.text_area(_("Text of the news item"), height=220, key="press_text")
            upload = None
        else:
            pasted = ""
            upload = st.file_uploader(
                _("News item (.txt, .html or .docx, at most {mb} MB)").format(
                    mb=MAX_BYTES // (1024 * 1024)
                ),
                max_upload_size=MAX_BYTES // (1024 * 1024),
                key="press_file",
            )
        left, right = st.columns(2)
        url = left.text_input(_("Address (URL) of the item (optional)"), key="press_url")
        title = right.text_input(_("Headline (optional)"), key="press_title")
        published = left.date_input(
            _("Published on (optional)"), value=None, min_value=date(1900, 1, 1),
            key="press_published",
        )  # fmt: skip
        lang = right.selectbox(
            _("Language of the item"),
            ["auto", *LANGUAGES],
            format_func=lambda code: _("recognise it") if code == "auto" else _LANGUAGE_NAMES[code],
            key="press_lang",
        )
        read = st.form_submit_button(_("Read the item"), type="primary")
    if read:
        st.session_state["press_read"] = True
    if not st.session_state.get("press_read"):
        return None
    if how == _UPLOAD:
        if upload is None:
            return None
        try:
            text = read_upload(upload.getvalue(), upload.name)
        except DataError as error:
            for problem in error.problems:
                st.error(plain(problem.message()))
            return None
        name = upload.name
    else:
        text, name = pasted, _("pasted text")
        if not text.strip():
            st.info(_("Paste the text of the item, then read it."))
            return None
    known = {
        "url": url.strip() or None,
        "title": title.strip() or None,
        "published": published.isoformat() if published else None,
        "lang": lang,
    }
    return text, name, known


def _label(view: View):
    _ = view._
    names = {
        "series_id": _("Series"), "edition_number": _("Edition number"), "start_date": _("Start"),
        "end_date": _("End"), "city": _("City"), "host_iso3": _("Host country"),
    }  # fmt: skip

    def label(kind: str, item: dict, key: str | None) -> str:
        if kind == "figure":
            sign = QUALIFIERS[item["qualifier"]]["sign"]
            return f"{_(METRICS[item['metric']]['label'])} {sign}{view.number(item['value'])}"
        if kind == "participant":
            code = item["iso3"] or item["org_id"]
            return f"{view.name(code)}: {_(ROLES[item['role']])}"
        value = item[key]
        if key == "series_id":
            value = view.series_name(value)
        elif key == "host_iso3":
            value = view.name(value)
        return f"{names.get(key, key)}: {value}"

    return label


def _event_fields(view: View, ds: Dataset, event: dict, key: str) -> dict:
    """Widgets for a record's event, filled from the draft; their values."""
    _ = view._
    series = [None, *ds.tables.series["series_id"]]
    countries = [None, *ds.tables.countries["iso3"]]
    left, middle, right = st.columns(3)
    chosen_series = left.selectbox(
        _("Series"), series, index=series.index(event.get("series_id"))
        if event.get("series_id") in series else 0,
        format_func=lambda s: "—" if s is None else view.series_name(s), key=f"{key}_series",
    )  # fmt: skip
    kinds = list(EVENT_KINDS)
    values = {
        "series_id": chosen_series,
        "kind": middle.selectbox(_("Kind"), kinds, index=kinds.index(event.get("kind") or "edition"),
                                 format_func=lambda k: _(EVENT_KINDS[k]), key=f"{key}_kind"),
        "edition_number": right.number_input(_("Edition number"), min_value=1, step=1,
                                             value=event.get("edition_number"), key=f"{key}_number"),
        "start_date": left.text_input(_("Start date (2024-09-11, 2024-09 or 2024)"),
                                      value=event.get("start_date") or "", key=f"{key}_start"),
        "end_date": middle.text_input(_("End date (optional)"), value=event.get("end_date") or "",
                                      key=f"{key}_end"),
        "city": right.text_input(_("City"), value=event.get("city") or "", key=f"{key}_city"),
        "host_iso3": left.selectbox(
            _("Host country"), countries,
            index=countries.index(event.get("host_iso3")) if event.get("host_iso3") in countries else 0,
            format_func=lambda c: "—" if c is None else f"{view.name(c)} ({c})", key=f"{key}_host"),
        "title": middle.text_input(_("Title (for a new event)"), value=event.get("title") or "",
                                   key=f"{key}_title"),
    }  # fmt: skip
    events = ds.tables.events
    same = events[events["series_id"] == chosen_series].sort_values("start", ascending=False)
    options = [None, *same["event_id"]]
    matched = event.get("matched_event_id")
    if matched and matched not in options:
        options.append(matched)
    values["matched_event_id"] = right.selectbox(
        _("Updates the event"), options, index=options.index(matched) if matched else 0,
        format_func=lambda e: _("none: a new event") if e is None else e, key=f"{key}_matched",
    )  # fmt: skip
    return values


def _figures_editor(view: View, record: dict, key: str) -> pd.DataFrame:
    _ = view._
    return _rows_editor(draft_review.figures_frame(record), key, {
        "metric": st.column_config.SelectboxColumn(
            _("Metric"), options=list(METRICS), required=True,
            format_func=lambda m: _(METRICS[m]["label"])),
        "value": st.column_config.NumberColumn(_("Value"), min_value=0, step=1, format="%d",
                                               required=True),
        "qualifier": st.column_config.SelectboxColumn(
            _("Qualifier"), options=list(QUALIFIERS), required=True, default="exact",
            format_func=lambda q: _(QUALIFIERS[q]["label"])),
        "status": st.column_config.SelectboxColumn(
            _("Status"), options=list(FIGURE_STATUSES), required=True, default="reported",
            format_func=lambda s: _(FIGURE_STATUSES[s])),
        "scope": st.column_config.TextColumn(_("Scope")),
        "quote": st.column_config.TextColumn(_("The source's words")),
    })  # fmt: skip


def _participants_editor(view: View, record: dict, key: str) -> pd.DataFrame:
    _ = view._
    everyone = forms.participant_options(view)
    return _rows_editor(draft_review.participants_frame(record), key, {
        "participant": st.column_config.SelectboxColumn(
            _("Participant"), options=list(everyone), required=True,
            format_func=lambda c: f"{everyone.get(c, c)} ({c})"),
        "role": st.column_config.SelectboxColumn(
            _("Role"), options=list(ROLES), required=True, default="participant",
            format_func=lambda r: _(ROLES[r])),
        "mode": st.column_config.SelectboxColumn(
            _("Mode"), options=list(MODES), default="unknown",
            format_func=lambda m: _(MODES[m])),
        "status": st.column_config.SelectboxColumn(
            _("Status"), options=list(_PARTICIPANT_STATUSES), default="attended",
            format_func=lambda s: _(_PARTICIPANT_STATUSES[s])),
        "quote": st.column_config.TextColumn(_("The source's words")),
    })  # fmt: skip


def _rows_editor(frame: pd.DataFrame, key: str, columns: dict) -> pd.DataFrame:
    """A draft's rows in an editable grid: rows may be added and removed."""
    return st.data_editor(
        frame, num_rows="dynamic", hide_index=True, width="stretch", key=key, column_config=columns
    )


def _source(known: dict, draft: dict, text: str) -> dict:
    """The source the committed rows cite: the item's URL and date; its headline, else its
    first line."""
    first_line = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return {
        "url": known["url"],
        "title": known["title"] or first_line[:200] or None,
        "publisher": draft["source"].get("publisher"),
        "published_date": known["published"],
        "language": draft["language"],
    }


def _commit(
    view: View, editor: str, ds: Dataset, document: dict, name: str, expect: dict[str, int]
) -> bool:
    """Check the document whole, then write it as one changeset (or queue it for review)."""
    _ = view._
    try:
        drafts.check(document, name)
        addition = drafts.to_addition(document, ds, name=name)
    except DataError as error:
        show_problems(error, _)
        return False
    title = document["source"].get("title") or addition.source_id
    submission = Submission(
        summary=f"added from {title}",
        kind="add",
        source_id=addition.source_id,
        puts=[(table, row) for table, rows in addition.rows.items() for row in rows],
        expect=expect,
    )
    done = submit(view.store, editor, submission, view.settings.review, _)
    if done and addition.kept_out:
        st.caption(
            _("Named only as invited or expected, kept out of the participants: {names}").format(
                names=plain(", ".join(addition.kept_out))
            )
        )
    return done


def press_release_panel(view: View, editor: str) -> None:
    """The whole flow, for a signed-in editor on a dashboard backed by the store."""
    _ = view._
    st.caption(
        _(
            "The draft is a proposal read by rules, not by a person: check every field against "
            "the marked words before you commit."
        )
    )
    found = _item(view)
    if found is None:
        return
    text, name, known = found
    ds = _dataset(view.settings, view.store)
    with st.spinner(_("Reading the item…")):
        draft = _draft(ds.version, text, known["published"], known["url"], known["title"],
                       known["lang"], _ds=ds)  # fmt: skip
    lang = draft["language"]
    # Widgets and tables are keyed by the draft itself: when it changes (another text, or new
    # data matched differently) they start afresh instead of keeping edits on the wrong rows.
    round_ = st.session_state.get("press_round", 0)
    fingerprint = json.dumps([draft, round_], sort_keys=True, ensure_ascii=False)
    key = hashlib.sha256(fingerprint.encode("utf-8")).hexdigest()[:10]
    # The matched events' versions as first read: the commit is refused if another writer
    # changed one of them meanwhile, as `coopstats add` refuses it.
    matched = sorted({r["event"]["matched_event_id"] for r in draft["records"]
                      if r["event"].get("matched_event_id")})  # fmt: skip
    expect = st.session_state.setdefault(f"press_versions_{key}",
                                         view.store.event_versions(matched))  # fmt: skip

    st.subheader(_("The text, with the evidence of each field marked"))
    st.caption(
        _("Marked words are followed by the field read from them, in brackets. Language: {lang}.")
        .format(lang=_LANGUAGE_NAMES.get(lang, lang))
    )  # fmt: skip
    st.html(marked_text(evidence(draft, _label(view)), lang=lang, label_lang=view.lang))

    events, figures, participants = [], [], []
    for i, record in enumerate(draft["records"]):
        kind = record["event"].get("kind") or "edition"
        st.subheader(_("Record {n}: {kind}").format(n=i + 1, kind=_(EVENT_KINDS.get(kind, kind))))
        with st.container(border=True):
            events.append(_event_fields(view, ds, record["event"], key=f"press_{key}_{i}"))
            st.markdown(_("**Figures**"))
            figures.append(_figures_editor(view, record, key=f"press_{key}_{i}_figures"))
            st.markdown(_("**Participants**"))
            participants.append(
                _participants_editor(view, record, key=f"press_{key}_{i}_participants")
            )
    st.caption(
        _("Source of every row: {title} · {url} · published {date}").format(
            title=plain(_source(known, draft, text)["title"] or "—"),
            url=plain(known["url"] or "—"),
            date=plain(known["published"] or "—"),
        )
    )
    if not st.button(_("Commit the draft"), type="primary", key="press_commit"):
        return
    try:
        document = draft_review.document(
            draft, source=_source(known, draft, text), events=events, figures=figures,
            participants=participants, countries=set(ds.tables.countries["iso3"]), name=name,
        )  # fmt: skip
    except DataError as error:
        show_problems(error, _)
        return
    if _commit(view, editor, _dataset(view.settings, view.store), document, name, expect):
        # Done: the next interaction shows the form again, not this draft.
        st.session_state["press_round"] = round_ + 1
        st.session_state["press_read"] = False
