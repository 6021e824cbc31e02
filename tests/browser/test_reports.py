"""Issue 10's walk-through: for a closed engagement with comments, a meeting, a survey and a
working group's recommendations (report_setup.py), OEE starts the "what we heard" report,
which generates its data from the record, writes the introduction and sends it for approval;
R&D, responsible for the directive, approves it (VI-D-2); OEE publishes it (V-D-3). The public
page then shows the activities, who took part with the small groups hidden and said to be
hidden, the themes with their decisions (VII-D-5), and the redline of the revised directive
with each change linked to the feedback that led to it. The PDF from the page's link is a
tagged PDF that poppler renders, with the same section headings as the page; and the annual
report section of the year lists the engagement (VI-B-7). Pages on the way are checked with
axe-core."""

from __future__ import annotations

import datetime
import json
import re
import shutil
import subprocess
import zoneinfo
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.browser.conftest import Site, sign_in, sign_out

pytestmark = pytest.mark.browser

AXE = Axe()
CHICAGO = zoneinfo.ZoneInfo("America/Chicago")
INTRO = (
    "From March to May the Department asked residents, students and parents how school "
    "resource officers should be selected, trained and supervised. This report says what we "
    "heard, what the Department decided on each theme and why, and what changed in Special "
    "Order S04-01-02."
)
SECTION_IDS = [
    "introduction",
    "activities",
    "participation",
    "themes",
    "recommendations",
    "revisions",
    "not_adopted",
    "next_steps",
    "about",
]


def _setup(site: Site, call: str) -> dict[str, Any]:
    out = site.manage("shell", "-c", f"from tests.browser.report_setup import *; {call}")
    line = [x for x in out.strip().splitlines() if x.startswith("{")][-1]
    return json.loads(line)  # type: ignore[no-any-return]


def _no_axe_violations(page: Page) -> None:
    results = AXE.run(page)
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


def _status(page: Page, text: str) -> None:
    expect(page.locator("#status")).to_contain_text(text)


def _poppler(*args: str) -> str:
    tool = shutil.which(args[0])
    assert tool, f"{args[0]} is needed: apt-get install -y poppler-utils"
    done = subprocess.run([tool, *args[1:]], capture_output=True, text=True, check=True)
    return done.stdout


def _words(text: str) -> str:
    return " ".join(text.split())


