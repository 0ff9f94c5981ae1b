"""The browser starts loading Plotly's module and the base map while a page's first run is on
the server (coopstats.app.preload)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import streamlit as st
from streamlit.testing.v1 import AppTest

from coopstats.app import preload
from coopstats.figures.participation_map import map_config
from loops import run_alone

ROOT = Path(__file__).resolve().parents[2]


# DOMPurify, which the frontend runs on every `st.html`, removes an element whose text reads like
# markup: a `<` followed by a letter, a digit, `_`, `/` or `!` (its mXSS guard). A script with
# one anywhere, even in a comment, is dropped before it runs.
LOOKS_LIKE_MARKUP = re.compile(r"<[/\w!]")
SCRIPT = re.compile(r"<script[^>]*>(.*?)</script>", re.S)


def survives_the_sanitiser(body: str) -> bool:
    return not any(LOOKS_LIKE_MARKUP.search(code) for code in SCRIPT.findall(body))


def plan_of(script: str) -> dict:
    return json.loads(re.search(r"const plan = (\{.*?\});", script).group(1))


def test_the_installed_streamlit_ships_the_plotly_module_the_script_imports():
    # A Streamlit upgrade renames the file (its hash); the name is read from the package, and
    # this fails if the frontend stops shipping one such module.
    name = preload.plotly_module()
    assert name is not None and name.startswith("PlotlyChart.") and name.endswith(".js")
    assert (Path(st.__file__).resolve().parent / "static" / "static" / "js" / name).is_file()


def test_the_script_names_the_module_and_the_base_maps_where_plotly_looks_for_them():
    plan = plan_of(preload.script())
    assert plan == {
        "module": preload.plotly_module(),
        "maps": ["world_50m"],
        "map_pages": ["", "map"],
        "topojson": map_config(preload.TOPOJSON_URL)["topojsonURL"],
    }
    # Where plotly.js looks before it fetches a base map of its own.
    assert "PlotlyGeoAssets.topojson[name]" in preload.script()


def test_every_page_preloads_in_the_first_element_of_its_run():
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.switch_page(str(ROOT / "src" / "coopstats" / "app" / "pages" / "about.py"))
    at.run()
    assert not at.exception
    scripts = [element.proto.body for element in at.sidebar.get("html")]
    assert "const plan = " in scripts[0]
    assert plan_of(scripts[0])["module"] == preload.plotly_module()


def test_the_sanitiser_rule_catches_what_dropped_the_preload():
    assert not survives_the_sanitiser("<script>// the entry is <base>static/js</script>")
    assert survives_the_sanitiser("<script>const ok = 1 < 2 && a => b;</script>")


def test_the_frontend_keeps_the_preloading_script():
    # Regression: a comment naming `<base>static/js/...` made DOMPurify drop the whole script,
    # so nothing was preloaded on any page.
    assert SCRIPT.findall(preload.script())
    assert survives_the_sanitiser(preload.script())


def test_every_script_of_the_map_page_survives_the_sanitiser():
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.run()  # switch_page matches among the pages the run before registered
    at.switch_page("src/coopstats/app/pages/world_map.py").run()
    assert not at.exception
    assert at.title[0].value == "World map of participants"
    bodies = [e.proto.body for e in at.get("html") if e.proto.unsafe_allow_javascript]
    assert len(bodies) >= 2
    assert all(survives_the_sanitiser(body) for body in bodies)


# -- EarlyLoad: the same script in the head of the page serve.py serves ----------------------

PAGE = b"<html><head><title>x</title></head><body>app</body></html>"


def _asgi_answer(middleware_app, method: str = "GET", accept: bytes = b"text/html"):
    """(start message, body) of one request through `middleware_app`."""
    sent: list[dict] = []

    async def receive() -> dict:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict) -> None:
        sent.append(message)

    scope = {"type": "http", "method": method, "path": "/map",
             "headers": [(b"accept", accept), (b"accept-encoding", b"gzip")]}  # fmt: skip
    run_alone(lambda: middleware_app(scope, receive, send))
    return sent[0], b"".join(m.get("body", b"") for m in sent[1:])


def _inner(content_type: bytes, body: bytes = PAGE, encoding: bytes = b"", seen=None):
    async def app(scope, receive, send) -> None:
        if seen is not None:
            seen.extend(scope["headers"])
        headers = [(b"content-type", content_type), (b"content-length", str(len(body)).encode()),
                   (b"etag", b'"abc"')]  # fmt: skip
        if encoding:
            headers.append((b"content-encoding", encoding))
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        # In two pieces, as a file is streamed.
        await send({"type": "http.response.body", "body": body[:10], "more_body": True})
        await send({"type": "http.response.body", "body": body[10:], "more_body": False})

    return app


def test_a_page_gets_the_script_in_its_head_with_its_length_set_again():
    seen: list = []
    start, body = _asgi_answer(preload.EarlyLoad(_inner(b"text/html; charset=utf-8", seen=seen)))
    head = preload.head_script().encode()
    assert body == PAGE.replace(b"</head>", head + b"</head>")
    headers = dict(start["headers"])
    assert int(headers[b"content-length"]) == len(body)
    assert b"etag" not in headers  # the browser's copy must not outlive the script it holds
    # The page was asked for uncompressed, so that it could be read.
    assert b"accept-encoding" not in dict(seen)
    assert plan_of(preload.head_script()) == plan_of(preload.script())


def test_anything_but_a_page_passes_through_as_it_is():
    for inner, request in [
        (_inner(b"text/javascript", b"let x = '</head>';"), {"accept": b"*/*"}),
        (_inner(b"text/html"), {"method": "POST"}),
        (_inner(b"text/html", encoding=b"gzip"), {}),
    ]:
        start, body = _asgi_answer(preload.EarlyLoad(inner), **request)
        assert preload.head_script().encode() not in body
        assert dict(start["headers"]).get(b"etag") == b'"abc"'
