"""coopstats server: `streamlit run serve.py` (what `make run` and `make run-replicas` start).

The same dashboard as `streamlit run dashboard.py`, with the dataset loaded and the pages'
modules imported when the server starts, before the first browser connects
(coopstats.app.warmup: it also opens the first pages itself while no browser has come), the
page's head starting Plotly's module and the base map early (coopstats.app.preload.EarlyLoad),
and the route that sets an editor's session cookie HttpOnly
(coopstats.app.session_cookie). Streamlit runs this file once to find `app`; each session runs
dashboard.py.
"""

import streamlit as st
from starlette.middleware import Middleware

from coopstats.app import session_cookie
from coopstats.app.preload import EarlyLoad
from coopstats.app.warmup import VisitorWatch, lifespan

app = st.App(
    "dashboard.py",
    lifespan=lifespan,
    routes=session_cookie.routes(),
    middleware=[Middleware(VisitorWatch), Middleware(EarlyLoad)],
)
