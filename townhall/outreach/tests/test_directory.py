"""The stakeholder directory's services and selectors (seed 002 V-B-3, V-B-4, V-D-2, VI-B-2,
VI-B-6, IV-B-4): organisations, contact people with their consent, the contact log with its
follow-ups and reminders, the audited export, and the relationship view."""

from __future__ import annotations

import csv
import datetime
import io
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.utils import timezone
from openpyxl import load_workbook

from townhall.core.errors import IllegalTransition, NotAllowed
from townhall.core.models import AuditEvent
from townhall.engagements.models import ExternalComment, Topic
from townhall.outreach import directory, directory_selectors
from townhall.outreach.directory import (
    ContactDetails,
    DirectoryInvalid,
    LogDetails,
    OrganizationDetails,
)
from townhall.outreach.models import Contact, ContactLog, Organization

pytestmark = pytest.mark.django_db

ORG = "Little Village Neighbors for Safety"


def _org(persona: Any, name: str = ORG, **values: Any) -> Organization:
    details = {
        "name": name,
        "kind": Organization.Kind.COMMUNITY_GROUP,
        "districts": (10,),
        "community_areas": (30,),
        "languages": ("es", "en"),
        **values,
    }
    return directory.organization_create(
        actor=persona("oee"), details=OrganizationDetails(**details)
    )


def _contact(persona: Any, org: Organization, **values: Any) -> Contact:
    details = {
        "name": "María Gutiérrez",
        "email": "maria@example.org",
        "language": "es",
        "consent": True,
        "consent_note": "Agreed by phone on 5 March.",
        **values,
    }
    return directory.contact_add(
        actor=persona("oee"), organization=org, details=ContactDetails(**details)
    )


def _log(persona: Any, org: Organization, **values: Any) -> ContactLog:
    details = {
        "occurred_on": timezone.localdate(),
        "channel": ContactLog.Channel.PHONE,
        "summary": "Talked about a community conversation in Spanish.",
        **values,
    }
    return directory.contact_log_add(
        actor=persona("oee"), organization=org, details=LogDetails(**details)
    )


def _errors(excinfo: Any) -> dict[str, str]:
    return dict(excinfo.value.errors)


# --- Organisations ------------------------------------------------------------------------


def test_an_organization_needs_a_name_and_a_kind_VI_B_2(persona) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DirectoryInvalid) as excinfo:
        directory.organization_create(
            actor=persona("oee"), details=OrganizationDetails(name="  ", kind="")
        )
    errors = _errors(excinfo)
    assert errors["name"] == "Give the organization's name."
    assert errors["kind"] == "Choose what kind of organization it is."
    assert not Organization.objects.exists()


def test_districts_must_be_among_the_22_and_languages_among_the_sites(persona) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DirectoryInvalid) as excinfo:
        _org(persona, districts=(13, 7), languages=("fr",), community_areas=(78,))
    errors = _errors(excinfo)
    assert errors["districts"] == "Choose districts from the list of the 22 police districts."
    assert errors["languages"] == "Choose languages from the list."
    assert errors["community_areas"] == "Choose community areas from the list of the 77."
    org = _org(persona, districts=(24, 7, 7), languages=("hi", "en"))
    assert org.districts == [7, 24]
    assert org.languages == ["en", "hi"]  # in the site's order


def test_topics_entity_and_website_are_checked(persona) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DirectoryInvalid) as excinfo:
        _org(persona, topics=(999999,), entity="nobody", website="not a website")
    errors = _errors(excinfo)
    assert set(errors) == {"topics", "entity", "website"}
    topic = Topic.objects.get(slug="investigatory-stops")
    org = _org(
        persona,
        topics=(topic.pk,),
        entity=ExternalComment.Entity.COMMUNITY_GROUP,
        website="https://example.org/lvns",
    )
    assert list(org.topics.all()) == [topic]


