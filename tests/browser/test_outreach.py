"""Issue 9's walk-throughs: OEE adds an organisation and logs a contact (V-D-2); builds an
audience for a posting and schedules its announcements at opening, midway and near closing
(VII-B-4, VII-C NOTE); time advances and the emails arrive in the local SMTP server with working
unsubscribe links, while the social media texts fit their limits (VII-C-2); a resident
subscribes to district 11 in Spanish, confirms, and receives the next announcement in Spanish; a
community group requests a dialogue and follows its status (V-C-10-b); a resident proposes a
revision to an item of a current directive and gets a receipt (VII-A-1, V-C-10-c). Every page
visited is checked with axe-core."""

from __future__ import annotations

import datetime
import json
import re
import urllib.parse
import urllib.request
import zoneinfo
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.browser.conftest import Site, sign_in, sign_out

pytestmark = pytest.mark.browser

AXE = Axe()
CHICAGO = zoneinfo.ZoneInfo("America/Chicago")


def _setup(site: Site, call: str) -> dict[str, Any]:
    out = site.manage("shell", "-c", f"from tests.browser.outreach_setup import *; {call}")
    line = [x for x in out.strip().splitlines() if x.startswith("{")][-1]
    return json.loads(line)  # type: ignore[no-any-return]


def _no_axe_violations(page: Page) -> None:
    results = AXE.run(page)
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


def _pow_ready(page: Page) -> None:
    page.wait_for_function("document.querySelector('input[name=pow_nonce]').value !== ''")
    page.wait_for_timeout(3200)  # the minimum fill time


def _text_of(message: Any) -> str:
    part = message.get_body(preferencelist=("plain",))
    return str(part.get_content()) if part is not None else ""


def test_oee_adds_an_organization_and_logs_a_contact_V_D_2(page: Page) -> None:
    sign_in(page, "oee.coordinator")
    page.goto("/staff/outreach/organizations/new/")
    _no_axe_violations(page)
    page.fill("#id_name", "Garfield Park Community Council")
    page.select_option("#id_kind", "community_group")
    page.check("input[name=districts][value='11']")
    page.check("input[name=languages][value='es']")
    page.fill("#id_description", "Block clubs and residents of East and West Garfield Park.")
    page.get_by_role("button", name="Add the organization").click()
    expect(page.locator("h1")).to_contain_text("Garfield Park Community Council")
    _no_axe_violations(page)
    page.get_by_role("link", name="Log a contact").click()
    _no_axe_violations(page)
    page.fill("#id_occurred_on", datetime.date.today().isoformat())
    page.select_option("#id_channel", "phone")
    page.fill(
        "#id_summary",
        "Called the council chair about the body-worn camera posting; they will share it with "
        "their block clubs and want a session in Spanish.",
    )
    page.fill("#id_follow_up", "Send the Spanish summary of the directive")
    page.fill("#id_follow_up_due", (datetime.date.today() + datetime.timedelta(days=5)).isoformat())
    page.get_by_role("button", name="Log the contact").click()
    expect(page.locator("main")).to_contain_text("Send the Spanish summary of the directive")
    _no_axe_violations(page)
    sign_out(page)


def test_community_group_requests_a_dialogue_and_follows_its_status_V_C_10_b(
    page: Page, site: Site
) -> None:
    page.goto("/dialogue/")
    _no_axe_violations(page)
    page.fill("#id_group_name", "North Lawndale Youth Council")
    page.fill("#id_contact_name", "Keisha Brown")
    page.fill("#id_email", "keisha.brown@example.org")
    page.fill("#id_subject", "School resource officers in our high schools")
    page.fill("#id_directive", "S04-01-02")
    page.fill("#id_group_size", "15")
    page.select_option("#id_district", "10")
    page.fill("#id_preferred_dates", "Weekday evenings after 6 p.m. in March")
    page.fill("#id_details", "Students want to talk with officers about how SROs are chosen.")
    _pow_ready(page)
    page.get_by_role("button", name="Send the request").click()
    expect(page.locator("main")).to_contain_text("D-")
    _no_axe_violations(page)
    receipt = re.search(r"D-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", page.inner_text("main"))
    assert receipt is not None
    site.manage("run_worker", "--once")  # the acknowledgement goes out through the queue
    assert any(receipt.group(0) in str(m["Subject"]) + _text_of(m) for m in site.inbox.messages)

    # OEE refers it; the requester follows the status by receipt.
    sign_in(page, "oee.coordinator")
    page.goto("/staff/outreach/dialogues/")
    _no_axe_violations(page)
    page.get_by_role("link", name="School resource officers in our high schools").first.click()
    _no_axe_violations(page)
    page.fill("#id_r-referred_to", "The 10th District Council")
    page.get_by_role("button", name="Refer the request").click()
    expect(page.locator("main")).to_contain_text("10th District Council")
    sign_out(page)

    page.goto("/dialogue/follow/")
    _no_axe_violations(page)
    page.fill("#id_receipt", receipt.group(0).lower())
    page.get_by_role("button", name="Look up").click()
    expect(page.locator("main")).to_contain_text("10th District Council")
    _no_axe_violations(page)


