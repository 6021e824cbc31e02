"""WCAG 2.1 AA: axe-core finds nothing on any page, in English and in Arabic; the layout holds
at 320 px wide."""

from __future__ import annotations

import datetime
import json
import zoneinfo
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page

from tests.browser.conftest import Site, sign_in

AXE = Axe()
CHICAGO = zoneinfo.ZoneInfo("America/Chicago")
PUBLIC_PAGES = [
    "/",
    "/directives/",
    "/directives/?q=use+of+force&type=general_order",
    "/directives/?q=zzzz-no-match",
    "/directives/G03-02/",
    "/directives/D22-08/",
    "/accounts/login/",
    "/directives/nope-404/",
    "/postings/",
    "/postings/?status=upcoming",
    "/postings/?status=continuous",
    "/postings/?status=closed",
    "/receipts/",
    "/get-involved/",
    "/get-involved/opportunities/",
    "/get-involved/opportunities/?district=7&mode=online",
    "/get-involved/opportunities/?topic=people-in-crisis",
    "/get-involved/districts/",
    "/get-involved/districts/7/",
    "/get-involved/request/",
]
STAFF_PAGES = [
    "/staff/postings/",
    "/staff/",
    "/staff/directives/",
    "/staff/directives/new/",
    "/staff/audit/",
    "/staff/accounts/",
    "/staff/engagements/",
    "/staff/engagements/new/",
    "/staff/engagements/tasks/?unit=all",
    "/staff/engagements/tasks/?unit=all&status=all",
    "/staff/engagements/requests/",
    "/staff/engagements/trainings/",
]


def _posting_urls(site: Site) -> list[str]:
    """Every posting page and its comment form, and a receipt, from the demo data."""
    urls = []
    for pk, status in site.query("SELECT id, status FROM postings_posting ORDER BY id"):
        urls.append(f"/postings/{pk}/")
        if status == "open":
            urls.append(f"/postings/{pk}/comment/")
            urls.append(f"/postings/{pk}/comment/?section=I")
    (receipt,) = site.query("SELECT receipt FROM feedback_comment ORDER BY id LIMIT 1")[0]
    urls.append(f"/receipts/{receipt}/")
    urls.append(f"/receipts/{receipt}/?new=1")
    return urls


def _engagement_urls(site: Site) -> list[str]:
    """The public page of every published demo engagement (V-B-1)."""
    rows = site.query("SELECT id FROM engagements_engagement WHERE is_public ORDER BY id")
    assert rows, "the demo publishes engagements"
    return [f"/get-involved/engagements/{pk}/" for (pk,) in rows]


def _meeting_urls(site: Site) -> list[str]:
    """Issue 6's public pages: every posted meeting, and each form and receipt once."""
    rows = site.query(
        "SELECT id FROM meetings_meeting WHERE agenda_posted_at IS NOT NULL "
        "AND kind <> 'internal_focus_group' ORDER BY id"
    )
    assert rows, "the demo posts meetings"
    urls = ["/meetings/"] + [f"/meetings/{pk}/" for (pk,) in rows]
    for (pk,) in rows[:1]:
        urls += [f"/meetings/{pk}/{page}/" for page in ("register", "speak", "write", "about-you")]
        urls.append(f"/meetings/{pk}/display/")
    for (token,) in site.query("SELECT token FROM meetings_registration LIMIT 1"):
        urls += [f"/meetings/registration/{token}/", f"/meetings/registration/{token}/cancel/"]
    for (receipt,) in site.query("SELECT receipt FROM meetings_speakerrequest LIMIT 1"):
        urls.append(f"/meetings/speak/{receipt}/")
    for (receipt,) in site.query("SELECT receipt FROM meetings_writtencomment LIMIT 1"):
        urls.append(f"/meetings/written/{receipt}/")
    for (token,) in site.query("SELECT token FROM meetings_breakoutgroup LIMIT 1"):
        urls.append(f"/meetings/notes/{token}/")
    return urls


def _staff_meeting_urls(site: Site) -> list[str]:
    urls = ["/staff/meetings/", "/staff/meetings/?when=past"]
    for (pk,) in site.query("SELECT id FROM meetings_meeting ORDER BY id"):
        urls += [
            f"/staff/meetings/{pk}/{page}"
            for page in (
                "",
                "edit/",
                "minutes/",
                "registrations/",
                "speakers/",
                "written/",
                "breakouts/",
                "profiles/",
                "clerk/",
            )
        ]
    for activity, engagement in site.query(
        "SELECT id, engagement_id FROM engagements_activity WHERE method = "
        "'community_conversation' ORDER BY id LIMIT 1"
    ):
        urls += [f"/staff/meetings/new/{activity}/", f"/staff/meetings/pool/{engagement}/"]
    return urls


