"""Asking for a records export, and taking a copy of one."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from townhall.accounts.models import User
from townhall.core.audit import audit_record
from townhall.core.errors import FieldsInvalid, IllegalTransition, NotAllowed
from townhall.core.text import one_line
from townhall.meetings.models import Meeting
from townhall.postings.models import Posting
from townhall.reports import permissions
from townhall.reports.models import RecordsExport
from townhall.reports.records.constants import PURPOSE_MAX

# ---------------------------------------------------------------------------------------
# The request


def export_request(
    *,
    actor: User,
    posting: Posting | None = None,
    meeting: Meeting | None = None,
    purpose: str,
    enqueue: bool = True,
) -> RecordsExport:
    """Queues the export of one posting or one meeting, saying why it is made (a
    public-records request, the monitor). `enqueue=False`: the caller runs it (the command)."""
    if not permissions.can_export_records(actor):
        raise NotAllowed(_("Records exports are made by OEE, R&D, PSCD and administrators."))
    errors: dict[str, str] = {}
    if (posting is None) == (meeting is None):
        errors["subject"] = _("Choose one posting or one meeting to export.")
    purpose = one_line(purpose)
    if not purpose:
        errors["purpose"] = _("Say what the export is for, e.g. the public-records request.")
    elif len(purpose) > PURPOSE_MAX:
        errors["purpose"] = _("Keep the purpose to %(n)d characters at most.") % {"n": PURPOSE_MAX}
    if errors:
        raise FieldsInvalid(errors)
    with transaction.atomic():
        export = RecordsExport.objects.create(
            posting=posting, meeting=meeting, purpose=purpose, requested_by=actor
        )
        audit_record(
            actor=actor,
            action="records.request",
            obj=export,
            after={
                "posting": posting.pk if posting else None,
                "meeting": meeting.pk if meeting else None,
                "purpose": purpose,
            },
        )

        if enqueue:

            def to_worker() -> None:
                from townhall.reports.tasks import records_export_task

                records_export_task.enqueue(export.pk)

            transaction.on_commit(to_worker, robust=True)
    return export


def export_download(*, actor: User, export: RecordsExport) -> RecordsExport:
    """Who took a copy of an export, and when: audited before the file is sent."""
    if not permissions.can_export_records(actor):
        raise NotAllowed(_("Records exports are made by OEE, R&D, PSCD and administrators."))
    if export.status != RecordsExport.Status.DONE or not export.file:
        raise IllegalTransition(_("The export is not ready yet."))
    audit_record(
        actor=actor,
        action="records.download",
        obj=export,
        after={"file": export.file.name, "sha256": export.sha256, "size": export.size},
    )
    return export
