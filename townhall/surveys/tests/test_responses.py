"""Answers and invitations (seed 002 V-C-2 anonymous surveys, V-D-4 post-engagement surveys):
who may answer and when, single-use invitation links, Department members recorded apart from
their answers, double submissions, staff's paper and phone entry, and invitations emailed to
the registrants who agreed to be contacted."""

from __future__ import annotations

import datetime
import hashlib
import re
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from townhall.accounts.models import Role, User
from townhall.accounts.services import role_grant
from townhall.core.errors import FieldsInvalid, IllegalTransition, NotAllowed
from townhall.core.models import AuditEvent
from townhall.meetings import registration as reg
from townhall.meetings.models import Registration
from townhall.meetings.tests.factories import public_activity, scheduled_meeting
from townhall.surveys import responses, services
from townhall.surveys.models import (
    Answered,
    Invitation,
    InvitationBatch,
    Response,
    SubmissionKey,
    Survey,
)
from townhall.surveys.post_engagement import post_engagement_create
from townhall.surveys.selectors import answer_counts
from townhall.surveys.tests.factories import answer, draft_survey, form, open_survey

pytestmark = pytest.mark.django_db

FOOT_PURSUIT = "I saw two officers chase a teenager across a CTA platform at night."


def fill(survey: Survey, **extra: Any) -> dict[str, list[str]]:
    return form(survey, q1="no", q3="4", q6="25_34", **extra)


def row_values(response: Response) -> list[str]:
    return [str(getattr(response, f.attname)) for f in Response._meta.concrete_fields]


# --- the public ---------------------------------------------------------------------------------


def test_public_answer_is_stored_as_public_and_online_V_C_2(persona) -> None:
    survey = open_survey(persona)
    raw = form(
        survey,
        q1="yes",
        q2=FOOT_PURSUIT,
        q3="2",
        **{"q4-life": "1", "q4-alternatives": "2", "q5-s31": "5", "q5-s34": "4"},
        q9="7",
    )
    result = answer(survey, raw, language="pl")
    assert result.created is True
    assert not hasattr(result, "receipt") and not hasattr(result, "code")
    stored = Response.objects.get(survey=survey)
    assert stored.audience == Response.Audience.PUBLIC
    assert stored.channel == Response.Channel.WEB
    assert stored.language == "pl"
    assert stored.received_on == timezone.localdate()
    assert stored.answers == {
        "q1": "yes",
        "q2": FOOT_PURSUIT,
        "q3": "2",
        "q4": ["life", "alternatives"],
        "q5": {"s31": "5", "s34": "4"},
        "q9": "7",
    }
    assert not AuditEvent.objects.filter(action__contains="response").exists()


def test_an_empty_form_is_refused(persona) -> None:
    survey = open_survey(persona)
    survey.questions.filter(key="q1").update(required=False)
    with pytest.raises(FieldsInvalid) as err:
        answer(survey, {})
    assert "__all__" in err.value.errors
    assert not Response.objects.exists()


def test_answers_with_problems_are_refused_and_nothing_is_stored(persona) -> None:
    survey = open_survey(persona)
    with pytest.raises(FieldsInvalid) as err:
        answer(survey, form(survey, q1="yes", q3="9"))
    assert set(err.value.errors) == {"q-q2", "q-q3"}
    assert not Response.objects.exists()


@pytest.mark.parametrize("state", ["draft", "scheduled"])
def test_a_survey_not_open_yet_takes_no_answer(persona, state: str) -> None:
    survey = draft_survey(persona)
    if state == "scheduled":
        survey = services.survey_schedule(actor=persona("oee"), survey=survey)
    with pytest.raises(IllegalTransition) as err:
        answer(survey, fill(survey))
    assert "not open yet" in err.value.message
    assert not Response.objects.exists()


def test_a_closed_survey_takes_no_answer(persona) -> None:
    survey = services.survey_close(actor=persona("oee"), survey=open_survey(persona))
    with pytest.raises(IllegalTransition) as err:
        answer(survey, fill(survey))
    assert "closed" in err.value.message
    assert not Response.objects.exists()


def test_a_survey_past_its_closing_time_takes_no_answer_before_the_worker_runs(persona) -> None:
    survey = open_survey(persona)
    with time_machine.travel(survey.closes_at + datetime.timedelta(seconds=30), tick=False):
        with pytest.raises(IllegalTransition):
            answer(survey, fill(survey))
    assert not Response.objects.exists()


def test_a_department_only_survey_takes_no_public_answer_V_C_2(persona) -> None:
    survey = open_survey(persona, audience=Survey.Audience.DEPARTMENT)
    with pytest.raises(NotAllowed):
        answer(survey, fill(survey))
    assert not Response.objects.exists()