def _staff_posting_urls(site: Site) -> list[str]:
    urls = []
    for (pk,) in site.query("SELECT id FROM postings_posting ORDER BY id"):
        urls += [f"/staff/postings/{pk}/", f"/staff/comments/posting/{pk}/"]
    (comment,) = site.query("SELECT id FROM feedback_comment ORDER BY id LIMIT 1")[0]
    (posting,) = site.query("SELECT id FROM postings_posting WHERE status = 'open' LIMIT 1")[0]
    urls += [
        f"/staff/comments/{comment}/",
        f"/staff/comments/posting/{posting}/new/",
        f"/staff/comments/posting/{posting}/import/",
    ]
    # The feedback analysis: the demo analyses the closed posting.
    for (pk,) in site.query("SELECT DISTINCT posting_id FROM feedback_analysisrun"):
        urls += [
            f"/staff/comments/posting/{pk}/analysis/",
            f"/staff/comments/posting/{pk}/analysis/review/",
            f"/staff/comments/posting/{pk}/analysis/agreement/",
        ]
    for (pk,) in site.query("SELECT id FROM feedback_campaign ORDER BY id LIMIT 1"):
        urls.append(f"/staff/comments/campaigns/{pk}/")
    for (pk,) in site.query("SELECT id FROM feedback_theme ORDER BY id LIMIT 1"):
        urls.append(f"/staff/comments/themes/{pk}/")
    for (pk,) in site.query("SELECT id FROM engagements_engagement ORDER BY id"):
        urls += [f"/staff/engagements/{pk}/", f"/staff/engagements/{pk}/public/"]
    for (pk,) in site.query(
        "SELECT id FROM engagements_activity WHERE is_public = 1 ORDER BY id LIMIT 1"
    ):
        urls.append(f"/staff/engagements/activities/{pk}/public/")
    return urls


def _body_urls(site: Site) -> list[str]:
    """Issue 7's public pages: the list, every public body, an open call's application form,
    every recommendation put to a vote (its chain), a receipt, and a member's pages."""
    bodies = site.query("SELECT slug FROM bodies_body WHERE status <> 'forming' ORDER BY id")
    assert bodies, "the demo publishes bodies"
    urls = ["/bodies/"] + [f"/bodies/{slug}/" for (slug,) in bodies]
    for (slug,) in site.query(
        "SELECT b.slug FROM bodies_body b JOIN bodies_call c ON c.body_id = b.id "
        "WHERE b.status = 'active' AND c.status = 'open' ORDER BY c.id LIMIT 1"
    ):
        urls.append(f"/bodies/{slug}/apply/")
    chains = site.query(
        "SELECT b.slug, r.number FROM bodies_recommendation r "
        "JOIN bodies_body b ON b.id = r.body_id WHERE b.status <> 'forming' "
        "AND r.status IN ('voting', 'forwarded', 'not_forwarded') ORDER BY r.id"
    )
    assert chains, "the demo's working group forwards recommendations"
    urls += [f"/bodies/{slug}/recommendations/{number}/" for slug, number in chains]
    for (receipt,) in site.query("SELECT receipt FROM bodies_application ORDER BY id LIMIT 1"):
        urls += [f"/bodies/application/{receipt}/", f"/bodies/application/{receipt}/?new=1"]
    for token, number in site.query(
        "SELECT m.token, (SELECT max(number) FROM bodies_recommendation r "
        "WHERE r.body_id = m.body_id) FROM bodies_member m JOIN bodies_body b "
        "ON b.id = m.body_id WHERE m.status = 'active' AND b.status = 'active' "
        "ORDER BY m.id LIMIT 1"
    ):
        urls += [f"/bodies/member/{token}/", f"/bodies/member/{token}/new/"]
        if number:
            urls.append(f"/bodies/member/{token}/{number}/")
    return urls


