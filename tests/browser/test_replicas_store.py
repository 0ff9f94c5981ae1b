"""Two replicas behind HAProxy on one PostgreSQL store, driven by a real browser.

An official opens the map (with a filter) through the balancer. An editor signs in through the
balancer on the other replica (its affinity cookie names that one, so the upload of the
registration list goes through HAProxy to the process holding the editor's session) and
imports two countries not yet on the map; the official sees them after the next interaction.
Then the official's replica is killed while the browser is connected: the browser reconnects
through the balancer to the other replica and reopens the same view from its URL (same page and
filters), and the committed edit is still on the map.

Slow (PostgreSQL, two dashboards, HAProxy and Chromium on the same cores): every wait is
generous and nothing is timed. Skipped with the package's name when HAProxy or PostgreSQL is
missing; `.ci/run` installs both.
"""

from __future__ import annotations

import re
import shutil
import uuid
from pathlib import Path

import pytest
from editing import PASSWORD, painted, registration_xlsx, sign_in
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from coopstats.replicas import AFFINITY_COOKIE, Replicas, free_ports
from coopstats.store import Store, editors

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        shutil.which("haproxy") is None and not Path("/usr/sbin/haproxy").exists(),
        reason="needs haproxy (apt-get install haproxy)",
    ),
]

WAIT_MS = 180_000
# A filter that is not the default, so the URL carries it and the reopened view must keep it;
# the new participants are countries, so it keeps them on the map.
VIEW = "/map?type=countries"


@pytest.fixture(scope="module")
def shared_store(postgres_server):
    """A PostgreSQL store seeded from the bundled data, one editor, two countries to add."""
    url = postgres_server.create_database(f"replicas{uuid.uuid4().hex[:8]}")
    store = Store.open(url)
    editors.add(store.engine, "ana", PASSWORD)
    tables = store.load_tables()
    named = set(tables.participations["participant_id"])
    shaped = tables.countries[
        tables.countries["has_polygon"] & tables.countries["entity_type"].eq("state")
    ]
    fresh = [c for c in shaped.sort_values("iso3")["iso3"] if c not in named][:2]
    names = tables.countries.set_index("iso3").loc[fresh, "name_en"].tolist()
    return {"url": url, "store": store, "names": names}


@pytest.fixture(scope="module")
def replicas(shared_store, tmp_path_factory):
    home = tmp_path_factory.mktemp("replica-home")
    ports = free_ports(3)
    env = {"COOPSTATS_DATABASE_URL": shared_store["url"], "COOPSTATS_HOME": str(home)}
    with Replicas(ports[1:], ports[0], env=env, log_dir=home) as running:
        yield running


def pinned_page(browser, replicas: Replicas, server: str | None):
    """A new browser; its affinity cookie sends it to replica `server` ("r1", "r2"), or the
    balancer picks one (None)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    if server is not None:
        context.add_cookies([{"name": AFFINITY_COOKIE, "value": server, "url": replicas.url}])
    return context.new_page()


def affinity(page) -> str:
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    return cookies.get(AFFINITY_COOKIE, "")


def wait_for_painted(page, count: int) -> None:
    page.wait_for_function(
        "(n) => [...document.querySelectorAll('path.choroplethlocation')]"
        ".filter((p) => (p.getAttribute('d') || '').length > 0).length === n",
        arg=count,
        timeout=WAIT_MS,
    )


def run_finished(page) -> None:
    """Wait until the page's script run is over: no status widget saying it runs, nothing stale."""
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]') &&"
        " !document.querySelector('[data-stale=\"true\"]')",
        timeout=WAIT_MS,
    )


def open_view(page, replicas: Replicas) -> int:
    page.goto(replicas.url + VIEW, timeout=WAIT_MS)
    expect(page.get_by_role("heading", name="World map of participants")).to_be_visible(
        timeout=WAIT_MS
    )
    expect(page.get_by_role("radio", name="Countries and territories")).to_be_checked(
        timeout=WAIT_MS
    )
    run_finished(page)
    return painted(page, WAIT_MS)