def test_a_public_only_survey_takes_no_answer_as_a_member(persona) -> None:
    survey = open_survey(persona)
    with pytest.raises(NotAllowed):
        answer(survey, fill(survey), member=persona("department_member"))
    assert not Answered.objects.exists() and not Response.objects.exists()


# --- invitations --------------------------------------------------------------------------------


def test_invitation_only_survey_needs_an_unused_link_and_uses_it_once_V_D_4(persona) -> None:
    survey = open_survey(persona, access=Survey.Access.INVITATION)
    _batch, tokens = responses.invitations_make(actor=persona("oee"), survey=survey, count=3)
    with pytest.raises(IllegalTransition):
        answer(survey, fill(survey))
    with pytest.raises(IllegalTransition):
        answer(survey, fill(survey), invitation_token="not-a-real-token")
    assert responses.invitation_valid(survey=survey, token=tokens[0])
    assert answer(survey, fill(survey), invitation_token=tokens[0]).created
    assert not responses.invitation_valid(survey=survey, token=tokens[0])
    with pytest.raises(IllegalTransition) as err:
        answer(survey, fill(survey), invitation_token=tokens[0])
    assert "already been used" in err.value.message
    assert answer(survey, fill(survey), invitation_token=tokens[1]).created
    assert Response.objects.filter(survey=survey).count() == 2
    assert Invitation.objects.filter(survey=survey, used=True).count() == 2


def test_an_invitation_answers_only_its_own_survey(persona) -> None:
    first = open_survey(persona, access=Survey.Access.INVITATION)
    second = open_survey(persona, access=Survey.Access.INVITATION)
    _batch, tokens = responses.invitations_make(actor=persona("oee"), survey=first, count=1)
    with pytest.raises(IllegalTransition):
        answer(second, fill(second), invitation_token=tokens[0])
    assert responses.invitation_valid(survey=first, token=tokens[0])


def test_only_the_hash_of_an_invitation_is_stored(persona) -> None:
    survey = open_survey(persona, access=Survey.Access.INVITATION)
    batch, tokens = responses.invitations_make(actor=persona("oee"), survey=survey, count=5)
    assert batch.count == 5 and len(set(tokens)) == 5
    stored = list(Invitation.objects.filter(batch=batch))
    assert {i.token_hash for i in stored} == {
        hashlib.sha256(t.encode()).hexdigest() for t in tokens
    }
    for invitation in stored:
        values = " ".join(str(getattr(invitation, f.attname)) for f in Invitation._meta.fields)
        assert not any(token in values for token in tokens)
    event = AuditEvent.objects.get(action="survey.invitations_make")
    assert not any(token in str(event.after) for token in tokens)


def test_handout_links_are_limited_and_not_made_for_a_closed_survey(persona) -> None:
    oee = persona("oee")
    survey = open_survey(persona, access=Survey.Access.INVITATION)
    with pytest.raises(FieldsInvalid):
        responses.invitations_make(actor=oee, survey=survey, count=0)
    with pytest.raises(FieldsInvalid):
        responses.invitations_make(actor=oee, survey=survey, count=responses.MAX_HANDOUT + 1)
    with pytest.raises(NotAllowed):
        responses.invitations_make(actor=persona("communications"), survey=survey, count=5)
    survey = services.survey_close(actor=oee, survey=survey)
    with pytest.raises(IllegalTransition):
        responses.invitations_make(actor=oee, survey=survey, count=5)


# --- Department members -------------------------------------------------------------------------


def _member(pk: int) -> User:
    """A Department member whose id no other row shares by chance (a survey with id 1 and a
    member with id 1 would make the comparison below say nothing)."""
    user = User.objects.create_user(
        id=pk, username="sgt.kowalczyk", email="m.kowalczyk@example.org", first_name="Marta"
    )
    role_grant(actor=None, user=user, role=Role.DEPARTMENT_MEMBER)
    return user


def test_department_answer_is_stored_without_link_to_member_V_C_2(persona) -> None:
    member = _member(48213)
    survey = open_survey(persona, audience=Survey.Audience.DEPARTMENT)
    answer(survey, fill(survey, q2="Ignored: q1 is no"), member=member)
    assert Answered.objects.filter(survey=survey, user=member).count() == 1
    stored = Response.objects.get(survey=survey)
    assert stored.audience == Response.Audience.DEPARTMENT and stored.channel == "web"
    assert stored.answers == {"q1": "no", "q3": "4", "q6": "25_34"}
    identifiers = {str(member.pk), member.username, member.email}
    for value in row_values(stored):
        assert value not in identifiers
        assert not any(identifier in value for identifier in identifiers)
    assert not any(f.is_relation and f.related_model is User for f in Response._meta.get_fields())
    # Nothing shared between the two rows but the survey.
    answered = Answered.objects.get(survey=survey)
    assert answered.pk != stored.pk
    assert {f.name for f in Answered._meta.get_fields()} == {"id", "survey", "user"}


