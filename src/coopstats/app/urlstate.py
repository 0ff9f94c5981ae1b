"""Choice widgets whose value lives in the URL as stable ids, whatever the interface language.

Streamlit's `bind="query-params"` writes a choice widget's *formatted label* to the URL
(`?series=GPSCFL`, or the Arabic name of a role), so a link made in one language would not open in
another and a country link would read `?country=China`. These widgets keep ids in the URL instead
(`?series=gpscfl&role=host`, `?country=CHN`): seeded from the URL when the widget first appears in
a session, written back after every change, and left out of the URL at their default. Sliders and
checkboxes, whose values are plain numbers and booleans, keep using `bind="query-params"`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

from coopstats.app.state import Ignored
from coopstats.i18n import N_

# Widgets whose default is given by position (`index`) rather than by value (`default`).
_BY_INDEX = {"selectbox", "radio"}


def _publish(key: str, value: Any, default: Any) -> None:
    if value == default or value in (None, [], ()):
        if key in st.query_params:
            del st.query_params[key]
        return
    wanted = [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)]
    if st.query_params.get_all(key) != wanted:
        st.query_params[key] = (
            wanted if len(wanted) > 1 or isinstance(value, list | tuple) else wanted[0]
        )


def choice(
    widget: Callable[..., Any],
    label: str,
    options: Sequence[str],
    *,
    key: str,
    default: Any = None,
    ignored: list[Ignored] | None = None,
    **kwargs: Any,
) -> Any:
    """Draw `widget` (st.multiselect, st.selectbox, st.radio, st.pills, st.segmented_control)
    with its value bound to the query parameter `key` as option ids.

    Values in the URL that are not among `options` are dropped and appended to `ignored`, so the
    page can say which part of a link it could not use. `default` is the value when the URL has
    none (a list for multi-selection widgets).
    """
    multi = widget is st.multiselect or kwargs.get("selection_mode") == "multi"
    name = getattr(widget, "__name__", "")
    if key in st.session_state:
        # A value left by another page's widget of the same key (the map's and the timeline's
        # `measure`) may not be an option here: forget it rather than draw an empty choice.
        held = st.session_state[key]
        held_values = held if isinstance(held, list | tuple) else [held]
        if not all(v in options for v in held_values if v is not None):
            del st.session_state[key]
    if key not in st.session_state:
        from_url = st.query_params.get_all(key)
        valid = [v for v in from_url if v in options]
        if ignored is not None:
            expected = ", ".join(list(options)[:8]) + (", ..." if len(options) > 8 else "")
            ignored.extend(
                Ignored.of(key, v, N_("one of: {options}"), options=expected)
                for v in from_url
                if v not in options
            )
        limit = kwargs.get("max_selections")
        if multi and limit and len(valid) > limit:
            if ignored is not None:
                ignored.extend(
                    Ignored.of(key, v, N_("at most {limit} choices"), limit=str(limit))
                    for v in valid[limit:]
                )
            valid = valid[:limit]
        if valid:
            st.session_state[key] = valid if multi else valid[0]
    if key not in st.session_state:
        if name in _BY_INDEX:
            kwargs["index"] = list(options).index(default) if default in options else None
        elif default is not None:
            kwargs["default"] = default
    value = widget(label, options=options, key=key, **kwargs)
    _publish(key, list(value) if multi else value, default if not multi else list(default or []))
    return value
