"""Issue 7's walk-throughs: a resident applies to a working group; OEE selects a member; the
members draft and amend a recommendation on their personal pages, vote on it once each in a
window, and the worker's close forwards it; the originating unit (Bureau of Patrol) writes
the Department's response, linked to R&D's revised S04-01-02, and R&D approves it; the public
follows recommendation -> vote -> response -> revision on one page. And an advisory committee
with two-year terms flags the terms ending within 60 days (V-C-1). Every bodies page visited
is checked with axe-core. The bodies are made in the site's database at the stage each
walk-through starts from (body_setup.py)."""

from __future__ import annotations

import datetime
import json
import re
import zoneinfo
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import Site, sign_in, sign_out

pytestmark = pytest.mark.browser

AXE = Axe()
CHICAGO = zoneinfo.ZoneInfo("America/Chicago")


def _setup(site: Site, call: str) -> dict[str, Any]:
    out = site.manage("shell", "-c", f"from tests.browser.body_setup import *; {call}")
    line = [x for x in out.strip().splitlines() if x.startswith("{")][-1]
    return json.loads(line)  # type: ignore[no-any-return]


def _no_axe_violations(page: Page) -> None:
    """axe-core on the page as it stands (a form sent back with its errors included)."""
    results = AXE.run(page)
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


def _pow_ready(page: Page) -> None:
    page.wait_for_function("document.querySelector('input[name=pow_nonce]').value !== ''")
    # The form refuses what is sent faster than a person types (min fill time).
    page.wait_for_timeout(3200)


def _fits(page: Page, width: int) -> None:
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"{page.url} is {scroll}px wide at a {width}px viewport"


# -- 1. A resident applies -------------------------------------------------------------------


def test_resident_applies_and_keeps_what_was_typed_when_a_field_is_missing(
    page: Page, site: Site
) -> None:
    body = _setup(site, "working_group('sro-apply', 'call')")
    page.goto("/bodies/")
    expect(page.locator("main")).to_contain_text(
        "School Resource Officer Working Group (sro-apply)"
    )
    _no_axe_violations(page)

    page.goto(f"/bodies/{body['slug']}/")
    main = page.locator("main")
    expect(main).to_contain_text("Looking for volunteers")
    expect(main).to_contain_text("Bureau of Patrol")
    _no_axe_violations(page)
    page.click("main a:has-text('Apply to join')")
    expect(page).to_have_url(re.compile(r"/bodies/sro-apply/apply/$"))

    # Everything but why: the one required field left empty.
    page.get_by_label("Your name").fill("Jasmine Carter")
    page.get_by_label("Email").fill("jasmine.carter@example.org")
    page.get_by_label("Phone").fill("312-555-0147")
    page.get_by_label("The police district you live or work in").select_option("7")
    page.get_by_label("Organisation you belong to, if any").fill("Parents for Safe Schools")
    page.get_by_label("Your lived experience of the subject").fill(
        "My daughter was searched at school by an officer."
    )
    page.get_by_label("25–34").check()
    _pow_ready(page)
    page.click("main button:has-text('Send my application')")

    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("Your application was not sent yet")
    expect(summary).to_contain_text("Tell us why you would like to take part.")
    expect(page.locator("#id_why_error")).to_contain_text("Tell us why")
    expect(page.get_by_label("Your name")).to_have_value("Jasmine Carter")
    expect(page.get_by_label("Email")).to_have_value("jasmine.carter@example.org")
    expect(page.get_by_label("Phone")).to_have_value("312-555-0147")
    expect(page.get_by_label("The police district you live or work in")).to_have_value("7")
    expect(page.get_by_label("Organisation you belong to, if any")).to_have_value(
        "Parents for Safe Schools"
    )
    expect(page.get_by_label("Your lived experience of the subject")).to_have_value(
        "My daughter was searched at school by an officer."
    )
    expect(page.get_by_label("25–34")).to_be_checked()
    assert site.query(
        "SELECT count(*) FROM bodies_application WHERE call_id = ?", body["call"]
    ) == [(0,)]
    _no_axe_violations(page)

    page.get_by_label("Why you would like to take part").fill(
        "I am a parent of two students at a South Side high school with an SRO."
    )
    _pow_ready(page)
    page.click("main button:has-text('Send my application')")
    expect(page.locator("h1")).to_contain_text("Your application is received")
    receipt = page.locator("[data-receipt]").inner_text()
    assert re.fullmatch(r"A-[0-9A-Z]{4}-[0-9A-Z]{4}", receipt), receipt
    expect(page.locator("main")).to_contain_text("Received")
    _no_axe_violations(page)
    rows = site.query(
        "SELECT name, phone, district, age_band, status FROM bodies_application WHERE receipt = ?",
        receipt,
    )
    assert rows == [("Jasmine Carter", "312-555-0147", 7, "25_34", "submitted")]


