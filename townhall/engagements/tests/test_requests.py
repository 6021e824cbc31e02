"""Community requests (IV-B-7 and its NOTE): received with a receipt that cannot be guessed,
reviewed, then accepted into an engagement where the request counts toward the level, or
declined with a written reason; the requester hears of each decision. Never deleted."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from townhall.core.errors import DomainError, IllegalTransition, NotAllowed
from townhall.core.models import AuditEvent
from townhall.directives.models import Directive
from townhall.engagements import requests
from townhall.engagements.models import CommunityRequest, Engagement
from townhall.engagements.tests.helpers import assessed, determined

pytestmark = pytest.mark.django_db


def _submit(**values):  # type: ignore[no-untyped-def]
    data = {
        "kind": "co_produced",
        "organization": "Westside Youth Council",
        "contact_name": "Jordan Ellis",
        "email": "jordan@example.org",
        "phone": "312-555-0100",
        "subject": "Foot pursuits",
        "description": "We propose three listening sessions led by young people.",
        "districts": [11, 15],
        "language": "es",
        **values,
    }
    return requests.community_request_submit(**data)


def test_a_request_is_stored_with_a_random_receipt_and_acknowledged_after_commit_IV_B_7(
    django_capture_on_commit_callbacks,
) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        result = _submit()
        assert not mail.outbox  # nothing is sent before the commit
    for callback in callbacks:
        callback()
    item = result.request
    assert result.created and item.status == CommunityRequest.Status.RECEIVED
    assert re.fullmatch(
        r"R-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}", item.receipt
    )
    assert item.districts == [11, 15] and item.language == "es"
    assert mail.outbox[-1].to == ["jordan@example.org"]
    assert item.receipt in mail.outbox[-1].subject
    assert f"/es/get-involved/request/{item.receipt}/" in mail.outbox[-1].body
    event = AuditEvent.objects.get(action="community_request.receive")
    assert "jordan" not in str(event.after).lower() and event.actor is None


def test_receipts_are_not_guessable_from_one_another() -> None:
    receipts = {requests.new_receipt() for _ in range(200)}
    assert len(receipts) == 200
    assert all(len(r) == 16 for r in receipts)  # fits the column; 60 random bits


def test_receipts_are_read_the_way_people_type_them() -> None:
    assert requests.normalize_receipt("r-abcd-efgh-jk0o") == "R-ABCD-EFGH-JK00"
    assert requests.normalize_receipt("rabcdefghjk1l") == "R-ABCD-EFGH-JK11"


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"kind": "takeover"}, "kind"),
        ({"organization": "  "}, "organization"),
        ({"contact_name": ""}, "contact_name"),
        ({"email": ""}, "email"),
        ({"email": "not-an-address"}, "email"),
        ({"phone": "1" * 41}, "phone"),
        ({"subject": ""}, "subject"),
        ({"description": ""}, "description"),
        ({"description": "x" * 5001}, "description"),
        ({"districts": [13]}, "districts"),
        ({"directive_number": "Z99-99"}, "directive"),
    ],
)
def test_bad_input_is_refused_field_by_field_and_nothing_is_stored(values, field) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(requests.RequestInvalid) as err:
        _submit(**values)
    assert field in err.value.errors
    assert not CommunityRequest.objects.exists()


def test_a_directive_from_the_registry_names_the_subject(d22_draft) -> None:  # type: ignore[no-untyped-def]
    item = _submit(subject="", directive_number=" d22-08 ").request
    assert item.directive == Directive.objects.get(number="D22-08")
    assert item.subject.startswith("D22-08")


def test_the_same_form_twice_makes_one_request_and_changed_text_is_not_taken_for_it() -> None:
    first = _submit(idempotency_key="k" * 64)
    again = _submit(idempotency_key="k" * 64)
    assert again.request.pk == first.request.pk and not again.created
    with pytest.raises(requests.ResubmittedChanged):
        _submit(idempotency_key="k" * 64, description="Something else entirely.")
    assert CommunityRequest.objects.count() == 1


# --- Decisions ------------------------------------------------------------------------------


@pytest.fixture
def received() -> CommunityRequest:
    return _submit().request


@pytest.fixture
def under_review(persona, received) -> CommunityRequest:  # type: ignore[no-untyped-def]
    return requests.community_request_review(actor=persona("oee"), community_request=received)


def test_review_moves_a_received_request_once(persona, received) -> None:  # type: ignore[no-untyped-def]
    item = requests.community_request_review(actor=persona("ocpr"), community_request=received)
    assert item.status == CommunityRequest.Status.UNDER_REVIEW
    with pytest.raises(IllegalTransition):
        requests.community_request_review(actor=persona("oee"), community_request=item)


@pytest.mark.parametrize("key", ["training", "rd", "pscd", "communications", "originating_unit"])
def test_only_oee_ocpr_and_administrators_decide(persona, received, key) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(NotAllowed):
        requests.community_request_review(actor=persona(key), community_request=received)
    with pytest.raises(NotAllowed):
        requests.community_request_decline(
            actor=persona(key), community_request=received, reason="No."
        )


@pytest.mark.parametrize("key", ["oee", "ocpr", "ocpr_chief", "ocpr_designee", "admin"])
def test_oee_every_ocpr_role_and_administrators_may_decide(persona, received, key) -> None:  # type: ignore[no-untyped-def]
    requests.community_request_review(actor=persona(key), community_request=received)


def test_accepting_needs_a_review_first_and_a_reason(persona, received, d22_draft) -> None:  # type: ignore[no-untyped-def]
    engagement = assessed(persona)
    with pytest.raises(IllegalTransition, match="under review"):
        requests.community_request_accept(
            actor=persona("oee"), community_request=received, reason="Yes.", engagement=engagement
        )
    item = requests.community_request_review(actor=persona("oee"), community_request=received)
    with pytest.raises(DomainError, match="Say why"):
        requests.community_request_accept(
            actor=persona("oee"), community_request=item, reason="  ", engagement=engagement
        )


def test_accepting_into_an_assessed_engagement_counts_the_request_toward_the_level_IV_B_7(
    persona, under_review, d22_draft, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    engagement = assessed(persona)
    assert engagement.recommended_level == 1
    with django_capture_on_commit_callbacks(execute=True):
        item = requests.community_request_accept(
            actor=persona("oee"),
            community_request=under_review,
            reason="We will co-produce the sessions with you.",
            engagement=engagement,
        )
    assert item.status == CommunityRequest.Status.ACCEPTED and item.engagement == engagement
    assert item.decided_by == persona("oee") and item.decided_at is not None
    engagement.refresh_from_db()
    assert engagement.community_request
    assert engagement.recommended_level == 2  # IV-B-7 raised it to targeted
    assert any(r["item"] == "IV-B-7" for r in engagement.recommended_reasons)
    assert mail.outbox[-1].to == ["jordan@example.org"]
    assert "fue aceptada" in mail.outbox[-1].subject  # in the language it was sent in
    assert "We will co-produce the sessions with you." in mail.outbox[-1].body


def test_accepting_can_start_a_new_engagement_with_the_factor_noted(persona, under_review) -> None:  # type: ignore[no-untyped-def]
    item = requests.community_request_accept(
        actor=persona("ocpr_chief"),
        community_request=under_review,
        reason="A new engagement on foot pursuit training.",
        title="Foot pursuit training",
        originating_unit="Training Division",
        training_title="Foot pursuits",
    )
    engagement = Engagement.objects.get(pk=item.engagement_id)
    assert engagement.training is not None and engagement.training.title == "Foot pursuits"
    assert engagement.community_request and engagement.status == Engagement.Status.ASSESSING


def test_a_new_engagement_still_needs_a_directive_or_a_training_III_A(
    persona, under_review
) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError, match="one directive, one training or one other subject"):
        requests.community_request_accept(
            actor=persona("oee"),
            community_request=under_review,
            reason="Yes.",
            title="Something",
            originating_unit="OEE",
        )
    under_review.refresh_from_db()
    assert under_review.status == CommunityRequest.Status.UNDER_REVIEW
    assert not Engagement.objects.exists()


def test_a_determined_engagement_keeps_its_level_when_a_request_is_linked(
    persona, under_review, d22_draft
) -> None:  # type: ignore[no-untyped-def]
    engagement = determined(persona, 3)
    requests.community_request_accept(
        actor=persona("oee"),
        community_request=under_review,
        reason="Join the working group.",
        engagement=engagement,
    )
    engagement.refresh_from_db()
    assert engagement.level == 3 and engagement.status == Engagement.Status.DETERMINED
    assert engagement.requests.get() == under_review


def test_declining_needs_a_written_reason_and_tells_the_requester(
    persona, received, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError, match="Say why"):
        requests.community_request_decline(
            actor=persona("oee"), community_request=received, reason=""
        )
    with django_capture_on_commit_callbacks(execute=True):
        item = requests.community_request_decline(
            actor=persona("oee"),
            community_request=received,
            reason="The policy was revised last month; please comment on the posting.",
        )
    assert item.status == CommunityRequest.Status.DECLINED
    assert item.decision_reason.startswith("The policy was revised")
    assert "fue rechazada" in mail.outbox[-1].subject  # in the language it was sent in
    assert "revised last month" in mail.outbox[-1].body
    with pytest.raises(IllegalTransition):
        requests.community_request_review(actor=persona("oee"), community_request=item)
    with pytest.raises(IllegalTransition):
        requests.community_request_decline(actor=persona("oee"), community_request=item, reason="x")


def test_every_move_is_in_the_audit_trail(persona, under_review) -> None:  # type: ignore[no-untyped-def]
    requests.community_request_decline(
        actor=persona("oee"), community_request=under_review, reason="Not now."
    )
    actions = set(
        AuditEvent.objects.filter(object_type="engagements.communityrequest").values_list(
            "action", flat=True
        )
    )
    assert actions == {
        "community_request.receive",
        "community_request.review",
        "community_request.decline",
    }


def test_there_is_no_way_to_delete_a_request_from_the_services() -> None:
    assert not [name for name in requests.__all__ if "delete" in name or "remove" in name]
