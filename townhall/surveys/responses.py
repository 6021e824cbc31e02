"""Answers and invitations (seed 002 V-C-2, V-D-4): a resident's or a Department member's
answer, staff's entry of a paper or phone answer, and the single-use invitation links.

None of these writes an audit row for a web answer: an audit row holds a time and an actor,
which is exactly what an anonymous answer must not have. The count of answers is the record.
"""

from __future__ import annotations

import datetime
import hashlib
import random
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from townhall.accounts.models import User
from townhall.core.audit import audit_record
from townhall.core.errors import DomainError, FieldsInvalid, IllegalTransition, NotAllowed
from townhall.core.mail import absolute_url
from townhall.meetings.models import Meeting, Registration
from townhall.surveys import permissions
from townhall.surveys.answers import clean_answers
from townhall.surveys.models import (
    Answered,
    Invitation,
    InvitationBatch,
    Response,
    SubmissionKey,
    Survey,
)
from townhall.surveys.services import pool_free_text

__all__ = [
    "MAX_HANDOUT",
    "Submitted",
    "answers_exported",
    "closed_message",
    "invitation_valid",
    "invitations_make",
    "invitations_send",
    "response_enter",
    "response_submit",
    "token_hash",
]

MAX_HANDOUT = 2000


@dataclass(frozen=True)
class Submitted:
    """No receipt: a code the person could be asked to show would link them to the answer."""

    created: bool


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_valid(*, survey: Survey, token: str) -> bool:
    """Whether `token` is an unused invitation to `survey` (for the form, before answering)."""
    if not token or len(token) > 100:
        return False
    return Invitation.objects.filter(
        survey=survey, token_hash=token_hash(token), used=False
    ).exists()


def closed_message(survey: Survey) -> str:
    """Why a survey takes no more answers because it has closed, or "" while it may."""
    past_closing = survey.closes_at is not None and survey.closes_at <= timezone.now()
    if survey.status == Survey.Status.CLOSED or past_closing:
        return _("This survey has closed. Thank you for wanting to take part.")
    return ""


def _accepting(survey: Survey) -> None:
    closed = closed_message(survey)
    if closed:
        raise IllegalTransition(closed)
    if survey.status != Survey.Status.OPEN:
        raise IllegalTransition(_("This survey is not open yet."))


def response_submit(
    *,
    survey: Survey,
    raw: Mapping[str, Sequence[str]],
    language: str,
    member: User | None = None,
    invitation_token: str = "",
    idempotency_key: str | None = None,
) -> Submitted:
    """Store one person's answers, unlinked. `member` is the signed-in Department member
    answering as one (V-C-2): recorded as having answered, apart from the answer. For an
    invitation-only survey the public need an unused link, which this answer uses up. The
    same form sent twice (its one-time key) is taken once."""
    # Before the other checks: the first sending has used the invitation (or closed the
    # window), and its double must get the same "thank you", not a refusal.
    if idempotency_key and SubmissionKey.objects.filter(key=idempotency_key).exists():
        return Submitted(created=False)
    _accepting(survey)
    if member is not None:
        if not survey.for_department:
            raise NotAllowed(_("This survey is for the public; sign out to answer it."))
        if not permissions.can_answer_as_member(member):
            raise NotAllowed(_("Only Department members can answer this survey."))
        audience = Response.Audience.DEPARTMENT
    else:
        if not survey.for_public:
            raise NotAllowed(_("This survey is for Department members: please sign in."))
        audience = Response.Audience.PUBLIC
    invitation_needed = audience == Response.Audience.PUBLIC and (
        survey.access == Survey.Access.INVITATION
    )
    if invitation_needed and not invitation_valid(survey=survey, token=invitation_token):
        raise IllegalTransition(
            _(
                "This invitation link has already been used, or is not for this survey. Each "
                "link can answer once."
            )
        )
    questions = list(survey.questions.order_by("position", "id"))
    answers = clean_answers(questions, raw)
    if not answers:
        raise FieldsInvalid({"__all__": _("Answer at least one question before sending.")})
    try:
        with transaction.atomic():
            if idempotency_key:
                SubmissionKey.objects.create(key=idempotency_key)
            if invitation_needed:
                used = Invitation.objects.filter(
                    survey=survey, token_hash=token_hash(invitation_token), used=False
                ).update(used=True)
                if not used:
                    raise IllegalTransition(
                        _("This invitation link has already been used. Each link can answer once.")
                    )
            if member is not None:
                try:
                    with transaction.atomic():
                        Answered.objects.create(survey=survey, user=member)
                except IntegrityError as exc:
                    raise IllegalTransition(
                        _("You have already answered this survey. Thank you.")
                    ) from exc
            Response.objects.create(
                survey=survey,
                audience=audience,
                channel=Response.Channel.WEB,
                language=language[:10],
                answers=answers,
            )
    except IntegrityError:
        # The one-time key was taken: this form was already sent (a double click).
        return Submitted(created=False)
    return Submitted(created=True)


