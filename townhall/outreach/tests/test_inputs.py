"""Continuous input on any directive (III-B-3, VII-A-1, V-C-10-c): feedback or a proposed
revision of an item, with a receipt; it joins the feedback pool of the directive's next
engagement; R&D reviews it (VII-A-2-b). Never deleted."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail

from townhall.core.errors import DomainError, IllegalTransition, NotAllowed
from townhall.core.models import AuditEvent
from townhall.directives.models import Directive
from townhall.engagements import services as engagement_services
from townhall.engagements.models import Activity, Engagement
from townhall.engagements.tests.helpers import determined
from townhall.feedback.analysis_models import FeedbackItem
from townhall.outreach import inputs
from townhall.outreach.models import DirectiveInput

pytestmark = pytest.mark.django_db

RECEIPT = re.compile(r"I-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}")


@pytest.fixture
def s04(s04_versions: list[Any]) -> Directive:
    """S04-01-02 (School Resource Officers): the 2019 version is in effect."""
    return Directive.objects.get(number="S04-01-02")


def _submit(directive: Directive, **values: Any) -> inputs.InputResult:
    data: dict[str, Any] = {
        "directive": directive,
        "section_anchor": "",
        "kind": "feedback",
        "body": "Publish how often schools call the police to remove a student.",
        "proposed_text": "",
        "name": "",
        "email": "",
        "organization": "",
        "language": "en",
        "idempotency_key": None,
        **values,
    }
    return inputs.directive_input_submit(**data)


def _engagement(persona: Any, directive: Directive, title: str = "SRO policy review") -> Engagement:
    return determined(persona, 2, about={"directive": directive}, title=title)


def _conclude(persona: Any, engagement: Engagement) -> Engagement:
    oee = persona("oee")
    for move in (
        engagement_services.engagement_start_outreach,
        engagement_services.engagement_start_engaging,
        engagement_services.engagement_start_follow_up,
    ):
        engagement = move(actor=oee, engagement=engagement)
    for activity in engagement.activities.filter(
        status__in=[Activity.Status.PLANNED, Activity.Status.UNDER_WAY]
    ):
        engagement_services.activity_cancel(actor=oee, activity=activity, reason="Not needed.")
    return engagement_services.engagement_conclude(actor=oee, engagement=engagement)


# --- Submission ---------------------------------------------------------------------------------


def test_feedback_on_a_directive_in_effect_is_received_with_a_receipt_VII_A_1(
    s04, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        result = _submit(s04, email="parent@example.org", language="es")
        assert not mail.outbox  # nothing is sent before the commit
    for callback in callbacks:
        callback()
    item = result.item
    assert result.created and item.status == DirectiveInput.Status.RECEIVED
    assert RECEIPT.fullmatch(item.receipt)
    assert item.version == s04.versions.get(status="current")
    assert item.kind == "feedback" and item.section_anchor == "" and item.language == "es"
    assert mail.outbox[-1].to == ["parent@example.org"]
    assert item.receipt in mail.outbox[-1].subject
    assert f"/es/directives/input/{item.receipt}/" in mail.outbox[-1].body
    # A web submission by the public writes no audit row.
    assert not AuditEvent.objects.filter(action__startswith="directive_input").exists()


def test_no_email_is_sent_without_an_address(s04, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        _submit(s04)
    assert not mail.outbox


def test_a_proposed_revision_of_an_item_keeps_the_proposed_wording_V_C_10_c(s04) -> None:  # type: ignore[no-untyped-def]
    item = _submit(
        s04,
        kind="revision",
        section_anchor="II-C-1-d",
        body="Name what counts as an emergency.",
        proposed_text="NOT contact CPD to remove a disruptive student unless someone is in danger.",
    ).item
    assert item.kind == "revision" and item.section_anchor == "II-C-1-d"
    assert item.proposed_text.startswith("NOT contact CPD")


def test_feedback_keeps_no_proposed_wording_left_over_from_a_revision(s04) -> None:  # type: ignore[no-untyped-def]
    item = _submit(s04, proposed_text="Left over").item
    assert item.proposed_text == ""


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"kind": "complaint"}, "kind"),
        ({"body": "   "}, "body"),
        ({"body": "x" * 5001}, "body"),
        ({"kind": "revision", "section_anchor": "II-C-1-d", "proposed_text": ""}, "proposed_text"),
        (
            {"kind": "revision", "section_anchor": "", "proposed_text": "New wording"},
            "section_anchor",
        ),
        ({"section_anchor": "XIV-Z-9"}, "section_anchor"),
        ({"email": "not-an-address"}, "email"),
        ({"name": "n" * 201}, "name"),
        ({"organization": "o" * 201}, "organization"),
        (
            {"kind": "revision", "section_anchor": "II-C-1-d", "proposed_text": "p" * 5001},
            "proposed_text",
        ),
    ],
)
def test_bad_input_is_refused_field_by_field_and_nothing_is_stored_V_C_10_c(
    s04, values, field
) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(inputs.InputInvalid) as err:
        _submit(s04, **values)
    assert field in err.value.errors
    assert not DirectiveInput.objects.exists()


def test_a_revision_without_wording_is_refused_V_C_10_c(s04) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(inputs.InputInvalid) as err:
        _submit(s04, kind="revision", section_anchor="II-C-1-d", proposed_text="  ")
    assert "Write the wording you propose" in err.value.errors["proposed_text"]


def test_an_unknown_item_is_refused(s04) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(inputs.InputInvalid) as err:
        _submit(s04, section_anchor="XIV-Z-9")
    assert "There is no item XIV-Z-9" in err.value.errors["section_anchor"]


def test_a_directive_with_no_version_in_effect_takes_no_input(d22_draft) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError):
        _submit(Directive.objects.get(number="D22-08"))
    assert not DirectiveInput.objects.exists()


def test_the_same_form_twice_makes_one_input_and_changed_text_is_not_taken_for_it(s04) -> None:  # type: ignore[no-untyped-def]
    first = _submit(s04, idempotency_key="k" * 64)
    again = _submit(s04, idempotency_key="k" * 64)
    assert again.item.pk == first.item.pk and not again.created
    with pytest.raises(inputs.ResubmittedChanged):
        _submit(s04, idempotency_key="k" * 64, body="Something else entirely.")
    assert DirectiveInput.objects.count() == 1


def test_receipts_are_not_guessable_and_read_the_way_people_type_them() -> None:
    receipts = {inputs.INPUT_RECEIPTS.new() for _ in range(200)}
    assert len(receipts) == 200 and all(RECEIPT.fullmatch(r) for r in receipts)
    assert inputs.normalize_receipt("i-abcd-efgh-jk0o") == "I-ABCD-EFGH-JK00"
    assert inputs.normalize_receipt(" iabcdefghjk1l ") == "I-ABCD-EFGH-JK11"
    assert inputs.normalize_receipt("I-ABCD-EFGH-JKMN") == "I-ABCD-EFGH-JKMN"
    assert inputs.normalize_receipt("abcd-efgh-jkmn") == "I-ABCD-EFGH-JKMN"
    assert inputs.normalize_receipt("R-ABCD-EFGH-JKMN") == "R-ABCD-EFGH-JKMN"  # matches nothing


def test_inputs_are_never_deleted(s04) -> None:  # type: ignore[no-untyped-def]
    item = _submit(s04).item
    with pytest.raises(TypeError):
        item.delete()
    with pytest.raises(TypeError):
        DirectiveInput.objects.all().delete()


# --- The feedback pool of the next engagement ------------------------------------------------------


def test_input_joins_the_pool_at_once_when_an_engagement_is_under_way_III_B_3(s04, persona) -> None:  # type: ignore[no-untyped-def]
    engagement = _engagement(persona, s04)
    item = _submit(
        s04,
        kind="revision",
        section_anchor="II-C-1-d",
        body="Call me at 312-555-0142 about this.",
        proposed_text="NOT contact CPD unless someone is in danger.",
    ).item
    assert item.engagement == engagement and item.pooled_at is not None
    pooled = FeedbackItem.objects.get()
    assert pooled.source == FeedbackItem.Source.PROPOSAL
    assert pooled.source_ref == f"outreach.DirectiveInput:{item.pk}"
    assert pooled.engagement == engagement and pooled.posting is None  # no open posting
    assert pooled.section_anchor == "II-C-1-d"
    assert pooled.origin == "external" and pooled.channel == "web"
    assert pooled.received_at == item.submitted_at
    assert "NOT contact CPD unless someone is in danger." in pooled.text
    assert "312-555-0142" not in pooled.text  # redacted as comments are
    assert "312-555-0142" in DirectiveInput.objects.get().body  # the record keeps what was sent


def test_input_waits_then_joins_the_next_engagement_once_by_the_worker_III_B_3(
    s04, persona
) -> None:  # type: ignore[no-untyped-def]
    item = _submit(s04).item
    assert item.engagement is None and not FeedbackItem.objects.exists()
    assert inputs.inputs_pool_pending() == 0  # no engagement yet: nothing to do
    engagement = _engagement(persona, s04)
    assert inputs.inputs_pool_pending() == 1
    assert inputs.inputs_pool_pending() == 0  # idempotent: run twice, one item
    assert FeedbackItem.objects.count() == 1
    item.refresh_from_db()
    assert item.engagement == engagement and item.pooled_at is not None
    assert FeedbackItem.objects.get().engagement == engagement


def test_the_newest_engagement_not_concluded_is_the_next_one(s04, persona) -> None:  # type: ignore[no-untyped-def]
    older = _engagement(persona, s04, title="First review")
    newer = _engagement(persona, s04, title="Second review")
    assert inputs.next_engagement(s04) == newer
    _conclude(persona, newer)
    assert inputs.next_engagement(s04) == older
    assert _submit(s04).item.engagement == older


def test_a_concluded_engagement_takes_no_input(s04, persona) -> None:  # type: ignore[no-untyped-def]
    _conclude(persona, _engagement(persona, s04))
    item = _submit(s04).item
    assert item.engagement is None
    assert inputs.inputs_pool_pending() == 0
    assert not FeedbackItem.objects.exists()


def test_an_engagement_on_another_directive_takes_no_input(s04, persona, d22_draft) -> None:  # type: ignore[no-untyped-def]
    _engagement(persona, Directive.objects.get(number="D22-08"))
    item = _submit(s04).item
    assert inputs.inputs_pool_pending() == 0
    item.refresh_from_db()
    assert item.engagement is None


def test_input_joins_the_engagements_open_posting_of_the_directive_too(s04, persona) -> None:  # type: ignore[no-untyped-def]
    from townhall.postings.tests.factories import open_posting

    engagement = _engagement(persona, s04)
    posting = open_posting(s04.versions.get(status="current"))
    engagement_services.activity_add(
        actor=persona("oee"), engagement=engagement, method="public_posting", posting=posting
    )
    _submit(s04)
    assert FeedbackItem.objects.get().posting == posting


# --- R&D's review (VII-A-2-b) --------------------------------------------------------------------


def test_rd_takes_input_in_review_then_considers_it_with_a_note_VII_A_2_b(s04, persona) -> None:  # type: ignore[no-untyped-def]
    rd = persona("rd")
    item = _submit(s04).item
    item = inputs.directive_input_review_start(actor=rd, directive_input=item)
    assert item.status == "in_review" and item.reviewed_by == rd
    item = inputs.directive_input_consider(
        actor=rd, directive_input=item, note="For the next review of S04-01-02."
    )
    assert item.status == "considered" and item.review_note == "For the next review of S04-01-02."
    assert item.reviewed_at is not None
    actions = list(AuditEvent.objects.order_by("id").values_list("action", flat=True))
    assert actions[-2:] == ["directive_input.review", "directive_input.consider"]


def test_input_can_be_considered_straight_from_received_VII_A_2_b(s04, admin_user) -> None:  # type: ignore[no-untyped-def]
    item = inputs.directive_input_consider(
        actor=admin_user, directive_input=_submit(s04).item, note="Noted."
    )
    assert item.status == "considered"


def test_considering_needs_a_note_VII_A_2_b(s04, persona) -> None:  # type: ignore[no-untyped-def]
    item = _submit(s04).item
    with pytest.raises(inputs.InputInvalid) as err:
        inputs.directive_input_consider(actor=persona("rd"), directive_input=item, note="  ")
    assert "note" in err.value.errors
    item.refresh_from_db()
    assert item.status == "received"


def test_illegal_review_moves_are_refused_VII_A_2_b(s04, persona) -> None:  # type: ignore[no-untyped-def]
    rd = persona("rd")
    item = inputs.directive_input_review_start(actor=rd, directive_input=_submit(s04).item)
    with pytest.raises(IllegalTransition):
        inputs.directive_input_review_start(actor=rd, directive_input=item)
    item = inputs.directive_input_consider(actor=rd, directive_input=item, note="Done.")
    with pytest.raises(IllegalTransition):
        inputs.directive_input_review_start(actor=rd, directive_input=item)
    with pytest.raises(IllegalTransition):
        inputs.directive_input_consider(actor=rd, directive_input=item, note="Again.")
    item.refresh_from_db()
    assert item.status == "considered" and item.review_note == "Done."


@pytest.mark.parametrize("role", ["oee", "ocpr", "communications", "department_member"])
def test_only_rd_and_administrators_review_input_VII_A_2_b(s04, persona, role) -> None:  # type: ignore[no-untyped-def]
    item = _submit(s04).item
    with pytest.raises(NotAllowed):
        inputs.directive_input_review_start(actor=persona(role), directive_input=item)
    with pytest.raises(NotAllowed):
        inputs.directive_input_consider(actor=persona(role), directive_input=item, note="No.")


# --- Demo -----------------------------------------------------------------------------------------


def test_the_demo_input_loads_once_on_real_directives() -> None:
    from townhall.directives.demo import load_demo_directives
    from townhall.outreach.demo_inputs import load_input_demo

    load_demo_directives()
    assert load_input_demo() == 4
    assert load_input_demo() == 0
    assert DirectiveInput.objects.count() == 4
    revision = DirectiveInput.objects.get(kind="revision")
    assert revision.directive.number == "G03-02" and revision.section_anchor == "III-C-1-a"
    assert "limited English proficiency" in revision.proposed_text
    assert set(DirectiveInput.objects.values_list("status", flat=True)) == {
        "received",
        "in_review",
        "considered",
    }
