"""What the browser tests of editing share: signing in, a registration list, a painted map."""

from __future__ import annotations

import io

import pandas as pd
import pytest

expect = pytest.importorskip("playwright.sync_api").expect

PASSWORD = "correct horse battery"


def registration_xlsx(names: list[str]) -> bytes:
    """An organiser's list: a title row, a header, three people per delegation name."""
    rows = [["Registration list", ""], ["Name", "Country"]]
    rows += [[f"Person {i}", name] for i, name in enumerate(names * 3)]
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        pd.DataFrame(rows).to_excel(writer, header=False, index=False)
    return buffer.getvalue()


def painted(page, timeout_ms: int) -> int:
    """How many countries the map paints, once it has painted."""
    page.wait_for_selector("path.choroplethlocation", state="attached", timeout=timeout_ms)
    return page.evaluate(
        "() => [...document.querySelectorAll('path.choroplethlocation')]"
        ".filter((p) => (p.getAttribute('d') || '').length > 0).length"
    )


def sign_in(page, base: str, timeout_ms: int, name: str = "ana") -> None:
    """Open the dashboard and sign in from the sidebar."""
    page.goto(base + "/", timeout=timeout_ms)
    # The page first: a click while the first run still redraws the sidebar can miss.
    expect(
        page.get_by_role("heading", name="International cooperation forums at a glance")
    ).to_be_visible(timeout=timeout_ms)
    # A click that lands while a rerun redraws the sidebar is lost with the old expander: on a
    # busy machine that window is wide, so the expander is clicked again while it is closed.
    # Opening it reruns the page, which draws the form.
    section = page.locator("[data-testid=stExpander]").filter(has_text="Sign in to contribute")
    details, name_box = section.locator("details").first, page.get_by_label("Editor name")
    for _ in range(3):
        if details.get_attribute("open", timeout=timeout_ms) is None:
            section.get_by_text("Sign in to contribute").click(timeout=timeout_ms)
        try:
            expect(name_box).to_be_visible(timeout=timeout_ms / 3)
            break
        except AssertionError:
            continue
    name_box.fill(name, timeout=timeout_ms)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text(f"Signed in as {name}")).to_be_visible(timeout=timeout_ms)
