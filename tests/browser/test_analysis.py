"""An analyst works through the feedback on a closed posting (issue 4's walk-through):
campaign, themes, heat map, merge, move, decide, re-run, and the decisions stay."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Site, sign_in

pytestmark = pytest.mark.browser


def test_analyst_reviews_themes_and_the_decisions_survive_a_rerun_VII_D_5(
    page: Page, site: Site
) -> None:
    ((posting_id,),) = site.query(
        "SELECT p.id FROM postings_posting p JOIN directives_directiveversion v ON v.id = p.version_id "
        "JOIN directives_directive d ON d.id = v.directive_id WHERE d.number = 'G03-07'"
    )
    output = site.manage(
        "shell", "-c", "from tests.browser.scenarios import revised_g03_07; print(revised_g03_07())"
    )
    version_id, anchor = output.strip().splitlines()[-1].split()
    sign_in(page, "oee.coordinator")
    page.goto(f"/staff/comments/posting/{posting_id}/analysis/")

    # The campaign, grouped with its count, and what senders added.
    campaigns = page.locator("#campaigns-caption").locator("xpath=..")
    expect(campaigns.locator("tbody tr")).to_have_count(1)
    expect(campaigns.locator("tbody th a")).to_have_text("12")
    campaigns.locator("tbody th a").click()
    expect(page.locator("ins", has_text="Foot pursuits in my neighborhood")).to_have_count(1)
    page.go_back()

    # Themes with quotes, and the section heat map with its table.
    themes = page.locator(".theme-list > li")
    assert themes.count() >= 3
    expect(themes.first.locator("blockquote").first).to_be_visible()
    expect(page.locator("svg.heatmap")).to_be_visible()
    expect(page.locator("#heat-caption")).to_be_visible()
    labels = [t.inner_text() for t in page.locator(".theme-list h3").all()]

    # Merge the last theme into the second.
    page.locator(".theme-list h3 a").nth(len(labels) - 1).click()
    page.select_option("#id_merge-into", label=labels[1])
    page.click("button:has-text('Merge')")
    expect(page.locator(".message-success")).to_contain_text("was merged into")
    merged_into_url = page.url

    # Move one comment from the first theme into the merged one.
    page.goto(f"/staff/comments/posting/{posting_id}/analysis/")
    page.locator(".theme-list h3 a").first.click()
    first_theme_url = page.url
    moved_text = (
        page.locator("#members-caption")
        .locator("xpath=..")
        .locator("tbody tr td[dir=auto]")
        .first.inner_text()
    )
    page.locator("input[name=items]").first.check()
    page.select_option("#id_items-action", value="move")
    page.select_option("#id_items-theme", label=labels[1])
    page.click("button:has-text('Apply')")
    expect(page.locator(".message-success")).to_contain_text("Done: 1")

    # Adopted, linked to the item of the revised draft where the change was made.
    page.select_option("#id_decision-disposition", value="adopted")
    page.select_option("#id_decision-revised_version", value=version_id)
    page.fill("#id_decision-revised_section", anchor)
    page.click("button:has-text('Record the decision')")
    expect(page.locator(".message-success")).to_contain_text("The decision was recorded.")

    # Re-run the analysis through the worker; the decisions stay.
    page.goto(f"/staff/comments/posting/{posting_id}/analysis/")
    page.click("button:has-text('Run the analysis again')")
    expect(page.locator("#analysis-progress")).to_contain_text("Waiting to start")
    site.manage("run_worker", "--once")
    page.goto(f"/staff/comments/posting/{posting_id}/analysis/")
    expect(page.locator("#analysis-progress")).to_contain_text("Done")
    page.goto(first_theme_url)
    expect(page.locator(".facts")).to_contain_text("Adopted")
    page.goto(merged_into_url)
    expect(page.locator("#members-caption").locator("xpath=..")).to_contain_text(moved_text[:60])
    # The merged theme stays merged: found again, its comments go to the theme it joined.
    page.goto(f"/staff/comments/posting/{posting_id}/analysis/")
    expect(page.locator(".theme-list h3", has_text=labels[-1])).to_have_count(0)
