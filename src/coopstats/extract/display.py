"""The draft document as readable text (what `coopstats extract` prints without --json)."""

from __future__ import annotations

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


def evidence(draft: dict) -> list[tuple[str, str | None]]:
    """The text cut into pieces, each with the label of the field it is evidence for (None for
    the words between), for highlighting: joined, the pieces give the text back."""
    marks: list[tuple[int, int, str]] = []
    for record in draft["records"]:
        for f in record["figures"]:
            sign = _QUALIFIER_SIGNS.get(f["qualifier"], "")
            marks.append((*f["span"], f"{f['metric']} {sign}{f['value']} ({f['status']})"))
        for p in record["participants"]:
            if p.get("span") is not None:
                marks.append((*p["span"], f"{p['iso3'] or p['org_id']}: {p['role']}"))
    marks.sort()
    text = draft["text"]
    pieces: list[tuple[str, str | None]] = []
    at = 0
    for start, end, label in marks:
        if start < at:
            continue
        if start > at:
            pieces.append((text[at:start], None))
        pieces.append((text[start:end], label))
        at = end
    if at < len(text):
        pieces.append((text[at:], None))
    return pieces
