"""Recommendations and ballots: members draft and amend together (every version kept), vote
once each in a window or at a meeting, and the result forwards the recommendation to the
Department and into the engagement's feedback pool (seed 002 V-C-1, V-C-11, V-D-3)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from townhall.accounts.models import User
from townhall.bodies import permissions, rules
from townhall.bodies.models import Ballot, Body, Member, Recommendation, RecommendationVersion, Vote
from townhall.bodies.services import BodyInvalid, _convening_emails
from townhall.core.audit import audit_record
from townhall.core.errors import IllegalTransition, NotAllowed
from townhall.core.mail import absolute_url, emails_for_roles, mail_on_commit
from townhall.core.text import one_line
from townhall.directives.models import Section
from townhall.directives.selectors import current_version
from townhall.meetings.models import Meeting

__all__ = [
    "RecommendationInvalid",
    "ballot_close",
    "ballot_open",
    "ballots_close_due",
    "recommendation_amend",
    "recommendation_draft",
    "recommendation_withdraw",
    "vote_cast",
    "vote_record",
]

#: Where the text of a recommendation can change: while drafted, or after a ballot that did
#: not forward it (amended, it may be put to a vote again).
AMENDABLE = (Recommendation.Status.DRAFT, Recommendation.Status.NOT_FORWARDED)


class RecommendationInvalid(BodyInvalid):
    """Field-level problems with a recommendation's text or a ballot."""


def _serving(member: Member) -> None:
    if member.status != Member.Status.ACTIVE:
        raise NotAllowed(_("You no longer serve on this body; your link is closed."))
    if member.body.status != Body.Status.ACTIVE:
        raise IllegalTransition(_("This body is not active."))


def _clean_text(
    *, body: Body, title: str, text: str, section: str, rationale: str
) -> dict[str, str]:
    errors: dict[str, str] = {}
    title = one_line(title)
    if not title:
        errors["title"] = _("Give the recommendation a title.")
    elif len(title) > 300:
        errors["title"] = _("The title is too long: at most 300 characters.")
    text = text.replace("\r\n", "\n").strip()
    if not text:
        errors["text"] = _("Write the recommendation.")
    elif len(text) > 20000:
        errors["text"] = _("Please keep this to 20,000 characters.")
    rationale = rationale.replace("\r\n", "\n").strip()
    if len(rationale) > 20000:
        errors["rationale"] = _("Please keep this to 20,000 characters.")
    section = one_line(section)[:120]
    if section and body.directive_id:
        # An item of the directive is named by its number ("V-C-1"), as the directive writes
        # it; it must exist in the version the body reviews, so the chain can link to it.
        version = current_version(body.directive) if body.directive else None
        if version is not None:
            anchors = {
                a.upper(): a
                for a in Section.objects.filter(version=version).values_list("anchor", flat=True)
            }
            found = anchors.get(section.upper().replace(" ", "").rstrip("."))
            if found is None:
                errors["section"] = _(
                    "There is no item %(item)s in the directive; write its number as in the "
                    "text, e.g. V-C-1."
                ) % {"item": section}
            else:
                section = found
    if errors:
        raise RecommendationInvalid(errors)
    return {"title": title, "text": text, "section": section, "rationale": rationale}


def recommendation_draft(
    *, member: Member, title: str, text: str, section: str = "", rationale: str = ""
) -> Recommendation:
    """A member starts a recommendation: the first version, numbered in the body (R-1, R-2)."""
    _serving(member)
    body = member.body
    values = _clean_text(body=body, title=title, text=text, section=section, rationale=rationale)
    with transaction.atomic():
        Body.objects.select_for_update().filter(pk=body.pk).first()
        number = (body.recommendations.aggregate(n=Max("number"))["n"] or 0) + 1
        recommendation = Recommendation.objects.create(
            body=body,
            number=number,
            directive_version=current_version(body.directive) if body.directive else None,
            created_by=member,
        )
        RecommendationVersion.objects.create(
            recommendation=recommendation, number=1, author=member, **values
        )
        audit_record(
            actor=None,
            actor_label=f"member:{member.pk}",
            action="recommendation.draft",
            obj=recommendation,
            after={"title": values["title"], "section": values["section"]},
        )
    return recommendation


