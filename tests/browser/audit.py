"""axe-core in a Playwright page: inject the vendored engine, run the WCAG A and AA rules.

The engine is `vendor/axe-core/axe.min.js` (npm axe-core, MPL-2.0, see its README): nothing is
fetched at run time. `violations(page)` returns axe's violations, each with its nodes;
`describe(violations)` writes them as lines a person can act on.
"""

from __future__ import annotations

from pathlib import Path

AXE_JS = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
# WCAG 2.0 and 2.1, levels A and AA: the legal bar for public-sector sites.
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")

_RUN_JS = """async (tags) => {
    const result = await axe.run(document, {
        runOnly: {type: 'tag', values: tags},
        resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map((n) => ({target: n.target.join(' '), html: n.html.slice(0, 200),
                                    summary: n.failureSummary})),
    }));
}"""


def violations(page, tags: tuple[str, ...] = WCAG_TAGS) -> list[dict]:
    """axe-core's violations of `tags` on the page as it is now."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    return page.evaluate(_RUN_JS, list(tags))


def describe(found: list[dict], limit: int = 5) -> str:
    """One line per rule, then up to `limit` offending elements each."""
    lines = []
    for violation in found:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:limit]:
            lines.append(f"    {node['target']}: {node['html']}")
            lines.append(f"      {' '.join((node['summary'] or '').split())}")
        if len(violation["nodes"]) > limit:
            lines.append(f"    ... and {len(violation['nodes']) - limit} more")
    return "\n".join(lines)
