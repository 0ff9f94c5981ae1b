"""Links back to a view: the permalink printed on every export, and the embed URL.

The dashboard's filter widgets are bound to the URL (`bind="query-params"`) and write their
option values there, as codes: `series=gfmd&type=countries&role=co_chair&lang=zh&sub=false`
(checked in Chromium against the served app). In the app the export panel copies the live
URL, so it is exact; the CLI rebuilds the same parameters here from the filters.

`v=<dataset version>` freezes a link: the app serves one data version, and says so when a
link was made from another.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from html import escape
from urllib.parse import unquote, urlencode

from coopstats.aggregate import Filters
from coopstats.dataset import Dataset
from coopstats.i18n import LANGUAGES, translator
from coopstats.schema import EVENT_KINDS, ROLES

VERSION_PARAM = "v"
CHART_PARAM = "chart"
EMBED_PARAM = "embed"
# Parameters of one page's own widgets (not the shared sidebar filters).
PAGE_PARAMS = frozenset({"measure", "editions", "orgtype", "country"})

Params = dict[str, tuple[str, ...]]


def filter_params(ds: Dataset, filters: Filters, lang: str = "en") -> Params:
    """The sidebar's query parameters for `filters`, as its widgets write them (defaults left out)."""
    out: Params = {}
    events = ds.tables.events
    full = (int(events["year"].min()), int(events["year"].max()))
    if filters.years and tuple(filters.years) != full:
        out["years"] = tuple(str(y) for y in filters.years)
    if filters.series:
        out["series"] = tuple(filters.series)
    if set(filters.kinds) == {"edition"} and set(EVENT_KINDS) != {"edition"}:
        out["sub"] = ("false",)
    if filters.regions:
        out["region"] = tuple(filters.regions)
    types = set(filters.participant_types)
    if types == {"country", "territory"}:
        out["type"] = ("countries",)
    elif types == {"organisation"}:
        out["type"] = ("organisations",)
    if filters.roles:
        out["role"] = tuple(r for r in filters.roles if r in ROLES)
    if lang != "en" and lang in LANGUAGES:
        out["lang"] = (lang,)
    return out


def query_string(params: Mapping[str, Iterable[str]]) -> str:
    """`a=1&a=2&b=x`, percent-encoded; an empty mapping gives ""."""
    pairs = [(key, value) for key, values in params.items() for value in values]
    return urlencode(pairs)


def is_absolute(url: str) -> bool:
    """Whether `url` is a full address (http or https), not only a path within the dashboard."""
    return url.startswith(("http://", "https://"))


def printed(url: str, _: Callable[[str], str]) -> str:
    """A link as an export prints it: the address decoded ("lang=العربية"), or, when it is only
    a path (no public address known), how to open it."""
    if is_absolute(url):
        return unquote(url)
    return _("To open this view: add “{path}” to the address of a coopstats dashboard.").format(
        path=unquote(url)
    )


def page_url(base_url: str, page: str, params: Mapping[str, Iterable[str]]) -> str:
    """`base_url/page?params`; the overview (the default page) lives at the root.

    Without a base URL (an export made where the dashboard's public address is not known) the
    result is the path alone, `/map?series=gfmd`, to be added to any dashboard's address.
    """
    path = "" if page in ("", "overview") else page
    url = base_url.rstrip("/") + "/" + path
    query = query_string(params)
    return f"{url}?{query}" if query else url


def permalink(
    base_url: str,
    page: str,
    params: Mapping[str, Iterable[str]],
    *,
    version: str | None = None,
) -> str:
    """A link to the view; with `version`, a frozen link that pins the dataset version."""
    params = {
        k: tuple(v) for k, v in params.items() if k not in (VERSION_PARAM, EMBED_PARAM, CHART_PARAM)
    }
    if version:
        params[VERSION_PARAM] = (version,)
    return page_url(base_url, page, params)


def embed_url(
    base_url: str,
    chart: str,
    params: Mapping[str, Iterable[str]],
    *,
    version: str | None = None,
) -> str:
    """The chart-only view for an iframe: `/?embed=true&chart=NAME&<filters>`."""
    rest = {
        k: tuple(v) for k, v in params.items() if k not in (VERSION_PARAM, EMBED_PARAM, CHART_PARAM)
    }
    ordered: Params = {EMBED_PARAM: ("true",), CHART_PARAM: (chart,), **rest}
    if version:
        ordered[VERSION_PARAM] = (version,)
    return page_url(base_url, "", ordered)


def iframe_snippet(url: str, title: str, height: int = 600) -> str:
    """An <iframe> to paste into a web page (as OWID's embed dialog offers)."""
    return (
        f'<iframe src="{escape(url, quote=True)}" title="{escape(title, quote=True)}" '
        f'loading="lazy" style="width: 100%; height: {int(height)}px; border: 0px none;" '
        'allow="clipboard-write"></iframe>'
    )


def version_notice(
    requested: str | None, served: str, _: Callable[[str], str] | None = None
) -> str | None:
    """When a frozen link asks for another data version: what to tell the reader; else None."""
    _ = _ or translator("en")
    if not requested or requested == served:
        return None
    return _(
        "This link was made from data version {requested}; the data have changed since "
        "(now {served}). The numbers shown may differ from those the link showed then."
    ).format(requested=requested, served=served)
