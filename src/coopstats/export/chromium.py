"""The flags every headless Chromium that coopstats starts runs with: no sandbox (containers and
CI run as root), no GPU, no shared-memory file system, and nothing that reaches out to the
network on its own (component updates, sync, background requests). The PDF pack, the browser
benchmarks and the browser tests all start Chromium with these, then add their own."""

from __future__ import annotations

OFFLINE_ARGS: tuple[str, ...] = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
# Through Playwright, against a local server: plain HTTP only, no QUIC probe.
PAGE_ARGS: tuple[str, ...] = (*OFFLINE_ARGS, "--disable-quic")
