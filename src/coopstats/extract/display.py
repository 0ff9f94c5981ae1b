"""The draft document as readable text (what `coopstats extract` prints without --json)."""

from __future__ import annotations

from collections.abc import Callable

_QUALIFIER_SIGNS = {"exact": "", "more_than": ">", "at_least": "≥", "about": "~", "nearly": "~",
                    "up_to": "≤"}  # fmt: skip


def as_text(draft: dict) -> str:
    """Every record's event, figures and participants, one line each, with the quoted words."""
    source = draft["source"]
    lines = [f"language: {draft['language']}"]
    for key in ("url", "title", "published_date"):
        if source.get(key):
            lines.append(f"{key.replace('_', ' ')}: {source[key]}")
    for number, record in enumerate(draft["records"], start=1):
        event = record["event"]
        lines.append("")
        lines.append(f"record {number}: {event['kind'] or 'event'} of {event['series_id'] or '?'}")
        for key in ("edition_number", "start_date", "end_date", "city", "host_iso3",
                    "matched_event_id"):  # fmt: skip
            lines.append(f"  {key.replace('_', ' ')}: {_shown(event[key])}")
        lines.append(f"  figures ({len(record['figures'])}):")
        for f in record["figures"]:
            scope = f" [{f['scope']}]" if f["scope"] else ""
            sign = _QUALIFIER_SIGNS.get(f["qualifier"], f["qualifier"])
            lines.append(
                f"    {f['metric']}{scope} {sign}{f['value']} ({f['status']})  « {f['quote']} »"
            )
        lines.append(f"  participants ({len(record['participants'])}):")
        for p in record["participants"]:
            code = p["iso3"] or p["org_id"]
            quote = f"  « {p['quote']} »" if p["quote"] else ""
            lines.append(f"    {code} {p['role']}, {p['mode']}, {p['status']}{quote}")
    return "\n".join(lines)


def _shown(value: object) -> str:
    return "—" if value is None else str(value)


def _default_label(kind: str, item: dict, key: str | None = None) -> str:
    if kind == "figure":
        sign = _QUALIFIER_SIGNS.get(item["qualifier"], "")
        return f"{item['metric']} {sign}{item['value']} ({item['status']})"
    if kind == "participant":
        return f"{item['iso3'] or item['org_id']}: {item['role']}"
    return f"{(key or '').replace('_', ' ')}: {item.get(key)}"


def evidence(draft: dict, label: Callable[..., str] | None = None) -> list[tuple[str, str | None]]:
    """The text cut into pieces, each with the label of the field it is evidence for (None for
    the words between), for highlighting: joined, the pieces give the text back.

    `label(kind, item, key)` names a field: kind "event" (item the event, key the field),
    "figure" or "participant" (item the figure or participant, key None). Fields read from the
    same words share one piece, their labels joined by "; "; a piece that overlaps an earlier one
    is left unmarked (its field is still in the draft).
    """
    name = label or _default_label
    labels: dict[tuple[int, int], list[str]] = {}
    for record in draft["records"]:
        event = record["event"]
        for key, span in (event.get("spans") or {}).items():
            if event.get(key) is not None:
                labels.setdefault(tuple(span), []).append(name("event", event, key))
        for f in record["figures"]:
            if f.get("span") is not None:
                labels.setdefault(tuple(f["span"]), []).append(name("figure", f, None))
        for p in record["participants"]:
            if p.get("span") is not None:
                labels.setdefault(tuple(p["span"]), []).append(name("participant", p, None))
    text = draft["text"]
    pieces: list[tuple[str, str | None]] = []
    at = 0
    for (start, end), names in sorted(labels.items()):
        if start < at or end <= start:
            continue
        if start > at:
            pieces.append((text[at:start], None))
        pieces.append((text[start:end], "; ".join(dict.fromkeys(names))))
        at = end
    if at < len(text):
        pieces.append((text[at:], None))
    return pieces