def test_resident_proposes_a_revision_of_an_item_and_gets_a_receipt_VII_A_1(
    page: Page, site: Site
) -> None:
    page.goto("/directives/G03-02/input/?item=III-C-1-a&kind=revision")
    _no_axe_violations(page)
    page.check("input[name=kind][value=revision]")
    expect(page.locator("#id_item")).to_have_value("III-C-1-a")
    page.fill(
        "#id_body",
        "Officers should say why they are using force whenever it is safe to do so; people "
        "calm down when they know what is happening.",
    )
    page.fill(
        "#id_proposed_text",
        "When safe and feasible, members will explain to the person the reason for the use of "
        "force before and while using it.",
    )
    page.fill("#id_email", "resident.proposal@example.org")
    _pow_ready(page)
    page.get_by_role("button", name="Send").click()
    expect(page.locator("main")).to_contain_text("I-")
    _no_axe_violations(page)
    receipt = re.search(r"I-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", page.inner_text("main"))
    assert receipt is not None
    rows = site.query(
        "SELECT kind, section_anchor FROM outreach_directiveinput WHERE receipt = ?",
        receipt.group(0),
    )
    assert rows == [("revision", "III-C-1-a")]


def _confirm_link(site: Site, email: str) -> str:
    for message in reversed(site.inbox.messages):
        if email in str(message["To"]):
            found = re.search(r"https?://\S+/subscribe/confirm/\S+/", _text_of(message))
            if found:
                return found.group(0)
    raise AssertionError(f"no confirmation mail to {email}")


def _to(site: Site, email: str) -> list[Any]:
    return [m for m in site.inbox.messages if email in str(m["To"])]


