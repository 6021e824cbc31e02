"""Issue 8's walk-throughs: a resident answers the foot pursuit survey in Polish on a phone, with
JavaScript and without it (the conditional question, the proof of work or its arithmetic
question); the browser keeps nothing that links it to the answer; a single-use invitation link
answers once; the published results show charts and tables with the small cells hidden; a
Department member's answer is stored without a link to them (V-C-2); and OEE builds, previews
(Polish, Arabic), schedules and opens a survey. The surveys are made in the site's database
through the real services (survey_setup.py); every survey page visited is checked with
axe-core."""

from __future__ import annotations

import datetime
import json
import re
import zoneinfo
from collections.abc import Iterator
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize, expect

from tests.browser.conftest import Site, sign_in

pytestmark = pytest.mark.browser

AXE = Axe()
CHICAGO = zoneinfo.ZoneInfo("America/Chicago")
PHONE: ViewportSize = {"width": 320, "height": 640}
WHAT_HAPPENED = "Funkcjonariusz gonił nastolatka przez plac zabaw przy szkole."


def _setup(site: Site, call: str) -> dict[str, Any]:
    out = site.manage("shell", "-c", f"from tests.browser.survey_setup import *; {call}")
    line = [x for x in out.strip().splitlines() if x.startswith("{")][-1]
    return json.loads(line)  # type: ignore[no-any-return]


def _no_axe_violations(page: Page) -> None:
    results = AXE.run(page)
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


def _fits(page: Page) -> None:
    """No horizontal scrolling at the phone's width."""
    scroll, client = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert scroll <= client, f"{page.url} is {scroll}px wide in a {client}px viewport"


def _pow_ready(page: Page) -> None:
    page.wait_for_function("document.querySelector('input[name=pow_nonce]').value !== ''")
    # The form refuses what is sent faster than a person types (the minimum fill time).
    page.wait_for_timeout(3200)


def _answer_arithmetic(page: Page) -> None:
    """Without JavaScript there is no proof of work: a short sum stands in for it."""
    question = page.locator("[data-pow-fallback] label").inner_text()
    a, b = (int(n) for n in re.findall(r"\d+", question)[-2:])
    page.locator("input[name=challenge_answer]").fill(str(a + b))


def _question(page: Page, key: str) -> Any:
    return page.locator(f"[data-question='q-{key}']")


def _send(page: Page) -> None:
    page.locator("form.survey-form button[type=submit]").click()


def _cookies_set(headers: list[Any]) -> set[str]:
    return {
        h["value"].split("=", 1)[0].strip() for h in headers if h["name"].lower() == "set-cookie"
    }


def _responses(site: Site, survey: int) -> list[tuple[str, str, dict[str, Any]]]:
    rows = site.query(
        "SELECT language, channel, answers FROM surveys_response WHERE survey_id = ?", survey
    )
    return [(language, channel, json.loads(answers)) for language, channel, answers in rows]


@pytest.fixture
def phone(browser: Browser, server: str) -> Iterator[BrowserContext]:
    context = browser.new_context(base_url=server, viewport=PHONE)
    yield context
    context.close()


@pytest.fixture
def phone_no_js(browser: Browser, server: str) -> Iterator[BrowserContext]:
    context = browser.new_context(base_url=server, viewport=PHONE, java_script_enabled=False)
    yield context
    context.close()


# -- 1. A resident answers in Polish on a phone, with JavaScript ------------------------------


