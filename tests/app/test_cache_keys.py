"""Per-process caches and the store's data version.

Several dashboard processes read one store; a write through one of them must reach the others'
caches. Streamlit leaves an argument whose name starts with "_" out of a cache's key, so a
cached function that takes data that way (a dataset, a store) must also take the version the
data are at: otherwise a process would serve what it computed before another one wrote.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pandas as pd

import coopstats.app

APP_DIR = Path(coopstats.app.__file__).resolve().parent
CACHES = {"cache_data", "cache_resource"}


def cached_functions() -> list[tuple[str, ast.FunctionDef]]:
    found = []
    for path in sorted(APP_DIR.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.FunctionDef):
                continue
            for decorator in node.decorator_list:
                target = decorator.func if isinstance(decorator, ast.Call) else decorator
                if isinstance(target, ast.Attribute) and target.attr in CACHES:
                    found.append((f"{path.relative_to(APP_DIR)}:{node.name}", node))
    return found


def test_the_app_has_cached_functions_to_check():
    names = {name for name, _ in cached_functions()}
    assert {"view.py:query", "search_box.py:_keys", "data_source.py:store_dataset"} <= names


def test_a_cache_given_data_outside_its_key_is_keyed_by_their_version():
    unkeyed = []
    for name, function in cached_functions():
        arguments = [a.arg for a in [*function.args.args, *function.args.kwonlyargs]]
        if any(a.startswith("_") for a in arguments) and "version" not in arguments:
            unkeyed.append(name)
    assert unkeyed == [], f"cached functions with unhashed data and no version: {unkeyed}"


def test_a_run_asks_each_answer_once_and_its_charts_share_it(monkeypatch):
    """Every hit of the query cache unpickles a fresh copy; within one run an answer is asked
    of it once (per query and arguments, lists included) and the same frame is handed on."""
    from coopstats import Filters, load_dataset
    from coopstats.app import view

    asked = []
    real = view.query

    def counted(name, *args, **kwargs):
        asked.append(name)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(view, "query", counted)
    ds = load_dataset()
    answers: dict = {}
    first = view.answered(answers, "events", ds, Filters(), ())
    assert view.answered(answers, "events", ds, Filters(), ()) is first
    later = view.answered(answers, "events", ds, Filters(years=(2015, 2016)), ())
    assert later is not first and len(later) < len(first)
    editions = ds.editions(Filters())["event_id"].tolist()[-2:]
    matrix = view.answered(answers, "presence_matrix", ds, Filters(), (editions,))
    assert view.answered(answers, "presence_matrix", ds, Filters(), (list(editions),)) is matrix
    assert asked == ["events", "events", "presence_matrix"]
    # Through the charts' view of the dataset, the same answers.
    cached = view.CachedDataset(ds, answers)
    assert cached.events(Filters()) is first
    assert asked == ["events", "events", "presence_matrix"]


def test_the_query_cache_tells_filters_apart_by_every_field():
    """Filters are keyed by their repr: filters that differ in any field are different keys,
    equal filters the same one."""
    from dataclasses import fields

    from coopstats import Filters, load_dataset
    from coopstats.app import view

    ds = load_dataset(Path(coopstats.app.__file__).resolve().parents[3] / "data")
    view.query.clear()
    base = Filters()
    changed = {
        "years": (2018, 2020), "series": ("gfmd",), "kinds": ("edition",),
        "regions": ("Africa",), "participant_types": ("organisation",), "roles": ("host",),
        "events": ("x",),
    }  # fmt: skip
    assert set(changed) == {f.name for f in fields(Filters)}
    keys = {repr(base)} | {repr(base.with_(**{k: v})) for k, v in changed.items()}
    assert len(keys) == len(changed) + 1
    first = view.query("events", ds.version, base.with_(years=(2018, 2020)), _ds=ds)
    again = view.query("events", ds.version, Filters(years=(2018, 2020)), _ds=ds)
    other = view.query("events", ds.version, base.with_(years=(2019, 2020)), _ds=ds)
    pd.testing.assert_frame_equal(first, again)
    assert len(other) < len(first)