def test_a_member_answers_once(persona) -> None:
    member = persona("department_member")
    survey = open_survey(persona, audience=Survey.Audience.DEPARTMENT)
    answer(survey, fill(survey), member=member, idempotency_key="first-form")
    with pytest.raises(IllegalTransition) as err:
        answer(survey, fill(survey), member=member, idempotency_key="second-form")
    assert "already answered" in err.value.message
    assert Response.objects.filter(survey=survey).count() == 1
    # The refused form's key was rolled back with it.
    assert not SubmissionKey.objects.filter(key="second-form").exists()


def test_someone_without_a_department_role_cannot_answer_as_a_member(persona) -> None:
    nobody = User.objects.create_user(username="resident.account", password="x" * 12)
    survey = open_survey(persona, audience=Survey.Audience.DEPARTMENT)
    with pytest.raises(NotAllowed):
        answer(survey, fill(survey), member=nobody)
    assert not Response.objects.exists()


def test_both_audiences_are_kept_apart_V_C_2(persona) -> None:
    survey = open_survey(persona, audience=Survey.Audience.BOTH)
    answer(survey, fill(survey))
    answer(survey, fill(survey))
    answer(survey, fill(survey), member=persona("department_member"))
    answer(survey, fill(survey), member=persona("rd"))
    assert answer_counts(survey) == {"public": {"web": 2}, "department": {"web": 2}}
    assert Answered.objects.filter(survey=survey).count() == 2


# --- double submission --------------------------------------------------------------------------


def test_the_same_form_sent_twice_gives_one_answer(persona) -> None:
    survey = open_survey(persona)
    first = answer(survey, fill(survey), idempotency_key="k" * 32)
    second = answer(survey, fill(survey), idempotency_key="k" * 32)
    assert (first.created, second.created) == (True, False)
    assert Response.objects.filter(survey=survey).count() == 1
    assert answer(survey, fill(survey), idempotency_key="another").created
    assert Response.objects.filter(survey=survey).count() == 2


def test_a_members_form_sent_twice_gives_one_answer_and_no_error(persona) -> None:
    member = persona("department_member")
    survey = open_survey(persona, audience=Survey.Audience.DEPARTMENT)
    assert answer(survey, fill(survey), member=member, idempotency_key="double").created
    assert not answer(survey, fill(survey), member=member, idempotency_key="double").created
    assert Response.objects.filter(survey=survey).count() == 1


def test_an_invited_form_sent_twice_gives_one_answer_and_no_error_V_D_4(persona) -> None:
    survey = open_survey(persona, access=Survey.Access.INVITATION)
    _batch, (token,) = responses.invitations_make(actor=persona("oee"), survey=survey, count=1)
    first = answer(survey, fill(survey), invitation_token=token, idempotency_key="dbl")
    second = answer(survey, fill(survey), invitation_token=token, idempotency_key="dbl")
    assert (first.created, second.created) == (True, False)
    assert Response.objects.filter(survey=survey).count() == 1


# --- paper and phone ----------------------------------------------------------------------------


def test_staff_enter_a_paper_answer_marked_with_its_channel(persona) -> None:
    oee = persona("oee")
    survey = open_survey(persona, audience=Survey.Audience.BOTH)
    day = timezone.localdate() - datetime.timedelta(days=1)
    before = set(AuditEvent.objects.values_list("pk", flat=True))
    result = responses.response_enter(
        actor=oee,
        survey=survey,
        raw=form(survey, q1="yes", q2="Written on the paper form at the district council.", q3="1"),
        channel=Response.Channel.PAPER,
        audience=Response.Audience.PUBLIC,
        language="es",
        received_on=day,
    )
    assert result.created
    stored = Response.objects.get(survey=survey)
    assert (stored.channel, stored.audience, stored.language, stored.received_on) == (
        "paper",
        "public",
        "es",
        day,
    )
    (event,) = AuditEvent.objects.exclude(pk__in=before)
    assert event.action == "survey.response_enter" and event.actor == oee
    trail = " ".join(
        str(v) for v in (event.object_id, event.object_repr, event.before, event.after, event.note)
    )
    assert str(stored.pk) not in trail and stored.pk.hex not in trail
    assert "district council" not in trail


