"""Staff pages of the stakeholder directory and the outreach home: who sees what (contacts and
the log are OEE's and administrators' only), forms that keep what was typed, exports that are
audited and never run as formulas."""

from __future__ import annotations

import csv
import datetime
import io
import re

import pytest
from django.utils import timezone

from townhall.core.models import AuditEvent
from townhall.outreach import directory
from townhall.outreach.directory import ContactDetails, LogDetails, OrganizationDetails
from townhall.outreach.models import Contact, ContactLog, Organization
from townhall.outreach.tests.test_directory import related  # noqa: F401  (a shared fixture)

pytestmark = pytest.mark.django_db

BASE = "/staff/outreach/"
FULL = ("oee", "admin")
ORGS_ONLY = ("rd", "communications", "ocpr")


@pytest.fixture
def org(persona):  # type: ignore[no-untyped-def]
    return directory.organization_create(
        actor=persona("oee"),
        details=OrganizationDetails(
            name="Little Village Neighbors for Safety",
            kind=Organization.Kind.COMMUNITY_GROUP,
            districts=(10,),
            community_areas=(30,),
            languages=("es", "en"),
            description="Block clubs and parents along 26th Street.",
        ),
    )


@pytest.fixture
def contact(persona, org):  # type: ignore[no-untyped-def]
    return directory.contact_add(
        actor=persona("oee"),
        organization=org,
        details=ContactDetails(
            name="María Gutiérrez",
            email="maria@example.org",
            phone="773-555-0112",
            language="es",
            consent=True,
            consent_note="Agreed by phone on 5 March.",
        ),
    )


@pytest.fixture
def entry(persona, org, contact):  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    return directory.contact_log_add(
        actor=persona("oee"),
        organization=org,
        details=LogDetails(
            occurred_on=today - datetime.timedelta(days=3),
            channel="phone",
            summary="Talked about a conversation in Spanish at the church hall.",
            contact=contact,
            follow_up="Confirm the interpreters",
            follow_up_due=today - datetime.timedelta(days=1),
        ),
    )


def _pages(org: Organization, contact: Contact) -> dict[str, tuple[str, bool]]:
    """GET pages: (address, open to those who read organisations but not their people)."""
    return {
        "organizations": (f"{BASE}organizations/", True),
        "organization": (f"{BASE}organizations/{org.pk}/", True),
        "organization-new": (f"{BASE}organizations/new/", False),
        "organization-edit": (f"{BASE}organizations/{org.pk}/edit/", False),
        "contact-new": (f"{BASE}organizations/{org.pk}/contacts/new/", False),
        "contact-edit": (f"{BASE}contacts/{contact.pk}/edit/", False),
        "log-new": (f"{BASE}organizations/{org.pk}/log/new/", False),
        "follow-ups": (f"{BASE}follow-ups/", False),
        "export-csv": (f"{BASE}organizations/export.csv", False),
        "export-xlsx": (f"{BASE}organizations/export.xlsx", False),
    }


@pytest.mark.parametrize("role", [*FULL, *ORGS_ONLY, "department_member", None])
def test_each_page_is_open_only_to_the_roles_that_may_see_it_V_D_2(
    client_as, org, contact, entry, role
) -> None:  # type: ignore[no-untyped-def]
    client = client_as(role)
    for name, (url, open_to_planners) in _pages(org, contact).items():
        status = client.get(url).status_code
        if role is None:
            assert status == 302, name  # to the sign-in page
        elif role == "department_member":
            assert status == 403, name
        elif role in FULL:
            assert status == 200, name
        else:
            assert status == (200 if open_to_planners else 403), (name, role)