def test_staff_prepare_approve_and_publish_the_report_and_the_public_reads_it_V_D_3(
    page: Page, site: Site, tmp_path: Path
) -> None:
    walk = _setup(site, "engagement()")
    title = walk["title"]

    # 1. OEE starts the report: its data is generated from the record.
    sign_in(page, "oee.coordinator")
    page.goto("/staff/reports/")
    _no_axe_violations(page)
    row = page.locator("#ready ~ .table-scroll tr", has=page.locator(f"th:has-text('{title}')"))
    row.get_by_role("button", name=re.compile("Start the report")).click()
    expect(page.locator("h1")).to_contain_text(f"Report on {title}")
    expect(page.locator(".messages")).to_contain_text("data generated from the record")
    _status(page, "Draft")
    report_url = page.url.split("#")[0]
    assert re.search(r"/staff/reports/\d+/$", report_url), report_url
    counts = page.locator("table:has(#counts-caption)")
    expect(counts).to_contain_text("Themes")
    _no_axe_violations(page)

    # 2. The English introduction: written, then edited.
    page.get_by_role("link", name=re.compile(r"Introduction, English")).click()
    expect(page.locator("h1")).to_contain_text("Introduction")
    _no_axe_violations(page)
    box = page.get_by_label("The text in English")
    box.fill("From March to May the Department asked residents how officers are trained.")
    page.click("main button:has-text('Save')")
    expect(page).to_have_url(re.compile(r"/staff/reports/\d+/(#narrative)?$"))
    page.get_by_role("link", name=re.compile(r"Introduction, English")).click()
    expect(page.get_by_label("The text in English")).to_have_value(
        "From March to May the Department asked residents how officers are trained."
    )
    page.get_by_label("The text in English").fill(INTRO)
    page.click("main button:has-text('Save')")
    expect(page).to_have_url(re.compile(r"/staff/reports/\d+/(#narrative)?$"))

    # The preview shows it as the public will see it, before anything is public.
    page.click("main a:has-text('Preview the report')")
    expect(page.locator("#introduction")).to_be_visible()
    expect(page.locator("main")).to_contain_text("what changed in Special Order S04-01-02")
    _no_axe_violations(page)
    page.goto(report_url)

    # 3. Sent for approval to R&D, the unit responsible for the directive.
    page.click("main button:has-text('Send for approval')")
    _status(page, "Waiting for approval")
    expect(page.locator("#actions")).not_to_contain_text("Approve the report")
    sign_out(page)

    # 4. R&D approves.
    sign_in(page, "rd.analyst")
    page.goto(report_url)
    _status(page, "Waiting for approval")
    page.click("main button:has-text('Approve the report')")
    _status(page, "Approved")
    sign_out(page)

    # 5. OEE publishes: version 1.
    sign_in(page, "oee.coordinator")
    page.goto(report_url)
    page.click("#actions button:has-text('Publish')")
    _status(page, "Published")
    expect(page.locator("table:has(#versions-caption)")).to_contain_text("Version 1")
    sign_out(page)

    # 6. The public page, as a resident reads it.
    page.goto(f"/reports/{walk['engagement']}/")
    expect(page.locator("h1")).to_contain_text(title)
    ids = page.locator(".report-body h2, .report-about h2").evaluate_all(
        "els => els.map(e => e.id)"
    )
    assert ids == SECTION_IDS, ids
    expect(page.locator("#introduction ~ *").first).to_be_visible()
    expect(page.locator("main")).to_contain_text(INTRO)

    # The activities, with the meeting, the survey and the working group.
    activities = page.locator("table:has(#activities-caption)")
    expect(activities).to_contain_text(walk["meeting"])
    expect(activities).to_contain_text("Working group")
    expect(activities).to_contain_text("survey")

    # Who took part: small groups hidden, and said to be hidden.
    hidden = page.locator("section:has(#participation) .cell-hidden")
    assert hidden.count() > 0, "no hidden cell in the participation tables"
    expect(hidden.first.locator(".visually-hidden")).to_have_text(re.compile(r"hidden"))
    expect(page.locator("#demographics-hidden-note")).not_to_be_empty()

    # The themes with their decisions (VII-D-5).
    themes = page.locator("table:has(#themes-caption)")
    for label in (walk["adopted_label"], walk["not_adopted_label"], walk["future_label"]):
        expect(themes).to_contain_text(label)
    for decision in ("Adopted", "Not adopted", "Under consideration for the future"):
        expect(themes).to_contain_text(decision)

    # The redline: every change says why, and its link lands on the feedback.
    changes = page.locator(".rl-item")
    assert changes.count() >= 2
    added = page.locator(
        ".rl-item", has=page.locator(f".rl-anchor:text-is('{walk['added_item']}')")
    )
    expect(added).to_have_count(1)
    expect(added.locator(".rl-text")).to_contain_text("trauma-informed practices")
    changed = page.locator(
        ".rl-item", has=page.locator(f".rl-anchor:text-is('{walk['changed_item']}')")
    )
    expect(changed.locator(".report-why a").first).to_be_visible()
    theme_anchor = f"theme-{walk['adopted_theme']}"
    link = added.locator(f".report-why a[href='#{theme_anchor}']")
    expect(link).to_contain_text(walk["adopted_label"])
    link.click()
    expect(page).to_have_url(re.compile(rf"#{theme_anchor}$"))
    theme = page.locator(f"#{theme_anchor}")
    expect(theme).to_be_in_viewport()
    expect(theme.locator("h3")).to_contain_text(walk["adopted_label"])
    expect(theme.locator(".report-decision")).to_contain_text("Adopted")
    _no_axe_violations(page)

    # 7. The PDF, from the page's link: tagged, renders, the same headings.
    headings = [
        _words(t) for t in page.locator(".report-body h2, .report-about h2").all_inner_texts()
    ]
    with page.expect_download(timeout=180_000) as info:
        page.click("a:has-text('PDF of this report')")
    pdf = tmp_path / "report.pdf"
    info.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    details = _poppler("pdfinfo", str(pdf))
    assert re.search(r"^Tagged:\s+yes$", details, re.M), details
    _poppler("pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "p"))
    pngs = list(tmp_path.glob("p*.png"))
    assert len(pngs) == 1 and pngs[0].stat().st_size > 1000, pngs
    text = _words(_poppler("pdftotext", "-enc", "UTF-8", str(pdf), "-"))
    assert _words(title) in text
    position = 0
    for heading in headings:
        found = text.find(heading, position)
        assert found >= 0, f"the PDF lacks the heading {heading!r} (after {position})"
        position = found + len(heading)

    # 8. The annual report section of the year lists the engagement (VI-B-7).
    sign_in(page, "oee.coordinator")
    year = datetime.datetime.now(CHICAGO).year
    page.goto(f"/staff/reports/annual/{year}/")
    expect(page.locator("main")).to_contain_text(title)
    _no_axe_violations(page)