def _staff_body_urls(site: Site) -> list[str]:
    urls = ["/staff/bodies/", "/staff/bodies/new/"]
    for (pk,) in site.query("SELECT id FROM bodies_body ORDER BY id"):
        urls.append(f"/staff/bodies/{pk}/")
    for (pk,) in site.query("SELECT id FROM bodies_body ORDER BY id LIMIT 1"):
        urls += [f"/staff/bodies/{pk}/edit/", f"/staff/bodies/{pk}/calls/new/"]
    for (pk,) in site.query("SELECT id FROM bodies_call ORDER BY id LIMIT 3"):
        urls.append(f"/staff/bodies/calls/{pk}/")
    for (pk,) in site.query("SELECT id FROM bodies_application ORDER BY id LIMIT 2"):
        urls.append(f"/staff/bodies/applications/{pk}/")
    for (pk,) in site.query("SELECT id FROM bodies_recommendation ORDER BY id"):
        urls.append(f"/staff/bodies/recommendations/{pk}/")
    return urls


@pytest.fixture(scope="module")
def invited(site: Site) -> dict[str, Any]:
    """An open survey answered through single-use links (issue 8), and one unused link: the
    demo keeps only the links' hashes."""
    out = site.manage(
        "shell",
        "-c",
        "from tests.browser.survey_setup import invitation_survey; "
        "invitation_survey('accessibility', 1)",
    )
    line = [x for x in out.strip().splitlines() if x.startswith("{")][-1]
    return json.loads(line)  # type: ignore[no-any-return]


def _survey_urls(site: Site, invited: dict[str, Any]) -> list[str]:
    """Issue 8's public pages: the list, an open survey's form and its thank-you page, a
    closed survey's page, its published results (overall and by a demographic), and a
    single-use link, unused and refused."""
    urls = ["/surveys/"]
    for (slug,) in site.query(
        "SELECT slug FROM surveys_survey WHERE status = 'open' AND access = 'open' "
        "AND audience <> 'department' ORDER BY id LIMIT 1"
    ):
        urls += [f"/surveys/{slug}/", f"/surveys/{slug}/thanks/"]
    published = site.query(
        "SELECT slug FROM surveys_survey WHERE results_published_at IS NOT NULL "
        "AND audience <> 'department' ORDER BY id LIMIT 1"
    )
    assert published, "the demo publishes a survey's results"
    for (slug,) in published:
        urls += [f"/surveys/{slug}/", f"/surveys/{slug}/results/"]
        urls += [f"/surveys/{slug}/results/?by=age", f"/surveys/{slug}/results/?by=age&group=25_34"]
    slug, (token,) = invited["slug"], invited["tokens"]
    urls += [f"/surveys/{slug}/", f"/surveys/{slug}/i/{token}/", f"/surveys/{slug}/i/not-a-link/"]
    return urls


def _staff_survey_urls(site: Site) -> list[str]:
    """The builder, its question forms, the preview in Polish and in Arabic, results, paper
    entry and invitations, for the demo's surveys (open, closed, draft)."""
    urls = ["/staff/surveys/", "/staff/surveys/?status=open"]
    demo = site.query("SELECT id, status, activity_id FROM surveys_survey ORDER BY id LIMIT 3")
    assert demo, "the demo makes surveys"
    urls.append(f"/staff/surveys/new/?activity={demo[0][2]}")
    for pk, status, _activity in demo:
        urls += [
            f"/staff/surveys/{pk}/",
            f"/staff/surveys/{pk}/preview/?lang=pl",
            f"/staff/surveys/{pk}/preview/?lang=ar",
            f"/staff/surveys/{pk}/invitations/",
        ]
        if status in ("open", "closed"):
            urls += [f"/staff/surveys/{pk}/results/", f"/staff/surveys/{pk}/enter/"]
        if status == "draft":
            urls += [
                f"/staff/surveys/{pk}/edit/",
                f"/staff/surveys/{pk}/questions/new/?kind=single",
                f"/staff/surveys/{pk}/questions/new/?kind=matrix",
            ]
            for (question,) in site.query(
                "SELECT id FROM surveys_question WHERE survey_id = ? AND standard = '' "
                "ORDER BY position LIMIT 1",
                pk,
            ):
                urls.append(f"/staff/surveys/questions/{question}/edit/")
    for (question,) in site.query(
        "SELECT q.id FROM surveys_question q JOIN surveys_survey s ON s.id = q.survey_id "
        "WHERE s.status = 'open' AND q.standard = '' ORDER BY s.id, q.position LIMIT 1"
    ):
        urls.append(f"/staff/surveys/questions/{question}/fix/")
    return urls