@pytest.mark.parametrize("role", [*ORGS_ONLY, "department_member"])
def test_no_write_is_open_to_those_who_only_read_the_directory(
    client_as, org, contact, entry, role
) -> None:  # type: ignore[no-untyped-def]
    client = client_as(role)
    posts = [
        (f"{BASE}organizations/new/", {"name": "X", "kind": "business"}),
        (f"{BASE}organizations/{org.pk}/edit/", {"name": "X", "kind": "business"}),
        (f"{BASE}organizations/{org.pk}/archive/", {}),
        (f"{BASE}organizations/{org.pk}/restore/", {}),
        (f"{BASE}organizations/{org.pk}/contacts/new/", {"name": "X", "phone": "1"}),
        (f"{BASE}contacts/{contact.pk}/edit/", {"name": "X", "phone": "1"}),
        (f"{BASE}contacts/{contact.pk}/withdraw/", {}),
        (f"{BASE}organizations/{org.pk}/log/new/", {"summary": "X"}),
        (f"{BASE}log/{entry.pk}/done/", {}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 403, url
    contact.refresh_from_db()
    entry.refresh_from_db()
    assert contact.withdrawn_at is None and entry.follow_up_done_at is None
    assert Organization.objects.get().name == "Little Village Neighbors for Safety"


def test_those_who_read_the_directory_see_the_organization_but_not_its_people(
    client_as, org, contact, entry
) -> None:  # type: ignore[no-untyped-def]
    page = client_as("communications").get(f"{BASE}organizations/{org.pk}/").text
    assert "Little Village Neighbors for Safety" in page and "010 Ogden" in page
    assert "South Lawndale" in page and "Spanish" in page
    for secret in ("María", "maria@example.org", "773-555-0112", "church hall", "interpreters"):
        assert secret not in page
    assert "only the Office of Equity and Engagement and administrators see them" in page
    listing = client_as("rd").get(f"{BASE}organizations/").text
    assert "Little Village Neighbors for Safety" in listing
    assert "Add an organization" not in listing and "export.csv" not in listing


def test_oee_sees_the_people_the_log_and_the_follow_ups(client_as, org, contact, entry) -> None:  # type: ignore[no-untyped-def]
    page = client_as("oee").get(f"{BASE}organizations/{org.pk}/").text
    for text in (
        "María Gutiérrez",
        "maria@example.org",
        "Agreed by phone on 5 March.",
        "church hall",
        "Confirm the interpreters",
        "Overdue",
        "Mark as done",
        "Log a contact",
    ):
        assert text in page, text
    follow_ups = client_as("admin").get(f"{BASE}follow-ups/").text
    assert "Confirm the interpreters" in follow_ups and "1 follow-up is overdue." in follow_ups


def test_adding_an_organization_keeps_what_was_typed_when_refused_VI_B_2(client_as) -> None:  # type: ignore[no-untyped-def]
    client = client_as("oee")
    refused = client.post(
        f"{BASE}organizations/new/",
        {
            "name": "Englewood Block Club Alliance",
            "kind": "",
            "description": "Block clubs of Englewood and West Englewood.",
            "districts": ["7"],
            "languages": ["en"],
        },
    )
    assert refused.status_code == 400
    text = refused.text
    assert "Choose what kind of organization it is." in text
    assert "Block clubs of Englewood and West Englewood." in text
    assert 'value="Englewood Block Club Alliance"' in text
    assert re.search(r'name="districts" value="7"[^>]*checked', text)  # ticks kept
    assert 'href="#id_kind"' in text  # the summary links to the field
    done = client.post(
        f"{BASE}organizations/new/",
        {
            "name": "Englewood Block Club Alliance",
            "kind": "community_group",
            "districts": ["7"],
            "community_areas": ["67", "68"],
            "languages": ["en"],
            "reaches_hard_to_reach": "on",
        },
    )
    org = Organization.objects.get()
    assert done.status_code == 302 and done["Location"] == f"{BASE}organizations/{org.pk}/"
    assert org.districts == [7] and org.community_areas == [67, 68] and org.reaches_hard_to_reach
    assert AuditEvent.objects.filter(action="outreach.organization_create").count() == 1
    duplicate = client.post(
        f"{BASE}organizations/new/",
        {"name": "ENGLEWOOD block club alliance", "kind": "community_group"},
    )
    assert duplicate.status_code == 400 and "already has an organization named" in duplicate.text


def test_editing_archiving_and_restoring_an_organization(client_as, org) -> None:  # type: ignore[no-untyped-def]
    client = client_as("oee")
    form = client.get(f"{BASE}organizations/{org.pk}/edit/").text
    assert "Block clubs and parents along 26th Street." in form
    saved = client.post(
        f"{BASE}organizations/{org.pk}/edit/",
        {"name": org.name, "kind": "advocacy", "districts": ["10", "12"]},
    )
    assert saved.status_code == 302
    org.refresh_from_db()
    assert org.kind == "advocacy" and org.districts == [10, 12]
    page = client.post(f"{BASE}organizations/{org.pk}/archive/", follow=True).text
    assert "The organization was archived" in page and "Restore" in page
    again = client.post(f"{BASE}organizations/{org.pk}/archive/", follow=True).text
    assert "already archived" in again
    assert "Little Village" not in client.get(f"{BASE}organizations/").text
    assert "Little Village" in client.get(f"{BASE}organizations/", {"archived": "all"}).text
    client.post(f"{BASE}organizations/{org.pk}/restore/")
    org.refresh_from_db()
    assert not org.is_archived
    assert client.get(f"{BASE}organizations/{org.pk}/archive/").status_code == 405


def test_the_list_filters_and_ignores_what_it_does_not_understand(client_as, org) -> None:  # type: ignore[no-untyped-def]
    client = client_as("ocpr")
    assert "Little Village" in client.get(f"{BASE}organizations/", {"district": "10"}).text
    assert "Little Village" not in client.get(f"{BASE}organizations/", {"district": "11"}).text
    assert "Little Village" in client.get(f"{BASE}organizations/", {"language": "es"}).text
    assert "Little Village" in client.get(f"{BASE}organizations/", {"q": "26th street"}).text
    odd = client.get(f"{BASE}organizations/", {"district": "99", "kind": "nonsense"})
    assert odd.status_code == 200 and "were not understood" in odd.text


def test_adding_a_contact_needs_consent_explained_and_keeps_the_form(client_as, org) -> None:  # type: ignore[no-untyped-def]
    client = client_as("oee")
    url = f"{BASE}organizations/{org.pk}/contacts/new/"
    form = client.get(url).text
    assert "How they agreed" in form and 'name="preferred_method"' in form
    refused = client.post(
        url,
        {
            "name": "María Gutiérrez",
            "email": "maria@example.org",
            "preferred_method": "email",
            "language": "es",
            "consent": "on",
            "consent_note": "",
        },
    )
    assert refused.status_code == 400
    assert "Say how they agreed to be contacted" in refused.text
    assert 'value="maria@example.org"' in refused.text
    assert 'href="#id_consent_note"' in refused.text
    done = client.post(
        url,
        {
            "name": "María Gutiérrez",
            "email": "maria@example.org",
            "preferred_method": "email",
            "language": "es",
            "consent": "on",
            "consent_note": "Agreed by phone on 5 March.",
        },
    )
    assert done.status_code == 302
    contact = Contact.objects.get()
    assert contact.mailable and contact.language == "es"
    neither = client.post(url, {"name": "Luis", "preferred_method": "email", "language": "en"})
    assert neither.status_code == 400
    assert "Give an email address or a phone number" in neither.text


def test_editing_and_withdrawing_a_contact(client_as, contact) -> None:  # type: ignore[no-untyped-def]
    client = client_as("oee")
    url = f"{BASE}contacts/{contact.pk}/edit/"
    assert "maria@example.org" in client.get(url).text
    bad = client.post(
        url,
        {
            "name": "María Gutiérrez",
            "email": "maria@",
            "preferred_method": "email",
            "language": "es",
        },
    )
    assert bad.status_code == 400 and "Enter a valid email address" in bad.text
    assert 'value="maria@"' in bad.text
    page = client.post(
        f"{BASE}contacts/{contact.pk}/withdraw/",
        {"note": "Phoned on 4 April to ask not to be contacted again."},
        follow=True,
    ).text
    assert "will not be mailed again" in page and "never mailed" in page
    contact.refresh_from_db()
    assert contact.withdrawn_at is not None and not contact.mailable
    again = client.post(f"{BASE}contacts/{contact.pk}/withdraw/", follow=True).text
    assert "already withdrawn" in again
    assert "This person withdrew on" in client.get(url).text


def test_logging_a_contact_and_marking_its_follow_up_done_V_D_2(
    client_as, org, contact, d22_draft, persona
) -> None:  # type: ignore[no-untyped-def]
    from townhall.engagements.tests.helpers import assessed

    engagement = assessed(persona)
    client = client_as("oee")
    url = f"{BASE}organizations/{org.pk}/log/new/"
    form = client.get(url, {"engagement": engagement.pk}).text
    assert "María Gutiérrez" in form and engagement.title in form
    today = timezone.localdate()
    refused = client.post(
        url,
        {
            "occurred_on": (today + datetime.timedelta(days=2)).isoformat(),
            "channel": "meeting",
            "summary": "Planned a conversation in Spanish.",
            "follow_up_due": today.isoformat(),
        },
    )
    assert refused.status_code == 400
    assert "The date is in the future" in refused.text
    assert "Say what the follow-up is" in refused.text
    assert "Planned a conversation in Spanish." in refused.text
    done = client.post(
        url,
        {
            "occurred_on": today.isoformat(),
            "channel": "meeting",
            "contact": str(contact.pk),
            "engagement": str(engagement.pk),
            "summary": "Planned a conversation in Spanish.",
            "follow_up": "Send the flyer in Spanish",
            "follow_up_due": (today + datetime.timedelta(days=5)).isoformat(),
        },
    )
    assert done.status_code == 302 and done["Location"].endswith("#log")
    entry = ContactLog.objects.get()
    assert entry.contact == contact and entry.engagement == engagement
    page = client.get(f"{BASE}organizations/{org.pk}/").text
    assert "Planned a conversation in Spanish." in page and engagement.title in page
    back = client.post(f"{BASE}log/{entry.pk}/done/", {"next": "follow-ups"})
    assert back["Location"] == f"{BASE}follow-ups/"
    entry.refresh_from_db()
    assert entry.follow_up_done_at is not None
    assert "No follow-up is waiting." in client.get(f"{BASE}follow-ups/").text


def test_the_exports_are_files_audited_each_time(client_as, contact) -> None:  # type: ignore[no-untyped-def]
    client = client_as("oee")
    response = client.get(f"{BASE}organizations/export.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][0] == "Little Village Neighbors for Safety"
    assert "maria@example.org" in rows[1]
    xlsx = client.get(f"{BASE}organizations/export.xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    events = AuditEvent.objects.filter(action="outreach.directory_export").order_by("id")
    assert [e.after["format"] for e in events] == ["csv", "xlsx"]
    assert all(e.after["rows"] == 1 for e in events)
    assert client.get(f"{BASE}organizations/export.pdf").status_code == 404
    assert events.count() == 2


def test_an_exported_cell_never_runs_as_a_formula(client_as, persona) -> None:  # type: ignore[no-untyped-def]
    directory.organization_create(
        actor=persona("oee"),
        details=OrganizationDetails(name='=HYPERLINK("http://evil.example")', kind="business"),
    )
    content = client_as("admin").get(f"{BASE}organizations/export.csv").content
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[1][0] == '\'=HYPERLINK("http://evil.example")'
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_the_outreach_home_links_each_area_the_person_may_use(client_as, org, entry) -> None:  # type: ignore[no-untyped-def]
    oee = client_as("oee").get(BASE)
    assert oee.status_code == 200
    text = oee.text
    assert f'href="{BASE}organizations/"' in text and f'href="{BASE}follow-ups/"' in text
    assert "Organizations in the directory" in text and "Follow-ups due or overdue" in text
    rd = client_as("rd").get(BASE).text
    assert f'href="{BASE}organizations/"' in rd
    assert f'href="{BASE}follow-ups/"' not in rd and "Follow-ups due or overdue" not in rd
    training = client_as("training").get(BASE)
    assert training.status_code == 200 and f'href="{BASE}organizations/"' not in training.text
    assert client_as("department_member").get(BASE).status_code == 403


def test_a_missing_area_is_left_out_of_the_home_page(monkeypatch, persona) -> None:  # type: ignore[no-untyped-def]
    from townhall.outreach.staff import directory_views

    monkeypatch.setattr(
        directory_views,
        "_AREAS",
        (
            *directory_views._AREAS,
            ("staff:outreach:not-built-yet", lambda _user: True, "Later", "Not built yet."),
        ),
    )
    links = directory_views.area_links(persona("admin"))
    assert "Later" not in [link.label for link in links]
    assert "Organizations" in [link.label for link in links]


def test_the_relationship_page_shows_each_part_to_those_who_may_see_it_V_D_2(
    client_as,
    related,  # noqa: F811  (the fixture imported above)
) -> None:  # type: ignore[no-untyped-def]
    url = f"{BASE}organizations/{related['org'].pk}/"
    oee = client_as("oee").get(url)
    assert oee.status_code == 200
    for text in (
        "Comment on the draft D22-08",  # invited
        related["meeting"].title,  # came
        "Hold a meeting in Spanish in Little Village.",  # said
        "Meetings in Spanish",  # what came of it: the theme and its decision
        "Adopted",
        "Offer every conversation in Spanish too.",
        "Investigatory stops",  # asked to co-produce
        "Asked for meetings in Spanish on the last revision.",
        "Foot pursuits in the 10th District",  # asked for a dialogue
        "Send the flyer",
    ):
        assert text in oee.text, text
    rd = client_as("rd").get(url).text
    assert "Hold a meeting in Spanish in Little Village." in rd and "Meetings in Spanish" in rd
    assert "Foot pursuits in the 10th District" not in rd  # dialogues: OEE, OCPR, admins
    assert "maria@example.org" not in rd and "Send the flyer" not in rd
    comms = client_as("communications").get(url).text
    assert "Hold a meeting in Spanish in Little Village." not in comms
    assert "shown to those who read comments on postings" in comms
    assert "Investigatory stops" in comms and "Asked for meetings in Spanish" in comms
    assert "María" not in comms
    ocpr = client_as("ocpr").get(url).text
    assert "Foot pursuits in the 10th District" in ocpr and "María" not in ocpr
