"""The originating unit assesses an engagement and OCPR determines its level (IV-B, IV-C,
IV-D): issue 5's first walk-through."""

from __future__ import annotations

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
    page.locator("#id_act-posting").select_option(index=1)
    page.click("button:has-text('Add the activity')")
    expect(page.locator(".message-success")).to_have_text("The activity was added to the plan.")
    expect(page.locator("a:has-text('the posting')")).to_have_count(1)
