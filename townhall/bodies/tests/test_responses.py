"""The Department's official response to a forwarded recommendation: written by the unit that
convenes the body or originated the engagement (VI-C-4), approved by the unit responsible for
the directive (R&D, VI-D-2) or the training (the Training Division, VI-E-2), and linked where
adopted to the item of the revised directive that carries the change (V-D-3; seed 000, "CPD's
official response")."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from townhall.accounts.demo import ensure_persona
from townhall.accounts.models import Role, User
from townhall.accounts.personas import Persona as PersonaSpec
from townhall.bodies import responses, selectors, voting
from townhall.bodies.models import Body, Recommendation, Response
from townhall.bodies.tests import factories as f
from townhall.core.errors import IllegalTransition, NotAllowed
from townhall.core.models import AuditEvent
from townhall.directives.models import DirectiveVersion
from townhall.engagements.models import Training
from townhall.engagements.tests.helpers import determined

pytestmark = pytest.mark.django_db

Persona = Callable[[str], User]
REASONING = (
    "The Department agrees. The next version of S04-01-02 adds trauma-informed practices to "
    "the specialized initial and annual refresher training of school resource officers."
)


def _detectives() -> User:
    return ensure_persona(
        PersonaSpec(
            "detectives",
            "detectives.unit",
            "Paul",
            "Novak",
            (Role.ORIGINATING_UNIT, Role.DEPARTMENT_MEMBER),
            unit_name="Bureau of Detectives",
        )
    )


def _forwarded(persona: Persona, body: Body, *, section: str = "") -> Recommendation:
    roster = f.members(persona, body, 3)
    recommendation = f.drafted(roster[0], section=section)
    ballot = f.voting_window(persona, recommendation)
    for member in roster:
        voting.vote_cast(member=member, ballot=ballot, choice="for")
    assert ballot.closes_at is not None
    with time_machine.travel(ballot.closes_at, tick=False):
        assert voting.ballots_close_due() == 1
    recommendation.refresh_from_db()
    assert recommendation.status == Recommendation.Status.FORWARDED
    return recommendation


def _sro(persona: Persona, current: DirectiveVersion, **overrides: Any) -> Recommendation:
    body = f.working_group(persona, directive=current.directive, **overrides)
    return _forwarded(persona, body, section="IV-A")


def _save(persona: Persona, recommendation: Recommendation, **overrides: Any) -> Response:
    values: dict[str, Any] = {
        "disposition": Response.Disposition.NOT_ADOPTED,
        "reasoning": REASONING,
    }
    values.update(overrides)
    actor = values.pop("actor", None) or persona("originating_unit")
    return responses.response_save(actor=actor, recommendation=recommendation, **values)


def _published(persona: Persona, recommendation: Recommendation, **overrides: Any) -> Response:
    response = _save(persona, recommendation, **overrides)
    responses.response_submit(actor=persona("originating_unit"), response=response)
    return responses.response_approve(actor=persona("rd"), response=response)


# -- What gets a response ------------------------------------------------------------------


def test_only_a_forwarded_recommendation_gets_an_official_response(persona: Persona) -> None:
    body = f.working_group(persona)
    roster = f.members(persona, body, 3)
    draft = f.drafted(roster[0])
    with pytest.raises(IllegalTransition, match="forwarded"):
        _save(persona, draft)
    ballot = f.voting_window(persona, draft)
    voting.vote_cast(member=roster[0], ballot=ballot, choice="against")
    voting.vote_cast(member=roster[1], ballot=ballot, choice="against")
    assert ballot.closes_at is not None
    with time_machine.travel(ballot.closes_at, tick=False):
        voting.ballots_close_due()
    draft.refresh_from_db()
    assert draft.status == Recommendation.Status.NOT_FORWARDED
    with pytest.raises(IllegalTransition):
        _save(persona, draft)
    assert not Response.objects.exists()


def test_a_response_needs_a_decision_and_its_reasoning(persona: Persona) -> None:
    recommendation = _forwarded(persona, f.working_group(persona))
    with pytest.raises(responses.ResponseInvalid) as excinfo:
        _save(persona, recommendation, disposition="shrug", reasoning="  ")
    assert set(excinfo.value.errors) == {"disposition", "reasoning"}


# -- Adopted: the link to the revision (V-D-3) ------------------------------------------------


def test_adopted_links_to_an_item_of_a_revised_version_of_the_same_directive_V_D_3(
    persona: Persona, s04_versions: list[DirectiveVersion], d22_draft: DirectiveVersion
) -> None:
    earlier, current = s04_versions
    recommendation = _sro(persona, current)
    assert recommendation.directive_version == current
    revised = f.revised_draft(persona, current)
    adopted = {"disposition": Response.Disposition.ADOPTED}
    refusals: list[tuple[dict[str, Any], str]] = [
        ({}, "revised_version"),
        ({"revised_version": current, "revised_section": "IV-A"}, "revised_version"),
        ({"revised_version": earlier, "revised_section": "II-A"}, "revised_version"),
        ({"revised_version": d22_draft, "revised_section": "V-C-1"}, "revised_version"),
        ({"revised_version": revised, "revised_section": ""}, "revised_section"),
        ({"revised_version": revised, "revised_section": "IV-A-99"}, "revised_section"),
    ]
    for values, field in refusals:
        with pytest.raises(responses.ResponseInvalid) as excinfo:
            _save(persona, recommendation, **adopted, **values)
        assert set(excinfo.value.errors) == {field}, values
    response = _save(
        persona, recommendation, **adopted, revised_version=revised, revised_section="iv-a-13."
    )
    assert response.revised_version == revised and response.revised_section == "IV-A-13"
    assert response.status == Response.Status.DRAFT and response.written_by == persona(
        "originating_unit"
    )
    event = AuditEvent.objects.filter(action="response.create").get()
    assert event.after is not None and event.after["revised_section"] == "IV-A-13"


def test_adopted_in_part_also_links_to_the_revision_V_D_3(
    persona: Persona, s04_versions: list[DirectiveVersion]
) -> None:
    recommendation = _sro(persona, s04_versions[1])
    with pytest.raises(responses.ResponseInvalid):
        _save(persona, recommendation, disposition=Response.Disposition.PARTLY)


def test_not_adopted_clears_the_link_to_a_revision(
    persona: Persona, s04_versions: list[DirectiveVersion]
) -> None:
    current = s04_versions[1]
    recommendation = _sro(persona, current)
    revised = f.revised_draft(persona, current)
    for disposition in (Response.Disposition.NOT_ADOPTED, Response.Disposition.CONSIDERING):
        response = _save(
            persona,
            recommendation,
            disposition=disposition,
            revised_version=revised,
            revised_section="IV-A-13",
        )
        assert response.revised_version is None and response.revised_section == ""


def test_rewriting_a_draft_response_updates_it_in_place(persona: Persona) -> None:
    recommendation = _forwarded(persona, f.working_group(persona))
    first = _save(persona, recommendation)
    again = _save(persona, recommendation, disposition=Response.Disposition.CONSIDERING)
    assert again.pk == first.pk and again.disposition == Response.Disposition.CONSIDERING
    assert recommendation.responses.count() == 1
    assert AuditEvent.objects.filter(action="response.update").exists()


# -- Who writes (VI-C-4) ---------------------------------------------------------------------


def test_the_originating_unit_that_convenes_the_body_writes_the_response_VI_C_4(
    persona: Persona,
) -> None:
    recommendation = _forwarded(persona, f.working_group(persona))  # Bureau of Patrol
    assert _save(persona, recommendation).written_by == persona("originating_unit")


@pytest.mark.parametrize("who", ["detectives", "communications", "rd", "training"])
def test_another_unit_cannot_write_the_response_VI_C_4(persona: Persona, who: str) -> None:
    recommendation = _forwarded(persona, f.working_group(persona))
    actor = _detectives() if who == "detectives" else persona(who)
    with pytest.raises(NotAllowed):
        _save(persona, recommendation, actor=actor)
    assert not Response.objects.exists()


def test_the_originating_unit_of_the_bodys_engagement_writes_the_response_VI_C_4(
    persona: Persona,
) -> None:
    engagement = determined(persona, 3, unit="Bureau of Patrol")
    body = f.advisory_committee(persona, engagements=[engagement])  # convened by Training
    recommendation = _forwarded(persona, body)
    assert _save(persona, recommendation).written_by == persona("originating_unit")
    with pytest.raises(NotAllowed):
        _save(persona, recommendation, actor=_detectives())


# -- Approval (VI-D-2, VI-E-2) ------------------------------------------------------------------


def test_rd_approves_the_response_on_a_directive_and_it_is_published_VI_D_2(
    persona: Persona,
    s04_versions: list[DirectiveVersion],
    django_capture_on_commit_callbacks: Any,
) -> None:
    current = s04_versions[1]
    recommendation = _sro(persona, current)
    revised = f.revised_draft(persona, current)
    response = _save(
        persona,
        recommendation,
        disposition=Response.Disposition.ADOPTED,
        revised_version=revised,
        revised_section="IV-A-13",
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        submitted = responses.response_submit(actor=persona("originating_unit"), response=response)
    assert submitted.status == Response.Status.SUBMITTED and submitted.submitted_at is not None
    [ask] = mail.outbox
    assert ask.to == [persona("rd").email] and "Approve the response to R-1" in ask.subject
    with pytest.raises(IllegalTransition):
        responses.response_submit(actor=persona("originating_unit"), response=submitted)
    for refused in (persona("originating_unit"), persona("training"), persona("oee")):
        with pytest.raises(NotAllowed):
            responses.response_approve(actor=refused, response=submitted)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        published = responses.response_approve(actor=persona("rd"), response=submitted)
    assert published.status == Response.Status.PUBLISHED
    assert published.approved_by == persona("rd") and published.published_at is not None
    [told] = mail.outbox
    assert sorted(told.to) == sorted(m.email for m in recommendation.body.members.all())
    assert "/bodies/sro-working-group/recommendations/1/" in told.body
    actions = list(
        AuditEvent.objects.filter(action__startswith="response.")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["response.create", "response.submit", "response.approve"]
    with pytest.raises(IllegalTransition):
        responses.response_approve(actor=persona("rd"), response=published)


def test_the_writer_cannot_approve_their_own_response_VI_D_2(
    persona: Persona, s04_versions: list[DirectiveVersion]
) -> None:
    # R&D convenes this working group, so R&D may write its response, but not also approve it.
    recommendation = _sro(persona, s04_versions[1], convening_role=Role.RD, convening_unit="")
    response = _save(persona, recommendation, actor=persona("rd"))
    responses.response_submit(actor=persona("rd"), response=response)
    with pytest.raises(NotAllowed, match="other than its writer"):
        responses.response_approve(actor=persona("rd"), response=response)
    with pytest.raises(NotAllowed, match="other than its writer"):
        responses.response_return(actor=persona("rd"), response=response, note="Hmm.")
    published = responses.response_approve(actor=persona("admin"), response=response)
    assert published.status == Response.Status.PUBLISHED


def test_a_returned_response_goes_back_to_draft_with_the_note(
    persona: Persona, django_capture_on_commit_callbacks: Any
) -> None:
    recommendation = _forwarded(persona, f.working_group(persona, directive=None))
    response = _save(persona, recommendation)
    responses.response_submit(actor=persona("originating_unit"), response=response)
    with pytest.raises(IllegalTransition, match="waiting for approval"):
        _save(persona, recommendation, reasoning="A better reasoning.")
    approver = persona("ocpr")  # no directive or training: OCPR determines (IV-D)
    with pytest.raises(responses.ResponseInvalid):
        responses.response_return(actor=approver, response=response, note="  ")
    note = "Say which training bulletin will carry this."
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        returned = responses.response_return(actor=approver, response=response, note=note)
    assert returned.status == Response.Status.DRAFT and returned.return_note == note
    [told] = mail.outbox
    assert told.to == [persona("originating_unit").email] and told.body == note
    assert AuditEvent.objects.filter(action="response.return", note=note).exists()
    with pytest.raises(IllegalTransition):
        responses.response_return(actor=approver, response=returned, note=note)
    with pytest.raises(IllegalTransition):
        responses.response_approve(actor=approver, response=returned)
    rewritten = _save(persona, recommendation, reasoning="A better reasoning.")
    assert rewritten.pk == response.pk and rewritten.reasoning == "A better reasoning."
    resubmitted = responses.response_submit(actor=persona("originating_unit"), response=rewritten)
    assert resubmitted.return_note == ""


def test_the_training_division_approves_the_response_on_a_training_VI_E_2(
    persona: Persona, django_capture_on_commit_callbacks: Any
) -> None:
    persona("training")
    training = Training.objects.create(title="Crisis Intervention Team training")
    recommendation = _forwarded(persona, f.working_group(persona, training=training))
    response = _save(persona, recommendation, disposition=Response.Disposition.ADOPTED)
    assert response.revised_version is None  # a training has no directive item to link
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        responses.response_submit(actor=persona("originating_unit"), response=response)
    assert mail.outbox[0].to == [persona("training").email]
    with pytest.raises(NotAllowed):
        responses.response_approve(actor=persona("rd"), response=response)
    published = responses.response_approve(actor=persona("training"), response=response)
    assert published.status == Response.Status.PUBLISHED


# -- A later response, and the chain the public follows ----------------------------------------


def test_a_later_response_supersedes_the_published_one_and_both_are_kept(
    persona: Persona, s04_versions: list[DirectiveVersion]
) -> None:
    current = s04_versions[1]
    recommendation = _sro(persona, current)
    first = _published(persona, recommendation, disposition=Response.Disposition.CONSIDERING)
    revised = f.revised_draft(persona, current)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=30), tick=False):
        second = _save(
            persona,
            recommendation,
            disposition=Response.Disposition.ADOPTED,
            revised_version=revised,
            revised_section="IV-A-13",
        )
        assert second.pk != first.pk
        # While the second is written, the public still reads the first.
        chain = selectors.recommendation_chain(body=recommendation.body, number=1)
        assert chain.response == first and chain.earlier_responses == ()
        assert chain.change is None
        responses.response_submit(actor=persona("originating_unit"), response=second)
        responses.response_approve(actor=persona("rd"), response=second)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Response.Status.SUPERSEDED
    assert second.status == Response.Status.PUBLISHED
    assert recommendation.responses.count() == 2
    chain = selectors.recommendation_chain(body=recommendation.body, number=1)
    assert chain.response == second
    assert chain.earlier_responses == (first,)
    assert chain.change is not None
    assert chain.change.new_anchor == "IV-A-13" and chain.change.kind == "added"
    assert "trauma-informed practices" in str(chain.change.html)


def test_the_chain_shows_only_the_published_response(
    persona: Persona, s04_versions: list[DirectiveVersion]
) -> None:
    current = s04_versions[1]
    recommendation = _sro(persona, current)
    response = _save(
        persona,
        recommendation,
        disposition=Response.Disposition.ADOPTED,
        revised_version=f.revised_draft(persona, current),
        revised_section="IV-A-13",
    )
    responses.response_submit(actor=persona("originating_unit"), response=response)
    chain = selectors.recommendation_chain(body=recommendation.body, number=1)
    assert chain.response is None and chain.earlier_responses == () and chain.change is None
    assert [b.ballot.passed for b in chain.ballots] == [True]
    assert chain.ballots[0].version_number == 1 and chain.ballots[0].eligible == 3
    assert [n.choice for n in chain.ballots[0].named] == ["for", "for", "for"]  # votes openly
    responses.response_approve(actor=persona("rd"), response=response)
    chain = selectors.recommendation_chain(body=recommendation.body, number=1)
    assert chain.response is not None and chain.response.pk == response.pk
    assert chain.change is not None and chain.change.kind == "added"
    assert chain.change.new_anchor == "IV-A-13"