def test_application_form_works_on_a_phone_without_javascript(
    browser: Browser, server: str, site: Site
) -> None:
    body = _setup(site, "working_group('sro-no-js', 'call')")
    phone = browser.new_context(
        base_url=server, viewport={"width": 375, "height": 812}, java_script_enabled=False
    )
    page = phone.new_page()
    page.set_default_timeout(20000)
    page.goto(f"/bodies/{body['slug']}/")
    _fits(page, 375)
    page.click("main a:has-text('Apply to join')")
    _fits(page, 375)
    page.get_by_label("Your name").fill("Marcus Webb")
    page.get_by_label("Email").fill("marcus.webb@example.org")
    page.get_by_label("Why you would like to take part").fill(
        "I coach a youth basketball team whose players attend schools with officers."
    )
    # Without JavaScript there is no proof of work: a short question stands in for it.
    question = page.locator("[data-pow-fallback] label").inner_text()
    a, b = (int(n) for n in re.findall(r"\d+", question)[-2:])
    page.locator("input[name=challenge_answer]").fill(str(a + b))
    page.wait_for_timeout(3200)  # the minimum fill time
    page.click("main button:has-text('Send my application')")
    expect(page.locator("h1")).to_contain_text("Your application is received")
    _fits(page, 375)
    receipt = page.locator("[data-receipt]").inner_text()
    assert site.query("SELECT name FROM bodies_application WHERE receipt = ?", receipt) == [
        ("Marcus Webb",)
    ]
    phone.close()


# -- 2. Staff select members -----------------------------------------------------------------


def test_oee_selects_an_applicant_who_becomes_a_member(page: Page, site: Site) -> None:
    body = _setup(site, "working_group('sro-select', 'applied')")
    sign_in(page, "oee.coordinator")
    page.goto("/staff/bodies/")
    expect(page.locator("main")).to_contain_text(
        "School Resource Officer Working Group (sro-select)"
    )
    _no_axe_violations(page)
    page.click("main a:has-text('School Resource Officer Working Group (sro-select)')")
    expect(page.locator("#members ~ p").first).to_contain_text("No members yet.")
    _no_axe_violations(page)
    page.click("main a:has-text('Volunteers wanted: School Resource Officer Working Group')")
    expect(page).to_have_url(re.compile(rf"/staff/bodies/calls/{body['call']}/$"))
    expect(page.locator("main")).to_contain_text("Jasmine Carter")
    _no_axe_violations(page)

    page.click(f"main a:has-text('{body['receipt']}')")
    expect(page.locator("h1")).to_contain_text("Application from Jasmine Carter")
    _no_axe_violations(page)
    page.get_by_label("Selected: the applicant becomes a member").check()
    page.get_by_label("Reason for the decision").fill(
        "A parent of students at a school with an SRO; the group has no parent yet."
    )
    page.get_by_label("The applicant agreed to show their name on the public roster").check()
    page.click("main button:has-text('Record the decision')")
    expect(page.locator(".messages")).to_contain_text(
        "Jasmine Carter was selected and is now a member"
    )
    expect(page.locator("main table").first).to_contain_text("Selected")
    expect(page.locator("main table").first).to_contain_text("the group has no parent yet")

    page.goto(f"/staff/bodies/{body['body']}/")
    roster = page.locator("table:has(caption:has-text('The roster'))")
    expect(roster).to_contain_text("Jasmine Carter")
    expect(roster).to_contain_text("Serving")
    expect(roster).to_contain_text("Community member")
    # On the public roster too, as she agreed.
    page.goto(f"/bodies/{body['slug']}/")
    expect(page.locator("main")).to_contain_text("Jasmine Carter")


# -- 3. A member drafts, another amends ------------------------------------------------------