def _outreach_urls(site: Site) -> list[str]:
    """Issue 9's public pages: subscribing, the feeds' page, a dialogue request and its
    receipt, input on a directive (feedback and a revision of an item) and its receipt, and a
    refused link."""
    urls = [
        "/subscribe/",
        "/subscribe/?district=11&topic=1",
        "/subscribe/sent/",
        "/subscribe/confirm/not-a-link/",
        "/unsubscribe/not-a-link/",
        "/dialogue/",
        "/dialogue/follow/",
        "/directives/G03-02/input/",
        "/directives/G03-02/input/?item=III-C-1-a&kind=revision",
    ]
    for (receipt,) in site.query("SELECT receipt FROM outreach_dialoguerequest ORDER BY id"):
        urls.append(f"/dialogue/{receipt}/")
    for (receipt,) in site.query("SELECT receipt FROM outreach_directiveinput ORDER BY id LIMIT 2"):
        urls.append(f"/directives/input/{receipt}/")
    return urls


def _staff_outreach_urls(site: Site) -> list[str]:
    """The directory, an organisation's relationship view and its forms, follow-ups,
    audiences, announcements with their texts and dispatches, subscribers, dialogue requests
    and the input queue."""
    urls = [
        "/staff/outreach/",
        "/staff/outreach/organizations/",
        "/staff/outreach/organizations/?kind=advocacy&district=10",
        "/staff/outreach/organizations/new/",
        "/staff/outreach/follow-ups/",
        "/staff/outreach/audiences/",
        "/staff/outreach/audiences/new/",
        "/staff/outreach/announcements/",
        "/staff/outreach/announcements/new/",
        "/staff/outreach/subscribers/",
        "/staff/outreach/dialogues/",
        "/staff/outreach/inputs/",
    ]
    for (pk,) in site.query("SELECT id FROM outreach_organization ORDER BY id LIMIT 2"):
        urls += [
            f"/staff/outreach/organizations/{pk}/",
            f"/staff/outreach/organizations/{pk}/edit/",
            f"/staff/outreach/organizations/{pk}/contacts/new/",
            f"/staff/outreach/organizations/{pk}/log/new/",
        ]
    for (pk,) in site.query("SELECT id FROM outreach_audience ORDER BY id LIMIT 1"):
        urls += [f"/staff/outreach/audiences/{pk}/", f"/staff/outreach/audiences/{pk}/edit/"]
    for (pk,) in site.query("SELECT id FROM outreach_announcement ORDER BY id LIMIT 1"):
        urls += [
            f"/staff/outreach/announcements/{pk}/",
            f"/staff/outreach/announcements/{pk}/texts/email/",
            f"/staff/outreach/announcements/{pk}/texts/x/",
            f"/staff/outreach/announcements/{pk}/texts/amc/",
        ]
    for (pk,) in site.query("SELECT id FROM outreach_dispatch ORDER BY id LIMIT 1"):
        urls.append(f"/staff/outreach/dispatches/{pk}/")
    for (pk,) in site.query("SELECT id FROM outreach_dialoguerequest ORDER BY id"):
        urls.append(f"/staff/outreach/dialogues/{pk}/")
    for (pk,) in site.query("SELECT id FROM outreach_directiveinput ORDER BY id LIMIT 2"):
        urls.append(f"/staff/outreach/inputs/{pk}/")
    return urls


def _version_and_redline_urls(page: Page) -> list[str]:
    page.goto("/directives/G03-02/")
    version = page.locator("table a").first.get_attribute("href")
    redline = page.locator("a[href*='/redline/']").first.get_attribute("href")
    assert version and redline
    return [version, redline, redline + "&all=1"]


def _assert_no_violations(page: Page, url: str) -> None:
    page.goto(url)
    results = AXE.run(page)
    assert results.violations_count == 0, f"{url}\n{results.generate_report()}"


@pytest.mark.parametrize("lang", ["", "/ar"])
def test_public_pages_have_no_axe_violations(
    page: Page, site: Site, invited: dict[str, Any], lang: str
) -> None:
    urls = PUBLIC_PAGES + _version_and_redline_urls(page) + _posting_urls(site)
    urls += _engagement_urls(site) + _meeting_urls(site) + _body_urls(site)
    urls += _survey_urls(site, invited) + _outreach_urls(site)
    for url in urls:
        _assert_no_violations(page, lang + url)


