"""Editor sign-in: the dashboard is read-only until an editor signs in, in the sidebar.

The session lives in the store (coopstats.store.editors); the browser holds only a random
token, in `st.session_state` for this tab and in a cookie so that a reload keeps the editor
signed in. Streamlit reads cookies (`st.context.cookies`) but cannot set them: served by
serve.py, the server sets an HttpOnly cookie through its own route (app/session_cookie.py)
and the page's script only posts a one-time code; served by `streamlit run dashboard.py`
(no route), a small constant script sets the cookie itself, the token its only data. Every
run checks the token against the store: a session ended elsewhere (sign out, idle hour,
password reset, editor removed) ends here at the next interaction.

Write actions never trust the page they come from: they ask `editor_of(view)` again, which
checks the store.
"""

from __future__ import annotations

import json

import streamlit as st

from coopstats.app import session_cookie
from coopstats.app.text import plain
from coopstats.errors import DataError
from coopstats.store import Store
from coopstats.store import editors as accounts

COOKIE = session_cookie.COOKIE
COOKIE_SECONDS = session_cookie.COOKIE_SECONDS
_TOKEN = "_editor_token"
_COOKIE_TODO = "_editor_cookie"  # "set" or "clear": the script to send on the next run
_DEAD = "_editor_cookie_dead"  # a cookie value whose session has ended
# The sidebar's "Sign in to contribute" expander (its state: open or not).
SECTION_KEY = "signin_open"

_COOKIE_SCRIPT = (
    "<script>(() => {{ const secure = window.parent.location.protocol === 'https:' ? '; Secure' : '';"
    " window.parent.document.cookie = '{name}=' + {value} + '; Path=/; Max-Age={age}; SameSite=Strict'"
    " + secure; }})();</script>"
)
# With serve.py's route: the server sets (POST, a one-time code) or clears (DELETE) the cookie.
_ROUTE_SCRIPT = (
    "<script>(() => {{ window.parent.fetch({path}, {{method: '{method}',"
    " credentials: 'same-origin', headers: {{'Content-Type': 'application/json'}},"
    " body: {body}}}); }})();</script>"
)


def _cookie() -> str | None:
    """The cookie the browser sent when this tab connected, unless already found dead."""
    value = st.context.cookies.get(COOKIE)
    if not isinstance(value, str) or not value or value == st.session_state.get(_DEAD):
        return None
    return value


def _token() -> str | None:
    return st.session_state.get(_TOKEN) or _cookie()


def current_editor(store: Store | None) -> str | None:
    """The signed-in editor of this browser, checked against the store; None for a viewer."""
    if store is None:
        return None
    token = _token()
    name = accounts.session_editor(store.engine, token) if token else None
    if name is None:
        if token:  # ended elsewhere, idle, or a stale cookie: forget it here too
            st.session_state.pop(_TOKEN, None)
            if _cookie():
                # The tab keeps the cookies it connected with: clear it once, then ignore it.
                st.session_state[_DEAD] = _cookie()
                st.session_state[_COOKIE_TODO] = "clear"
        return None
    st.session_state[_TOKEN] = token
    return name


def send_cookie() -> None:
    """Set or clear the session cookie when a sign-in or sign-out asked for it (see module doc)."""
    todo = st.session_state.pop(_COOKIE_TODO, None)
    if todo is None:
        return
    token = st.session_state.get(_TOKEN, "") if todo == "set" else ""
    if session_cookie.served():
        path = session_cookie.route_path(str(st.get_option("server.baseUrlPath") or ""))
        body = {"handoff": session_cookie.HANDOFFS.give(token)} if todo == "set" else {}
        script = _ROUTE_SCRIPT.format(
            # json.dumps of a path and of a code of URL-safe characters: JavaScript literals.
            path=json.dumps(path),
            method="POST" if todo == "set" else "DELETE",
            body=json.dumps(json.dumps(body)),
        )
        st.html(script, unsafe_allow_javascript=True)
        return
    script = _COOKIE_SCRIPT.format(
        name=COOKIE,
        # json.dumps of a token of URL-safe characters: a JavaScript string literal.
        value=json.dumps(token),
        age=COOKIE_SECONDS if todo == "set" else 0,
    )
    st.html(script, unsafe_allow_javascript=True)


def sign_in_form(store: Store | None, _, key: str = "signin") -> None:
    """Name, password and a button; on success the page reruns signed in."""
    if store is None:
        st.caption(
            _("This dashboard reads a folder of CSV files: it cannot be changed from the browser.")
        )
        return
    with st.form(key=key, clear_on_submit=True, enter_to_submit=True):
        name = st.text_input(_("Editor name"), key=f"{key}_name", autocomplete="username")
        password = st.text_input(
            _("Password"), type="password", key=f"{key}_password", autocomplete="current-password"
        )
        submitted = st.form_submit_button(_("Sign in"))
    if not submitted:
        return
    result = accounts.sign_in(store.engine, name, password)
    if result.ok:
        st.session_state[_TOKEN] = result.token
        st.session_state[_COOKIE_TODO] = "set"
        st.rerun()
    elif result.reason == "locked":
        st.error(
            _("Too many failed attempts: this name is locked until {time} UTC.").format(
                time=result.locked_until.strftime("%H:%M:%S")
            )
        )
    else:
        st.error(_("Wrong editor name or password."))


def editor_panel(store: Store, editor: str, _) -> None:
    """Who is signed in, a sign-out button and a change-password form."""
    st.caption(_("Signed in as {editor}.").format(editor=plain(editor)))
    if st.button(_("Sign out"), key="signout"):
        accounts.sign_out(store.engine, st.session_state.pop(_TOKEN, None))
        st.session_state[_COOKIE_TODO] = "clear"
        st.rerun()
    with (
        st.expander(_("Change password")),
        st.form(key="password_change", clear_on_submit=True),
    ):
        old = st.text_input(_("Current password"), type="password", key="pw_old",
                            autocomplete="current-password")  # fmt: skip
        new = st.text_input(_("New password"), type="password", key="pw_new",
                            autocomplete="new-password")  # fmt: skip
        again = st.text_input(_("New password again"), type="password", key="pw_again",
                              autocomplete="new-password")  # fmt: skip
        if st.form_submit_button(_("Change password")):
            if new != again:
                st.error(_("The two new passwords differ."))
            else:
                try:
                    accounts.change_password(
                        store.engine, st.session_state.get(_TOKEN, ""), old, new
                    )
                except DataError as error:
                    st.error(plain(error.problems[0].message()))
                else:
                    st.success(_("Password changed; your other sessions are signed out."))


def sidebar(store: Store | None, editor: str | None, _) -> None:
    """The sidebar's editor section: the sign-in form, or the signed-in editor's panel."""
    with st.sidebar:
        send_cookie()
        st.header(_("Editors"))
        if editor is None:
            # The form is drawn once the expander is opened (a rerun), as a chart's table is
            # (app/charts.py): closed, its form, two fields and button were drawn by the
            # browser on every page before the first chart, and sent by every run.
            section = st.expander(_("Sign in to contribute"), key=SECTION_KEY, on_change="rerun")
            if section.open:
                with section:
                    sign_in_form(store, _)
        else:
            editor_panel(store, editor, _)  # type: ignore[arg-type]


def gate(store: Store | None, editor: str | None, _) -> str:
    """On a page for editors: the editor's name, or only the sign-in form and a stop."""
    if editor is not None:
        return editor
    st.title(_("Sign in"))
    st.info(_("This page is for editors. Sign in to continue."))
    sign_in_form(store, _, key="gate_signin")
    st.stop()
