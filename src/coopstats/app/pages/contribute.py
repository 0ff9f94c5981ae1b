"""Contribute: import a registration list with review, add or edit events, figures and named
participants, retract with a reason. For editors only (the page shows the sign-in otherwise)."""

import streamlit as st

from coopstats.app import forms, signin
from coopstats.app.importer import import_panel
from coopstats.app.press_release import press_release_panel
from coopstats.app.view import current

view = current()
_ = view._
editor = signin.gate(view.store, view.editor, _)
st.title(_("Contribute"))
st.caption(
    _(
        "Every change is checked with the same rules as the data files and saved as one "
        "changeset in your name; the History page lists it and can undo it."
    )
)
if view.settings.review == "required":
    st.info(
        _("This dashboard requires a second editor's approval: changes wait on the History page.")
    )

tab_import, tab_news, tab_event, tab_figure, tab_participant, tab_retract = st.tabs(
    [_("Import a list"), _("From a news item"), _("Event"), _("Figure"), _("Participant"),
     _("Retract")]
)  # fmt: skip
with tab_import:
    import_panel(view, editor)
with tab_news:
    press_release_panel(view, editor)
with tab_event:
    forms.event_form(view, editor)
with tab_figure:
    forms.figure_form(view, editor)
with tab_participant:
    forms.participant_form(view, editor)
with tab_retract:
    forms.retract_form(view, editor)
