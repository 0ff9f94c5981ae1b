"""End to end, two server processes on one store: an editor signs in on one and imports a real
XLSX registration list; the map on the other shows the new participants, and a page left open
there says that the data changed. Also: an upload over the limit is refused with a message, the
XSRF protection is on, and the sign-in survives a reload."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from editing import PASSWORD, painted, registration_xlsx, sign_in

from coopstats.store import Store, editors

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect

APP = Path(__file__).resolve().parents[2] / "dashboard.py"
TIMEOUT_MS = 90_000


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    """A store of its own, seeded, with one editor; and countries with a shape not yet on the map."""
    folder = tmp_path_factory.mktemp("store-home")
    store = Store.open(f"sqlite:///{folder / 'coopstats.sqlite'}")
    editors.add(store.engine, "ana", PASSWORD)
    tables = store.load_tables()
    named = set(tables.participations["participant_id"])
    shaped = tables.countries[
        tables.countries["has_polygon"] & tables.countries["entity_type"].eq("state")
    ]
    fresh = [c for c in shaped.sort_values("iso3")["iso3"] if c not in named][:2]
    names = tables.countries.set_index("iso3").loc[fresh, "name_en"].tolist()
    return {"folder": folder, "fresh": fresh, "names": names, "store": store}


@pytest.fixture(scope="module")
def servers(serve_app, home):
    env = {"COOPSTATS_HOME": str(home["folder"])}
    # Two processes: the same app under two script paths, so serve_app starts two servers.
    other = home["folder"] / "dashboard.py"
    other.write_text(APP.read_text(encoding="utf-8"), encoding="utf-8")
    (home["folder"] / "static").symlink_to(APP.parent / "static", target_is_directory=True)
    return serve_app(APP, env=env), serve_app(other, env=env)


def test_editor_imports_a_list_and_the_other_process_shows_it(browser, servers, home, tmp_path):
    editor_url, viewer_url = servers
    viewer = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    viewer.goto(viewer_url + "/map")
    expect(viewer.get_by_role("heading", name="World map of participants")).to_be_visible(
        timeout=TIMEOUT_MS
    )
    before = painted(viewer, TIMEOUT_MS)
    # A viewer sees no Contribute page in the navigation, and its URL shows only the sign-in.
    expect(viewer.get_by_role("link", name="Contribute")).to_have_count(0)

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sign_in(page, editor_url, TIMEOUT_MS)
    page.reload()
    expect(page.get_by_text("Signed in as ana")).to_be_visible(timeout=TIMEOUT_MS)
    page.get_by_role("link", name="Contribute").click()
    expect(page.get_by_role("heading", name="Contribute")).to_be_visible(timeout=TIMEOUT_MS)

    upload = tmp_path / "registrations.xlsx"
    upload.write_bytes(registration_xlsx(home["names"]))
    page.locator("input[type=file]").first.set_input_files(str(upload))
    expect(page.get_by_text("2 distinct delegations in 6 rows")).to_be_visible(timeout=TIMEOUT_MS)
    commit = page.get_by_role("button", name="Commit the import")
    expect(commit).to_be_enabled(timeout=TIMEOUT_MS)
    commit.click()
    expect(page.get_by_text(re.compile(r"Saved as changeset \d+"))).to_be_visible(
        timeout=TIMEOUT_MS
    )
    latest = home["store"].history(limit=1)[0]
    assert latest.kind == "import" and latest.editor == "ana"

    # The untouched page on the other process learns of it within seconds.
    notice = viewer.get_by_text("The data changed since this page was drawn")
    expect(notice).to_be_visible(timeout=30_000)
    viewer.get_by_role("button", name="Refresh").click()
    expect(notice).to_have_count(0, timeout=TIMEOUT_MS)
    viewer.wait_for_function(
        "(n) => [...document.querySelectorAll('path.choroplethlocation')]"
        ".filter((p) => (p.getAttribute('d') || '').length > 0).length >= n",
        arg=before + 2,
        timeout=TIMEOUT_MS,
    )
    assert painted(viewer, TIMEOUT_MS) == before + 2
    context.close()


def test_a_viewer_opening_the_contribute_url_gets_only_the_sign_in(page, servers):
    page.goto(servers[0] + "/contribute")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.get_by_role("tab")).to_have_count(0)
    expect(page.locator("input[type=file]")).to_have_count(0)


def test_an_upload_over_the_limit_is_refused_with_a_message(browser, servers, tmp_path):
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(page, servers[0], TIMEOUT_MS)
    page.goto(servers[0] + "/contribute")
    expect(page.get_by_role("heading", name="Contribute")).to_be_visible(timeout=TIMEOUT_MS)
    big = tmp_path / "big.csv"
    big.write_bytes(b"delegation\n" + b"France\n" * (11 * 1024 * 1024 // 7))
    page.locator("input[type=file]").first.set_input_files(str(big))
    expect(
        page.get_by_text(re.compile(r"(must be|too large|10(\.0)? ?MB)", re.I)).first
    ).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.get_by_text("distinct delegations")).to_have_count(0)


def test_xsrf_protection_is_on(servers):
    # An upload without the XSRF cookie and header is refused by the server itself.
    request = urllib.request.Request(
        servers[0] + "/_stcore/upload_file/any-session/any-file",
        data=b"x",
        method="PUT",
        headers={"Content-Type": "application/octet-stream"},
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code in (400, 403)


def session_cookie_of(context, present: bool = True) -> dict | None:
    """The editor's cookie in the browser, once it is there (or gone, with present=False)."""
    for _ in range(150):
        found = [c for c in context.cookies() if c["name"] == "coopstats_editor" and c["value"]]
        if bool(found) == present:
            return found[0] if found else None
        context.pages[0].wait_for_timeout(200)
    raise AssertionError(f"the session cookie is {'missing' if present else 'still there'}")


def test_served_by_serve_py_the_session_cookie_is_httponly_and_dies_with_sign_out(
    browser, serve_app, home
):
    base = serve_app(APP.parent / "serve.py", env={"COOPSTATS_HOME": str(home["folder"])})
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sign_in(page, base, TIMEOUT_MS)
    cookie = session_cookie_of(context)
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict" and cookie["path"] == "/"
    # Set by the server: the page's scripts cannot read it.
    assert "coopstats_editor" not in page.evaluate("document.cookie")
    page.reload()
    expect(page.get_by_text("Signed in as ana")).to_be_visible(timeout=TIMEOUT_MS)

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("Sign in to contribute")).to_be_visible(timeout=TIMEOUT_MS)
    session_cookie_of(context, present=False)
    page.reload()
    expect(page.get_by_text("Sign in to contribute")).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.get_by_text("Signed in as ana")).to_have_count(0)
    context.close()

    # A copy of the cookie kept from before the sign-out opens nothing.
    thief = browser.new_context(viewport={"width": 1280, "height": 900})
    thief.add_cookies([{"name": cookie["name"], "value": cookie["value"], "url": base}])
    stolen = thief.new_page()
    stolen.goto(base + "/history")
    expect(stolen.get_by_role("heading", name="Sign in")).to_be_visible(timeout=TIMEOUT_MS)
    thief.close()