def test_organization_names_are_unique_whatever_the_case(persona) -> None:  # type: ignore[no-untyped-def]
    _org(persona)
    with pytest.raises(DirectoryInvalid) as excinfo:
        _org(persona, name="  little village   NEIGHBORS for safety ")
    assert "already has an organization named" in _errors(excinfo)["name"]
    other = _org(persona, name="Englewood Block Club Alliance")
    with pytest.raises(DirectoryInvalid):
        directory.organization_update(
            actor=persona("oee"),
            organization=other,
            details=OrganizationDetails(name=ORG.upper(), kind="community_group"),
        )


def test_only_oee_and_administrators_write_the_directory_VI_B_2(persona) -> None:  # type: ignore[no-untyped-def]
    for key in ("rd", "communications", "ocpr"):
        with pytest.raises(NotAllowed):
            directory.organization_create(
                actor=persona(key), details=OrganizationDetails(name=ORG, kind="community_group")
            )
    org = directory.organization_create(
        actor=persona("admin"), details=OrganizationDetails(name=ORG, kind="community_group")
    )
    with pytest.raises(NotAllowed):
        _contact(lambda _key: persona("rd"), org)


def test_every_organization_write_is_audited_with_what_changed(persona) -> None:  # type: ignore[no-untyped-def]
    org = _org(persona)
    created = AuditEvent.objects.get(action="outreach.organization_create")
    assert created.object_id == str(org.pk) and created.after["districts"] == [10]
    topic = Topic.objects.get(slug="schools")
    directory.organization_update(
        actor=persona("oee"),
        organization=org,
        details=OrganizationDetails(
            name=ORG,
            kind="community_group",
            districts=(10, 12),
            community_areas=(30,),
            languages=("es", "en"),
            topics=(topic.pk,),
        ),
    )
    updated = AuditEvent.objects.get(action="outreach.organization_update")
    assert updated.before == {"districts": [10], "topics": []}
    assert updated.after == {"districts": [10, 12], "topics": [topic.pk]}
    # Saving without a change writes no row.
    directory.organization_update(
        actor=persona("oee"),
        organization=org,
        details=OrganizationDetails(
            **{
                **updated.after,
                "name": ORG,
                "kind": "community_group",
                "community_areas": (30,),
                "languages": ("es", "en"),
            }
        ),
    )
    assert AuditEvent.objects.filter(action="outreach.organization_update").count() == 1


def test_archiving_and_restoring_are_transitions(persona) -> None:  # type: ignore[no-untyped-def]
    org = _org(persona)
    org = directory.organization_archive(actor=persona("oee"), organization=org)
    assert org.is_archived
    with pytest.raises(IllegalTransition):
        directory.organization_archive(actor=persona("oee"), organization=org)
    with pytest.raises(IllegalTransition):
        _contact(persona, org)
    with pytest.raises(IllegalTransition):
        _log(persona, org)
    org = directory.organization_restore(actor=persona("oee"), organization=org)
    assert not org.is_archived
    with pytest.raises(IllegalTransition):
        directory.organization_restore(actor=persona("oee"), organization=org)
    actions = list(
        AuditEvent.objects.filter(
            object_id=str(org.pk), action__startswith="outreach.organization_a"
        ).values_list("action", flat=True)
    )
    assert actions == ["outreach.organization_archive"]
    assert AuditEvent.objects.filter(action="outreach.organization_restore").count() == 1


