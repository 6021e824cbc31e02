"""The originating unit assesses an engagement and OCPR determines its level (IV-B, IV-C,
IV-D): issue 5's first walk-through."""

from __future__ import annotations

import datetime

import icalendar
import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Site, sign_in, sign_out

pytestmark = pytest.mark.browser


def test_unit_assesses_and_ocpr_determines_a_higher_level_with_consultations_IV_D(
    page: Page, site: Site
) -> None:
    sign_in(page, "patrol.unit")
    page.goto("/staff/engagements/new/")
    page.fill("#id_title", "Foot pursuits: revision after the 2021 interim policy")
    page.fill("#id_directive", "G03-07")
    page.fill("#id_originating_unit", "Bureau of Patrol")
    page.get_by_label("De-escalation and use of force").check()
    page.click("button:has-text('Start')")
    detail = page.url
    page.select_option("#id_x-entity", value="monitor")
    page.fill("#id_x-summary", "The Independent Monitoring Team asked for community input.")
    page.click("button:has-text('Add the comment')")
    page.check("#id_a-community_request")
    page.check("#id_a-is_new")
    page.click("button:has-text('Record the assessment')")
    expect(page.locator(".message-success")).to_have_text("The assessment was recorded.")
    # Recommended: targeted (1 + 3 + 1 = 5 points), and why.
    expect(page.locator("main")).to_contain_text("Targeted outreach and discussions")
    why = page.locator("#why-caption").locator("xpath=..")
    expect(why).to_contain_text("IV-B-1")
    expect(why).to_contain_text("IV-B-4-b")
    expect(why).to_contain_text("IV-B-7")
    expect(page.locator("button:has-text('Determine')")).to_have_count(0)
    sign_out(page)

    sign_in(page, "ocpr.chief")
    page.goto(detail)
    page.select_option("#id_d-level", value="3")
    page.get_by_label("Professional Standards and Compliance Division").check()
    page.get_by_label("Office of Equity and Engagement").check()
    page.click("button:has-text('Determine')")
    expect(page.locator(".message-success")).to_have_text("The level of engagement was determined.")
    expect(page.locator("main")).to_contain_text("Determined by OCPR (IV-D)")
    expect(page.locator("main")).to_contain_text("Enhanced engagement (IV-D-2)")

    # The plan starts from the level's typical activities; a public posting links to the
    # posting that runs it.
    page.click("button:has-text('typical activities')")
    expect(page.locator(".message-success")).to_contain_text("activities added to the plan")
    expect(page.locator("#step-2").locator("xpath=..")).to_contain_text("Deliberative dialogue")
    page.select_option("#id_act-method", value="public_posting")
    page.fill("#id_act-title", "Posting of the revised draft")
    opens = datetime.date.today() + datetime.timedelta(days=10)
    page.fill("#id_act-starts_on", opens.isoformat())
    page.fill("#id_act-ends_on", (opens + datetime.timedelta(days=15)).isoformat())
    page.locator("#id_act-posting").select_option(index=1)
    page.click("button:has-text('Add the activity')")
    expect(page.locator(".message-success")).to_have_text("The activity was added to the plan.")
    expect(page.locator("a:has-text('the posting')")).to_have_count(1)

    # Steps 1 and 2 (V-A): each move hands the units their duties (VI), with due dates.
    page.click("button:has-text('Move to “Step 1')")
    expect(page.locator(".message-success")).to_contain_text("the units have their tasks")
    page.click("button:has-text('Move to “Step 2')")
    expect(page.locator(".message-success")).to_contain_text("the units have their tasks")
    engagement_id = detail.rstrip("/").rsplit("/", 1)[-1]
    sign_out(page)

    for username, duty, other in (
        ("oee.coordinator", "VI-B-4", "VI-D-1"),
        ("rd.analyst", "VI-D-1", "VI-B-4"),
    ):
        sign_in(page, username)
        page.goto("/staff/engagements/tasks/")
        row = (
            page.locator("#task-list")
            .locator("xpath=..")
            .locator("tr", has_text=f"{duty}:")
            .filter(has_text="Foot pursuits: revision")
        )
        expect(row).to_have_count(1)
        expect(row.locator("td").nth(2)).to_contain_text("20")  # a due date, e.g. "3 December 2026"
        expect(page.locator("main")).not_to_contain_text(f"{other}:")
        sign_out(page)

    # OEE writes the public page in English and Spanish and publishes it (V-B-1).
    sign_in(page, "oee.coordinator")
    page.goto(f"/staff/engagements/{engagement_id}/public/?language=en#text")
    page.fill("#id_t-title", "Foot pursuits: help revise the policy")
    page.fill("#id_t-summary", "Tell the Department how foot pursuits should be limited.")
    page.click("button:has-text('Save the text in English')")
    page.goto(f"/staff/engagements/{engagement_id}/public/?language=es#text")
    page.fill("#id_t-title", "Persecuciones a pie: ayude a revisar la política")
    page.fill("#id_t-summary", "Diga al Departamento cómo deben limitarse las persecuciones a pie.")
    page.click("button:has-text('Save the text in')")
    page.click("button:has-text('Publish on the public pages')")
    expect(page.locator(".message-success")).to_be_visible()
    sign_out(page)

    # A resident reads it in Spanish on the Get involved page and subscribes to its calendar.
    page.goto("/es/get-involved/")
    page.click("a:has-text('Persecuciones a pie: ayude a revisar la política')")
    expect(page.locator("h1")).to_have_text("Persecuciones a pie: ayude a revisar la política")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    href = page.locator("a[href$='calendar.ics']").first.get_attribute("href")
    assert href and href.endswith(f"/engagements/{engagement_id}/calendar.ics")
    response = page.request.get(href)
    assert response.ok and response.headers["content-type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.body())
    events = [c for c in calendar.walk("VEVENT")]
    assert [str(e["SUMMARY"]) for e in events] == ["Posting of the revised draft"]
    assert events[0].decoded("DTSTART") == opens
