"""The editor's session cookie route (coopstats.app.session_cookie): a one-time code in, an
HttpOnly cookie holding the session token out; DELETE ends the session and clears the cookie."""

from __future__ import annotations

import json
from datetime import timedelta

import argon2
import pytest
import sqlalchemy as sa
from starlette.requests import Request

from coopstats.app import session_cookie
from coopstats.store import Store, editors
from loops import run_alone

PASSWORD = "correct horse battery"


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setattr(editors, "_hasher", argon2.PasswordHasher(time_cost=1, memory_cost=64,
                                                                  parallelism=1))  # fmt: skip
    opened = Store.open(f"sqlite:///{tmp_path / 'coopstats.sqlite'}", seed_from=None)
    editors.add(opened.engine, "ana", PASSWORD)
    return opened


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def call(handler, method: str, body: bytes = b"", cookie: str = "", https: bool = False):
    """One request to the route's handler, as the server would make it; the response."""
    headers = [(b"content-type", b"application/json")]
    if cookie:
        headers.append((b"cookie", f"{session_cookie.COOKIE}={cookie}".encode()))
    scope = {"type": "http", "method": method, "path": "/coopstats/session",
             "scheme": "https" if https else "http", "server": ("127.0.0.1", 8630),
             "query_string": b"", "headers": headers, "root_path": ""}  # fmt: skip

    async def receive():
        return {"type": "http.request", "body": body, "more_body": False}

    return run_alone(lambda: handler(Request(scope, receive)))


def set_cookies(response) -> list[str]:
    return [v.decode() for k, v in response.raw_headers if k == b"set-cookie"]


def post(handler, code: object, **kw):
    return call(handler, "POST", json.dumps({"handoff": code}).encode(), **kw)


def test_a_handoff_code_sets_an_httponly_strict_cookie_with_the_session_token(store):
    handoffs = session_cookie.Handoffs()
    handler = session_cookie.endpoint(handoffs, lambda: store)
    token = editors.sign_in(store.engine, "ana", PASSWORD).token
    code = handoffs.give(token)
    assert code != token
    response = post(handler, code)
    assert response.status_code == 204
    [cookie] = set_cookies(response)
    parts = [p.strip() for p in cookie.split(";")]
    assert parts[0] == f"{session_cookie.COOKIE}={token}"
    assert "HttpOnly" in parts and "SameSite=strict" in parts and "Path=/" in parts
    assert "Secure" not in parts  # served over plain http on loopback
    assert f"Max-Age={12 * 3600}" in parts
    # Once only: the same code again gets nothing.
    again = post(handler, code)
    assert again.status_code == 403 and not set_cookies(again)


def test_over_https_the_cookie_is_secure(store):
    handoffs = session_cookie.Handoffs()
    handler = session_cookie.endpoint(handoffs, lambda: store)
    token = editors.sign_in(store.engine, "ana", PASSWORD).token
    [cookie] = set_cookies(post(handler, handoffs.give(token), https=True))
    assert "Secure" in [p.strip() for p in cookie.split(";")]


@pytest.mark.parametrize("code", ["made-up", None, 12, ["x"]])
def test_an_unknown_code_gets_no_cookie(store, code):
    handler = session_cookie.endpoint(session_cookie.Handoffs(), lambda: store)
    response = post(handler, code)
    assert response.status_code == 403 and not set_cookies(response)
    garbage = call(handler, "POST", b"not json")
    assert garbage.status_code == 403 and not set_cookies(garbage)


def test_a_code_expires_after_a_minute(store):
    clock = Clock()
    handoffs = session_cookie.Handoffs(clock)
    handler = session_cookie.endpoint(handoffs, lambda: store)
    code = handoffs.give(editors.sign_in(store.engine, "ana", PASSWORD).token)
    clock.now += session_cookie.HANDOFF_SECONDS + 1
    assert post(handler, code).status_code == 403


def test_a_code_for_a_session_ended_meanwhile_gets_no_cookie(store):
    handoffs = session_cookie.Handoffs()
    handler = session_cookie.endpoint(handoffs, lambda: store)
    token = editors.sign_in(store.engine, "ana", PASSWORD).token
    code = handoffs.give(token)
    editors.sign_out(store.engine, token)
    assert post(handler, code).status_code == 403


def test_sign_out_ends_the_session_in_the_cookie_and_clears_it(store):
    handler = session_cookie.endpoint(session_cookie.Handoffs(), lambda: store)
    token = editors.sign_in(store.engine, "ana", PASSWORD).token
    response = call(handler, "DELETE", cookie=token)
    assert response.status_code == 204
    [cleared] = set_cookies(response)
    assert cleared.startswith(f'{session_cookie.COOKIE}="";') and "Max-Age=0" in cleared
    # The revoked token signs no one in again, whoever kept a copy.
    assert editors.session_editor(store.engine, token) is None


def test_the_token_is_random_and_the_store_holds_only_its_hash(store):
    token = editors.sign_in(store.engine, "ana", PASSWORD).token
    with store.engine.connect() as conn:
        password_hash = conn.execute(sa.select(editors.editors.c.password_hash)).scalar_one()
        stored = conn.execute(sa.select(editors.editor_sessions)).mappings().one()
    assert token != password_hash and token not in password_hash
    assert PASSWORD not in token and len(token) >= 43  # 32 random bytes, URL-safe
    assert token not in stored.values()
    assert stored["token_hash"] == editors._token_hash(token)


def test_an_expired_session_token_is_refused(store):
    token = editors.sign_in(store.engine, "ana", PASSWORD).token
    start = editors.now_utc()
    # Used every half hour, it still ends MAX_SESSION after the sign-in.
    moment = start
    while moment < start + editors.MAX_SESSION - timedelta(minutes=30):
        moment += timedelta(minutes=30)
        assert editors.session_editor(store.engine, token, now=moment) == "ana"
    later = start + editors.MAX_SESSION + timedelta(minutes=1)
    assert editors.session_editor(store.engine, token, now=later) is None
    assert editors.session_editor(store.engine, token, now=start) is None  # ended for good


def test_the_route_follows_the_base_url_path():
    assert session_cookie.route_path("") == "/coopstats/session"
    assert session_cookie.route_path("/stats/") == "/stats/coopstats/session"
    assert session_cookie.route_path("a/b") == "/a/b/coopstats/session"


def test_in_the_csv_mode_there_is_no_cookie():
    handler = session_cookie.endpoint(session_cookie.Handoffs(), lambda: None)
    assert post(handler, "x").status_code == 404


def test_the_cookie_lives_as_long_as_the_longest_session_the_store_allows():
    # Written out in session_cookie so that serve.py does not import the store before listening.
    assert int(editors.MAX_SESSION.total_seconds()) == session_cookie.COOKIE_SECONDS