def test_resident_answers_in_polish_on_a_phone_with_the_conditional_question_V_C_2(
    phone: BrowserContext, site: Site
) -> None:
    survey = _setup(site, "public_survey('pl-js')")
    page = phone.new_page()
    page.set_default_timeout(20000)
    page.goto(f"/pl/surveys/{survey['slug']}/")
    expect(page.locator("html")).to_have_attribute("lang", "pl")
    expect(page.locator("h1")).to_contain_text("Pościgi piesze: powiedz nam anonimowo")
    _fits(page)
    _no_axe_violations(page)

    # The follow-up on what happened waits for "Tak" to the first question.
    happened = _question(page, "q2")
    expect(happened).to_be_hidden()
    _question(page, "q1").get_by_label("Nie", exact=True).check()
    expect(happened).to_be_hidden()
    _question(page, "q1").get_by_label("Tak", exact=True).check()
    expect(happened).to_be_visible()
    happened.locator("textarea").fill(WHAT_HAPPENED)
    page.select_option("select[name='q-q4-life']", "1")
    page.select_option("select[name='q-q4-alternatives']", "2")
    page.select_option("select[name='q-q4-offense']", "3")
    page.check("input[name='q-q5-s34'][value='5']")
    _fits(page)
    _pow_ready(page)
    _send(page)

    expect(page).to_have_url(re.compile(rf"/pl/surveys/{survey['slug']}/thanks/$"))
    _fits(page)
    _no_axe_violations(page)
    assert _responses(site, survey["survey"]) == [
        (
            "pl",
            "web",
            {
                "q1": "yes",
                "q2": WHAT_HAPPENED,
                "q4": ["life", "alternatives", "offense"],
                "q5": {"s34": "5"},
            },
        )
    ]


# -- 2. The same without JavaScript -----------------------------------------------------------


def test_resident_answers_in_polish_on_a_phone_without_javascript_V_C_2(
    phone_no_js: BrowserContext, site: Site
) -> None:
    survey = _setup(site, "public_survey('pl-no-js')")
    page = phone_no_js.new_page()
    page.set_default_timeout(20000)
    page.goto(f"/pl/surveys/{survey['slug']}/")
    _fits(page)

    # Every question shows; the conditional one says when to answer it.
    happened = _question(page, "q2")
    expect(happened).to_be_visible()
    expect(happened.locator(".survey-condition")).to_contain_text("Tak")
    _question(page, "q1").get_by_label("Nie", exact=True).check()
    # Typed anyway: the server drops it, since "Nie" does not call for it.
    happened.locator("textarea").fill(WHAT_HAPPENED)
    page.select_option("select[name='q-q4-offense']", "1")
    _answer_arithmetic(page)
    page.wait_for_timeout(3200)  # the minimum fill time
    _send(page)

    expect(page).to_have_url(re.compile(rf"/pl/surveys/{survey['slug']}/thanks/$"))
    _fits(page)
    assert _responses(site, survey["survey"]) == [("pl", "web", {"q1": "no", "q4": ["offense"]})]


# -- 3. Nothing in the browser links it to the answer ----------------------------------------


def test_browser_keeps_nothing_linking_it_to_its_answer_after_submitting(
    page: Page, site: Site
) -> None:
    survey = _setup(site, "public_survey('storage')")
    page.goto(f"/surveys/{survey['slug']}/")
    _question(page, "q1").get_by_label("No", exact=True).check()
    _pow_ready(page)
    with page.expect_response(lambda r: r.request.method == "POST") as sent:
        _send(page)
    assert sent.value.status == 302
    assert _cookies_set(sent.value.headers_array()) <= {"csrftoken"}
    expect(page.locator("h1")).to_contain_text("Thank you: your answers are saved")
    # The thank-you address names the survey only: no id, no query, no fragment.
    assert page.url == f"{site.base}/surveys/{survey['slug']}/thanks/"
    assert len(_responses(site, survey["survey"])) == 1

    storage = page.evaluate("[window.localStorage.length, window.sessionStorage.length]")
    assert storage == [0, 0]
    assert {c["name"] for c in page.context.cookies()} == {"csrftoken"}
    # The thank-you page sets nothing else either (Django renews the CSRF cookie).
    thanks = page.request.get(page.url)
    assert _cookies_set(thanks.headers_array) <= {"csrftoken"}
    assert thanks.headers["cache-control"] == "no-store"
    assert thanks.headers["referrer-policy"] == "same-origin"


# -- 4. A single-use invitation link answers once ---------------------------------------------