def test_a_member_drafts_and_another_amends_a_recommendation(page: Page, site: Site) -> None:
    body = _setup(site, "working_group('sro-draft', 'members')")
    a, b, _c = body["tokens"]
    page.goto(f"/bodies/member/{a}/")
    expect(page.locator("h1")).to_contain_text("Your page as a member of")
    expect(page.locator("main")).to_contain_text("Ana Morales")
    _no_axe_violations(page)
    page.click("main a:has-text('Draft a new recommendation')")
    _no_axe_violations(page)
    page.get_by_label("Title").fill(
        "Add trauma-informed practices to the training of school resource officers"
    )
    page.get_by_label("The recommendation").fill(
        "Item IV-A should add training in trauma-informed practices to the specialized "
        "initial training of school resource officers."
    )
    page.get_by_label("The item of the directive it concerns").fill("iv-a")
    page.get_by_label("Why: the rationale").fill(
        "Many students have experienced violence; officers trained to recognise trauma respond "
        "with less force and fewer arrests."
    )
    page.click("main button:has-text('Save the draft')")
    expect(page.locator(".messages")).to_contain_text("R-1 is saved as a draft")
    expect(page.locator("h1")).to_contain_text(
        "R-1: Add trauma-informed practices to the training of school resource officers"
    )
    expect(page.locator("main")).to_contain_text("The text: version 1")
    expect(page.locator("main")).to_contain_text("Concerns: IV-A")  # as the directive writes it
    _no_axe_violations(page)

    # Member B finds it on their own page and amends it.
    page.goto(f"/bodies/member/{b}/")
    expect(page.locator("main")).to_contain_text("Devon Price")
    page.click("main a:has-text('R-1: Add trauma-informed practices')")
    amend = page.locator("form:has(button:has-text('Save as a new version'))")
    expect(amend.get_by_label("The item of the directive it concerns")).to_have_value("IV-A")
    amend.get_by_label("The recommendation").fill(
        "Item IV-A should add training in trauma-informed practices to the specialized "
        "initial and annual refresher training of school resource officers and their "
        "supervisors."
    )
    amend.get_by_label("What this version changes").fill("Adds the annual refresher")
    page.click("main button:has-text('Save as a new version')")
    expect(page.locator(".messages")).to_contain_text("Version 2 of R-1 is saved")
    main = page.locator("main")
    expect(main).to_contain_text("The text: version 2")
    expect(main).to_contain_text("by Devon Price")
    expect(main).to_contain_text("annual refresher training")
    expect(page.locator("details summary")).to_contain_text("Version 1")
    _no_axe_violations(page)
    versions = site.query(
        "SELECT v.number, v.note FROM bodies_recommendationversion v "
        "JOIN bodies_recommendation r ON r.id = v.recommendation_id "
        "WHERE r.body_id = ? ORDER BY v.number",
        body["body"],
    )
    assert versions == [(1, ""), (2, "Adds the annual refresher")]


# -- 4. Members vote in the window -----------------------------------------------------------


def _vote(page: Page, token: str, number: int, choice: str) -> None:
    page.goto(f"/bodies/member/{token}/{number}/")
    page.get_by_label(choice, exact=True).check()
    page.click("main button:has-text('Cast my vote')")


def test_members_vote_once_each_in_the_window_and_a_second_vote_is_refused(
    browser: Browser, server: str, page: Page, site: Site
) -> None:
    body = _setup(site, "working_group('sro-vote', 'drafted')")
    a, b, c = body["tokens"]
    number = body["number"]
    sign_in(page, "oee.coordinator")
    page.goto(f"/staff/bodies/recommendations/{body['recommendation']}/")
    expect(page.locator("main")).to_contain_text("Being drafted")
    _no_axe_violations(page)
    page.get_by_label("Members vote on their pages during a window").check()
    closes = (datetime.datetime.now(CHICAGO) + datetime.timedelta(days=2)).replace(
        second=0, microsecond=0
    )
    page.get_by_label("The vote closes (Chicago time)").fill(closes.strftime("%Y-%m-%dT%H:%M"))
    page.click("main button:has-text('Open the vote')")
    expect(page.locator(".messages")).to_contain_text("The vote is open")
    expect(page.locator("#ballot")).to_contain_text("0 of 3 voting members have voted so far.")
    _no_axe_violations(page)

    # The members see it waiting for them, and vote.
    member = browser.new_context(base_url=server)
    tab = member.new_page()
    tab.set_default_timeout(20000)
    tab.goto(f"/bodies/member/{a}/")
    expect(tab.locator("#waiting-h + ul")).to_contain_text("R-1")
    _no_axe_violations(tab)
    tab.goto(f"/bodies/member/{a}/{number}/")
    expect(tab.locator("#vote-h")).to_contain_text("The vote on version 1")
    _no_axe_violations(tab)
    _vote(tab, a, number, "For")
    expect(tab.locator(".messages")).to_contain_text("Your vote is recorded")
    expect(tab.locator(".panel")).to_contain_text("You voted: For")
    _vote(tab, b, number, "Against")
    expect(tab.locator(".panel")).to_contain_text("You voted: Against")

    # Member C has the page open in two tabs: the vote sent from the second is refused.
    first, second = tab, member.new_page()
    first.goto(f"/bodies/member/{c}/{number}/")
    second.goto(f"/bodies/member/{c}/{number}/")
    first.get_by_label("Abstain", exact=True).check()
    first.click("main button:has-text('Cast my vote')")
    expect(first.locator(".panel")).to_contain_text("You voted: Abstain")
    second.get_by_label("For", exact=True).check()
    with second.expect_response(lambda r: r.request.method == "POST") as sent:
        second.click("main button:has-text('Cast my vote')")
    assert sent.value.status == 409
    problem = second.locator("#problem")
    expect(problem).to_contain_text("Nothing was changed")
    expect(problem).to_contain_text("You have already voted on this recommendation.")
    expect(second.locator("h1")).to_contain_text("R-1: Add trauma-informed practices")
    expect(second.locator(".panel")).to_contain_text("You voted: Abstain")
    _no_axe_violations(second)
    # Going back shows the page as it stands now (never cached): the vote, no form.
    second.go_back()
    expect(second.locator(".panel")).to_contain_text("You voted: Abstain")
    expect(second.locator("main button:has-text('Cast my vote')")).to_have_count(0)
    member.close()

    votes = site.query(
        "SELECT m.name, v.choice FROM bodies_vote v JOIN bodies_member m ON m.id = v.member_id "
        "WHERE v.ballot_id = (SELECT id FROM bodies_ballot WHERE recommendation_id = ?) "
        "ORDER BY m.name",
        body["recommendation"],
    )
    assert votes == [("Ana Morales", "for"), ("Devon Price", "against"), ("Grace Liu", "abstain")]
    page.reload()
    expect(page.locator("#ballot")).to_contain_text("3 of 3 voting members have voted so far.")


