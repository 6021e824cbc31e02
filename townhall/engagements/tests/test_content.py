"""The public "Get involved" content of an engagement (V-B-1): publication once the level is
determined (IV-D), the text in every language, resources withdrawn and never deleted, and the
public details of each activity."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from townhall.core.errors import DomainError, IllegalTransition, NotAllowed
from townhall.core.models import AuditEvent
from townhall.engagements import content, services
from townhall.engagements.models import Activity, Engagement, EngagementText, Resource
from townhall.engagements.tests.helpers import assessed, determined

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def engagement(persona, d22_draft) -> Engagement:  # type: ignore[no-untyped-def]
    return determined(persona, 2)


def _english(persona, engagement: Engagement) -> EngagementText:  # type: ignore[no-untyped-def]
    return content.engagement_text_save(
        actor=persona("communications"),
        engagement=engagement,
        language="en",
        title="Foot pursuit policy",
        summary="Help shape the first foot pursuit policy.",
        narrative="## About\n\nThe Department is writing its first foot pursuit policy.",
    )


# --- Publication ----------------------------------------------------------------------------


def test_an_engagement_is_published_only_once_ocpr_determined_the_level_IV_D(
    persona, d22_draft
) -> None:  # type: ignore[no-untyped-def]
    engagement = assessed(persona)
    _english(persona, engagement)
    with pytest.raises(IllegalTransition, match="not determined yet"):
        content.engagement_publish(actor=persona("oee"), engagement=engagement)
    assert not Engagement.objects.get(pk=engagement.pk).is_public


def test_publishing_needs_the_english_text_every_language_falls_back_to(
    persona, engagement
) -> None:  # type: ignore[no-untyped-def]
    content.engagement_text_save(
        actor=persona("oee"), engagement=engagement, language="es", title="Persecuciones a pie"
    )
    with pytest.raises(DomainError, match="English text"):
        content.engagement_publish(actor=persona("oee"), engagement=engagement)


def test_publish_sets_the_date_and_is_audited_and_unpublish_takes_it_down_V_B_1(
    persona, engagement
) -> None:  # type: ignore[no-untyped-def]
    _english(persona, engagement)
    published = content.engagement_publish(actor=persona("communications"), engagement=engagement)
    assert published.is_public and published.published_at is not None
    with pytest.raises(IllegalTransition, match="already"):
        content.engagement_publish(actor=persona("oee"), engagement=engagement)
    down = content.engagement_unpublish(
        actor=persona("oee"), engagement=engagement, reason="Dates are changing."
    )
    assert not down.is_public and down.published_at is None
    with pytest.raises(IllegalTransition, match="not on the public pages"):
        content.engagement_unpublish(actor=persona("oee"), engagement=engagement)
    actions = list(
        AuditEvent.objects.filter(object_id=str(engagement.pk)).values_list("action", flat=True)
    )
    assert "engagement.publish" in actions and "engagement.unpublish" in actions
    assert AuditEvent.objects.get(action="engagement.unpublish").note == "Dates are changing."


@pytest.mark.parametrize("key", ["oee", "communications", "rd", "training"])
def test_the_units_named_may_edit_the_public_pages(persona, engagement, key) -> None:  # type: ignore[no-untyped-def]
    content.engagement_contact_set(
        actor=persona(key), engagement=engagement, email="community@example.org"
    )


def test_an_originating_unit_edits_only_its_own_engagements_page_VI_C(persona, d22_draft) -> None:  # type: ignore[no-untyped-def]
    from townhall.engagements import services

    theirs = determined(persona, 2)  # originating unit "OEE"
    with pytest.raises(NotAllowed):
        content.engagement_contact_set(
            actor=persona("originating_unit"), engagement=theirs, email="patrol@example.org"
        )
    with pytest.raises(NotAllowed):
        services.engagement_start_outreach(actor=persona("originating_unit"), engagement=theirs)
    ours = services.engagement_create(
        actor=persona("oee"),
        title="Patrol's own",
        originating_unit="Bureau of Patrol",
        directive=theirs.directive,
    )
    content.engagement_contact_set(
        actor=persona("originating_unit"), engagement=ours, email="patrol@example.org"
    )


@pytest.mark.parametrize("key", ["department_member", "pscd", "ocpr", "ocpr_chief"])
def test_other_roles_may_not_edit_the_public_pages(persona, engagement, key) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(NotAllowed):
        content.engagement_contact_set(
            actor=persona(key), engagement=engagement, email="community@example.org"
        )
    with pytest.raises(NotAllowed):
        content.engagement_publish(actor=persona(key), engagement=engagement)


# --- Contact, text --------------------------------------------------------------------------


def test_the_contact_address_must_be_an_email_and_can_be_cleared_V_C_10_b(
    persona, engagement
) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError, match="valid email"):
        content.engagement_contact_set(
            actor=persona("oee"), engagement=engagement, email="not an address"
        )
    content.engagement_contact_set(
        actor=persona("oee"), engagement=engagement, email=" community@example.org "
    )
    assert Engagement.objects.get(pk=engagement.pk).contact_email == "community@example.org"
    event = AuditEvent.objects.get(action="engagement.contact")
    assert event.before == {"contact_email": ""}
    assert event.after == {"contact_email": "community@example.org"}
    content.engagement_contact_set(actor=persona("oee"), engagement=engagement, email="")
    assert Engagement.objects.get(pk=engagement.pk).contact_email == ""


def test_the_text_is_saved_per_language_and_the_audit_keeps_before_and_after(
    persona, engagement
) -> None:  # type: ignore[no-untyped-def]
    _english(persona, engagement)
    text = content.engagement_text_save(
        actor=persona("oee"),
        engagement=engagement,
        language="en",
        title="Foot pursuit policy",
        summary="A new summary.",
        narrative="## About\n\nThe Department is writing its first foot pursuit policy.",
    )
    assert EngagementText.objects.filter(engagement=engagement).count() == 1
    assert text.summary == "A new summary."
    event = AuditEvent.objects.filter(action="engagement.text").order_by("-id").first()
    assert event is not None
    assert event.before == {
        "language": "en",
        "summary": "Help shape the first foot pursuit policy.",
    }
    assert event.after == {"language": "en", "summary": "A new summary."}
    arabic = content.engagement_text_save(
        actor=persona("oee"), engagement=engagement, language="ar", title="سياسة المطاردة"
    )
    assert arabic.language == "ar"


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"language": "xx", "title": "T"}, "site's languages"),
        ({"language": "en", "title": "   "}, "title"),
        ({"language": "en", "title": "T" * 301}, "300"),
        ({"language": "en", "title": "T", "summary": "S" * 501}, "500"),
        (
            {"language": "en", "title": "T", "narrative": "N" * (content.MAX_NARRATIVE_CHARS + 1)},
            "too long",
        ),
    ],
)
def test_a_bad_text_is_refused_with_a_clear_message(persona, engagement, values, message) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError, match=message):
        content.engagement_text_save(actor=persona("oee"), engagement=engagement, **values)
    assert not EngagementText.objects.exists()


# --- Resources ------------------------------------------------------------------------------


def test_a_resource_is_a_link_or_a_file_checked_by_its_content_seed_000(
    persona, engagement, settings
) -> None:  # type: ignore[no-untyped-def]
    oee = persona("oee")
    link = content.resource_add(
        actor=oee,
        engagement=engagement,
        kind="webinar",
        title="Watch the recorded webinar",
        titles={"es": "Vea el seminario web grabado", "pl": "", "en": "ignored"},
        url="https://example.org/webinar",
        language="en",
    )
    assert link.titles == {"es": "Vea el seminario web grabado"}
    report = content.resource_add(
        actor=oee,
        engagement=engagement,
        kind="report",
        title="Report on the working group",
        file=SimpleUploadedFile("report.pdf", PDF, content_type="text/html"),
    )
    assert report.content_type == "application/pdf"
    assert "report" not in report.file.name and report.file.name.endswith(".pdf")
    assert report.file.path.startswith(str(settings.MEDIA_ROOT))
    assert report.position == link.position + 1
    assert AuditEvent.objects.filter(action="resource.add").count() == 2


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"kind": "poster", "title": "T", "url": "https://example.org"}, "kind"),
        ({"kind": "link", "title": "", "url": "https://example.org"}, "title in English"),
        ({"kind": "link", "title": "T"}, "either a link or a file"),
        ({"kind": "link", "title": "T", "url": "javascript:alert(1)"}, "full web address"),
        (
            {"kind": "link", "title": "T", "url": "https://example.org", "language": "xx"},
            "language",
        ),
        (
            {"kind": "link", "title": "T", "url": "https://e.org", "titles": {"xx": "T"}},
            "languages",
        ),
    ],
)
def test_a_bad_resource_is_refused(persona, engagement, values, message) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError, match=message):
        content.resource_add(actor=persona("oee"), engagement=engagement, **values)
    assert not Resource.objects.exists()


def test_a_file_that_is_not_what_it_claims_is_refused(persona, engagement) -> None:  # type: ignore[no-untyped-def]
    fake = SimpleUploadedFile("report.pdf", b"<html><script>alert(1)</script></html>")
    with pytest.raises(DomainError, match="cannot accept"):
        content.resource_add(
            actor=persona("oee"), engagement=engagement, kind="report", title="T", file=fake
        )
    both = SimpleUploadedFile("report.pdf", PDF)
    with pytest.raises(DomainError, match="not both"):
        content.resource_add(
            actor=persona("oee"),
            engagement=engagement,
            kind="report",
            title="T",
            url="https://example.org",
            file=both,
        )
    assert not Resource.objects.exists()


def test_a_resource_is_withdrawn_never_deleted(persona, engagement) -> None:  # type: ignore[no-untyped-def]
    resource = content.resource_add(
        actor=persona("oee"),
        engagement=engagement,
        kind="link",
        title="Old link",
        url="https://example.org/old",
    )
    withdrawn = content.resource_withdraw(actor=persona("communications"), resource=resource)
    assert withdrawn.withdrawn_at is not None
    assert Resource.objects.filter(pk=resource.pk).exists()
    with pytest.raises(IllegalTransition, match="already withdrawn"):
        content.resource_withdraw(actor=persona("oee"), resource=withdrawn)
    with pytest.raises(NotAllowed):
        content.resource_withdraw(actor=persona("pscd"), resource=withdrawn)


# --- The public details of an activity ------------------------------------------------------


@pytest.fixture
def conversation(persona, engagement) -> Activity:  # type: ignore[no-untyped-def]
    return services.activity_add(
        actor=persona("oee"), engagement=engagement, method="community_conversation"
    )


def _describe(persona, activity, **values):  # type: ignore[no-untyped-def]
    return content.activity_describe(
        actor=persona("oee"), activity=activity, is_public=values.pop("is_public", True), **values
    )


def test_an_activity_in_person_has_a_place_and_districts_and_times(persona, conversation) -> None:  # type: ignore[no-untyped-def]
    activity = _describe(
        persona,
        conversation,
        description="Small groups with a facilitator.",
        districts=[11, 10, 11],
        mode="in_person",
        place="Garfield Park Golden Dome Field House, 100 N Central Park Ave",
        time_from=datetime.time(18, 30),
        time_to=datetime.time(20, 0),
    )
    assert activity.districts == [10, 11]
    assert activity.place.startswith("Garfield Park")
    event = AuditEvent.objects.get(action="activity.describe")
    assert event.before["mode"] == "" and event.after["mode"] == "in_person"
    assert event.after["time_from"] == "18:30:00"


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"mode": "in_person"}, "place and address"),
        ({"mode": "online"}, "link to join online or a call-in"),
        ({"mode": "hybrid", "place": "District 11 station"}, "call-in"),
        ({"mode": "hybrid", "online_url": "https://zoom.example/j/1"}, "place"),
        ({"mode": "online", "online_url": "ftp://example.org"}, "https://"),
        ({"mode": "by_pigeon"}, "how people take part"),
        ({"districts": [13]}, "22 police districts"),
        ({"time_from": datetime.time(20), "time_to": datetime.time(18)}, "end after it starts"),
        ({"time_from": datetime.time(20), "time_to": datetime.time(20)}, "end after it starts"),
        ({"time_to": datetime.time(20)}, "start time"),
    ],
)
def test_bad_public_details_are_refused(persona, conversation, values, message) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError, match=message):
        _describe(persona, conversation, **values)
    assert not AuditEvent.objects.filter(action="activity.describe").exists()


def test_online_needs_only_a_link_or_a_call_in_number_seed_000(persona, conversation) -> None:  # type: ignore[no-untyped-def]
    by_phone = _describe(persona, conversation, mode="online", call_in="312-555-0100, ID 839 6023")
    assert by_phone.call_in.startswith("312")
    hybrid = _describe(
        persona,
        conversation,
        mode="hybrid",
        place="District 11 station",
        online_url="https://zoom.example/j/1",
    )
    assert hybrid.online_url == "https://zoom.example/j/1"


def test_an_internal_focus_group_is_not_shown_to_the_public_V_C_9(persona, engagement) -> None:  # type: ignore[no-untyped-def]
    internal = services.activity_add(
        actor=persona("oee"), engagement=engagement, method="internal_focus_group"
    )
    with pytest.raises(DomainError, match="V-C-9"):
        _describe(persona, internal, is_public=True)
    _describe(persona, internal, is_public=False, description="For members only.")


def test_only_the_named_units_describe_activities(persona, conversation) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(NotAllowed):
        content.activity_describe(actor=persona("pscd"), activity=conversation, is_public=True)
