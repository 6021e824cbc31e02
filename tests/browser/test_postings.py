"""Issue 3's walk-throughs: commenting from the redline with a receipt, double submission,
a closed period, and the posting workflow from preparation to compilation by email."""

from __future__ import annotations

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Site, sign_in, sign_out

CHICAGO = ZoneInfo("America/Chicago")


@pytest.fixture(scope="module")
def revision_posting(site: Site) -> int:
    out = site.manage(
        "shell", "-c", "from tests.browser.scenarios import revised_d22_08; print(revised_d22_08())"
    )
    return int(out.strip().splitlines()[-1])


def _wait_for_proof_of_work(page: Page) -> None:
    page.wait_for_function("document.querySelector('input[name=pow_nonce]').value !== ''")


def _send(page: Page) -> None:
    # The form refuses submissions faster than a person types (min fill time), so wait a moment.
    page.wait_for_timeout(3200)
    page.click("button:has-text('Send comment')")


def test_resident_comments_on_V_C_10_from_the_redline_and_looks_up_the_receipt(
    page: Page, revision_posting: int
) -> None:
    page.goto(f"/postings/{revision_posting}/")
    expect(page.locator(".status-banner")).to_contain_text("Open for comment")
    page.click("text=What would change")
    page.wait_for_url(re.compile(r"/directives/D22-08/redline/"))
    expect(page.locator(".summary-line")).to_contain_text("1 item changed")
    row = page.locator(
        "section.rl-item", has=page.locator(".rl-anchor", has_text=re.compile(r"^V-C-10$"))
    )
    expect(row.locator("del")).to_contain_text("15")
    expect(row.locator("ins")).to_contain_text("21")
    row.locator("a:has-text('Comment on this item (V-C-10)')").click()
    expect(page.locator(".commenting-on")).to_contain_text("V-C-10")
    page.fill("#id_body", "Twenty-one days is better: community groups meet monthly.")
    _send(page)
    page.wait_for_url(re.compile(r"/receipts/TH-\w{4}-\w{4}/\?new=1"))
    expect(page.locator("h1")).to_contain_text("Thank you")
    receipt = page.locator("[data-receipt]").inner_text()
    page.goto("/receipts/")
    page.fill("#id_receipt", receipt.lower())
    page.click("button:has-text('Look up')")
    expect(page.locator("[data-receipt]")).to_have_text(receipt)
    expect(page.locator(".facts")).to_contain_text("Item V-C-10")
    expect(page.locator(".facts")).to_contain_text("Received")


def test_double_submitted_form_gives_one_comment(
    page: Page, site: Site, revision_posting: int
) -> None:
    body = "Sent with an impatient double click."
    page.goto(f"/postings/{revision_posting}/comment/")
    page.fill("#id_body", body)
    page.wait_for_timeout(3200)
    _wait_for_proof_of_work(page)
    sent = page.evaluate(
        "Object.fromEntries(new FormData(document.querySelector('form.comment-form')).entries())"
    )
    page.dblclick("button:has-text('Send comment')")
    page.wait_for_selector("[data-receipt]")
    first = page.locator("[data-receipt]").inner_text()
    # A retry after a timeout: the very same form data sent once more.
    retry = page.request.post(
        f"/postings/{revision_posting}/comment/",
        form={k: v for k, v in sent.items() if isinstance(v, str)},
        headers={"Referer": page.url},
        max_redirects=0,
    )
    assert retry.status == 302 and first in retry.headers["location"]
    assert site.query("SELECT count(*) FROM feedback_comment WHERE body = ?", body) == [(1,)]


def test_comment_without_javascript_uses_the_question(
    browser, server: str, revision_posting: int
) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=server, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"/postings/{revision_posting}/comment/")
    question = page.locator("[data-pow-fallback] label").inner_text()
    a, b = map(int, re.findall(r"\d+", question)[-2:])
    page.fill("#id_body", "Posted from a library computer with scripts turned off.")
    page.fill("#id_challenge_answer", str(a + b))
    _send(page)
    page.wait_for_url(re.compile(r"/receipts/"))
    expect(page.locator("h1")).to_contain_text("Thank you")
    context.close()