def _path(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def test_announcements_reach_the_audience_and_a_spanish_subscriber_VII_C(
    page: Page, site: Site
) -> None:
    # A resident subscribes to district 11, in Spanish, and confirms (double opt-in).
    page.goto("/es/subscribe/?district=11")
    _no_axe_violations(page)
    expect(page.locator("input[name=districts][value='11']")).to_be_checked()
    page.fill("#id_email", "lucia.ortiz@example.org")
    _pow_ready(page)
    page.locator("main form button[type=submit]").click()
    _no_axe_violations(page)
    site.manage("run_worker", "--once")
    assert len(_to(site, "lucia.ortiz@example.org")) == 1, "only the confirmation so far"
    confirm = _confirm_link(site, "lucia.ortiz@example.org")
    assert "/es/" in confirm
    page.goto(_path(confirm))
    _no_axe_violations(page)
    assert site.query(
        "SELECT status FROM outreach_subscriber WHERE email = ?", "lucia.ortiz@example.org"
    ) == [("active",)]

    # OEE builds an audience for the open D22-08 posting (VII-B-4).
    posting = _setup(site, "posting_of('D22-08')")["posting"]
    sign_in(page, "oee.coordinator")
    page.goto(f"/staff/outreach/audiences/new/?posting={posting}")
    _no_axe_violations(page)
    page.fill("#id_name", "D22-08: community groups and advocates")
    page.check("input[name=kinds][value=community_group]")
    page.check("input[name=kinds][value=advocacy]")
    page.get_by_role("button", name="Save and see whom it reaches").click()
    expect(page.locator("main")).to_contain_text("D22-08: community groups and advocates")
    _no_axe_violations(page)

    # The announcement: email and an X post, in the posting's languages (here en and es).
    page.goto(f"/staff/outreach/announcements/new/?posting={posting}")
    _no_axe_violations(page)
    page.fill("#id_title", "D22-08 is open for comment")
    for box in page.locator("input[name=channels]").all():
        box.uncheck()
    page.check("input[name=channels][value=email]")
    page.check("input[name=channels][value=x]")
    page.select_option("#id_audience", label="D22-08: community groups and advocates")
    page.get_by_role("button", name="Save as a draft").click()
    announcement = int(re.search(r"/announcements/(\d+)/", page.url).group(1))  # type: ignore[union-attr]
    _no_axe_violations(page)
    page.goto(f"/staff/outreach/announcements/{announcement}/texts/email/")
    _no_axe_violations(page)
    page.fill("#id_en-subject", "Comment on the community engagement directive (D22-08)")
    page.fill(
        "#id_en-body",
        "The Department has posted its draft directive on community engagement in policy and "
        "training development. Tell us what you think before the comment period closes.",
    )
    page.fill("#id_es-subject", "Comente sobre la directiva de participación comunitaria (D22-08)")
    page.fill(
        "#id_es-body",
        "El Departamento ha publicado su borrador de directiva sobre la participación de la "
        "comunidad en sus políticas y capacitaciones. Díganos qué piensa antes del cierre.",
    )
    page.get_by_role("button", name="Save the texts").click()
    page.goto(f"/staff/outreach/announcements/{announcement}/texts/x/")
    page.fill("#id_en-body", "How should CPD involve you in its policies? Read D22-08 and comment.")
    page.fill("#id_es-body", "¿Cómo debe CPD incluirle en sus políticas? Lea D22-08 y comente.")
    page.get_by_role("button", name="Save the texts").click()
    page.goto(f"/staff/outreach/announcements/{announcement}/")
    _no_axe_violations(page)
    # VII-C-2: each post shows its length as X counts it, within the limit.
    lengths = [int(n) for n in re.findall(r"(\d+) of 280", page.inner_text("main"))]
    assert lengths and all(n <= 280 for n in lengths), lengths

    # VII-C NOTE: at opening (now: the posting is already open), midway and near closing.
    page.goto(f"/staff/outreach/announcements/{announcement}/dispatches/new/")
    _no_axe_violations(page)
    page.check("#id_opening")
    page.check("#id_midway")
    page.check("#id_closing")
    page.get_by_role("button", name="Add").click()
    page.goto(f"/staff/outreach/announcements/{announcement}/")
    page.get_by_role("button", name="Schedule it").click()
    assert site.query("SELECT status FROM outreach_announcement WHERE id = ?", announcement) == [
        ("scheduled",)
    ]
    times = _setup(site, f"dispatches({announcement})")["dispatches"]
    assert [m for m, _at, _s in times] == ["opening", "midway", "closing"]

    # Time advances: each dispatch goes out when due, through the worker, to the SMTP server.
    before = len(site.inbox.messages)
    _setup(site, f"dispatch_at({times[0][1]!r})")
    site.manage("run_worker", "--once")
    mine = _to(site, "lucia.ortiz@example.org")
    assert len(mine) == 2, [str(m["Subject"]) for m in mine]
    spanish = mine[-1]
    assert str(spanish["Subject"]).strip().startswith("Comente sobre la directiva")
    assert "El Departamento ha publicado" in _text_of(spanish)
    assert spanish.get_body(preferencelist=("html",)) is not None
    assert spanish["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    contacts = [m for m in site.inbox.messages[before:] if "lucia.ortiz" not in str(m["To"])]
    assert contacts, "the audience's contacts got it too"

    # The dispatch page shows its progress; Communications sees the post ready to copy.
    (first,) = site.query(
        "SELECT id FROM outreach_dispatch WHERE announcement_id = ? ORDER BY send_at LIMIT 1",
        announcement,
    )[0]
    page.goto(f"/staff/outreach/dispatches/{first}/")
    expect(page.locator("progress")).to_have_attribute("value", re.compile(r"\d+"))
    _no_axe_violations(page)
    sign_out(page)

    _setup(site, f"dispatch_at({times[1][1]!r})")
    site.manage("run_worker", "--once")
    assert len(_to(site, "lucia.ortiz@example.org")) == 3

    # One-click unsubscribe (RFC 8058): the mail client POSTs, no cookies, no CSRF token.
    unsubscribe = (
        str(_to(site, "lucia.ortiz@example.org")[-1]["List-Unsubscribe"]).strip().strip("<>")
    )
    request = urllib.request.Request(
        site.base + _path(unsubscribe),
        data=b"List-Unsubscribe=One-Click",
        method="POST",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        assert answer.status == 200
    # A contact's link opened in a browser asks first, then unsubscribes.
    contact_mail = [
        m for m in site.inbox.messages if m["List-Unsubscribe"] and "lucia" not in str(m["To"])
    ][-1]
    contact = str(contact_mail["To"])
    page.goto(_path(str(contact_mail["List-Unsubscribe"]).strip().strip("<>")))
    _no_axe_violations(page)
    page.get_by_role("button", name="Unsubscribe").click()
    _no_axe_violations(page)

    contact_before = len(_to(site, contact))
    _setup(site, f"dispatch_at({times[2][1]!r})")
    site.manage("run_worker", "--once")
    assert len(_to(site, "lucia.ortiz@example.org")) == 3, "no mail after unsubscribing"
    assert len(_to(site, contact)) == contact_before, "a withdrawn contact gets nothing"
