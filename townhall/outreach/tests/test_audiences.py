"""Target audiences (seed 002 VII-B-4, VII-C-3-a): organisations selected by kind, district,
topic, language, reach and past engagement, their consenting contacts, and the subscribers who
follow the subject; suppressed addresses never reached; nobody twice."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from townhall.core.errors import NotAllowed
from townhall.core.models import AuditEvent
from townhall.engagements.tests.helpers import assessed
from townhall.feedback.models import Comment
from townhall.outreach import audiences
from townhall.outreach.audiences import AudienceInvalid
from townhall.outreach.models import ContactLog, Delivery, Organization, Subscriber, Suppression
from townhall.outreach.tests import factories as f
from townhall.postings.models import Posting
from townhall.postings.tests.factories import open_posting

pytestmark = pytest.mark.django_db
K = Organization.Kind


@pytest.fixture
def posting(d22_draft: Any) -> Posting:
    return open_posting(d22_draft)


def _names(criteria: dict[str, Any], posting: Posting) -> set[str]:
    clean = audiences.clean_criteria(criteria)
    subject = audiences.subject_of(posting=posting, engagement=None, criteria=clean)
    return {o.name for o in audiences.matching_organizations(clean, subject)}


def _emails(criteria: dict[str, Any], posting: Posting) -> list[str]:
    clean = audiences.clean_criteria(criteria)
    subject = audiences.subject_of(posting=posting, engagement=None, criteria=clean)
    return [r.email for r in audiences.recipients(clean, subject)]


# --- Criteria -------------------------------------------------------------------------------


def test_criteria_are_stored_sorted_with_subscribers_on_by_default(db: None) -> None:
    schools = f.topic("schools")
    clean = audiences.clean_criteria(
        {"kinds": ["school", "faith", "school"], "districts": ["11", 7], "topics": [schools.pk]}
    )
    assert clean["kinds"] == ["faith", "school"]
    assert clean["districts"] == [7, 11]
    assert clean["topics"] == [schools.pk]
    assert clean["subscribers"] is True
    assert clean["engaged_before"] is False
    assert clean["hard_to_reach"] is False


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        ({"kinds": ["gang"]}, "kinds"),
        ({"districts": [23]}, "districts"),
        ({"districts": ["eleventh"]}, "districts"),
        ({"languages": ["fr"]}, "languages"),
        ({"topics": [999999]}, "topics"),
        ({"organizations": [999999]}, "organizations"),
        ({"excluded": ["x"]}, "excluded"),
    ],
)
def test_criteria_outside_the_lists_are_refused_by_field(
    db: None, raw: dict[str, Any], field: str
) -> None:
    with pytest.raises(AudienceInvalid) as caught:
        audiences.clean_criteria(raw)
    assert field in caught.value.errors


def test_every_bad_criterion_is_reported_at_once(db: None) -> None:
    with pytest.raises(AudienceInvalid) as caught:
        audiences.clean_criteria({"kinds": ["gang"], "districts": [40], "languages": ["fr"]})
    assert set(caught.value.errors) == {"kinds", "districts", "languages"}


# --- Who builds them ------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["oee", "rd", "communications", "admin"])
def test_rd_oee_and_communications_build_audiences_VII_B_4(persona: Any, key: str) -> None:
    audience = f.audience(actor=persona(key), kinds=["school"])
    assert audience.criteria["kinds"] == ["school"]
    assert AuditEvent.objects.filter(action="outreach.audience_create").exists()


@pytest.mark.parametrize("key", ["department_member", "ocpr", "pscd", "training"])
def test_other_roles_may_not_build_audiences_VII_B_4(persona: Any, key: str) -> None:
    with pytest.raises(NotAllowed):
        f.audience(actor=persona(key), kinds=["school"])


def test_an_audience_needs_a_name(db: None) -> None:
    with pytest.raises(AudienceInvalid) as caught:
        f.audience(name="   ", kinds=["school"])
    assert "name" in caught.value.errors


def test_an_audience_update_is_audited_with_what_changed(db: None) -> None:
    audience = f.audience(kinds=["school"])
    audiences.audience_update(
        actor=f.oee(), audience=audience, name="Schools and parks", criteria={"kinds": ["park"]}
    )
    audience.refresh_from_db()
    assert audience.name == "Schools and parks"
    assert audience.criteria["kinds"] == ["park"]
    event = AuditEvent.objects.get(action="outreach.audience_update")
    assert event.after["criteria"]["kinds"] == ["park"]


def test_an_audience_update_with_bad_criteria_changes_nothing(db: None) -> None:
    audience = f.audience(kinds=["school"])
    with pytest.raises(AudienceInvalid):
        audiences.audience_update(
            actor=f.oee(), audience=audience, name="x", criteria={"kinds": ["gang"]}
        )
    audience.refresh_from_db()
    assert audience.criteria["kinds"] == ["school"]


# --- Matching organisations -----------------------------------------------------------------


def test_no_criteria_select_no_organization(posting: Posting) -> None:
    f.organization("Austin Coming Together")
    assert _names({}, posting) == set()


def test_organizations_match_by_kind_VII_C_3_a(posting: Posting) -> None:
    f.organization("Lane Tech College Prep", kind=K.SCHOOL)
    f.organization("Fraternal Order of Police Lodge 7", kind=K.BARGAINING_UNIT)
    f.organization("Chicago Urban League", kind=K.ADVOCACY)
    assert _names({"kinds": ["school", "bargaining_unit"]}, posting) == {
        "Lane Tech College Prep",
        "Fraternal Order of Police Lodge 7",
    }


def test_organizations_match_by_district_and_citywide_ones_match_any(posting: Posting) -> None:
    f.organization("Garfield Park Community Council", districts=[11])
    f.organization("Rogers Park Business Alliance", districts=[16])
    f.organization("Chicago Urban League")  # citywide: no districts
    assert _names({"districts": [11]}, posting) == {
        "Garfield Park Community Council",
        "Chicago Urban League",
    }


def test_organizations_match_by_topic_and_language(posting: Posting) -> None:
    f.organization("Mikva Challenge", topics=[f.topic("schools")], languages=["en", "es"])
    f.organization("Polish American Association", topics=[f.topic("schools")], languages=["pl"])
    f.organization("NAMI Chicago", topics=[f.topic("people-in-crisis")], languages=["es"])
    assert _names({"topics": [f.topic("schools").pk]}, posting) == {
        "Mikva Challenge",
        "Polish American Association",
    }
    assert _names({"topics": [f.topic("schools").pk], "languages": ["es"]}, posting) == {
        "Mikva Challenge"
    }


def test_hard_to_reach_selects_those_reaching_marginalized_communities_V_A(
    posting: Posting,
) -> None:
    f.organization("Cabrini Green Legal Aid", hard_to_reach=True)
    f.organization("Lincoln Park Chamber of Commerce", kind=K.BUSINESS)
    assert _names({"hard_to_reach": True}, posting) == {"Cabrini Green Legal Aid"}


def test_engaged_before_finds_a_contact_logged_on_the_directives_engagement_VII_C_3_a(
    posting: Posting, persona: Any
) -> None:
    engagement = assessed(persona)
    met = f.organization("Southwest Organizing Project")
    f.organization("Chicago Freedom School")
    ContactLog.objects.create(
        organization=met,
        engagement=engagement,
        occurred_on=datetime.date(2025, 3, 1),
        channel=ContactLog.Channel.MEETING,
        summary="Discussed the draft directive at their community meeting.",
        by=f.oee(),
    )
    assert _names({"engaged_before": True}, posting) == {"Southwest Organizing Project"}


def test_engaged_before_finds_a_comment_in_the_organizations_name_VII_C_3_a(
    posting: Posting,
) -> None:
    f.organization("Chicago Freedom School")
    f.organization("Black Youth Project 100")
    Comment.objects.create(
        receipt="C-TEST-0001",
        posting=posting,
        version=posting.version,
        body="Youth must be at the table when the policy is written.",
        organization="CHICAGO FREEDOM SCHOOL",
        received_on=timezone.localdate(),
    )
    assert _names({"engaged_before": True}, posting) == {"Chicago Freedom School"}


def test_engaged_before_combines_with_other_criteria(posting: Posting) -> None:
    f.organization("Chicago Freedom School", kind=K.SCHOOL)
    Comment.objects.create(
        receipt="C-TEST-0002",
        posting=posting,
        version=posting.version,
        body="A comment.",
        organization="Chicago Freedom School",
        received_on=timezone.localdate(),
    )
    assert _names({"engaged_before": True, "kinds": ["advocacy"]}, posting) == set()


def test_always_in_and_never_in_override_the_criteria(posting: Posting) -> None:
    lane = f.organization("Lane Tech College Prep", kind=K.SCHOOL)
    whitney = f.organization("Whitney Young Magnet High School", kind=K.SCHOOL)
    league = f.organization("Chicago Urban League", kind=K.ADVOCACY)
    criteria = {"kinds": ["school"], "organizations": [league.pk], "excluded": [whitney.pk]}
    assert _names(criteria, posting) == {lane.name, league.name}
    assert _names({"organizations": [league.pk]}, posting) == {league.name}


def test_archived_organizations_are_not_reached(posting: Posting) -> None:
    f.organization("Former Block Club", kind=K.COMMUNITY_GROUP, archived=True)
    assert _names({"kinds": ["community_group"]}, posting) == set()


# --- Recipients -----------------------------------------------------------------------------


def test_only_contacts_who_consented_and_did_not_withdraw_are_mailed(posting: Posting) -> None:
    org = f.organization(
        "Garfield Park Community Council",
        contacts=[("Ana Ruiz", "ana@gpcc.example.org", "es")],
    )
    f.contact(org, name="No Consent", email="nc@gpcc.example.org", consent=False)
    f.contact(org, name="Withdrew", email="gone@gpcc.example.org", withdrawn=True)
    f.contact(org, name="Phone Only", email="", language="en")
    assert _emails({"kinds": ["community_group"], "subscribers": False}, posting) == [
        "ana@gpcc.example.org"
    ]


def test_suppressed_addresses_are_never_reached_but_one_bounce_is_not_yet(
    posting: Posting,
) -> None:
    org = f.organization(
        "Garfield Park Community Council",
        contacts=[
            ("Ana Ruiz", "ana@gpcc.example.org", "es"),
            ("Ben Cole", "ben@gpcc.example.org", "en"),
        ],
    )
    assert org.contacts.count() == 2
    f.subscriber("resident@example.org")
    Suppression.objects.create(email="ana@gpcc.example.org", bounces=2, reason="bounced")
    Suppression.objects.create(email="resident@example.org", reason="unsubscribed")
    Suppression.objects.create(email="ben@gpcc.example.org", bounces=1)  # not suppressed yet
    assert _emails({"kinds": ["community_group"]}, posting) == ["ben@gpcc.example.org"]


def test_recipients_carry_their_language_and_kind(posting: Posting) -> None:
    f.organization(
        "Polish American Association", contacts=[("Ewa Nowak", "ewa@paa.example.org", "pl")]
    )
    f.subscriber("li@example.org", language="zh-hans")
    clean = audiences.clean_criteria({"kinds": ["community_group"]})
    found = audiences.recipients(
        clean, audiences.subject_of(posting=posting, engagement=None, criteria=clean)
    )
    assert [(r.email, r.language, r.kind) for r in found] == [
        ("ewa@paa.example.org", "pl", Delivery.Kind.CONTACT),
        ("li@example.org", "zh-hans", Delivery.Kind.SUBSCRIBER),
    ]
    assert found[0].contact_id is not None and found[1].subscriber_id is not None


def test_subscribers_following_all_the_directive_or_a_topic_are_reached(
    posting: Posting, persona: Any
) -> None:
    engagement = assessed(persona)
    engagement.topics.add(f.topic("use-of-force"))
    f.subscriber("all@example.org")
    f.subscriber("directive@example.org", follows=[("directive", f.d22())])
    f.subscriber("force@example.org", follows=[("topic", f.topic("use-of-force"))])
    f.subscriber("schools@example.org", follows=[("topic", f.topic("schools"))])
    f.subscriber("pending@example.org", status=Subscriber.Status.PENDING)
    f.subscriber("weekly@example.org", frequency=Subscriber.Frequency.WEEKLY)
    f.subscriber("left@example.org", status=Subscriber.Status.UNSUBSCRIBED)
    assert sorted(_emails({}, posting)) == [
        "all@example.org",
        "directive@example.org",
        "force@example.org",
    ]
    # A topic chosen in the audience counts as a subject too.
    assert "schools@example.org" in _emails({"topics": [f.topic("schools").pk]}, posting)


def test_a_citywide_announcement_reaches_every_districts_subscribers(posting: Posting) -> None:
    f.subscriber("d11@example.org", follows=[("district", 11)])
    f.subscriber("d16@example.org", follows=[("district", 16)])
    assert sorted(_emails({}, posting)) == ["d11@example.org", "d16@example.org"]


def test_a_district_announcement_reaches_only_that_districts_subscribers(
    posting: Posting,
) -> None:
    f.subscriber("d11@example.org", follows=[("district", 11)])
    f.subscriber("d16@example.org", follows=[("district", 16)])
    f.subscriber("all@example.org")
    assert sorted(_emails({"districts": [11]}, posting)) == ["all@example.org", "d11@example.org"]


def test_subscribers_left_out_when_the_audience_says_so(posting: Posting) -> None:
    f.subscriber("all@example.org")
    assert _emails({"subscribers": False}, posting) == []


def test_a_person_both_contact_and_subscriber_gets_one_message_as_a_contact(
    posting: Posting,
) -> None:
    f.organization(
        "Garfield Park Community Council", contacts=[("Ana Ruiz", "Ana@GPCC.example.org", "es")]
    )
    f.subscriber("ana@gpcc.example.org", language="en")
    clean = audiences.clean_criteria({"kinds": ["community_group"]})
    found = audiences.recipients(
        clean, audiences.subject_of(posting=posting, engagement=None, criteria=clean)
    )
    assert [(r.email, r.kind, r.language) for r in found] == [
        ("ana@gpcc.example.org", Delivery.Kind.CONTACT, "es")
    ]


def test_a_person_contact_of_two_organizations_gets_one_message(posting: Posting) -> None:
    f.organization("Block Club A", contacts=[("Ana Ruiz", "ana@example.org", "es")])
    f.organization("Block Club B", contacts=[("Ana Ruiz", "ana@example.org", "es")])
    assert _emails({"kinds": ["community_group"]}, posting) == ["ana@example.org"]


# --- Preview --------------------------------------------------------------------------------


def test_the_preview_counts_people_by_kind_and_language_and_who_is_left_out(
    posting: Posting,
) -> None:
    org = f.organization(
        "Garfield Park Community Council",
        contacts=[
            ("Ana Ruiz", "ana@gpcc.example.org", "es"),
            ("Ben Cole", "ben@gpcc.example.org", "en"),
            ("Bounced Twice", "bounced@gpcc.example.org", "en"),
        ],
    )
    f.contact(org, name="No Consent", email="nc@gpcc.example.org", consent=False)
    f.subscriber("li@example.org", language="zh-hans")
    f.subscriber("ana@gpcc.example.org")  # already counted as a contact
    Suppression.objects.create(email="bounced@gpcc.example.org", bounces=2, reason="bounced")
    clean = audiences.clean_criteria({"kinds": ["community_group"]})
    result = audiences.preview(
        clean, audiences.subject_of(posting=posting, engagement=None, criteria=clean)
    )
    assert [o.name for o in result.organizations] == ["Garfield Park Community Council"]
    assert (result.contacts, result.subscribers) == (2, 1)
    assert result.total == 3
    assert result.suppressed == 1
    assert result.no_consent == 1
    assert result.by_language == {"en": 1, "es": 1, "zh-hans": 1}


def test_the_preview_and_the_recipients_agree(posting: Posting) -> None:
    f.organization("Mikva Challenge", kind=K.ADVOCACY)
    f.organization("Lane Tech College Prep", kind=K.SCHOOL)
    for n in range(5):
        f.subscriber(f"resident{n:05d}@example.org", language=["en", "es", "ar"][n % 3])
    clean = audiences.clean_criteria({"kinds": ["advocacy", "school"]})
    subject = audiences.subject_of(posting=posting, engagement=None, criteria=clean)
    assert audiences.preview(clean, subject).total == len(audiences.recipients(clean, subject)) == 7