def response_enter(
    *,
    actor: User,
    survey: Survey,
    raw: Mapping[str, Sequence[str]],
    channel: str,
    audience: str,
    language: str = "en",
    received_on: datetime.date | None = None,
    idempotency_key: str | None = None,
) -> Submitted:
    """Staff type in an answer given on paper or by phone, marked with its channel. Allowed
    while the survey is open and after it closed (the post is slow), not before."""
    if not permissions.can_manage_survey(actor, survey):
        raise NotAllowed(_("Your role cannot enter answers to this survey."))
    if survey.status not in (Survey.Status.OPEN, Survey.Status.CLOSED):
        raise IllegalTransition(_("Answers can be entered once the survey has opened."))
    errors: dict[str, str] = {}
    if channel not in (Response.Channel.PAPER, Response.Channel.PHONE):
        errors["channel"] = _("Choose paper or phone.")
    allowed: dict[str, bool] = {
        Response.Audience.PUBLIC.value: survey.for_public,
        Response.Audience.DEPARTMENT.value: survey.for_department,
    }
    if not allowed.get(audience, False):
        errors["audience"] = _("Choose who gave this answer: the survey does not ask them.")
    day = received_on if received_on is not None else timezone.localdate()
    if day > timezone.localdate():
        errors["received_on"] = _("The date cannot be in the future.")
    questions = list(survey.questions.order_by("position", "id"))
    try:
        answers = clean_answers(questions, raw)
    except FieldsInvalid as exc:
        errors.update(exc.errors)
        answers = {}
    if not errors and not answers:
        errors["__all__"] = _("Answer at least one question before saving.")
    if errors:
        raise FieldsInvalid(errors)
    try:
        with transaction.atomic():
            if idempotency_key:
                SubmissionKey.objects.create(key=idempotency_key)
            Response.objects.create(
                survey=survey,
                audience=audience,
                channel=channel,
                language=language[:10],
                received_on=day,
                answers=answers,
            )
            # Who typed it and when is worth keeping; which answer it was is not.
            audit_record(
                actor=actor,
                action="survey.response_enter",
                obj=survey,
                after={"channel": channel, "audience": audience},
            )
            if survey.pooled_at is not None:
                pool_free_text(survey)
    except IntegrityError:
        return Submitted(created=False)
    return Submitted(created=True)


def answers_exported(*, actor: User, survey: Survey, fmt: str) -> None:
    """Taking the answers themselves out of the application is recorded: who, when, in what
    format. The export itself is read-only."""
    if not permissions.can_manage_survey(actor, survey):
        raise NotAllowed(_("Your role cannot export this survey's answers."))
    audit_record(actor=actor, action="survey.answers_export", obj=survey, after={"format": fmt})


def _new_invitations(survey: Survey, batch: InvitationBatch | None, count: int) -> list[str]:
    tokens = [secrets.token_urlsafe(18) for _i in range(count)]
    Invitation.objects.bulk_create(
        Invitation(survey=survey, batch=batch, token_hash=token_hash(t)) for t in tokens
    )
    return tokens