def test_staff_enter_a_phone_answer_of_a_department_member(persona) -> None:
    survey = open_survey(persona, audience=Survey.Audience.BOTH)
    responses.response_enter(
        actor=persona("ocpr"),
        survey=survey,
        raw=fill(survey),
        channel=Response.Channel.PHONE,
        audience=Response.Audience.DEPARTMENT,
    )
    stored = Response.objects.get(survey=survey)
    assert (stored.channel, stored.audience, stored.received_on) == (
        "phone",
        "department",
        timezone.localdate(),
    )
    assert not Answered.objects.exists()


def test_paper_entry_refuses_web_channel_foreign_audience_and_future_date(persona) -> None:
    survey = open_survey(persona)  # the public only
    with pytest.raises(FieldsInvalid) as err:
        responses.response_enter(
            actor=persona("oee"),
            survey=survey,
            raw=form(survey, q3="9"),
            channel="web",
            audience="department",
            received_on=timezone.localdate() + datetime.timedelta(days=1),
        )
    assert {"channel", "audience", "received_on", "q-q1", "q-q3"} <= set(err.value.errors)
    assert not Response.objects.exists()


def test_paper_entry_is_for_survey_managers_once_the_survey_opened(persona) -> None:
    draft = draft_survey(persona)
    with pytest.raises(IllegalTransition):
        responses.response_enter(
            actor=persona("oee"), survey=draft, raw=fill(draft), channel="paper", audience="public"
        )
    survey = open_survey(persona)
    for key in ("department_member", "communications", "rd"):
        with pytest.raises(NotAllowed):
            responses.response_enter(
                actor=persona(key),
                survey=survey,
                raw=fill(survey),
                channel="paper",
                audience="public",
            )
    assert not Response.objects.exists()


def test_paper_entry_after_closing_is_taken_and_typed_once(persona) -> None:
    oee = persona("oee")
    survey = services.survey_close(actor=oee, survey=open_survey(persona))
    for _attempt in range(2):
        responses.response_enter(
            actor=oee,
            survey=survey,
            raw=fill(survey),
            channel="paper",
            audience="public",
            idempotency_key="paper-42",
        )
    assert Response.objects.filter(survey=survey, channel="paper").count() == 1
    assert AuditEvent.objects.filter(action="survey.response_enter").count() == 1


# --- invitations to registrants (V-D-4) ---------------------------------------------------------


def _post_engagement(persona) -> tuple[Survey, Any]:  # type: ignore[no-untyped-def]
    activity = public_activity(persona)
    meeting = scheduled_meeting(persona, activity=activity)
    survey = post_engagement_create(actor=persona("oee"), activity=activity, meeting=meeting)
    survey = services.survey_schedule(actor=persona("oee"), survey=survey)
    survey = services.survey_open(actor=persona("oee"), survey=survey)
    return survey, meeting


def _register(meeting, name: str, *, follow_up_ok: bool, language: str = "") -> Registration:  # type: ignore[no-untyped-def]
    return reg.registration_submit(
        meeting=meeting,
        name=name,
        email=name.split()[0].lower() + "@example.org",
        needs=[],
        follow_up_ok=follow_up_ok,
        language=language,
    ).registration


LINK = re.compile(r"https?://[^\s]+/surveys/(?P<slug>[^/\s]+)/i/(?P<token>[^/\s]+)/")


def _links(survey: Survey) -> dict[str, str]:
    """Each emailed invitation: recipient -> token, from the mail sent for the survey."""
    out = {}
    for message in mail.outbox:
        match = LINK.search(message.body)
        if match and match["slug"] == survey.slug:
            (recipient,) = message.to
            assert recipient not in out, "one invitation per registrant"
            out[recipient] = match["token"]
    return out


