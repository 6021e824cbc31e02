"""Preparing, approving and publishing the "what we heard" report (seed 002 V-D-3, VII-D-5).

draft ⇄ submitted → approved → published. Staff generate the data from the record
(build.py) and write the narrative; the unit responsible for the directive or training
approves (VI-D-2, VI-E-2); publishing freezes data and narrative into a new ReportVersion,
which never changes. Any edit after approval or publication takes the report back to a draft,
so what is published is always what was approved; the published versions stay public.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from townhall.accounts.models import User
from townhall.core.audit import audit_record
from townhall.core.errors import FieldsInvalid, IllegalTransition, NotAllowed
from townhall.core.mail import absolute_url, emails_for_roles, mail_on_commit
from townhall.directives.models import DirectiveVersion
from townhall.engagements.models import Engagement
from townhall.reports import permissions
from townhall.reports.build import build, data_hash
from townhall.reports.models import SECTION_KEYS, Report, ReportVersion

__all__ = [
    "NARRATIVE_MAX",
    "report_approve",
    "report_create",
    "report_generate",
    "report_narrative_save",
    "report_publish",
    "report_return",
    "report_submit",
]

NARRATIVE_MAX = 20_000
#: V-D-3 comes "following the engagement effort": the report is made in follow-up or after.
REPORTABLE = (Engagement.Status.FOLLOW_UP, Engagement.Status.CONCLUDED)
_LANGUAGES = {code for code, _name in settings.LANGUAGES}


def _check_prepare(actor: User, engagement: Engagement) -> None:
    if not permissions.can_prepare_report(actor, engagement):
        raise NotAllowed(
            _("The report is prepared by OEE, R&D, the Training Division or the originating unit.")
        )


def _locked(report: Report) -> Report:
    return Report.objects.select_for_update().get(pk=report.pk)


def _back_to_draft(locked: Report) -> list[str]:
    """An edit after approval or publication needs a new approval (the published versions
    stay as they are)."""
    if locked.status == Report.Status.SUBMITTED:
        raise IllegalTransition(
            _("The report is waiting for approval; it can change once it is returned.")
        )
    if locked.status in (Report.Status.APPROVED, Report.Status.PUBLISHED):
        locked.status = Report.Status.DRAFT
        locked.approved_by = None
        locked.approved_at = None
        return ["status", "approved_by", "approved_at"]
    return []


def _final_version(engagement: Engagement, version: DirectiveVersion | None) -> None:
    if version is not None and version.directive_id != engagement.directive_id:
        raise FieldsInvalid(
            {"final_version": _("Choose a version of the directive this engagement is about.")}
        )


def report_create(
    *, actor: User, engagement: Engagement, final_version: DirectiveVersion | None = None
) -> Report:
    """V-D-3: starts the report of an engagement in follow-up or concluded, with its data
    generated at once."""
    _check_prepare(actor, engagement)
    _final_version(engagement, final_version)
    with transaction.atomic():
        locked = Engagement.objects.select_for_update().get(pk=engagement.pk)
        if locked.status not in REPORTABLE:
            raise IllegalTransition(
                _("The report is written once the engagement is in follow-up (V-D-3).")
            )
        if Report.objects.filter(engagement=locked).exists():
            raise IllegalTransition(_("This engagement has a report already."))
        now = timezone.now()
        report = Report.objects.create(
            engagement=locked,
            prepared_by=actor,
            final_version=final_version,
            data=build(locked, final_version=final_version),
            generated_at=now,
        )
        audit_record(actor=actor, action="report.create", obj=report, after={"status": "draft"})
    return report


def report_generate(
    *,
    actor: User,
    report: Report,
    final_version: DirectiveVersion | None = None,
    keep_final: bool = True,
) -> Report:
    """Regenerates the data from the record, for instance after a disposition changed.
    With `keep_final` the chosen revised version stays; otherwise `final_version` replaces
    it (None: the default of build.default_final_version)."""
    engagement = report.engagement
    _check_prepare(actor, engagement)
    _final_version(engagement, final_version)
    with transaction.atomic():
        locked = _locked(report)
        fields = _back_to_draft(locked)
        if not keep_final:
            locked.final_version = final_version
        before = data_hash(locked.data) if locked.data else ""
        locked.data = build(engagement, final_version=locked.final_version)
        locked.generated_at = timezone.now()
        locked.save(update_fields=[*fields, "final_version", "data", "generated_at"])
        audit_record(
            actor=actor,
            action="report.generate",
            obj=locked,
            before={"data_hash": before},
            after={"data_hash": data_hash(locked.data), "final_version": locked.final_version_id},
        )
    return locked


def report_narrative_save(
    *, actor: User, report: Report, section: str, language: str, text: str
) -> Report:
    """Staff's words for one section in one language (Markdown, raw HTML off when shown)."""
    _check_prepare(actor, report.engagement)
    if section not in SECTION_KEYS:
        raise FieldsInvalid({"section": _("Choose a section of the report.")})
    if language not in _LANGUAGES:
        raise FieldsInvalid({"language": _("Choose one of the site's languages.")})
    text = text.replace("\r\n", "\n").strip()
    if len(text) > NARRATIVE_MAX:
        raise FieldsInvalid(
            {"text": _("Keep a section under %(n)d characters.") % {"n": NARRATIVE_MAX}}
        )
    with transaction.atomic():
        locked = _locked(report)
        old = locked.narrative.get(section, {}).get(language, "")
        if old == text:
            return locked
        fields = _back_to_draft(locked)
        narrative: dict[str, Any] = {k: dict(v) for k, v in locked.narrative.items()}
        part = narrative.setdefault(section, {})
        if text:
            part[language] = text
        else:
            part.pop(language, None)
        locked.narrative = narrative
        locked.save(update_fields=[*fields, "narrative"])
        audit_record(
            actor=actor,
            action="report.narrative",
            obj=locked,
            before={"section": section, "language": language, "text": old},
            after={"section": section, "language": language, "text": text},
        )
    return locked