def import_through(page, replicas: Replicas, names: list[str], upload: Path) -> str:
    """Sign in as the editor and import a registration list; the changeset id it was saved as."""
    sign_in(page, replicas.url, WAIT_MS)
    page.get_by_role("link", name="Contribute").click()
    expect(page.get_by_role("heading", name="Contribute")).to_be_visible(timeout=WAIT_MS)
    upload.write_bytes(registration_xlsx(names))
    page.locator("input[type=file]").first.set_input_files(str(upload))
    expect(page.get_by_text("2 distinct delegations in 6 rows")).to_be_visible(timeout=WAIT_MS)
    commit = page.get_by_role("button", name="Commit the import")
    expect(commit).to_be_enabled(timeout=WAIT_MS)
    commit.click()
    saved = page.get_by_text(re.compile(r"Saved as changeset \d+"))
    expect(saved).to_be_visible(timeout=WAIT_MS)
    return re.search(r"changeset (\d+)", saved.inner_text()).group(1)


class Runs:
    """The runs a page's server finished, per WebSocket the page opened (ForwardMsg frames)."""

    def __init__(self, page) -> None:
        self.finished: list[int] = []
        page.on("websocket", self._opened)

    def _opened(self, socket) -> None:
        index = len(self.finished)
        self.finished.append(0)

        def received(payload) -> None:
            if isinstance(payload, str):
                return
            message = ForwardMsg()
            message.ParseFromString(payload)
            if message.WhichOneof("type") == "script_finished" and message.script_finished in (
                ForwardMsg.FINISHED_SUCCESSFULLY,
            ):
                self.finished[index] += 1

        socket.on("framereceived", received)

    def wait_for_a_run_on_a_new_socket(self, page, sockets_before: int) -> None:
        """Wait (driving the page's event loop) until a socket opened after `sockets_before`
        has carried a whole run of the script."""
        while not any(self.finished[sockets_before:]):
            page.wait_for_timeout(250)


def test_an_edit_through_one_replica_shows_on_the_other_and_survives_a_killed_replica(
    browser, replicas, shared_store, tmp_path
):
    store = shared_store["store"]
    port_of = {f"r{i}": port for i, port in enumerate(replicas.ports, start=1)}

    official = pinned_page(browser, replicas, None)
    runs = Runs(official)
    before = open_view(official, replicas)
    served_by = affinity(official)
    other = next(name for name in port_of if name != served_by)

    # The editor on the other replica: the upload goes through HAProxy by the same cookie.
    editor = pinned_page(browser, replicas, other)
    changeset = import_through(editor, replicas, shared_store["names"], tmp_path / "list.xlsx")
    assert affinity(editor) == other
    editor.context.close()
    latest = store.history(limit=1)[0]
    assert (latest.id, latest.kind, latest.editor) == (changeset, "import", "ana")

    # The official's replica never saw the write: its next interaction reads the store's new version.
    notice = official.get_by_text("The data changed since this page was drawn")
    expect(notice).to_be_visible(timeout=WAIT_MS)
    official.get_by_role("button", name="Refresh").click()
    expect(notice).to_have_count(0, timeout=WAIT_MS)
    wait_for_painted(official, before + 2)
    run_finished(official)
    expect(official.get_by_text(f"(changeset {changeset})")).to_be_visible(timeout=WAIT_MS)

    # Kill the official's replica: the browser reconnects through the balancer to the other,
    # which runs the page afresh from the URL.
    sockets = len(runs.finished)
    assert affinity(official) == served_by
    replicas.kill(port_of[served_by])
    runs.wait_for_a_run_on_a_new_socket(official, sockets)
    run_finished(official)
    expect(official.get_by_role("heading", name="World map of participants")).to_be_visible(
        timeout=WAIT_MS
    )
    wait_for_painted(official, before + 2)

    # The same view, from its URL: same page, same filter; served now by the other replica.
    assert official.url == replicas.url + VIEW
    expect(official.get_by_role("radio", name="Countries and territories")).to_be_checked(
        timeout=WAIT_MS
    )
    expect(official.get_by_text(f"(changeset {changeset})")).to_be_visible(timeout=WAIT_MS)
    assert affinity(official) == other
    assert replicas.processes[port_of[other]].poll() is None
    # Nothing committed was lost: the store still ends with the import.
    assert store.history(limit=1)[0].id == changeset
    official.context.close()