def test_search_filters_by_text_kind_district_topic_language_and_archived(persona) -> None:  # type: ignore[no-untyped-def]
    schools = Topic.objects.get(slug="schools")
    lv = _org(persona)
    rp = _org(
        persona,
        name="Rogers Park Youth Safety Council",
        districts=(24,),
        community_areas=(1,),
        languages=("en",),
        topics=(schools.pk,),
        description="High-school students who meet monthly.",
    )
    library = _org(
        persona,
        name="Chicago Public Library, Legler Branch",
        kind=Organization.Kind.LIBRARY,
        districts=(11,),
        community_areas=(26,),
        languages=("en", "es"),
    )
    directory.organization_archive(actor=persona("oee"), organization=library)
    search = directory_selectors.organization_search
    assert search() == [lv, rp]
    assert search(archived=None) == [library, lv, rp]
    assert search(archived=True) == [library]
    assert search(text="high-school") == [rp]
    assert search(district=24) == [rp]
    assert search(language="es") == [lv]
    assert search(topic=schools.pk) == [rp]
    assert search(kind=Organization.Kind.LIBRARY, archived=None) == [library]


# --- Contacts -----------------------------------------------------------------------------


def test_a_contact_needs_an_email_or_a_phone_V_D_2(persona) -> None:  # type: ignore[no-untyped-def]
    org = _org(persona)
    with pytest.raises(DirectoryInvalid) as excinfo:
        _contact(persona, org, email="", phone="", consent=False, consent_note="")
    assert _errors(excinfo) == {
        "email": "Give an email address or a phone number: one way to reach them."
    }
    contact = _contact(
        persona, org, email="", phone="773-555-0112", preferred_method=Contact.Method.TEXT
    )
    assert contact.phone == "773-555-0112" and not contact.mailable


def test_contact_fields_are_checked_with_one_message_each(persona) -> None:  # type: ignore[no-untyped-def]
    org = _org(persona)
    with pytest.raises(DirectoryInvalid) as excinfo:
        _contact(persona, org, name="", email="maria@", language="fr")
    errors = _errors(excinfo)
    assert errors["name"] == "Give the contact person's name."
    assert errors["email"] == "Enter a valid email address, like name@example.org."
    assert errors["language"] == "Choose the language they prefer from the list."
    with pytest.raises(DirectoryInvalid) as excinfo:
        _contact(persona, org, email="", phone="773-555-0112")
    assert "no email address is given" in _errors(excinfo)["preferred_method"]
    _contact(persona, org)
    with pytest.raises(DirectoryInvalid) as excinfo:
        _contact(persona, org, name="Someone else", email="MARIA@example.org")
    assert "already has a contact with this email" in _errors(excinfo)["email"]


def test_consent_is_recorded_with_how_it_was_given(persona) -> None:  # type: ignore[no-untyped-def]
    org = _org(persona)
    with pytest.raises(DirectoryInvalid) as excinfo:
        _contact(persona, org, consent=True, consent_note="  ")
    assert "Say how they agreed to be contacted" in _errors(excinfo)["consent_note"]
    contact = _contact(persona, org)
    assert contact.consent and contact.consent_at is not None and contact.mailable
    not_asked = _contact(
        persona, org, name="Luis", email="luis@example.org", consent=False, consent_note=""
    )
    assert not not_asked.mailable and not_asked.consent_at is None
    updated = directory.contact_update(
        actor=persona("oee"),
        contact=contact,
        details=ContactDetails(
            name="María Gutiérrez", email="maria@example.org", language="es", consent=False
        ),
    )
    assert not updated.consent and updated.consent_at is None and not updated.mailable


def test_the_audit_trail_names_no_contact_person(persona) -> None:  # type: ignore[no-untyped-def]
    """Every staff member reads the audit trail; contact details are OEE's and admins' only."""
    org = _org(persona)
    contact = _contact(persona, org, phone="773-555-0112")
    directory.contact_update(
        actor=persona("oee"),
        contact=contact,
        details=ContactDetails(
            name="María Gutiérrez",
            email="maria.g@example.org",
            phone="773-555-0112",
            language="en",
            consent=True,
            consent_note="Agreed by phone on 5 March.",
        ),
    )
    directory.contact_withdraw(actor=persona("oee"), contact=contact)
    events = list(AuditEvent.objects.filter(action__startswith="outreach.contact").order_by("id"))
    assert [e.action for e in events] == [
        "outreach.contact_add",
        "outreach.contact_update",
        "outreach.contact_withdraw",
    ]
    update = events[1]
    assert update.before == {"contact": contact.pk, "language": "es"}
    assert update.after == {"contact": contact.pk, "language": "en", "changed": ["email"]}
    for event in events:
        text = f"{event.object_repr} {event.before} {event.after} {event.note}"
        for secret in ("María", "maria", "773-555", "5 March"):
            assert secret not in text