def recommendation_amend(
    *,
    member: Member,
    recommendation: Recommendation,
    title: str,
    text: str,
    section: str = "",
    rationale: str = "",
    note: str = "",
) -> RecommendationVersion:
    """Any member amends the text: a new version, the earlier ones kept. Not while it is put
    to a vote, nor once forwarded."""
    _serving(member)
    if member.body_id != recommendation.body_id:
        raise NotAllowed(_("This recommendation belongs to another body."))
    values = _clean_text(
        body=member.body, title=title, text=text, section=section, rationale=rationale
    )
    with transaction.atomic():
        locked = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
        if locked.status not in AMENDABLE:
            raise IllegalTransition(_refused_amendment(locked))
        latest = locked.versions.order_by("-number").first()
        assert latest is not None  # a recommendation is created with its first version
        if all(getattr(latest, k) == v for k, v in values.items()):
            raise RecommendationInvalid({"text": _("Nothing was changed.")})
        version = RecommendationVersion.objects.create(
            recommendation=locked,
            number=latest.number + 1,
            author=member,
            note=one_line(note)[:300],
            **values,
        )
        before = {"status": locked.status}
        if locked.status != Recommendation.Status.DRAFT:
            locked.status = Recommendation.Status.DRAFT
            locked.save(update_fields=["status"])
        audit_record(
            actor=None,
            actor_label=f"member:{member.pk}",
            action="recommendation.amend",
            obj=locked,
            before=before,
            after={"version": version.number, "status": locked.status},
        )
    return version


def _refused_amendment(recommendation: Recommendation) -> str:
    if recommendation.status == Recommendation.Status.VOTING:
        return str(
            _("The members are voting on this text: it cannot change until the vote closes.")
        )
    if recommendation.status == Recommendation.Status.FORWARDED:
        return str(_("This recommendation was forwarded to the Department as voted."))
    return str(_("This recommendation was withdrawn."))


def recommendation_withdraw(
    *, actor: User, recommendation: Recommendation, reason: str
) -> Recommendation:
    """Staff withdraw a draft at the body's request; it stays in the record as withdrawn."""
    if not permissions.can_manage_body(actor, recommendation.body):
        raise NotAllowed(_("Your role cannot manage this body."))
    reason = reason.strip()
    if not reason:
        raise RecommendationInvalid({"reason": _("Record why it is withdrawn.")})
    with transaction.atomic():
        locked = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
        if locked.status not in AMENDABLE:
            raise IllegalTransition(
                _("Only a recommendation that is not voted on or forwarded can be withdrawn.")
            )
        locked.status = Recommendation.Status.WITHDRAWN
        locked.withdrawn_reason = reason
        locked.save(update_fields=["status", "withdrawn_reason"])
        audit_record(
            actor=actor,
            action="recommendation.withdraw",
            obj=locked,
            after={"status": "withdrawn"},
            note=reason,
        )
    return locked


# -- Ballots ---------------------------------------------------------------------------------