def test_used_invitation_link_is_refused_and_the_typed_answer_kept_V_D_4(
    page: Page, site: Site
) -> None:
    survey = _setup(site, "invitation_survey('invited', 1)")
    (token,) = survey["tokens"]
    link = f"/surveys/{survey['slug']}/i/{token}/"
    # Without a link the survey cannot be answered.
    page.goto(f"/surveys/{survey['slug']}/")
    expect(page.locator("main")).to_contain_text("single-use links")
    expect(page.locator("form.survey-form")).to_have_count(0)

    # The same link opened in two tabs.
    second = page.context.new_page()
    second.set_default_timeout(20000)
    page.goto(link)
    second.goto(link)
    _no_axe_violations(page)
    _question(page, "q1").get_by_label("No", exact=True).check()
    page.wait_for_timeout(3200)  # the minimum fill time
    _send(page)
    expect(page.locator("h1")).to_contain_text("Thank you: your answers are saved")
    assert len(_responses(site, survey["survey"])) == 1

    # Opened again: refused, plainly.
    page.goto(link)
    expect(page.locator("h1")).to_contain_text("This link cannot be used")
    expect(page.locator("main")).to_contain_text("Each link can answer once.")
    expect(page.locator("form.survey-form")).to_have_count(0)
    _no_axe_violations(page)

    # Sent from the second tab: refused, and what was typed is still there.
    _question(second, "q1").get_by_label("Yes", exact=True).check()
    text = "An officer ran after my neighbour's son through the alley."
    _question(second, "q2").locator("textarea").fill(text)
    second.wait_for_timeout(3200)
    with second.expect_response(lambda r: r.request.method == "POST") as sent:
        _send(second)
    assert sent.value.status in (403, 409, 410)
    summary = second.locator(".error-summary")
    expect(summary).to_contain_text("This invitation link has already been used")
    expect(summary).to_contain_text("Your answers are kept below.")
    expect(_question(second, "q1").get_by_label("Yes", exact=True)).to_be_checked()
    expect(_question(second, "q2").locator("textarea")).to_have_value(text)
    _no_axe_violations(second)
    assert len(_responses(site, survey["survey"])) == 1


# -- 5. The published results: charts, tables, hidden small cells -----------------------------


# The words of a hidden figure state the rule ("hidden (1 to 10, or to protect such a
# count)"): the rule's bounds, not a count.
RULE = re.compile(r"\b1 to 10\b")


def _numbers(texts: list[str]) -> list[float]:
    return [
        float(n.replace(",", "."))
        for t in texts
        for n in re.findall(r"\d+(?:[.,]\d+)?", RULE.sub("", t))
    ]


def _assert_no_small_figures(page: Page) -> None:
    """No table cell and no figure drawn in a chart shows a count (or a percentage) from 1
    to 10. The bars' labels are the answers' own words, not figures: left out."""
    cells = page.locator(".survey-results td").all_inner_texts()
    drawn = page.locator(".survey-results svg text:not(.chart-label)").all_text_contents()
    assert cells and drawn
    small = [n for n in _numbers(cells + drawn) if 1 <= n <= 10]
    assert not small, (small, cells, drawn)


def test_published_results_show_charts_and_tables_with_small_cells_hidden(
    page: Page, site: Site
) -> None:
    survey = _setup(site, "published_results('results')")
    page.goto("/surveys/")
    expect(page.locator("main")).to_contain_text(
        "Foot pursuits: tell us anonymously what you think (results)"
    )
    page.goto(f"/surveys/{survey['slug']}/results/")
    expect(page.locator("h1")).to_contain_text("Results: Foot pursuits")
    main = page.locator("main")
    expect(main).to_contain_text("People who answered: 30")
    questions = page.locator(".survey-result")
    assert questions.count() >= 4
    # A chart and a table for each question with choices (q2, the free text, is not shown).
    for q in questions.all():
        if q.locator("svg").count():
            expect(q.locator("svg[role=img] title").first).not_to_be_empty()
            assert q.locator("table caption").count() >= 1
    charts = page.locator(".survey-results svg[role=img]")
    assert charts.count() >= 4
    assert page.locator(".survey-results table").count() >= charts.count()
    # "No" (8) and "Disagree" (7), "Neither" (3) are hidden, and shown as hidden.
    hidden = page.locator(".survey-results td.cell-hidden")
    assert hidden.count() >= 2
    for text in hidden.all_inner_texts():
        assert "hidden" in text
    expect(page.locator(".survey-results svg .chart-hidden-text").first).to_contain_text("hidden")
    _assert_no_small_figures(page)
    _no_axe_violations(page)

    # Broken down by age: the 7 aged 35-44 and the 5 aged 65 or older are not groups of
    # their own (merged into "Other groups or not stated").
    by_age = page.locator("nav.results-filters a:has-text('Age')")
    if by_age.count():
        by_age.click()
        expect(page.locator("[aria-current=page]").first).to_contain_text("Age")
        groups = " ".join(page.locator(".survey-results thead th").all_inner_texts())
        assert "25–34" in groups
        assert "65 or older" not in groups
        assert "35–44" not in groups
        _assert_no_small_figures(page)
        _no_axe_violations(page)