def test_a_withdrawn_contact_is_never_mailed_again(persona) -> None:  # type: ignore[no-untyped-def]
    org = _org(persona)
    contact = _contact(persona, org)
    assert contact.mailable
    contact = directory.contact_withdraw(
        actor=persona("oee"), contact=contact, note="Phoned to ask not to be contacted."
    )
    assert contact.withdrawn_at is not None and not contact.mailable
    with pytest.raises(IllegalTransition):
        directory.contact_withdraw(actor=persona("oee"), contact=contact)
    # Editing the person (even ticking consent again) does not bring them back.
    again = directory.contact_update(
        actor=persona("oee"),
        contact=contact,
        details=ContactDetails(
            name="María Gutiérrez",
            email="maria@example.org",
            language="es",
            consent=True,
            consent_note="Agreed by phone on 5 March.",
        ),
    )
    assert again.withdrawn_at is not None and not again.mailable
    event = AuditEvent.objects.get(action="outreach.contact_withdraw")
    assert event.note == "Phoned to ask not to be contacted."


def test_withdrawing_by_an_unsubscribe_link_writes_no_audit_row(persona) -> None:  # type: ignore[no-untyped-def]
    org = _org(persona)
    other = _org(persona, name="Back of the Yards Interfaith Council")
    _contact(persona, org)
    _contact(persona, other, email="Maria@Example.org")
    _contact(persona, other, name="Samuel Ortiz", email="samuel@example.org")
    assert directory.contacts_withdraw_address(email="MARIA@example.org ") == 2
    assert directory.contacts_withdraw_address(email="maria@example.org") == 0
    assert list(
        Contact.objects.filter(withdrawn_at__isnull=True).values_list("name", flat=True)
    ) == ["Samuel Ortiz"]
    contact = Contact.objects.get(name="Samuel Ortiz")
    directory.contact_withdraw(actor=None, contact=contact)
    assert not AuditEvent.objects.filter(action="outreach.contact_withdraw").exists()


# --- The log (V-D-2) ----------------------------------------------------------------------


def test_a_logged_contact_needs_a_past_date_a_channel_and_a_summary_V_D_2(persona) -> None:  # type: ignore[no-untyped-def]
    org = _org(persona)
    stranger = _contact(
        persona, _org(persona, name="Chinatown Seniors Association"), email="li@example.org"
    )
    today = timezone.localdate()
    with pytest.raises(DirectoryInvalid) as excinfo:
        _log(
            persona,
            org,
            occurred_on=today + datetime.timedelta(days=1),
            channel="pigeon",
            summary=" ",
            contact=stranger,
        )
    errors = _errors(excinfo)
    assert errors["occurred_on"] == "The date is in the future: log a contact once it has happened."
    assert errors["channel"] == "Choose how the contact was made."
    assert errors["summary"] == "Say what was discussed."
    assert errors["contact"] == "Choose one of this organization's contact people, or nobody."
    with pytest.raises(DirectoryInvalid) as excinfo:
        _log(persona, org, occurred_on=None)
    assert _errors(excinfo) == {"occurred_on": "Give the date of the contact."}