def report_submit(*, actor: User, report: Report) -> Report:
    """Sends the draft to the responsible unit for approval. The English introduction is
    required: it is the one every reader is offered when theirs is missing."""
    _check_prepare(actor, report.engagement)
    with transaction.atomic():
        locked = _locked(report)
        if locked.status != Report.Status.DRAFT:
            raise IllegalTransition(_("Only a draft report can be sent for approval."))
        if not locked.narrative.get("introduction", {}).get("en", "").strip():
            raise FieldsInvalid(
                {"introduction": _("Write the introduction in English before sending it.")}
            )
        locked.status = Report.Status.SUBMITTED
        locked.submitted_by = actor
        locked.submitted_at = timezone.now()
        locked.return_note = ""
        locked.save(update_fields=["status", "submitted_by", "submitted_at", "return_note"])
        audit_record(actor=actor, action="report.submit", obj=locked, after={"status": "submitted"})
        mail_on_commit(
            to=emails_for_roles(*permissions.responsible_roles(locked.engagement)),
            subject=_("Approve the report on %(title)s") % {"title": locked.engagement.title},
            body=_("A report is waiting for your approval before it is published.\n%(url)s")
            % {"url": absolute_url("staff:reports:detail", pk=locked.pk)},
        )
    return locked


def _check_approver(actor: User, report: Report) -> None:
    """The responsible unit, and never the person who sent it: checked on the locked row, so
    a report sent again meanwhile by someone else is judged by who sent it last."""
    if not permissions.can_approve_report(actor, report.engagement):
        raise NotAllowed(
            _("The report is approved by the unit responsible for the directive or training.")
        )
    if report.submitted_by_id == actor.pk:
        raise NotAllowed(_("Someone other than the person who sent it approves a report."))


def report_return(*, actor: User, report: Report, note: str) -> Report:
    """The approver sends the report back with what to change."""
    _check_approver(actor, report)
    note = note.replace("\r\n", "\n").strip()
    if not note:
        raise FieldsInvalid({"note": _("Say what should change.")})
    with transaction.atomic():
        locked = _locked(report)
        _check_approver(actor, locked)
        if locked.status != Report.Status.SUBMITTED:
            raise IllegalTransition(_("Only a report waiting for approval can be returned."))
        locked.status = Report.Status.DRAFT
        locked.return_note = note
        locked.save(update_fields=["status", "return_note"])
        audit_record(
            actor=actor, action="report.return", obj=locked, after={"status": "draft"}, note=note
        )
        if locked.submitted_by is not None:
            mail_on_commit(
                to=[locked.submitted_by.email],
                subject=_("The report on %(title)s was returned")
                % {"title": locked.engagement.title},
                body=note,
            )
    return locked


def report_approve(*, actor: User, report: Report) -> Report:
    """VI-D-2, VI-E-2: the responsible unit approves what will be published."""
    _check_approver(actor, report)
    with transaction.atomic():
        locked = _locked(report)
        _check_approver(actor, locked)
        if locked.status != Report.Status.SUBMITTED:
            raise IllegalTransition(_("Only a report waiting for approval can be approved."))
        locked.status = Report.Status.APPROVED
        locked.approved_by = actor
        locked.approved_at = timezone.now()
        locked.save(update_fields=["status", "approved_by", "approved_at"])
        audit_record(
            actor=actor,
            action="report.approve",
            obj=locked,
            after={"status": "approved", "data_hash": data_hash(locked.data)},
        )
        mail_on_commit(
            to=[locked.submitted_by.email] if locked.submitted_by else [],
            subject=_("The report on %(title)s is approved") % {"title": locked.engagement.title},
            body=_("It can be published.\n%(url)s")
            % {"url": absolute_url("staff:reports:detail", pk=locked.pk)},
        )
    return locked


def report_publish(*, actor: User, report: Report, change_note: str = "") -> ReportVersion:
    """V-D-3: publishes the approved report as a new, immutable version. A second or later
    version says what changed."""
    _check_prepare(actor, report.engagement)
    change_note = change_note.replace("\r\n", "\n").strip()
    with transaction.atomic():
        locked = _locked(report)
        if locked.status != Report.Status.APPROVED or locked.approved_by is None:
            raise IllegalTransition(_("Only an approved report can be published."))
        last = locked.versions.order_by("-number").first()
        if last is not None and not change_note:
            raise FieldsInvalid(
                {"change_note": _("Say what changed since version %(n)d.") % {"n": last.number}}
            )
        version = ReportVersion.objects.create(
            report=locked,
            number=(last.number + 1) if last else 1,
            data=locked.data,
            narrative=locked.narrative,
            data_hash=data_hash(locked.data),
            change_note=change_note,
            published_by=actor,
            approved_by=locked.approved_by,
        )
        locked.status = Report.Status.PUBLISHED
        locked.save(update_fields=["status"])
        audit_record(
            actor=actor,
            action="report.publish",
            obj=locked,
            after={"version": version.number, "data_hash": version.data_hash},
            note=change_note,
        )

        def render() -> None:
            from townhall.reports.tasks import render_version_task

            render_version_task.enqueue(version.pk)

        transaction.on_commit(render)
    return version