def test_invitations_go_once_to_registrants_who_agreed_and_did_not_cancel_V_D_4(
    persona, django_capture_on_commit_callbacks
) -> None:
    oee = persona("oee")
    survey, meeting = _post_engagement(persona)
    ana = _register(meeting, "Ana Torres", follow_up_ok=True)
    _register(meeting, "Ben Okoye", follow_up_ok=False)
    chen = _register(meeting, "Chen Wei", follow_up_ok=True)
    reg.registration_cancel(registration=chen)
    dorota = _register(meeting, "Dorota Nowak", follow_up_ok=True, language="pl")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        batch = responses.invitations_send(actor=oee, survey=survey, meeting=meeting)
    assert batch.kind == InvitationBatch.Kind.REGISTRANTS and batch.count == 2
    assert set(batch.registrations.all()) == {ana, dorota}
    links = _links(survey)
    assert set(links) == {"ana@example.org", "dorota@example.org"}
    assert len(mail.outbox) == 2
    assert "/pl/surveys/" in next(m.body for m in mail.outbox if m.to == ["dorota@example.org"])
    for token in links.values():
        assert responses.invitation_valid(survey=survey, token=token)
    # A later registrant gets one in a second sending; nobody gets a second one.
    eve = _register(meeting, "Eve Johnson", follow_up_ok=True)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        again = responses.invitations_send(actor=oee, survey=survey, meeting=meeting)
    assert list(again.registrations.all()) == [eve]
    assert set(_links(survey)) == {"eve@example.org"}
    with pytest.raises(IllegalTransition):
        responses.invitations_send(actor=oee, survey=survey, meeting=meeting)
    assert Invitation.objects.filter(survey=survey).count() == 3


def test_the_emailed_link_answers_once_V_D_4(persona, django_capture_on_commit_callbacks) -> None:
    survey, meeting = _post_engagement(persona)
    _register(meeting, "Ana Torres", follow_up_ok=True)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        responses.invitations_send(actor=persona("oee"), survey=survey, meeting=meeting)
    token = _links(survey)["ana@example.org"]
    raw = form(survey, q2="4", q6="Hold it earlier in the evening, please.")
    assert answer(survey, raw, invitation_token=token).created
    with pytest.raises(IllegalTransition):
        answer(survey, raw, invitation_token=token)
    assert Response.objects.filter(survey=survey).count() == 1


def test_invitation_rows_hold_no_registration_and_the_link_only_travels_by_mail(
    persona, django_capture_on_commit_callbacks
) -> None:
    survey, meeting = _post_engagement(persona)
    ana = _register(meeting, "Ana Torres", follow_up_ok=True)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        responses.invitations_send(actor=persona("oee"), survey=survey, meeting=meeting)
    assert {f.name for f in Invitation._meta.get_fields()} == {
        "id",
        "survey",
        "batch",
        "token_hash",
        "used",
    }
    (invitation,) = Invitation.objects.filter(survey=survey)
    assert invitation.batch_id is None  # a one-person sending must not tell who answered
    values = " ".join(str(getattr(invitation, f.attname)) for f in Invitation._meta.fields)
    for secret in (ana.email, ana.name, ana.token, _links(survey)["ana@example.org"]):
        assert secret not in values
    event = AuditEvent.objects.get(action="survey.invitations_send")
    assert _links(survey)["ana@example.org"] not in str(event.after)


def test_invitation_recipients_are_shuffled_before_the_links_are_made(
    persona, django_capture_on_commit_callbacks, monkeypatch
) -> None:
    """The order of the links says nothing about who got which: the worker mails them in the
    shuffled order (here a reversing shuffle, to see that it is the one used)."""
    survey, meeting = _post_engagement(persona)
    names = ["Ana Torres", "Ben Okoye", "Chen Wei", "Dorota Nowak"]
    for name in names:
        _register(meeting, name, follow_up_ok=True)
    shuffled: list[int] = []

    class Reverse:
        def shuffle(self, items: list[Any]) -> None:
            items.reverse()
            shuffled.append(len(items))

    monkeypatch.setattr(responses.random, "SystemRandom", Reverse)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        responses.invitations_send(actor=persona("oee"), survey=survey, meeting=meeting)
    assert shuffled == [4]
    order = [m.to[0] for m in mail.outbox]
    assert order == [n.split()[0].lower() + "@example.org" for n in reversed(names)]


def test_invitations_are_not_sent_for_a_draft_or_closed_survey_or_another_activity(
    persona,
) -> None:
    oee = persona("oee")
    activity = public_activity(persona)
    meeting = scheduled_meeting(persona, activity=activity)
    _register(meeting, "Ana Torres", follow_up_ok=True)
    draft = post_engagement_create(actor=oee, activity=activity, meeting=meeting)
    with pytest.raises(IllegalTransition):
        responses.invitations_send(actor=oee, survey=draft, meeting=meeting)
    with pytest.raises(NotAllowed):
        responses.invitations_send(
            actor=persona("department_member"), survey=draft, meeting=meeting
        )
    survey, other_meeting = _post_engagement(persona)
    with pytest.raises(Exception, match="activity"):
        responses.invitations_send(actor=oee, survey=survey, meeting=meeting)
    survey = services.survey_close(actor=oee, survey=survey)
    with pytest.raises(IllegalTransition):
        responses.invitations_send(actor=oee, survey=survey, meeting=other_meeting)
    assert not Invitation.objects.exists()