def test_a_follow_up_due_date_needs_the_follow_up_and_comes_after_the_contact(persona) -> None:  # type: ignore[no-untyped-def]
    org = _org(persona)
    today = timezone.localdate()
    with pytest.raises(DirectoryInvalid) as excinfo:
        _log(persona, org, follow_up_due=today + datetime.timedelta(days=3))
    assert _errors(excinfo) == {"follow_up": "Say what the follow-up is, since it has a due date."}
    with pytest.raises(DirectoryInvalid) as excinfo:
        _log(
            persona,
            org,
            follow_up="Confirm the date",
            follow_up_due=today - datetime.timedelta(days=1),
        )
    assert "cannot be due before the contact" in _errors(excinfo)["follow_up_due"]


def test_logging_a_contact_is_audited_without_what_was_said_V_D_2(persona, d22_draft) -> None:  # type: ignore[no-untyped-def]
    from townhall.engagements.tests.helpers import assessed

    engagement = assessed(persona)
    org = _org(persona)
    contact = _contact(persona, org)
    entry = _log(
        persona,
        org,
        contact=contact,
        engagement=engagement,
        summary="María said the church hall is free on Thursdays.",
        follow_up="Confirm the date",
        follow_up_due=timezone.localdate() + datetime.timedelta(days=7),
    )
    assert entry.by == persona("oee") and entry.contact == contact
    event = AuditEvent.objects.get(action="outreach.contact_log_add")
    assert event.after["engagement"] == engagement.pk and event.after["channel"] == "phone"
    assert "church hall" not in str(event.after)


def test_a_follow_up_is_done_once(persona) -> None:  # type: ignore[no-untyped-def]
    org = _org(persona)
    plain = _log(persona, org)
    with pytest.raises(IllegalTransition):
        directory.contact_log_follow_up_done(actor=persona("oee"), entry=plain)
    entry = _log(persona, org, follow_up="Send the revised draft")
    entry = directory.contact_log_follow_up_done(actor=persona("oee"), entry=entry)
    assert entry.follow_up_done_at is not None
    with pytest.raises(IllegalTransition):
        directory.contact_log_follow_up_done(actor=persona("oee"), entry=entry)
    with pytest.raises(NotAllowed):
        directory.contact_log_follow_up_done(actor=persona("rd"), entry=entry)
    assert AuditEvent.objects.filter(action="outreach.follow_up_done").count() == 1