def invitations_make(
    *, actor: User, survey: Survey, count: int
) -> tuple[InvitationBatch, list[str]]:
    """Single-use links for staff to hand out (printed, or sent by a unit to its members).
    The links are returned once, to download; only their hashes are kept."""
    if not permissions.can_manage_survey(actor, survey):
        raise NotAllowed(_("Your role cannot manage this survey."))
    if survey.status == Survey.Status.CLOSED:
        raise IllegalTransition(_("This survey has closed."))
    if not 1 <= count <= MAX_HANDOUT:
        raise FieldsInvalid({"count": _("Make between 1 and %(n)d links.") % {"n": MAX_HANDOUT}})
    with transaction.atomic():
        batch = InvitationBatch.objects.create(
            survey=survey, kind=InvitationBatch.Kind.HANDOUT, count=count, created_by=actor
        )
        tokens = _new_invitations(survey, batch, count)
        audit_record(
            actor=actor, action="survey.invitations_make", obj=survey, after={"count": count}
        )
    return batch, tokens


def invitations_send(*, actor: User, survey: Survey, meeting: Meeting) -> InvitationBatch:
    """V-D-4: email each registrant of `meeting` who agreed to be contacted one single-use
    link, once. The links are made and mailed by the worker one by one, so no queued task
    holds a link, and the recipients are shuffled first so the order of the links says
    nothing about who got which."""
    if not permissions.can_manage_survey(actor, survey):
        raise NotAllowed(_("Your role cannot manage this survey."))
    if survey.status == Survey.Status.CLOSED:
        raise IllegalTransition(_("This survey has closed."))
    if survey.status == Survey.Status.DRAFT:
        raise IllegalTransition(_("Schedule the survey before sending its invitations."))
    if meeting.activity_id != survey.activity_id:
        raise DomainError(_("Choose one of this activity's meetings."))
    already = set(
        InvitationBatch.objects.filter(survey=survey).values_list("registrations", flat=True)
    )
    recipients = [
        r
        for r in meeting.registrations.filter(follow_up_ok=True).exclude(
            status=Registration.Status.CANCELLED
        )
        if r.pk not in already
    ]
    if not recipients:
        raise IllegalTransition(
            _("Nobody left to invite: no registrant agreed to be contacted, or all were sent one.")
        )
    random.SystemRandom().shuffle(recipients)
    from townhall.surveys.tasks import send_invitation_task

    with transaction.atomic():
        batch = InvitationBatch.objects.create(
            survey=survey,
            kind=InvitationBatch.Kind.REGISTRANTS,
            meeting=meeting,
            count=len(recipients),
            created_by=actor,
        )
        batch.registrations.set(recipients)
        audit_record(
            actor=actor,
            action="survey.invitations_send",
            obj=survey,
            after={"meeting": meeting.pk, "count": len(recipients)},
        )
        ids = [r.pk for r in recipients]
        batch_id = batch.pk

        def enqueue() -> None:
            for registration_id in ids:
                send_invitation_task.enqueue(batch_id=batch_id, registration_id=registration_id)

        transaction.on_commit(enqueue)
    return batch


def invitation_mail(*, batch_id: int, registration_id: int) -> bool:
    """The worker's half of `invitations_send`: make one link and email it at once, so the
    link exists only in the message. False when the batch or registrant is gone."""
    batch = InvitationBatch.objects.select_related("survey", "meeting").filter(pk=batch_id).first()
    registration = Registration.objects.filter(pk=registration_id).first()
    if batch is None or registration is None or not registration.follow_up_ok:
        return False
    survey = batch.survey
    with transaction.atomic():
        (token,) = _new_invitations(survey, None, 1)
    language = registration.language or "en"
    with override(language if language in survey.languages else "en"):
        link = absolute_url("surveys:invited", slug=survey.slug, token=token)
        subject = _("How did it go? %(title)s") % {"title": survey.text("title", language)}
        body = render_to_string(
            "surveys/email/invitation.txt",
            {"survey": survey, "meeting": batch.meeting, "link": link, "language": language},
        )
    EmailMessage(
        subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[registration.email]
    ).send()
    return True