# -- 6. A Department member's answer is stored apart from them --------------------------------


def test_department_answer_is_stored_without_link_to_member_V_C_2(page: Page, site: Site) -> None:
    survey = _setup(site, "department_survey('members')")
    member = survey["member"]
    # Signing in proves membership: the survey sends a visitor to sign in first.
    page.goto(f"/surveys/{survey['slug']}/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    sign_in(page, member["username"])
    page.goto(f"/surveys/{survey['slug']}/")
    expect(page.locator("main")).to_contain_text("You are signed in as a Department member")
    _no_axe_violations(page)
    _question(page, "q1").get_by_label("Yes", exact=True).check()
    text = "A sergeant called off a chase into traffic; the policy should back that call."
    _question(page, "q2").locator("textarea").fill(text)
    page.wait_for_timeout(3200)  # the minimum fill time
    _send(page)
    expect(page.locator("h1")).to_contain_text("Thank you: your answers are saved")

    # That the member has answered is recorded, apart.
    assert site.query(
        "SELECT count(*) FROM surveys_answered WHERE survey_id = ? AND user_id = ?",
        survey["survey"],
        member["id"],
    ) == [(1,)]
    # The answer has no column that could point to a user, and holds nothing of theirs.
    references = site.query("SELECT \"table\" FROM pragma_foreign_key_list('surveys_response')")
    assert references == [("surveys_survey",)]
    columns = [c for (c,) in site.query("SELECT name FROM pragma_table_info('surveys_response')")]
    rows = site.query(
        f"SELECT {', '.join(columns)} FROM surveys_response WHERE survey_id = ?", survey["survey"]
    )
    assert len(rows) == 1
    row = dict(zip(columns, rows[0], strict=True))
    assert row["audience"] == "department"
    assert json.loads(row["answers"]) == {"q1": "yes", "q2": text}
    theirs = {str(member["id"]), member["username"], member["email"], "Dana", "Reyes"}
    for column, value in row.items():
        if column == "survey_id":
            continue  # the survey's own id, a reference to the survey
        assert str(value) not in theirs, column
        assert not any(t in str(value) for t in theirs - {str(member["id"])}), column
    # A second answer is refused: the member has answered.
    page.goto(f"/surveys/{survey['slug']}/")
    _question(page, "q1").get_by_label("No", exact=True).check()
    page.wait_for_timeout(3200)
    with page.expect_response(lambda r: r.request.method == "POST") as sent:
        _send(page)
    assert sent.value.status in (403, 409)
    expect(page.locator(".error-summary")).to_be_visible()
    assert len(rows) == len(
        site.query("SELECT id FROM surveys_response WHERE survey_id = ?", survey["survey"])
    )


# -- 7. OEE builds, previews, schedules and opens a survey -----------------------------------


def _open_language(page: Page, field_id: str) -> None:
    """The other languages' fields are folded away under a <details>."""
    details = page.locator(f"details:has(#{field_id})")
    if details.get_attribute("open") is None:
        details.locator("summary").click()


def test_oee_builds_previews_in_polish_and_arabic_schedules_and_opens_a_survey(
    page: Page, site: Site
) -> None:
    activity = _setup(site, "survey_activity_for_builder()")["activity"]
    sign_in(page, "oee.coordinator")
    page.goto("/staff/surveys/")
    _no_axe_violations(page)
    page.goto(f"/staff/surveys/new/?activity={activity}")
    _no_axe_violations(page)
    page.fill("#id_title_en", "Stops near schools: a short survey")
    page.get_by_role("checkbox", name="Polish").check()
    page.get_by_role("checkbox", name="Arabic").check()
    _open_language(page, "id_title_pl")
    page.fill("#id_title_pl", "Zatrzymania w pobliżu szkół: krótka ankieta")
    _open_language(page, "id_title_ar")
    page.fill("#id_title_ar", "التوقيف قرب المدارس: استبيان قصير")
    tomorrow = datetime.datetime.now(CHICAGO).date() + datetime.timedelta(days=1)
    page.fill("#id_opens_day", tomorrow.isoformat())
    page.fill("#id_opens_time", "09:00")
    page.fill("#id_closes_day", (tomorrow + datetime.timedelta(days=21)).isoformat())
    page.fill("#id_closes_time", "17:00")
    page.click("main button:has-text('Create the survey')")
    expect(page.locator("h1")).to_have_text("Stops near schools: a short survey")
    expect(page.locator(".status-banner")).to_contain_text("Draft")
    detail = page.url

    # A single choice...
    page.click("main a:has-text('Single choice')")
    _no_axe_violations(page)
    page.fill("#id_text_en", "Does your child's school have an officer on site?")
    page.fill("#id_options_en", "Yes\nNo")
    page.get_by_label("An answer is required").check()
    _open_language(page, "id_text_pl")
    page.fill("#id_text_pl", "Czy w szkole Twojego dziecka jest funkcjonariusz?")
    page.fill("#id_options_pl", "Tak\nNie")
    _open_language(page, "id_text_ar")
    page.fill("#id_text_ar", "هل يوجد ضابط في مدرسة طفلك؟")
    page.fill("#id_options_ar", "نعم\nلا")
    page.click("main button:has-text('Add the question')")
    expect(page.locator("#question-q1")).to_contain_text("Does your child's school")

    # ...and a text question shown only on "Yes".
    page.goto(detail)
    page.click("main a:has-text('Long text')")
    page.fill("#id_text_en", "What does the officer do at the school?")
    _open_language(page, "id_text_pl")
    page.fill("#id_text_pl", "Czym zajmuje się funkcjonariusz w szkole?")
    _open_language(page, "id_text_ar")
    page.fill("#id_text_ar", "ماذا يفعل الضابط في المدرسة؟")
    on_q1 = page.locator("#id_show_if option", has_text="question 1").get_attribute("value")
    assert on_q1
    page.select_option("#id_show_if", on_q1)
    page.get_by_label("Yes", exact=True).check()
    _no_axe_violations(page)
    page.click("main button:has-text('Add the question')")
    expect(page.locator("#question-q2 .survey-condition")).to_contain_text("Yes")
    _no_axe_violations(page)

    # The preview, in Polish and in Arabic (right to left).
    page.goto(detail)
    page.click("main a:has-text('Preview in Polish')")
    region = page.locator("section.survey-preview")
    expect(region).to_have_attribute("lang", "pl")
    expect(region).to_have_attribute("dir", "ltr")
    expect(region).to_contain_text("Czy w szkole Twojego dziecka jest funkcjonariusz?")
    expect(page.locator("#missing")).to_have_count(0)
    _no_axe_violations(page)
    page.goto(detail)
    page.click("main a:has-text('Preview in Arabic')")
    region = page.locator("section.survey-preview")
    expect(region).to_have_attribute("lang", "ar")
    expect(region).to_have_attribute("dir", "rtl")
    expect(region).to_contain_text("هل يوجد ضابط في مدرسة طفلك؟")
    # The conditional question waits for "نعم" here too.
    expect(region.locator("[data-question='q-q2']")).to_be_hidden()
    region.get_by_label("نعم", exact=True).check()
    expect(region.locator("[data-question='q-q2']")).to_be_visible()
    _no_axe_violations(page)

    # Scheduled, then opened now.
    page.goto(detail)
    page.click("#actions button:has-text('Schedule')")
    expect(page.locator(".status-banner")).to_contain_text("Scheduled")
    page.click("#actions button:has-text('Open now')")
    expect(page.locator(".status-banner")).to_contain_text("Open")
    _no_axe_violations(page)
    (slug, status) = site.query(
        "SELECT slug, status FROM surveys_survey WHERE activity_id = ? AND title LIKE ?",
        activity,
        '%"Stops near schools: a short survey"%',
    )[0]
    assert status == "open"
    page.goto(f"/pl/surveys/{slug}/")
    expect(page.locator("h1")).to_contain_text("Zatrzymania w pobliżu szkół")