def test_follow_up_reminders_tell_oee_once_of_what_fell_due_V_D_2(
    persona, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    persona("oee")
    org = _org(persona)
    other = _org(persona, name="Englewood Block Club Alliance")
    today = timezone.localdate()
    past = today - datetime.timedelta(days=10)
    due = _log(
        persona,
        org,
        occurred_on=past,
        follow_up="Confirm the interpreters",
        follow_up_due=today,
    )
    overdue = _log(
        persona,
        other,
        occurred_on=past,
        follow_up="Bring printed copies of the posting",
        follow_up_due=today - datetime.timedelta(days=2),
    )
    later = _log(
        persona, org, follow_up="Send the summary", follow_up_due=today + datetime.timedelta(days=3)
    )
    done = _log(persona, org, occurred_on=past, follow_up="Call back", follow_up_due=past)
    directory.contact_log_follow_up_done(actor=persona("oee"), entry=done)
    with django_capture_on_commit_callbacks(execute=True):
        assert directory.follow_up_reminders() == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert directory.follow_up_reminders() == 0  # run twice: one mail
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [persona("oee").email]
    assert "Confirm the interpreters" in message.body
    assert "Bring printed copies of the posting" in message.body
    assert "Send the summary" not in message.body and "Call back" not in message.body
    assert f"/staff/outreach/organizations/{org.pk}/" in message.body
    assert "/staff/outreach/follow-ups/" in message.body
    for entry in (due, overdue):
        entry.refresh_from_db()
        assert entry.reminded_at is not None
    later.refresh_from_db()
    assert later.reminded_at is None
    # Three days on, the later one falls due and is reminded on its own.
    with time_machine.travel(timezone.now() + datetime.timedelta(days=3), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert directory.follow_up_reminders() == 1
    assert len(mail.outbox) == 2 and "Send the summary" in mail.outbox[1].body


def test_follow_ups_due_are_counted_and_listed_overdue_first(persona) -> None:  # type: ignore[no-untyped-def]
    org = _org(persona)
    today = timezone.localdate()
    past = today - datetime.timedelta(days=10)
    a = _log(persona, org, occurred_on=past, follow_up="A", follow_up_due=today)
    b = _log(persona, org, occurred_on=past, follow_up="B", follow_up_due=past)
    c = _log(persona, org, follow_up="C")  # no date
    d = _log(persona, org, follow_up="D", follow_up_due=today + datetime.timedelta(days=5))
    assert directory_selectors.follow_ups_due_count() == 2
    assert directory_selectors.follow_ups_open() == [b, a, d, c]


# --- Export -------------------------------------------------------------------------------


def _exportable(persona: Any) -> Organization:
    org = _org(persona, name='=HYPERLINK("http://evil.example","click")')
    _contact(persona, org, name="+1 María", role_title="@coordinator", phone="-5")
    withdrawn = _contact(persona, org, name="Gloria Simmons", email="gloria@example.org")
    directory.contact_withdraw(actor=persona("oee"), contact=withdrawn)
    _org(persona, name="Chinatown Seniors Association", languages=("zh-hans",))
    return org


def test_the_csv_export_lists_organizations_with_their_contacts_and_is_audited(persona) -> None:  # type: ignore[no-untyped-def]
    _exportable(persona)
    filename, content_type, content = directory.directory_export(actor=persona("oee"), fmt="csv")
    assert filename.startswith("directory-") and filename.endswith(".csv")
    assert content_type == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    assert header[0] == "Organization" and "How consent was given" in header
    assert len(body) == 3  # two contacts, and the organisation without any
    chinatown = next(r for r in body if r[0] == "Chinatown Seniors Association")
    assert chinatown[6] == "Chinese (Simplified)" and chinatown[10:] == [""] * 11
    by_name = {r[header.index("Contact person")]: r for r in body if r[10]}
    maria = by_name["'+1 María"]
    assert maria[0].startswith("'=HYPERLINK")  # never a formula
    assert maria[header.index("Role or title")] == "'@coordinator"
    assert maria[header.index("Phone")] == "'-5"
    assert maria[header.index("Email")] == "maria@example.org"
    assert maria[header.index("May be mailed")] == "yes"
    gloria = by_name["Gloria Simmons"]
    assert gloria[header.index("Email")] == "" and gloria[header.index("May be mailed")] == "no"
    assert gloria[header.index("Withdrawn on")] == timezone.localdate().isoformat()
    event = AuditEvent.objects.get(action="outreach.directory_export")
    assert event.actor == persona("oee")
    assert event.after == {"format": "csv", "rows": 3, "organizations": 2, "contacts": 2}


def test_the_xlsx_export_holds_the_same_rows_with_no_formula(persona) -> None:  # type: ignore[no-untyped-def]
    _exportable(persona)
    filename, content_type, content = directory.directory_export(actor=persona("admin"), fmt="xlsx")
    assert filename.endswith(".xlsx") and "spreadsheetml" in content_type
    sheet = load_workbook(io.BytesIO(content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][0] == "Organization" and len(rows) == 4
    cells = [v for row in rows for v in row if isinstance(v, str)]
    assert not any(v.startswith(("=", "+", "-", "@")) for v in cells)
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
    assert AuditEvent.objects.get(action="outreach.directory_export").after["format"] == "xlsx"


def test_only_oee_and_administrators_export_contacts(persona) -> None:  # type: ignore[no-untyped-def]
    _org(persona)
    for key in ("rd", "communications", "ocpr"):
        with pytest.raises(NotAllowed):
            directory.directory_export(actor=persona(key), fmt="csv")
    with pytest.raises(DirectoryInvalid):
        directory.directory_export(actor=persona("oee"), fmt="pdf")
    assert not AuditEvent.objects.filter(action="outreach.directory_export").exists()


# --- The relationship view (V-D-2, VI-B-6) ------------------------------------------------


@pytest.fixture
def related(persona, d22_draft):  # type: ignore[no-untyped-def]
    """An organisation with a contact, and something of each kind the view gathers."""
    from townhall.engagements import services as engagement_services
    from townhall.engagements.requests import community_request_submit
    from townhall.engagements.tests.helpers import assessed
    from townhall.feedback.analysis import pool_sync_comments
    from townhall.feedback.analysis_models import (
        FeedbackItem,
        Recommendation,
        Theme,
        ThemeAssignment,
    )
    from townhall.feedback.services import comment_submit
    from townhall.meetings.models import Registration
    from townhall.meetings.tests.factories import draft_meeting
    from townhall.outreach.models import (
        Announcement,
        Delivery,
        DialogueRequest,
        Dispatch,
    )
    from townhall.postings.tests.factories import open_posting

    oee = persona("oee")
    org = _org(persona)
    maria = _contact(persona, org)
    engagement = assessed(persona)
    _log(persona, org, contact=maria, engagement=engagement, summary="Planned a conversation.")
    _log(persona, org, summary="Checked in about the summer.", follow_up="Send the flyer")
    # Invited: one sending of an announcement reached María.
    announcement = Announcement.objects.create(
        title="Comment on the draft D22-08",
        created_by=oee,
        engagement=engagement,
        channels=["email"],
    )
    dispatch = Dispatch.objects.create(announcement=announcement, send_at=timezone.now())
    Delivery.objects.create(
        dispatch=dispatch,
        email=maria.email,
        language="es",
        kind="contact",
        contact=maria,
        status=Delivery.Status.SENT,
        sent_at=timezone.now(),
    )
    # Came: she registered for a meeting (her address in another case).
    meeting = draft_meeting(persona)
    Registration.objects.create(
        meeting=meeting,
        name="María Gutiérrez",
        email="Maria@Example.org",
        email_key="maria@example.org",
        status=Registration.Status.CONFIRMED,
        token="t" * 40,
    )
    # Said: a comment in the organisation's name (another case), with a theme and a
    # recommendation drawn from it.
    posting = open_posting(d22_draft)
    comment = comment_submit(
        posting=posting,
        body="Hold a meeting in Spanish in Little Village.",
        organization="little village neighbors for safety",
    ).comment
    comment_submit(posting=posting, body="Unrelated.", organization="Another group")
    pool_sync_comments(posting=posting)
    theme = Theme.objects.create(
        posting=posting,
        label="Meetings in Spanish",
        disposition="adopted",
        disposition_reason="Two conversations in Spanish were added.",
    )
    ThemeAssignment.objects.create(
        item=FeedbackItem.objects.get(comment=comment), theme=theme, by_machine=False
    )
    Recommendation.objects.create(
        theme=theme,
        text="Offer every conversation in Spanish too.",
        created_by=persona("rd"),
        disposition="partly",
    )
    community_request_submit(
        kind="co_produced",
        organization=ORG.upper(),
        contact_name="María Gutiérrez",
        email="maria@example.org",
        subject="Investigatory stops",
        description="Co-produce a conversation in Spanish.",
    )
    engagement_services.external_comment_add(
        actor=oee,
        engagement=engagement,
        entity="community_group",
        name=ORG,
        summary="Asked for meetings in Spanish on the last revision.",
    )
    DialogueRequest.objects.create(
        receipt="D-TEST-0001",
        group_name=ORG.lower(),
        contact_name="María Gutiérrez",
        email="maria@example.org",
        subject="Foot pursuits in the 10th District",
    )
    return {
        "org": org,
        "maria": maria,
        "engagement": engagement,
        "meeting": meeting,
        "comment": comment,
        "theme": theme,
    }


def test_the_relationship_view_gathers_every_engagement_V_D_2_VI_B_6(related) -> None:  # type: ignore[no-untyped-def]
    r = directory_selectors.organization_relationship(related["org"])
    assert r.contacts == [related["maria"]]
    assert [g.engagement for g in r.log] == [related["engagement"], None]
    assert [e.follow_up for e in r.follow_ups] == ["Send the flyer"]
    [sent] = r.announcements
    assert sent.announcement.title == "Comment on the draft D22-08"
    assert [d.contact for d in sent.deliveries] == [related["maria"]]
    assert sent.counts == [("Sent", 1)]
    [came] = r.meetings
    assert came.meeting == related["meeting"] and came.registrations[0].name == "María Gutiérrez"
    [said] = r.comments
    assert said.comment == related["comment"]
    assert said.theme == related["theme"] and said.theme.get_disposition_display() == "Adopted"
    assert [x.text for x in said.recommendations] == ["Offer every conversation in Spanish too."]
    assert [q.subject for q in r.requests] == ["Investigatory stops"]
    assert [x.summary for x in r.external_comments] == [
        "Asked for meetings in Spanish on the last revision."
    ]
    assert [d.subject for d in r.dialogues] == ["Foot pursuits in the 10th District"]
    assert related["engagement"] in r.engagements


def test_the_relationship_view_leaves_out_the_parts_not_asked_for(related) -> None:  # type: ignore[no-untyped-def]
    r = directory_selectors.organization_relationship(
        related["org"], contacts=False, comments=False, dialogues=False
    )
    assert not (r.contacts or r.log or r.follow_ups or r.announcements or r.meetings)
    assert not (r.comments or r.inputs or r.dialogues)
    assert r.requests and r.external_comments  # about the organisation, not its people


def test_a_nameless_comment_of_a_singular_entity_is_that_organizations_IV_B_4(
    persona, d22_draft
) -> None:  # type: ignore[no-untyped-def]
    from townhall.engagements import services as engagement_services
    from townhall.engagements.tests.helpers import assessed

    oig = _org(
        persona,
        name="City of Chicago Office of Inspector General",
        kind=Organization.Kind.OVERSIGHT_BODY,
        entity="inspector_general",
    )
    engagement = assessed(persona)
    engagement_services.external_comment_add(
        actor=persona("oee"),
        engagement=engagement,
        entity="inspector_general",
        summary="Recommended tracking every stop's outcome.",
    )
    engagement_services.external_comment_add(
        actor=persona("oee"),
        engagement=engagement,
        entity="ccpsa",
        summary="Asked for District Council hearings.",
    )
    r = directory_selectors.organization_relationship(oig)
    assert [x.summary for x in r.external_comments] == [
        "Recommended tracking every stop's outcome."
    ]


# --- Demo ---------------------------------------------------------------------------------


def test_the_demo_directory_loads_once_with_a_follow_up_due_soon(persona) -> None:  # type: ignore[no-untyped-def]
    from townhall.outreach.demo_directory import ORGANIZATIONS, load_directory_demo

    assert load_directory_demo() == len(ORGANIZATIONS) >= 15
    assert load_directory_demo() == 0
    kinds = set(Organization.objects.values_list("kind", flat=True))
    assert {"library", "bargaining_unit", "oversight_body", "community_group"} <= kinds
    assert all(c.email.endswith("@example.org") for c in Contact.objects.all())
    assert all(c.consent_note for c in Contact.objects.filter(consent=True))
    soon = timezone.localdate() + datetime.timedelta(days=7)
    open_ = ContactLog.objects.filter(follow_up_done_at__isnull=True, follow_up_due__isnull=False)
    assert open_.filter(follow_up_due__gt=timezone.localdate(), follow_up_due__lte=soon).exists()
    assert Contact.objects.filter(withdrawn_at__isnull=False).count() == 1