def ballot_open(
    *,
    actor: User,
    recommendation: Recommendation,
    method: str,
    closes_at: datetime.datetime | None = None,
    meeting: Meeting | None = None,
) -> Ballot:
    """Puts the latest version to a vote. The roll (serving members who vote) and the body's
    quorum and threshold are fixed now, so a later change cannot rewrite the result."""
    body = recommendation.body
    if not permissions.can_manage_body(actor, body):
        raise NotAllowed(_("Your role cannot manage this body."))
    now = timezone.now()
    errors: dict[str, str] = {}
    if method == Ballot.Method.WINDOW:
        if closes_at is None or closes_at <= now:
            errors["closes_at"] = _("The vote must close in the future.")
        meeting = None
    elif method == Ballot.Method.MEETING:
        if meeting is None or meeting.body_id != body.pk:
            errors["meeting"] = _("Choose one of this body's meetings.")
        elif meeting.status == Meeting.Status.CANCELLED:
            errors["meeting"] = _("This meeting was cancelled.")
        closes_at = None
    else:
        errors["method"] = _("Choose how the members vote.")
    if errors:
        raise RecommendationInvalid(errors)
    with transaction.atomic():
        locked = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
        if locked.status != Recommendation.Status.DRAFT:
            raise IllegalTransition(_("Only a recommendation being drafted can be put to a vote."))
        if body.status != Body.Status.ACTIVE:
            raise IllegalTransition(_("This body is not active."))
        # Facilitators guide the body; they do not vote (Member.can_vote, as a query).
        roll = list(
            body.members.filter(status=Member.Status.ACTIVE)
            .exclude(role=Member.Role.FACILITATOR)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        if not roll:
            raise IllegalTransition(_("The body has no serving members who vote."))
        version = locked.versions.order_by("-number").first()
        assert version is not None
        ballot = Ballot.objects.create(
            recommendation=locked,
            version=version,
            method=method,
            meeting=meeting,
            opens_at=now,
            closes_at=closes_at,
            eligible=roll,
            quorum_percent=body.quorum_percent,
            threshold=body.threshold,
            opened_by=actor,
        )
        locked.status = Recommendation.Status.VOTING
        locked.save(update_fields=["status"])
        audit_record(
            actor=actor,
            action="ballot.open",
            obj=locked,
            after={
                "ballot": ballot.pk,
                "version": version.number,
                "method": method,
                "closes_at": closes_at.isoformat() if closes_at else None,
                "eligible": roll,
            },
        )
        if method == Ballot.Method.WINDOW:
            for member in body.members.filter(pk__in=roll).exclude(email=""):
                mail_on_commit(
                    to=[member.email],
                    subject=_("%(body)s: vote on %(code)s by %(when)s")
                    % {
                        "body": body.name,
                        "code": locked.code,
                        "when": timezone.localtime(closes_at).strftime("%Y-%m-%d %H:%M")
                        if closes_at
                        else "",
                    },
                    body=_("Read the recommendation and vote on your page:\n%(url)s")
                    % {"url": absolute_url("bodies:member", token=member.token)},
                )
    return ballot


def _window_open(ballot: Ballot, now: datetime.datetime) -> bool:
    return (
        ballot.status == Ballot.Status.OPEN
        and ballot.opens_at <= now
        and (ballot.closes_at is None or now < ballot.closes_at)
    )


def vote_cast(*, member: Member, ballot: Ballot, choice: str) -> Vote:
    """A member votes for, against or abstains, once, during the window. A second vote by the
    same member is refused: the first stands."""
    _serving(member)
    if choice not in Vote.Choice.values:
        raise RecommendationInvalid({"choice": _("Choose for, against or abstain.")})
    if ballot.method != Ballot.Method.WINDOW:
        raise IllegalTransition(_("This vote is taken at the meeting and recorded by the clerk."))
    if member.pk not in ballot.eligible:
        raise NotAllowed(_("You were not on the roll of voting members when this vote opened."))
    try:
        with transaction.atomic():
            locked = Ballot.objects.select_for_update().get(pk=ballot.pk)
            if not _window_open(locked, timezone.now()):
                raise IllegalTransition(_("This vote is closed."))
            vote = Vote.objects.create(ballot=locked, member=member, choice=choice)
            audit_record(
                actor=None,
                actor_label=f"member:{member.pk}",
                action="vote.cast",
                obj=locked,
                after={"member": member.pk, "choice": choice},
            )
    except IntegrityError:
        raise IllegalTransition(_("You have already voted on this recommendation.")) from None
    return vote


def vote_record(*, actor: User, ballot: Ballot, choices: Mapping[int, str]) -> list[Vote]:
    """The clerk records the votes taken at the meeting, member by member. A member whose
    vote is recorded cannot be recorded again."""
    if not permissions.can_manage_body(actor, ballot.recommendation.body):
        raise NotAllowed(_("Your role cannot manage this body."))
    if ballot.method != Ballot.Method.MEETING:
        raise IllegalTransition(_("The members vote on their own pages in this ballot."))
    unknown = [pk for pk in choices if pk not in ballot.eligible]
    if unknown:
        raise RecommendationInvalid({"choices": _("Record votes only for members on the roll.")})
    if any(c not in Vote.Choice.values for c in choices.values()):
        raise RecommendationInvalid({"choices": _("Choose for, against or abstain.")})
    if not choices:
        raise RecommendationInvalid({"choices": _("Record at least one member's vote.")})
    with transaction.atomic():
        locked = Ballot.objects.select_for_update().get(pk=ballot.pk)
        if locked.status != Ballot.Status.OPEN:
            raise IllegalTransition(_("This vote is closed."))
        already = set(
            locked.votes.filter(member_id__in=list(choices)).values_list("member__name", flat=True)
        )
        if already:
            raise IllegalTransition(
                _("A vote is already recorded for: %(names)s.")
                % {"names": ", ".join(sorted(already))}
            )
        votes = [
            Vote.objects.create(ballot=locked, member_id=pk, choice=c, recorded_by=actor)
            for pk, c in sorted(choices.items())
        ]
        audit_record(
            actor=actor,
            action="vote.record",
            obj=locked,
            after={"votes": {str(pk): c for pk, c in sorted(choices.items())}},
        )
    return votes


def _close(ballot: Ballot, *, actor: User | None) -> Ballot:
    """Computes the result once, under the ballot's lock, and forwards or not."""
    choices = list(ballot.votes.values_list("choice", flat=True))
    result = rules.tally(
        choices,
        eligible=len(ballot.eligible),
        quorum_percent=ballot.quorum_percent,
        threshold=ballot.threshold,
    )
    now = timezone.now()
    ballot.status = Ballot.Status.CLOSED
    ballot.closed_at = now
    ballot.votes_for = result.votes_for
    ballot.votes_against = result.votes_against
    ballot.abstentions = result.abstentions
    ballot.quorum_met = result.quorum_met
    ballot.passed = result.passed
    ballot.save()
    recommendation = (
        Recommendation.objects.select_for_update()
        .select_related("body")
        .get(pk=ballot.recommendation_id)
    )
    if result.passed:
        recommendation.status = Recommendation.Status.FORWARDED
        recommendation.forwarded_at = now
    else:
        recommendation.status = Recommendation.Status.NOT_FORWARDED
    recommendation.save(update_fields=["status", "forwarded_at"])
    audit_record(
        actor=actor,
        actor_label=None if actor else "worker",
        action="ballot.close",
        obj=recommendation,
        after={
            "ballot": ballot.pk,
            "for": result.votes_for,
            "against": result.votes_against,
            "abstain": result.abstentions,
            "eligible": result.eligible,
            "quorum_met": result.quorum_met,
            "passed": result.passed,
        },
    )
    if result.passed:
        _forward(recommendation, ballot)
    return ballot


def _forward(recommendation: Recommendation, ballot: Ballot) -> None:
    """V-D-3, VI-B-5: what the body recommends is feedback heard in the engagement; it joins
    each engagement's pool, and the units that answer it are told."""
    from townhall.feedback.analysis import pool_add
    from townhall.feedback.analysis_models import FeedbackItem
    from townhall.meetings.written import engagement_posting

    body = recommendation.body
    version = ballot.version
    text = "\n\n".join(p for p in (version.title, version.text, version.rationale) if p)
    for engagement in body.engagements.all():
        pool_add(
            engagement=engagement,
            posting=engagement_posting(engagement),
            source=FeedbackItem.Source.BODY_RECOMMENDATION,
            source_ref=f"bodies.Recommendation:{recommendation.pk}:e{engagement.pk}",
            text=text,
            section=version.section if body.directive_id else "",
            received_at=recommendation.forwarded_at or timezone.now(),
            channel="body",
        )
    mail_on_commit(
        to=sorted(
            set(_convening_emails(body))
            | set(emails_for_roles(*permissions.responsible_roles(body)))
        ),
        subject=_("%(body)s forwards %(code)s: %(title)s")
        % {"body": body.name, "code": recommendation.code, "title": version.title},
        body=_(
            "The members voted to forward this recommendation to the Department "
            "(%(for)d for, %(against)d against, %(abstain)d abstaining). It needs the "
            "Department's official response.\n%(url)s"
        )
        % {
            "for": ballot.votes_for or 0,
            "against": ballot.votes_against or 0,
            "abstain": ballot.abstentions or 0,
            "url": absolute_url("staff:bodies:recommendation", pk=recommendation.pk),
        },
    )


def ballot_close(*, actor: User, ballot: Ballot) -> Ballot:
    """The clerk closes a vote taken at a meeting once every vote is recorded; a window closes
    by itself at its time."""
    if not permissions.can_manage_body(actor, ballot.recommendation.body):
        raise NotAllowed(_("Your role cannot manage this body."))
    with transaction.atomic():
        locked = Ballot.objects.select_for_update().get(pk=ballot.pk)
        if locked.status != Ballot.Status.OPEN:
            raise IllegalTransition(_("This vote is closed."))
        if locked.method != Ballot.Method.MEETING:
            raise IllegalTransition(
                _("This vote closes by itself at %(when)s; the members were told that time.")
                % {
                    "when": timezone.localtime(locked.closes_at).strftime("%Y-%m-%d %H:%M")
                    if locked.closes_at
                    else ""
                }
            )
        return _close(locked, actor=actor)


def ballots_close_due(*, now: datetime.datetime | None = None) -> int:
    """The worker closes every window that has ended; running it twice closes nothing twice."""
    now = now or timezone.now()
    closed = 0
    for pk in Ballot.objects.filter(
        status=Ballot.Status.OPEN, method=Ballot.Method.WINDOW, closes_at__lte=now
    ).values_list("pk", flat=True):
        with transaction.atomic():
            locked = (
                Ballot.objects.select_for_update().filter(pk=pk, status=Ballot.Status.OPEN).first()
            )
            if locked is None:
                continue
            _close(locked, actor=None)
            closed += 1
    return closed