@pytest.mark.parametrize("lang", ["", "/ar"])
def test_staff_pages_have_no_axe_violations(page: Page, site: Site, lang: str) -> None:
    sign_in(page, "admin")
    staff = STAFF_PAGES + _staff_posting_urls(site) + _staff_meeting_urls(site)
    staff += _staff_body_urls(site) + _staff_survey_urls(site) + _staff_outreach_urls(site)
    for url in staff:
        _assert_no_violations(page, lang + url)
    page.goto(lang + "/staff/directives/")
    edit = page.locator("a[href*='/edit/']").first.get_attribute("href")
    assert edit
    _assert_no_violations(page, edit)


@pytest.mark.parametrize("lang", ["", "/ar"])
def test_layout_fits_320px_without_horizontal_scrolling(
    browser: Browser, server: str, site: Site, invited: dict[str, Any], lang: str
) -> None:
    context = browser.new_context(base_url=server, viewport={"width": 320, "height": 640})
    page = context.new_page()
    urls = PUBLIC_PAGES + _version_and_redline_urls(page) + _posting_urls(site)
    urls += _survey_urls(site, invited) + _outreach_urls(site)
    for url in urls + _engagement_urls(site) + _meeting_urls(site) + _body_urls(site):
        page.goto(lang + url)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"{lang + url} is {width}px wide at a 320px viewport"
    context.close()


# -- Issue 10: the "what we heard" reports, evaluation, the annual section, records exports.
# In tests of their own, so that `-k report` checks them alone.


@pytest.fixture(scope="module")
def records_export(site: Site) -> int:
    """A queued records export of the demo's closed posting, for its page."""
    out = site.manage("shell", "-c", "from tests.browser.report_setup import *; records_export()")
    line = [x for x in out.strip().splitlines() if x.startswith("{")][-1]
    return int(json.loads(line)["export"])


def _report_urls(site: Site) -> list[str]:
    """The index of published reports, and each report's page, latest and by number (the demo
    publishes the School Resource Officer report)."""
    rows = site.query(
        "SELECT r.engagement_id, v.number FROM reports_reportversion v "
        "JOIN reports_report r ON r.id = v.report_id ORDER BY v.id"
    )
    assert rows, "the demo publishes a report"
    urls = ["/reports/"]
    for engagement, number in rows:
        urls += [f"/reports/{engagement}/", f"/reports/{engagement}/v{number}/"]
    return urls


def _staff_report_urls(site: Site, export: int) -> list[str]:
    """A report's page, its preview and a narrative section; the evaluation dashboard and an
    engagement's measures; the annual section and the year's page; the records exports."""
    year = datetime.datetime.now(CHICAGO).year
    urls = [
        "/staff/reports/",
        "/staff/reports/?status=published",
        "/staff/reports/evaluation/",
        f"/staff/reports/evaluation/?year={year}&topic=schools",
        "/staff/reports/annual/",
        f"/staff/reports/annual/{year}/",
        "/staff/reports/records/",
        f"/staff/reports/records/{export}/",
    ]
    for pk, engagement in site.query(
        "SELECT id, engagement_id FROM reports_report ORDER BY id LIMIT 1"
    ):
        urls += [
            f"/staff/reports/{pk}/",
            f"/staff/reports/{pk}/preview/",
            f"/staff/reports/{pk}/preview/?language=es",
            f"/staff/reports/{pk}/narrative/introduction/",
            f"/staff/reports/{pk}/narrative/themes/?language=es",
            f"/staff/reports/evaluation/engagements/{engagement}/",
        ]
    return urls


@pytest.mark.parametrize("lang", ["", "/ar"])
def test_report_pages_have_no_axe_violations(page: Page, site: Site, lang: str) -> None:
    for url in _report_urls(site):
        _assert_no_violations(page, lang + url)


@pytest.mark.parametrize("lang", ["", "/ar"])
def test_staff_report_pages_have_no_axe_violations(
    page: Page, site: Site, records_export: int, lang: str
) -> None:
    sign_in(page, "admin")
    for url in _staff_report_urls(site, records_export):
        _assert_no_violations(page, lang + url)


@pytest.mark.parametrize("lang", ["", "/ar"])
def test_report_layout_fits_320px_without_horizontal_scrolling(
    browser: Browser, server: str, site: Site, lang: str
) -> None:
    context = browser.new_context(base_url=server, viewport={"width": 320, "height": 640})
    page = context.new_page()
    for url in _report_urls(site):
        page.goto(lang + url)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"{lang + url} is {width}px wide at a 320px viewport"
    context.close()
