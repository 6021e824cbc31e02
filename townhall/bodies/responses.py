"""The Department's official response to a forwarded recommendation: drafted by the unit that
convenes the body or originated the engagement (VI-C-4), approved by the unit responsible for
the directive or training (VI-D-2, VI-E-2) before it is public, and linked, where adopted, to
the item of the directive's revised version that carries the change (V-D-3, VII-D-5)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from townhall.accounts.models import User
from townhall.bodies import permissions
from townhall.bodies.models import Member, Recommendation, Response
from townhall.bodies.services import BodyInvalid
from townhall.core.audit import audit_record
from townhall.core.errors import IllegalTransition, NotAllowed
from townhall.core.mail import absolute_url, emails_for_roles, mail_on_commit
from townhall.core.text import one_line
from townhall.directives.models import DirectiveVersion, Section

__all__ = [
    "ResponseInvalid",
    "response_approve",
    "response_return",
    "response_save",
    "response_submit",
]

#: Dispositions that change the text, and so link to the item that changed.
CHANGES_TEXT = (Response.Disposition.ADOPTED, Response.Disposition.PARTLY)


class ResponseInvalid(BodyInvalid):
    """Field-level problems with a response."""


def _issued_before(version: DirectiveVersion, reviewed: DirectiveVersion | None) -> bool:
    """An issued version dated no later than the one the body reviewed is not its revision
    (a draft, not yet issued, may be)."""
    if reviewed is None or version.issue_date is None or reviewed.issue_date is None:
        return False
    return version.issue_date <= reviewed.issue_date


def _validate(
    *,
    recommendation: Recommendation,
    disposition: str,
    reasoning: str,
    revised_version: DirectiveVersion | None,
    revised_section: str,
) -> dict[str, object]:
    errors: dict[str, str] = {}
    if disposition not in Response.Disposition.values:
        errors["disposition"] = _("Choose the Department's decision.")
    reasoning = reasoning.replace("\r\n", "\n").strip()
    if not reasoning:
        errors["reasoning"] = _("Give the Department's reasoning: the public reads it.")
    revised_section = one_line(revised_section)[:80]
    body = recommendation.body
    if disposition in CHANGES_TEXT and body.directive_id:
        if revised_version is None:
            errors["revised_version"] = _(
                "An adopted recommendation links to the revised version of the directive "
                "that carries the change."
            )
        elif (
            revised_version.directive_id != body.directive_id
            or revised_version.pk == recommendation.directive_version_id
            or _issued_before(revised_version, recommendation.directive_version)
        ):
            errors["revised_version"] = _(
                "Choose a later version of %(directive)s than the one the body reviewed."
            ) % {"directive": body.directive}
        elif not revised_section:
            errors["revised_section"] = _("Name the item of the revised version that changed.")
        else:
            anchors = {
                a.upper(): a
                for a in Section.objects.filter(version=revised_version).values_list(
                    "anchor", flat=True
                )
            }
            found = anchors.get(revised_section.upper().replace(" ", "").rstrip("."))
            if found is None:
                errors["revised_section"] = _("The revised version has no item %(item)s.") % {
                    "item": revised_section
                }
            else:
                revised_section = found
    elif disposition not in CHANGES_TEXT:
        revised_version, revised_section = None, ""
    if errors:
        raise ResponseInvalid(errors)
    return {
        "disposition": disposition,
        "reasoning": reasoning,
        "revised_version": revised_version,
        "revised_section": revised_section,
    }


def response_save(
    *,
    actor: User,
    recommendation: Recommendation,
    disposition: str,
    reasoning: str,
    revised_version: DirectiveVersion | None = None,
    revised_section: str = "",
) -> Response:
    """Writes (or rewrites) the draft response. A published response is never edited: a new
    draft is written, and on approval it supersedes the published one."""
    if not permissions.can_write_response(actor, recommendation):
        raise NotAllowed(_("Your unit does not answer this body's recommendations."))
    values = _validate(
        recommendation=recommendation,
        disposition=disposition,
        reasoning=reasoning,
        revised_version=revised_version,
        revised_section=revised_section,
    )
    with transaction.atomic():
        locked = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
        if locked.status != Recommendation.Status.FORWARDED:
            raise IllegalTransition(
                _("Only a recommendation the members forwarded gets an official response.")
            )
        draft = locked.responses.filter(
            status__in=[Response.Status.DRAFT, Response.Status.SUBMITTED]
        ).first()
        if draft is not None and draft.status == Response.Status.SUBMITTED:
            raise IllegalTransition(
                _("This response is waiting for approval; it can change once it is returned.")
            )
        if draft is None:
            draft = Response.objects.create(
                recommendation=locked,
                written_by=actor,
                **values,
            )
            action = "response.create"
        else:
            for name, value in values.items():
                setattr(draft, name, value)
            draft.written_by = actor
            draft.written_at = timezone.now()
            draft.save()
            action = "response.update"
        audit_record(
            actor=actor,
            action=action,
            obj=locked,
            after={
                "response": draft.pk,
                "disposition": draft.disposition,
                "revised_version": draft.revised_version_id,
                "revised_section": draft.revised_section,
            },
        )
    return draft


def response_submit(*, actor: User, response: Response) -> Response:
    """Sends the draft to the responsible unit for approval."""
    recommendation = response.recommendation
    if not permissions.can_write_response(actor, recommendation):
        raise NotAllowed(_("Your unit does not answer this body's recommendations."))
    with transaction.atomic():
        locked = Response.objects.select_for_update().get(pk=response.pk)
        if locked.status != Response.Status.DRAFT:
            raise IllegalTransition(_("Only a draft response can be sent for approval."))
        locked.status = Response.Status.SUBMITTED
        locked.submitted_at = timezone.now()
        locked.return_note = ""
        locked.save(update_fields=["status", "submitted_at", "return_note"])
        audit_record(
            actor=actor,
            action="response.submit",
            obj=recommendation,
            after={"response": locked.pk, "status": "submitted"},
        )
        mail_on_commit(
            to=emails_for_roles(*permissions.responsible_roles(recommendation.body)),
            subject=_("Approve the response to %(code)s of %(body)s")
            % {"code": recommendation.code, "body": recommendation.body.name},
            body=_("A response is waiting for your approval before it is published.\n%(url)s")
            % {"url": absolute_url("staff:bodies:recommendation", pk=recommendation.pk)},
        )
    return locked


def _approver(actor: User, response: Response) -> None:
    if not permissions.can_approve_response(actor, response.recommendation):
        raise NotAllowed(
            _("The response is approved by the unit responsible for the directive or training.")
        )
    if response.written_by_id == actor.pk:
        raise NotAllowed(_("Someone other than its writer approves a response."))


def response_return(*, actor: User, response: Response, note: str) -> Response:
    """The approver sends the draft back with what to change."""
    _approver(actor, response)
    note = note.strip()
    if not note:
        raise ResponseInvalid({"note": _("Say what should change.")})
    with transaction.atomic():
        locked = Response.objects.select_for_update().get(pk=response.pk)
        if locked.status != Response.Status.SUBMITTED:
            raise IllegalTransition(_("Only a response waiting for approval can be returned."))
        locked.status = Response.Status.DRAFT
        locked.return_note = note
        locked.save(update_fields=["status", "return_note"])
        audit_record(
            actor=actor,
            action="response.return",
            obj=locked.recommendation,
            after={"response": locked.pk, "status": "draft"},
            note=note,
        )
        writer = locked.written_by.email
        mail_on_commit(
            to=[writer],
            subject=_("The response to %(code)s was returned")
            % {"code": locked.recommendation.code},
            body=note,
        )
    return locked


def response_approve(*, actor: User, response: Response) -> Response:
    """Approval publishes the response; a published earlier one is superseded and stays in
    the record. The members are told."""
    _approver(actor, response)
    with transaction.atomic():
        locked = (
            Response.objects.select_for_update()
            .select_related("recommendation__body")
            .get(pk=response.pk)
        )
        if locked.status != Response.Status.SUBMITTED:
            raise IllegalTransition(_("Only a response waiting for approval can be approved."))
        now = timezone.now()
        Response.objects.filter(
            recommendation_id=locked.recommendation_id, status=Response.Status.PUBLISHED
        ).update(status=Response.Status.SUPERSEDED)
        locked.status = Response.Status.PUBLISHED
        locked.approved_by = actor
        locked.published_at = now
        locked.save(update_fields=["status", "approved_by", "published_at"])
        recommendation = locked.recommendation
        audit_record(
            actor=actor,
            action="response.approve",
            obj=recommendation,
            after={"response": locked.pk, "status": "published", "disposition": locked.disposition},
        )
        body = recommendation.body
        members = body.members.filter(status=Member.Status.ACTIVE).exclude(email="")
        mail_on_commit(
            to=list(members.values_list("email", flat=True)),
            subject=_("The Department answered %(code)s") % {"code": recommendation.code},
            body=_("The Department's response to your recommendation is published:\n%(url)s")
            % {
                "url": absolute_url(
                    "bodies:recommendation", slug=body.slug, number=recommendation.number
                )
            },
        )
    return locked
