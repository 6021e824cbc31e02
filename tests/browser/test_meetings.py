"""Issue 6's walk-throughs: registration and the waiting list, the deadlines to ask to speak
and to write (seed 000), the clerk's run of the public comment period, and a facilitator's
notes on a phone. The meetings are made in the site's database at the moments each needs
(meeting_setup.py); mail is read from the real SMTP server."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import Site, sign_in

pytestmark = pytest.mark.browser


def _setup(site: Site, call: str) -> list[str]:
    out = site.manage("shell", "-c", f"from tests.browser.meeting_setup import *; {call}")
    return out.strip().splitlines()[-1].split()


def _pow_ready(page: Page) -> None:
    page.wait_for_function("document.querySelector('input[name=pow_nonce]').value !== ''")
    # The forms refuse what is sent faster than a person types (min fill time).
    page.wait_for_timeout(3200)


def _mails_to(site: Site, address: str) -> list[str]:
    site.manage("run_worker", "--once")
    return [
        str(m["Subject"]) + "\n" + m.get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]
        for m in site.inbox.messages
        if address in str(m["To"])
    ]


def _register(page: Page, meeting: str, name: str, email: str) -> None:
    page.goto(f"/meetings/{meeting}/register/")
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Email").fill(email)
    page.get_by_label("American Sign Language").check()
    _pow_ready(page)
    page.click("main button:has-text('Register')")


def test_resident_is_waitlisted_and_promoted_when_someone_cancels(page: Page, site: Site) -> None:
    (meeting,) = _setup(
        site, "starting_in(6 * 24 * 60, 'Conversation on foot pursuits, Englewood', '1')"
    )
    _register(page, meeting, "Keisha Johnson", "keisha@example.org")
    expect(page.locator("h1")).to_contain_text("you are registered")
    _register(page, meeting, "Miguel Herrera", "miguel@example.org")
    expect(page.locator("h1")).to_contain_text("waiting list")
    waiting_page = page.url

    keisha = _mails_to(site, "keisha@example.org")
    assert any(m.startswith("You are registered") for m in keisha), keisha
    assert any("waiting list" in m for m in _mails_to(site, "miguel@example.org"))
    # Keisha cancels with the one link in her email; following it alone cancels nothing.
    link = re.search(r"https?://\S+?(/meetings/registration/\S+/cancel/)", keisha[0])
    assert link, keisha[0]
    page.goto(link.group(1))
    expect(page.locator("main")).to_contain_text("Keisha")
    page.click("button:has-text('Yes, cancel my registration')")
    expect(page.locator("main")).to_contain_text("Cancelled")

    # Miguel is promoted, told by email, and his page says so.
    assert any(m.startswith("A place is yours") for m in _mails_to(site, "miguel@example.org"))
    page.goto(waiting_page)
    expect(page.locator("main")).to_contain_text("Registered")
    expect(page.locator("main")).not_to_contain_text("on the waiting list")


def test_ask_to_speak_25_hours_before_accepted_23_hours_refused_with_reason_seed_000(
    page: Page, site: Site
) -> None:
    (open_meeting,) = _setup(
        site, "starting_in(25 * 60, 'District council meeting, 25 hours away')"
    )
    (late_meeting,) = _setup(
        site, "starting_in(23 * 60, 'District council meeting, 23 hours away')"
    )

    page.goto(f"/meetings/{open_meeting}/")
    expect(page.locator("main")).to_contain_text("3 minutes")
    page.click("main a:has-text('Ask to speak')")
    page.get_by_label("Your name, as the chair will call it").fill("Gloria Ramírez")
    page.fill("#id_email", "gloria@example.org")
    page.get_by_label("The draft foot pursuit policy").check()
    _pow_ready(page)
    page.click("main button:has-text('Ask to speak')")
    receipt = page.locator("[data-receipt]").inner_text()
    assert receipt.startswith("S-")
    confirmation = _mails_to(site, "gloria@example.org")
    assert any("Request to speak accepted" in m and receipt in m for m in confirmation)

    page.goto(f"/meetings/{late_meeting}/speak/")
    closed = page.locator(".status-closed")
    expect(closed).to_contain_text("Requests to speak closed at")
    expect(closed).to_contain_text("24 hours before the meeting starts")
    expect(page.locator("form button:has-text('Ask to speak')")).to_have_count(0)


def test_written_comment_59_minutes_before_is_refused_seed_000(page: Page, site: Site) -> None:
    (meeting,) = _setup(site, "starting_in(59, 'Public forum starting within the hour')")
    page.goto(f"/meetings/{meeting}/write/")
    expect(page.locator(".status-closed")).to_contain_text(
        "Written comments for this meeting closed"
    )
    expect(page.locator("textarea")).to_have_count(0)


def test_clerk_runs_the_period_and_the_eleventh_speaker_is_not_reached_seed_000(
    page: Page, site: Site
) -> None:
    (meeting,) = _setup(
        site, "started_with_speakers(11, 'CCMHE special meeting with eleven speakers')"
    )
    # Before the meeting, the public page already said there is no assurance.
    page.goto(f"/meetings/{meeting}/")
    expect(page.locator("main")).to_contain_text("no assurance that every person")
    page.wait_for_timeout(3500)  # the meeting starts

    sign_in(page, "oee.coordinator")
    page.goto(f"/staff/meetings/{meeting}/clerk/")
    page.click("button:has-text('Open the public comment period')")
    expect(page.locator("main")).to_contain_text("more is waiting than the time left holds")
    for n in range(1, 11):
        page.click("button:has-text('Call next')")
        expect(page.locator("main")).to_contain_text(f"Speaker {n:02d}")
    # The countdown runs on the screen.
    speaker_clock = page.locator("[data-bind='speaker_left']").first
    expect(speaker_clock).to_have_attribute("role", "timer")
    first = speaker_clock.inner_text()
    page.wait_for_timeout(2200)
    assert speaker_clock.inner_text() != first

    # Thirty minutes pass (the record is moved back; the server keeps real time).
    site.query(
        "UPDATE meetings_meeting SET period_started_at = datetime(period_started_at, "
        "'-30 minutes') WHERE id = ?",
        int(meeting),
    )
    page.reload()
    expect(page.locator("main")).to_contain_text("used up")
    page.click("button:has-text('End the period')")
    statuses = site.query(
        "SELECT name, status FROM meetings_speakerrequest WHERE meeting_id = ? ORDER BY position",
        int(meeting),
    )
    assert statuses[-1] == ("Speaker 11", "not_reached"), statuses
    assert [s for _n, s in statuses[:10]] == ["spoke"] * 10
    expect(page.locator("main")).to_contain_text("Not reached")


def test_facilitator_writes_notes_on_a_phone_and_they_join_the_pool_V_C_4(
    browser: Browser, server: str, site: Site
) -> None:
    _meeting, token, engagement = _setup(
        site, "started_with_group('Conversation in Little Village')"
    )
    phone = browser.new_context(base_url=server, viewport={"width": 390, "height": 844})
    page = phone.new_page()
    page.goto(f"/meetings/notes/{token}/")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.get_by_label("When should an officer decide not to chase?").check()
    page.get_by_label("What the group said").fill(
        "Not for a traffic offense, and never into a school or a crowded park."
    )
    page.click("button:has-text('Save the notes')")
    expect(page.locator(".comment-list")).to_contain_text("never into a school")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    phone.close()

    staff = browser.new_context(base_url=server)
    page = staff.new_page()
    sign_in(page, "oee.coordinator")
    page.goto(f"/staff/meetings/pool/{engagement}/")
    expect(page.locator("main")).to_contain_text("never into a school")
    expect(page.locator("main")).to_contain_text("Facilitator")
    staff.close()
