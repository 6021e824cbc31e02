"""Issue 2's walk-throughs: a resident reads a redline with the keyboard alone, R&D writes a
draft, a Department member is kept out of the staff area."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import sign_in


def tab_until(page: Page, predicate: str, limit: int = 250) -> None:
    """Press Tab until `predicate` (JS, given `el`) holds for the focused element."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(
            f"(() => {{ const el = document.activeElement; return !!({predicate}); }})()"
        ):
            return
    raise AssertionError(f"keyboard focus never reached: {predicate}")


def test_resident_finds_g03_02_and_reads_the_2020_redline_with_the_keyboard_only(
    page: Page,
) -> None:
    page.goto("/")
    # The skip link is the first stop and moves focus to the main content.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('skip-link')")
    tab_until(page, "el.id === 'home-q'")
    page.keyboard.type("G03-02")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/directives/\?q=G03-02"))
    tab_until(page, "el.tagName === 'A' && el.getAttribute('href') === '/directives/G03-02/'")
    page.keyboard.press("Enter")
    page.wait_for_url("**/directives/G03-02/")
    tab_until(
        page,
        "el.tagName === 'A' && /Changes from Issued 28 February 2020.* to Issued 31 December 2020, "
        "effective 1 April 2021/.test(el.textContent)",
    )
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/directives/G03-02/redline/\?old=\d+&new=\d+"))
    expect(page.locator("h1")).to_contain_text("Changes to G03-02")
    summary = page.locator(".summary-line").inner_text()
    assert re.search(r"\d+ items? changed", summary), summary
    # The index of changes is reachable and jumps to the change it names.
    tab_until(page, "el.closest('.change-index') && el.tagName === 'A'")
    target = page.evaluate("document.activeElement.getAttribute('href')")
    page.keyboard.press("Enter")
    assert page.url.endswith(target)
    section = page.locator(target)
    expect(section).to_be_visible()
    assert page.locator("ins").count() > 0 and page.locator("del").count() > 0
    expect(page.locator("ins .visually-hidden").first).to_have_text(re.compile(r"\[inserted: "))


def test_rd_creates_a_draft(page: Page) -> None:
    sign_in(page, "rd.analyst")
    page.wait_for_url("**/staff/")
    page.click("text=Draft directives")
    page.click("text=Start a new draft")
    page.fill("#id_number", "G03-07")
    page.fill("#id_title", "Foot Pursuits (revision)")
    page.fill(
        "#id_text",
        "I. PURPOSE\nThis directive:\nA. establishes the Department policy on foot pursuits.\n"
        "II. POLICY\nA. Foot pursuits carry inherent risk.\n",
    )
    page.click("button:has-text('Save draft')")
    expect(page.locator(".message-success")).to_have_text("Draft saved.")
    expect(page.locator("h1")).to_have_text("Edit draft of G03-07")
    page.click("text=View the draft as the public sees it")
    expect(page.locator("#s-II-A")).to_contain_text("Foot pursuits carry inherent risk.")


def test_department_member_cannot_reach_a_staff_page(page: Page) -> None:
    sign_in(page, "officer.member")
    page.wait_for_url(re.compile(r"/$"))
    response = page.goto("/staff/")
    assert response is not None and response.status == 403
    expect(page.locator("h1")).to_have_text("Not allowed")
    response = page.goto("/staff/directives/new/")
    assert response is not None and response.status == 403