# -- 5. The result forwards it ---------------------------------------------------------------


def test_the_window_closes_and_the_result_forwards_the_recommendation(
    page: Page, site: Site
) -> None:
    body = _setup(site, "working_group('sro-close', 'voting')")
    chain = f"/bodies/{body['slug']}/recommendations/{body['number']}/"
    page.goto(chain)
    expect(page.locator("#step-vote")).to_contain_text("Being voted on until")
    _no_axe_violations(page)

    # The worker's job, run as if a minute after the window closed: no real waiting.
    closes = datetime.datetime.fromisoformat(body["closes_at"])
    after = (closes + datetime.timedelta(minutes=1)).isoformat()
    assert _setup(site, f"close_due({after!r})")["closed"] >= 1

    page.goto(chain)
    expect(page.locator("h1 + p.meta")).to_contain_text("Forwarded to the Department")
    expect(page.locator("#step-vote")).to_contain_text("Forwarded to the Department on")
    expect(page.locator("#step-response")).to_contain_text("response is awaited")
    page.goto(f"/bodies/member/{body['tokens'][0]}/{body['number']}/")
    expect(page.locator("h1 + p.meta")).to_contain_text("Forwarded to the Department")
    _no_axe_violations(page)
    sign_in(page, "oee.coordinator")
    page.goto(f"/staff/bodies/{body['body']}/")
    recs = page.locator("table:has(caption:has-text('Recommendations the members drafted'))")
    expect(recs).to_contain_text("Forwarded to the Department")
    expect(recs).to_contain_text("needs a response")


# -- 6. The originating unit writes the response, R&D approves it -----------------------------


def test_the_originating_unit_writes_the_response_and_rd_approves_it(
    page: Page, site: Site
) -> None:
    body = _setup(site, "working_group('sro-respond', 'forwarded')")
    staff_page = f"/staff/bodies/recommendations/{body['recommendation']}/"
    sign_in(page, "patrol.unit")
    page.goto(staff_page)
    expect(page.locator("main")).to_contain_text("No response is published yet.")
    _no_axe_violations(page)
    form = page.locator("form:has(button:has-text('Save the draft response'))")
    form.get_by_label("Adopted", exact=True).check()
    form.get_by_label("The Department's reasoning").fill(
        "The Education and Training Division adds trauma-informed practices to the training "
        "of school resource officers; the revised directive lists them in Item IV-A."
    )
    form.get_by_label("Revised version of the directive").select_option(
        str(body["revised_version"])
    )
    form.get_by_label("Item of the revised version").fill("IV-A-13")
    page.click("main button:has-text('Save the draft response')")
    expect(page.locator(".messages")).to_contain_text("The draft response was saved")
    expect(page.locator("#progress-h")).to_contain_text("A draft response")
    expect(page.locator("main")).to_contain_text("item IV-A-13")
    page.click("main button:has-text('Send for approval')")
    expect(page.locator(".messages")).to_contain_text("sent for approval")
    expect(page.locator("#progress-h")).to_contain_text("A response waiting for approval")
    expect(page.locator("main button:has-text('Approve and publish')")).to_have_count(0)
    _no_axe_violations(page)
    sign_out(page)

    sign_in(page, "rd.analyst")
    page.goto(staff_page)
    _no_axe_violations(page)
    page.click("main button:has-text('Approve and publish')")
    expect(page.locator(".messages")).to_contain_text("approved and published")
    expect(page.locator("#published-h")).to_contain_text("Adopted")
    expect(page.locator("main")).to_contain_text("item IV-A-13")
    rows = site.query(
        "SELECT disposition, status, revised_section, revised_version_id FROM bodies_response "
        "WHERE recommendation_id = ?",
        body["recommendation"],
    )
    assert rows == [("adopted", "published", "IV-A-13", body["revised_version"])]


