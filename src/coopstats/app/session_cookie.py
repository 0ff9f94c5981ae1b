"""The editor's session cookie, set by the server: HttpOnly, SameSite=Strict, Secure over https.

A Streamlit script reads cookies (`st.context.cookies`) but cannot set them, and a cookie set by
the page's JavaScript can be read by JavaScript. So when the dashboard is served by `serve.py`
(`st.App`, what `make run` and the replicas start), a small route of this process sets it:

1. after a sign-in, the script hands the session token to this process under a one-time
   **handoff code** (random, usable once, for HANDOFF_SECONDS) and the page posts that code to
   the route (`POST <base>/coopstats/session`);
2. the route takes the token back for the code and answers with the cookie, `HttpOnly`,
   `SameSite=Strict`, `Secure` when the page came over https. The token itself never reaches
   the page's JavaScript; the code is worthless once used or a minute old.
3. Sign-out sends `DELETE` to the same route: the session in the cookie ends in the store and
   the cookie is cleared.

Handoffs are kept in this process's memory: the script and the route run in the same server
process (behind a proxy, the sticky-session cookie sends the page's requests to one replica). A
code posted to another process is refused and the editor simply stays signed in only in the tab.

Served by `streamlit run dashboard.py` there is no route (`served()` is False) and signin.py
falls back to a cookie set by the page's script (not HttpOnly); see docs/data-entry.md.
"""

from __future__ import annotations

import functools
import json
import secrets
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from streamlit import config

from coopstats.settings import Settings

if TYPE_CHECKING:
    from coopstats.store import Store

COOKIE = "coopstats_editor"
# The cookie outlives the idle hour on purpose: the store decides when a session ends (idle
# hour, sign-out, password change, MAX_SESSION); the browser forgets the cookie after this.
# The store's MAX_SESSION (12 hours), written out: serve.py imports this module before the
# server listens, and the store's imports (SQLAlchemy, pandas, pandera, Alembic: about a
# second) would delay that; tests/app/test_session_cookie.py keeps the two equal.
COOKIE_SECONDS = 12 * 60 * 60
HANDOFF_SECONDS = 60
PATH = "coopstats/session"


class Handoffs:
    """One-time codes under which the script leaves a session token for the route to take."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._waiting: dict[str, tuple[str, float]] = {}
        self.served = False  # set when the route is mounted in this process

    def give(self, token: str) -> str:
        """A new code for `token`, valid once for HANDOFF_SECONDS."""
        code = secrets.token_urlsafe(32)
        now = self._clock()
        with self._lock:
            # Forget codes never taken (a page closed before its script ran).
            for old in [c for c, (_t, until) in self._waiting.items() if until < now]:
                del self._waiting[old]
            self._waiting[code] = (token, now + HANDOFF_SECONDS)
        return code

    def take(self, code: object) -> str | None:
        """The token left under `code`, once; None for an unknown, used or expired code."""
        if not isinstance(code, str):
            return None
        with self._lock:
            found = self._waiting.pop(code, None)
        if found is None or found[1] < self._clock():
            return None
        return found[0]


# The one meeting point of the script threads and the server's event loop in this process.
HANDOFFS = Handoffs()


def served() -> bool:
    """Whether this process serves the cookie route (started by serve.py)."""
    return HANDOFFS.served


def route_path(base_url_path: str) -> str:
    """The route's path under Streamlit's `server.baseUrlPath` ("" or "stats" or "/a/b/")."""
    base = base_url_path.strip("/")
    return f"/{base}/{PATH}" if base else f"/{PATH}"


# The store is imported at the first request to the route, not with this module (see
# COOKIE_SECONDS): the server then listens without waiting for it.
@functools.cache
def _store(url: str) -> Store:
    from coopstats.store import Store

    return Store.open(url)


def _default_store() -> Store | None:
    from coopstats.store import select

    source = select(Settings.from_env())
    return None if source.folder is not None else _store(source.url)


def _secure(request: Request) -> bool:
    # Behind a proxy that ends TLS, the proxy says so (docs/deploy.md sets the header).
    forwarded = request.headers.get("x-forwarded-proto", "").split(",")[0].strip().lower()
    return request.url.scheme == "https" or forwarded == "https"


def endpoint(
    handoffs: Handoffs = HANDOFFS, store: Callable[[], Store | None] = _default_store
) -> Callable[[Request], object]:
    """The route's handler: POST a handoff code to get the cookie, DELETE to end and clear it."""

    async def session(request: Request) -> Response:
        from coopstats.store import editors as accounts

        opened = await run_in_threadpool(store)
        if opened is None:  # the CSV mode has no editors
            return Response(status_code=404)
        if request.method == "DELETE":
            token = request.cookies.get(COOKIE)
            if token:
                await run_in_threadpool(accounts.sign_out, opened.engine, token)
            response = Response(status_code=204)
            response.delete_cookie(COOKIE, path="/", secure=_secure(request), httponly=True,
                                   samesite="strict")  # fmt: skip
            return response
        try:
            code = json.loads(await request.body()).get("handoff")
        except (ValueError, AttributeError):
            code = None
        token = handoffs.take(code)
        if token is None or not await run_in_threadpool(
            accounts.session_editor, opened.engine, token
        ):
            return Response(status_code=403)
        response = Response(status_code=204)
        response.set_cookie(COOKIE, token, max_age=COOKIE_SECONDS, path="/",
                            secure=_secure(request), httponly=True, samesite="strict")  # fmt: skip
        return response

    return session


def routes(base_url_path: str | None = None) -> list[Route]:
    """The cookie route for `st.App(routes=...)`; marks this process as serving it."""
    if base_url_path is None:
        base_url_path = str(config.get_option("server.baseUrlPath") or "")
    HANDOFFS.served = True
    return [Route(route_path(base_url_path), endpoint(), methods=["POST", "DELETE"])]
