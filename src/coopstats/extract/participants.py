"""The countries, territories and organisations a news item names as taking part: role, mode
(in person or by video), status (attended, invited, announced) and the words each was read from."""

from __future__ import annotations

from coopstats.extract.context import Context
from coopstats.extract.mentions import Mention

# A series' own organiser is not a participant of its own assembly.
_SERIES_ORGANISER = {"interpol-ga": "interpol", "iom-idm": "iom", "grf": "unhcr"}


def read_participants(
    ctx: Context, series_id: str | None, host: str | None, future: bool
) -> list[dict]:
    rules = ctx.rules
    organiser = _SERIES_ORGANISER.get(series_id or "")
    by_code: dict[tuple[str, str], list[Mention]] = {}
    for m in ctx.mentions:
        if m.kind not in ("country", "organisation") or ctx.in_series(m.start, m.end):
            continue
        if m.kind == "organisation" and m.code == organiser:
            continue
        if ctx.near(rules.participant_exclude, m.start, m.end):
            continue
        by_code.setdefault((m.kind, m.code), []).append(m)
    out: list[dict] = []
    if host and ("country", host) not in by_code:
        # Not named: the place it was read from is the evidence.
        out.append(_participant("country", host, "host", "unknown", future, ctx.place))
    for (kind, code), mentions in by_code.items():
        first = mentions[0]
        status = "pre_event" if future else "attended"
        if not future:
            for m in mentions:
                s = ctx.status(m.start, m.end, False, sentence_wide=False)
                if s == "invited":
                    status = "invited"
                elif s == "pre_event" and status == "attended":
                    status = "pre_event"
        mode = "unknown"
        if any(ctx.in_sentence(rules.mixed_mode, m.start) for m in mentions):
            mode = "unknown"
        elif any(ctx.in_sentence(rules.video, m.start) for m in mentions):
            mode = "video"
        elif any(ctx.in_sentence(rules.in_person, m.start) for m in mentions):
            mode = "in_person"
        roles = []
        if kind == "country" and code == host:
            roles.append("host")
            mode = "unknown"
        if any(ctx.near(rules.co_chair, m.start, m.end) for m in mentions):
            roles.append("co_chair")
        if not roles:
            speaking = all(ctx.in_sentence(rules.speaker, m.start) for m in mentions)
            roles.append("speaker" if speaking else "participant")
        for role in roles:
            out.append(_participant(kind, code, role, mode, future, first, status))
    return out


def _participant(
    kind: str,
    code: str,
    role: str,
    mode: str,
    future: bool,
    mention: Mention | None,
    status: str | None = None,
) -> dict:
    return {
        "iso3": code if kind == "country" else None,
        "org_id": code if kind == "organisation" else None,
        "role": role,
        "mode": mode,
        "status": status or ("pre_event" if future else "attended"),
        "quote": mention.surface if mention else None,
        **({"span": [mention.start, mention.end]} if mention else {}),
    }