def _chicago(value: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(value).replace(tzinfo=datetime.UTC).astimezone(CHICAGO)


def test_comment_on_a_closed_posting_is_refused_with_the_date_and_text_kept(
    page: Page, site: Site
) -> None:
    ((pk, opens, closes),) = site.query(
        "SELECT p.id, p.opens_at, p.closes_at FROM postings_posting p JOIN directives_directiveversion v "
        "ON v.id = p.version_id JOIN directives_directive d ON d.id = v.directive_id "
        "WHERE d.number = 'S03-14' AND p.status = 'scheduled'"
    )
    site.manage("tick", "--at", (_chicago(opens) + datetime.timedelta(minutes=1)).isoformat())
    page.goto(f"/postings/{pk}/comment/")
    page.fill("#id_body", "My comment about body cameras, typed before the deadline.")
    site.manage("tick", "--at", (_chicago(closes) + datetime.timedelta(minutes=1)).isoformat())
    _send(page)
    expect(page.locator(".error-summary")).to_contain_text("The comment period closed on")
    expect(page.locator("#kept-text")).to_have_value(
        "My comment about body cameras, typed before the deadline."
    )
    assert site.query("SELECT count(*) FROM feedback_comment WHERE posting_id = ?", pk) == [(0,)]


def test_rd_prepares_ocpr_authorizes_completeness_gates_scheduling_and_the_period_runs_itself(
    page: Page, site: Site
) -> None:
    sign_in(page, "rd.analyst")
    page.goto("/staff/directives/new/")
    page.fill("#id_number", "S04-01-02")
    page.fill("#id_title", "School Resource Officers (revision)")
    page.fill(
        "#id_text",
        "I. PURPOSE\nA. sets out the role of School Resource Officers.\nII. POLICY\nA. Officers in schools follow this directive.\n",
    )
    page.click("button:has-text('Save draft')")
    expect(page.locator(".message-success")).to_have_text("Draft saved.")
    page.goto("/staff/postings/")
    choice = page.locator("#version-choice option", has_text="School Resource Officers (revision)")
    page.select_option("#version-choice", value=choice.first.get_attribute("value"))
    page.click("button:has-text('Prepare')")
    opens = (datetime.datetime.now(CHICAGO) + datetime.timedelta(hours=2)).replace(
        second=0, microsecond=0
    )
    closes = opens + datetime.timedelta(days=16)
    page.fill("#id_narrative", "The Department is revising its School Resource Officer directive.")
    page.fill("#id_summary", "How officers work in Chicago Public Schools.")
    page.fill("#id_opens_at", opens.strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_closes_at", closes.strftime("%Y-%m-%dT%H:%M"))
    page.click("button:has-text('Save posting')")
    expect(page.locator(".message-success")).to_have_text("Posting prepared.")
    detail = page.url
    expect(page.locator(".checklist .check-missing")).to_contain_text("every configured language")
    page.click("button:has-text('Send to OCPR for authorization')")
    expect(page.locator("button:has-text('Authorize posting')")).to_have_count(0)  # R&D cannot
    sign_out(page)
    sign_in(page, "ocpr.chief")
    page.goto(detail)
    page.click("button:has-text('Authorize posting (VII-A)')")
    expect(page.locator(".message-success")).to_contain_text("authorized")
    sign_out(page)
    sign_in(page, "rd.analyst")
    page.goto(detail)
    page.click("button:has-text('Schedule')")
    expect(page.locator(".message-error")).to_contain_text("The completeness review has not passed")
    page.locator("summary:has-text('Español')").click()
    page.fill(
        "#id_t-es-narrative", "El Departamento revisa su directiva sobre los oficiales escolares."
    )
    page.fill("#id_t-es-summary", "Cómo trabajan los agentes en las escuelas públicas de Chicago.")
    page.locator("form[action$='/text/es/'] button").click()
    expect(page.locator(".message-success")).to_have_text("Text saved.")
    page.click("button:has-text('Schedule')")
    expect(page.locator(".message-success")).to_contain_text("Scheduled")
    posting_id = re.search(r"/staff/postings/(\d+)/", detail).group(1)  # type: ignore[union-attr]

    # Time moves: the worker's jobs open and close the period on their own.
    site.manage("tick", "--at", (opens + datetime.timedelta(minutes=1)).isoformat())
    page.goto(f"/postings/{posting_id}/")
    expect(page.locator(".status-banner")).to_contain_text("Open for comment")
    site.manage("tick", "--at", (closes + datetime.timedelta(minutes=1)).isoformat())
    site.manage("run_worker", "--once")  # the compilation and the mail go out through the queue
    page.goto(f"/postings/{posting_id}/")
    expect(page.locator(".status-banner")).to_contain_text("Closed")
    subjects = site.inbox.subjects()
    assert any("Open for comment: S04-01-02" in s for s in subjects), subjects
    assert any("Comment period closed: S04-01-02" in s for s in subjects), subjects
    compilation = next(
        m for m in site.inbox.messages if "Compilation of comments: S04-01-02" in str(m["Subject"])
    )
    names = [part.get_filename() for part in compilation.iter_attachments()]
    assert any(n.endswith(".csv") for n in names) and any(n.endswith(".xlsx") for n in names)