# -- 7. The public page: recommendation, tally, response and change ---------------------------


def test_public_page_shows_recommendation_tally_response_and_change(page: Page, site: Site) -> None:
    body = _setup(site, "working_group('sro-chain', 'answered')")
    page.goto(f"/bodies/{body['slug']}/")
    recs = page.locator("table:has(caption:has-text('Recommendations put to'))")
    expect(recs).to_contain_text("Forwarded to the Department")
    expect(recs).to_contain_text("Adopted")
    page.click("main a:has-text('R-1: Add trauma-informed practices')")
    expect(page).to_have_url(re.compile(rf"/bodies/{body['slug']}/recommendations/1/$"))

    expect(page.locator("h1")).to_contain_text(
        "R-1: Add trauma-informed practices to the training of school resource officers"
    )
    step1 = page.locator("#step-recommendation")
    expect(step1).to_contain_text("specialized initial and annual refresher training")
    expect(step1).to_contain_text("item IV-A of S04-01-02")
    expect(step1).to_contain_text("officers trained to recognise trauma")

    tally = page.locator("table:has(caption:has-text('Result of the vote on version 1'))")
    figures = {
        row.locator("th").inner_text(): row.locator("td").inner_text()
        for row in tally.locator("tbody tr").all()
    }
    assert figures["For"] == "2"
    assert figures["Against"] == "0"
    assert figures["Abstain"] == "1"
    assert figures["Voting members on the roll"] == "3"
    assert figures["Votes needed for a quorum"] == "2"
    assert figures["Quorum met"] == "Yes"
    assert figures["Result"] == "Passed: forwarded to the Department"
    named = page.locator("table:has(caption:has-text('How each member voted'))")
    expect(named).to_contain_text("Grace Liu")
    expect(named).to_contain_text("Abstain")

    response = page.locator("#step-response")
    expect(response).to_contain_text("Adopted")
    expect(response).to_contain_text(
        "The Education and Training Division adds trauma-informed practices"
    )
    revision = page.locator("#step-revision")
    expect(revision).to_contain_text("carries the change in item IV-A-13")
    inserted = revision.locator(".redline ins")
    expect(inserted.first).to_be_visible()
    assert "trauma-informed practices" in " ".join(inserted.all_inner_texts())
    _no_axe_violations(page)


# -- 8. Two-year terms: the rotation flags ---------------------------------------------------


def test_terms_ending_within_60_days_are_flagged_on_the_body_and_the_staff_home(
    page: Page, site: Site
) -> None:
    due, later = "Beatriz Salazar", "Kwame Mensah"
    body = _setup(site, f"advisory_committee('tcac-rotation', {due!r}, {later!r})")
    sign_in(page, "oee.coordinator")
    page.goto(f"/staff/bodies/{body['body']}/")
    rotation = page.locator("table:has(caption:has-text('Serving members whose terms end'))")
    expect(rotation).to_contain_text(due)
    expect(rotation).not_to_contain_text(later)
    roster = page.locator("table:has(caption:has-text('The roster'))")
    expect(roster.locator(f"tr:has-text('{due}') .badge")).to_have_text("ends within 60 days")
    expect(roster.locator(f"tr:has-text('{later}') .badge")).to_have_count(0)
    _no_axe_violations(page)

    page.goto("/staff/bodies/")
    row = page.locator("tr:has-text('Training Community Advisory Committee (tcac-rotation)')")
    expect(row.locator(".badge")).to_have_text("1")

    page.goto("/staff/")
    home = page.locator("table:has(caption:has-text('Serving members whose terms end'))")
    expect(home.locator(f"tr:has-text('{due}')")).to_contain_text(
        "Training Community Advisory Committee (tcac-rotation)"
    )
    expect(home).not_to_contain_text(later)
