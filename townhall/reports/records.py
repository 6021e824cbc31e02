"""Records exports: everything the record holds on one posting or one meeting, for a
public-records request or the monitor (seed 002 VI-B-4, VII-D; VIII).

`export_request` queues one; the worker's `export_run` builds it. The export is the internal
record, so nothing is withheld: hidden comments, names and email addresses, the original text
of redacted comments, every moderation and analysis decision and the audit trail. The one
thing left out is a live secret (the one-link cancellation of a registration, a facilitator's
notes link): a key is not a record, and releasing it would let anyone act with it.

The ZIP is written row by row to a temporary file, tables through temporary files on disk,
so memory stays flat whatever the number of comments. Each table is written twice, as CSV
(spreadsheet-safe, UTF-8 with a byte-order mark) and as JSON Lines (the exact values).
MANIFEST.txt holds the SHA-256 of every file in `sha256sum -c` format; the row keeps the
SHA-256 and size of the ZIP itself.

A run claims its row with a conditional update, so two workers never build the same export;
a run that stopped reporting for STALE_AFTER (its worker died) may be claimed again. Progress
(stage, done, total, heartbeat) is written in short transactions every PROGRESS_EVERY items.
"""

from __future__ import annotations

import csv
import datetime
import decimal
import hashlib
import io
import json
import operator
import os
import re
import shutil
import tempfile
import time
import unicodedata
import uuid
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import reduce
from pathlib import PurePosixPath
from typing import IO, Any

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models import CharField, Max, Q, QuerySet
from django.db.models.functions import Cast
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from townhall.accounts.models import User
from townhall.core.audit import audit_record
from townhall.core.errors import FieldsInvalid, IllegalTransition, NotAllowed
from townhall.core.models import AuditEvent
from townhall.core.text import one_line, spreadsheet_safe
from townhall.directives.models import DirectiveVersion, Section
from townhall.feedback.models import (
    AgreementSample,
    AnalysisRun,
    Attachment,
    Campaign,
    Comment,
    ImportBatch,
    Recommendation,
    Theme,
    ThemeAssignment,
)
from townhall.meetings.models import (
    AgendaItem,
    AttendeeProfile,
    BreakoutGroup,
    BreakoutNote,
    Meeting,
    MeetingMember,
    Minutes,
    Prompt,
    Registration,
    SpeakerRequest,
    WrittenComment,
)
from townhall.postings.models import (
    Compilation,
    Posting,
    PostingExtension,
    PostingMaterial,
    PostingText,
)
from townhall.reports import permissions
from townhall.reports.models import RecordsExport

__all__ = [
    "CHUNK",
    "PROGRESS_EVERY",
    "PURPOSE_MAX",
    "STALE_AFTER",
    "Progress",
    "export_download",
    "export_request",
    "export_run",
    "safe_name",
    "stage_label",
]

#: A running export that has not reported for this long died with its worker.
STALE_AFTER = datetime.timedelta(minutes=10)
#: Rows read from the database at a time.
CHUNK = 2000
#: Progress is written every this many items (and at least every few seconds).
PROGRESS_EVERY = 500
PROGRESS_SECONDS = 5.0
PURPOSE_MAX = 300
#: Fields that are keys, not records: never exported (see the module's docstring).
SECRETS = frozenset({"token"})

#: What the page shows for each stage the row records.
STAGES: dict[str, Any] = {
    "counting": gettext_lazy("Counting what to export"),
    "posting": gettext_lazy("The posting"),
    "versions": gettext_lazy("Directive versions"),
    "comments": gettext_lazy("Comments"),
    "attachments": gettext_lazy("Attachments"),
    "moderation": gettext_lazy("Moderation decisions"),
    "analysis": gettext_lazy("Analysis decisions"),
    "compilations": gettext_lazy("Compilations"),
    "meeting": gettext_lazy("The meeting"),
    "audit": gettext_lazy("Audit trail"),
    "manifest": gettext_lazy("Checksums"),
    "storing": gettext_lazy("Storing the file"),
    "done": gettext_lazy("Done"),
}

#: (stage, done, total): what the command line shows while an export runs here.
Progress = Callable[[str, int, int], None]


def stage_label(stage: str) -> str:
    return str(STAGES.get(stage, stage))


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


# ---------------------------------------------------------------------------------------
# Values as they are written


_AS_IS = frozenset({str, int, float, bool, type(None)})


def _plain(value: Any) -> Any:
    """A database value as JSON: instants in ISO 8601 (UTC), decimals and UUIDs as text.
    (Called for every cell of every row: the common types are tried first, by type.)"""
    kind = type(value)
    if kind in _AS_IS:
        return value
    if kind is datetime.datetime or kind is datetime.date or kind is datetime.time:
        return value.isoformat()
    if kind is dict:
        return {str(k): _plain(v) for k, v in value.items()}
    if kind is list:
        return [_plain(v) for v in value]
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, (bytes, memoryview)):
        return bytes(value).hex()
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_plain(v) for v in value]
    return value


def _cell(value: Any) -> str:
    """A plain value (see _plain) in a CSV cell: never a formula when opened in a
    spreadsheet."""
    kind = type(value)
    if kind is str:
        return spreadsheet_safe(value) if value else value
    if value is None:
        return ""
    if kind is bool:
        return "true" if value else "false"
    if kind is dict or kind is list:
        return spreadsheet_safe(json.dumps(value, ensure_ascii=False, sort_keys=True))
    return spreadsheet_safe(str(value))


def _json_line(row: Mapping[str, Any]) -> bytes:
    """One plain row (see _plain) as a line of JSON Lines."""
    return (json.dumps(row, ensure_ascii=False) + "\n").encode("utf-8")


def _columns(
    model: type[models.Model],
    *,
    extra: Sequence[tuple[str, str]] = (),
    exclude: Sequence[str] = (),
) -> list[tuple[str, str]]:
    """Every stored field of `model` (foreign keys as their ids, and the username of each
    person named), then `extra` (column, lookup) pairs. Secrets are left out."""
    columns: list[tuple[str, str]] = []
    for f in model._meta.concrete_fields:
        if f.name in SECRETS or f.name in exclude:
            continue
        columns.append((f.attname, f.attname))
        if f.is_relation and f.related_model is User:
            columns.append((f"{f.name}_username", f"{f.name}__username"))
    columns.extend(extra)
    return columns


def _row_dict(obj: models.Model, *, exclude: Sequence[str] = ()) -> dict[str, Any]:
    """One object's stored fields, for the JSON documents."""
    return {
        f.attname: _plain(getattr(obj, f.attname))
        for f in obj._meta.concrete_fields
        if f.name not in SECRETS and f.name not in exclude
    }


def _ids_as_text(queryset: QuerySet[Any]) -> QuerySet[Any]:
    """The primary keys as the audit trail stores them (text), for a subquery."""
    ids: QuerySet[Any] = (
        queryset.order_by().annotate(id_text=Cast("pk", CharField())).values("id_text")
    )
    return ids


_UNSAFE = re.compile(r"[^\w.\- ()+,=@]+", re.UNICODE)


def safe_name(name: str, *, fallback: str) -> str:
    """A file name as it may be written in the ZIP: the last part of what was uploaded, no
    folders, no control or shell characters, no leading dot, at most 120 characters with its
    extension kept."""
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = _UNSAFE.sub("_", name).strip(" ._")
    if not name:
        return fallback
    stem, dot, ext = name.rpartition(".")
    if not dot or len(ext) > 16:
        stem, ext = name, ""
    limit = 120 - (len(ext) + 1 if ext else 0)
    stem = stem[:limit].rstrip(" ._") or fallback
    return f"{stem}.{ext}" if ext else stem


# ---------------------------------------------------------------------------------------
# What an export holds


@dataclass
class _Table:
    """Rows of one queryset, written as <path>.csv and <path>.jsonl. `files` names the
    file fields whose files are copied into the ZIP (at the path `place` gives; a column
    <field>_in_export says where, or is empty when the file was missing)."""

    stage: str
    path: str
    about: str
    queryset: QuerySet[Any]
    columns: list[tuple[str, str]]
    files: tuple[str, ...] = ()
    place: Callable[[dict[str, Any], str], str] | None = None

    def count(self) -> int:
        return self.queryset.count()


@dataclass
class _Document:
    """One JSON document, built when it is written (the subject, a directive version)."""

    stage: str
    path: str
    about: str
    build: Callable[[], Any]

    def count(self) -> int:
        return 1


_Part = _Table | _Document


class _AttachmentPlaces:
    """attachments/<receipt>/<original name, sanitised>; a second file of the same name on
    one comment gets the attachment's id before its extension. Rows come ordered by comment,
    so only the current comment's names are remembered."""

    def __init__(self) -> None:
        self.receipt = ""
        self.used: set[str] = set()

    def __call__(self, row: dict[str, Any], _field: str) -> str:
        receipt = safe_name(str(row["comment_receipt"]), fallback=f"comment-{row['comment_id']}")
        if receipt != self.receipt:
            self.receipt, self.used = receipt, set()
        name = safe_name(str(row["original_name"]), fallback=f"attachment-{row['id']}")
        if name.lower() in self.used:
            stem, dot, ext = name.rpartition(".")
            name = f"{stem}-{row['id']}.{ext}" if dot else f"{name}-{row['id']}"
        self.used.add(name.lower())
        return f"attachments/{receipt}/{name}"


def _stored_place(folder: str) -> Callable[[dict[str, Any], str], str]:
    def place(row: dict[str, Any], field_name: str) -> str:
        stored = str(row.get(field_name) or "")
        base = PurePosixPath(stored).name
        name = safe_name(str(row.get("original_name") or base), fallback=f"file-{row['id']}")
        return f"{folder}/{row['id']}/{name}"

    return place


def _audit_table(
    *,
    stage: str,
    path: str,
    about: str,
    objects: Sequence[tuple[type[models.Model], QuerySet[Any]]],
    last_event: int,
    actions: str = "",
) -> _Table:
    """Audit events whose object is one of `objects` (model, queryset of those objects), in
    the order they happened."""
    match = reduce(
        operator.or_,
        (
            Q(object_type=model._meta.label_lower, object_id__in=_ids_as_text(queryset))
            for model, queryset in objects
        ),
    )
    events = AuditEvent.objects.filter(match, pk__lte=last_event)
    if actions:
        events = events.filter(action__startswith=actions)
    return _Table(
        stage=stage,
        path=path,
        about=about,
        queryset=events.order_by("occurred_at", "id"),
        columns=_columns(AuditEvent),
    )


def _version_document(version: DirectiveVersion, roles: list[str]) -> dict[str, Any]:
    directive = version.directive
    return {
        "roles": roles,
        "directive": _row_dict(directive, exclude=("search_text",)),
        "version": _row_dict(version),
        "sections": [
            _row_dict(s) for s in Section.objects.filter(version=version).order_by("position")
        ],
    }


@dataclass
class _Cutoff:
    """The export is of the record as it stood when the run began: rows of the append-only
    tables added while it runs are left to the next export."""

    comment: int
    attachment: int
    event: int

    @classmethod
    def now(cls) -> _Cutoff:
        def last(model: type[models.Model]) -> int:
            value = model._default_manager.aggregate(m=Max("pk"))["m"]
            return int(value or 0)

        return cls(comment=last(Comment), attachment=last(Attachment), event=last(AuditEvent))


def _posting_parts(posting: Posting, cut: _Cutoff) -> list[_Part]:
    comments = Comment.objects.filter(posting=posting, pk__lte=cut.comment)
    attachments = Attachment.objects.filter(comment__posting=posting, pk__lte=cut.attachment)
    themes = Theme.objects.filter(posting=posting)
    recommendations = Recommendation.objects.filter(theme__posting=posting)
    runs = AnalysisRun.objects.filter(posting=posting)
    compilations = Compilation.objects.filter(posting=posting)
    materials = PostingMaterial.objects.filter(posting=posting)

    def posting_document() -> dict[str, Any]:
        return {
            "posting": _row_dict(posting),
            "texts": [
                _row_dict(t)
                for t in PostingText.objects.filter(posting=posting).order_by("language")
            ],
            "extensions": [
                _row_dict(e)
                for e in PostingExtension.objects.filter(posting=posting).order_by(
                    "created_at", "id"
                )
            ],
        }

    # The versions involved: the one posted, the current directive it links to, the version
    # each comment is bound to, and each revision a decision points to.
    roles: dict[int, list[str]] = {}

    def involve(version_id: int | None, role: str) -> None:
        if version_id is not None and role not in roles.setdefault(version_id, []):
            roles[version_id].append(role)

    involve(posting.version_id, "posted")
    involve(posting.current_version_id, "current")
    for vid in comments.order_by().values_list("version_id", flat=True).distinct():
        involve(vid, "commented_on")
    decided: tuple[QuerySet[Any], ...] = (themes, recommendations)
    for queryset in decided:
        for vid in queryset.order_by().values_list("revised_version_id", flat=True).distinct():
            involve(vid, "revision_decided")

    def version_part(version_id: int) -> _Document:
        def build() -> dict[str, Any]:
            version = DirectiveVersion.objects.select_related("directive").get(pk=version_id)
            return _version_document(version, roles[version_id])

        return _Document(
            "versions",
            f"directive/version-{version_id}.json",
            _("Directive version %(id)d (%(roles)s): its text and its items as JSON.")
            % {"id": version_id, "roles": ", ".join(roles[version_id])},
            build,
        )

    audited = (
        (Posting, Posting.objects.filter(pk=posting.pk)),
        (PostingText, PostingText.objects.filter(posting=posting)),
        (PostingExtension, PostingExtension.objects.filter(posting=posting)),
        (PostingMaterial, materials),
        (Compilation, compilations),
        (Comment, comments),
        (Attachment, attachments),
        (ImportBatch, ImportBatch.objects.filter(posting=posting)),
        (AnalysisRun, runs),
        (Campaign, Campaign.objects.filter(posting=posting)),
        (Theme, themes),
        (ThemeAssignment, ThemeAssignment.objects.filter(item__posting=posting)),
        (Recommendation, recommendations),
        (AgreementSample, AgreementSample.objects.filter(posting=posting)),
    )
    return [
        _Document(
            "posting",
            "posting/posting.json",
            _("The posting, its texts in each language and the extensions of its period."),
            posting_document,
        ),
        _Table(
            "posting",
            "posting/materials",
            _("The materials posted beside the directive; their files are in posting/materials/."),
            materials.order_by("position", "id"),
            _columns(PostingMaterial),
            files=("file",),
            place=_stored_place("posting/materials"),
        ),
        *(version_part(vid) for vid in sorted(roles)),
        _Table(
            "comments",
            "comments/comments",
            _(
                "Every comment, including hidden ones, with every field: the text as sent, "
                "the redacted text, names and email addresses."
            ),
            comments.order_by("submitted_at", "id"),
            _columns(Comment),
        ),
        _Table(
            "attachments",
            "comments/attachments",
            _(
                "The files attached to the comments; each file is in "
                "attachments/<receipt>/<name>, given in the column file_in_export."
            ),
            attachments.order_by("comment_id", "id"),
            _columns(Attachment, extra=[("comment_receipt", "comment__receipt")]),
            files=("file",),
            place=_AttachmentPlaces(),
        ),
        _audit_table(
            stage="moderation",
            path="moderation/decisions",
            about=_("Moderation of the comments (published, hidden with the reason, marked)."),
            objects=[(Comment, comments)],
            last_event=cut.event,
            actions="comment.",
        ),
        _Table(
            "analysis",
            "analysis/themes",
            _("The themes, with each decision (disposition), its reason and the revision."),
            themes.order_by("id"),
            _columns(Theme),
        ),
        _Table(
            "analysis",
            "analysis/theme_assignments_by_people",
            _("The placements of feedback in themes made by people (not by the machine)."),
            ThemeAssignment.objects.filter(item__posting=posting, by_machine=False).order_by(
                "created_at", "id"
            ),
            _columns(
                ThemeAssignment,
                extra=[
                    ("item_source", "item__source"),
                    ("item_source_ref", "item__source_ref"),
                    ("comment_receipt", "item__comment__receipt"),
                    ("theme_label", "theme__label"),
                ],
            ),
        ),
        _Table(
            "analysis",
            "analysis/recommendations",
            _("The recommendations drawn from the themes, with each decision."),
            recommendations.order_by("id"),
            _columns(Recommendation),
        ),
        _Table(
            "analysis",
            "analysis/campaigns",
            _("The campaigns (copies of one letter) the analysis found."),
            Campaign.objects.filter(posting=posting).order_by("id"),
            _columns(Campaign),
        ),
        _Table(
            "analysis",
            "analysis/analysis_runs",
            _("Every run of the analysis, with its figures."),
            runs.order_by("created_at", "id"),
            _columns(AnalysisRun),
        ),
        _Table(
            "compilations",
            "compilations/compilations",
            _("The compilations of the raw comments (VII-D-3); their files in compilations/."),
            compilations.order_by("created_at", "id"),
            _columns(Compilation),
            files=("csv_file", "xlsx_file"),
            place=_stored_place("compilations"),
        ),
        _audit_table(
            stage="audit",
            path="audit/audit_trail",
            about=_(
                "The audit trail: every recorded change to the posting, its texts, comments, "
                "attachments, themes, placements, recommendations, runs and compilations."
            ),
            objects=audited,
            last_event=cut.event,
        ),
    ]


def _minutes_document(meeting: Meeting, last_event: int) -> dict[str, Any]:
    """The minutes as they stand, and every version they went through: the first draft is
    the text the first revision replaced, each revision the next version."""
    minutes = Minutes.objects.filter(meeting=meeting).select_related("updated_by").first()
    if minutes is None:
        return {"minutes": None, "versions": [], "history": []}
    events = list(
        AuditEvent.objects.filter(
            object_type=Minutes._meta.label_lower, object_id=str(minutes.pk), pk__lte=last_event
        ).order_by("occurred_at", "id")
    )
    drafted = next((e for e in events if e.action == "minutes.draft"), None)
    revisions = [e for e in events if e.action == "minutes.revise"]
    versions: list[dict[str, Any]] = []
    if revisions:
        first = revisions[0].before or {}
        versions.append(
            {
                "number": 1,
                "summary": first.get("summary", ""),
                "votes": first.get("votes", []),
                "written_at": _plain(drafted.occurred_at) if drafted else None,
                "written_by": drafted.actor_label if drafted else "",
            }
        )
        for n, event in enumerate(revisions, start=2):
            after = event.after or {}
            versions.append(
                {
                    "number": n,
                    "summary": after.get("summary", ""),
                    "votes": after.get("votes", []),
                    "written_at": _plain(event.occurred_at),
                    "written_by": event.actor_label,
                }
            )
    else:
        versions.append(
            {
                "number": 1,
                "summary": minutes.summary,
                "votes": minutes.votes,
                "written_at": _plain(drafted.occurred_at if drafted else minutes.updated_at),
                "written_by": drafted.actor_label if drafted else minutes.updated_by.username,
            }
        )
    return {
        "minutes": _row_dict(minutes),
        "versions": versions,
        "history": [
            {
                "action": e.action,
                "occurred_at": _plain(e.occurred_at),
                "actor": e.actor_label,
                "before": e.before,
                "after": e.after,
            }
            for e in events
        ],
    }


def _meeting_parts(meeting: Meeting, cut: _Cutoff) -> list[_Part]:
    def meeting_document() -> dict[str, Any]:
        activity = meeting.activity
        return {
            "meeting": _row_dict(meeting),
            "activity": _row_dict(activity),
            "engagement": {"id": activity.engagement_id, "title": str(activity.engagement)},
        }

    def table(
        path: str, about: str, queryset: QuerySet[Any], model: type[models.Model], **kw: Any
    ) -> _Table:
        return _Table("meeting", f"meeting/{path}", about, queryset, _columns(model, **kw))

    agenda = AgendaItem.objects.filter(meeting=meeting)
    members = MeetingMember.objects.filter(meeting=meeting)
    registrations = Registration.objects.filter(meeting=meeting)
    speakers = SpeakerRequest.objects.filter(meeting=meeting)
    written = WrittenComment.objects.filter(meeting=meeting)
    prompts = Prompt.objects.filter(meeting=meeting)
    groups = BreakoutGroup.objects.filter(meeting=meeting)
    notes = BreakoutNote.objects.filter(group__meeting=meeting)
    minutes = Minutes.objects.filter(meeting=meeting)
    profiles = AttendeeProfile.objects.filter(meeting=meeting)
    return [
        _Document(
            "meeting",
            "meeting/meeting.json",
            _("The meeting: when, where, its public comment rules, and its activity."),
            meeting_document,
        ),
        table(
            "agenda_items",
            _("The agenda, withdrawn items included."),
            agenda.order_by("position", "id"),
            AgendaItem,
        ),
        table(
            "members",
            _("The members of the body that met, with their attendance."),
            members.order_by("id"),
            MeetingMember,
        ),
        table(
            "registrations",
            _(
                "Registrations and the waiting list, cancelled ones included (without the cancellation links)."
            ),
            registrations.order_by("created_at", "id"),
            Registration,
        ),
        table(
            "speaker_requests",
            _("Requests to speak and what became of each at the meeting."),
            speakers.order_by("position", "id"),
            SpeakerRequest,
            extra=[("agenda_item_title", "agenda_item__title")],
        ),
        table(
            "written_comments",
            _("Written public comments, by the form or entered from email."),
            written.order_by("received_at", "id"),
            WrittenComment,
            extra=[("agenda_item_title", "agenda_item__title")],
        ),
        table(
            "prompts",
            _("The prompts of the breakout groups."),
            prompts.order_by("position", "id"),
            Prompt,
        ),
        table(
            "breakout_groups",
            _("The breakout groups and their facilitators (without the notes links)."),
            groups.order_by("number"),
            BreakoutGroup,
        ),
        table(
            "breakout_notes",
            _("The facilitators' notes of each group."),
            notes.order_by("created_at", "id"),
            BreakoutNote,
            extra=[("group_number", "group__number"), ("prompt_text", "prompt__text")],
        ),
        _Document(
            "meeting",
            "meeting/minutes.json",
            _("The minutes as they stand and every version of them, from the audit trail."),
            lambda: _minutes_document(meeting, cut.event),
        ),
        table(
            "attendee_profiles",
            _("The anonymous attendee profiles (demographics), as given."),
            profiles.order_by("id"),
            AttendeeProfile,
        ),
        _audit_table(
            stage="audit",
            path="audit/audit_trail",
            about=_(
                "The audit trail: every recorded change to the meeting, its agenda, members, "
                "registrations, speakers, written comments, groups, notes, minutes and profiles."
            ),
            objects=[
                (Meeting, Meeting.objects.filter(pk=meeting.pk)),
                (AgendaItem, agenda),
                (MeetingMember, members),
                (Registration, registrations),
                (SpeakerRequest, speakers),
                (WrittenComment, written),
                (Prompt, prompts),
                (BreakoutGroup, groups),
                (BreakoutNote, notes),
                (Minutes, minutes),
                (AttendeeProfile, profiles),
            ],
            last_event=cut.event,
        ),
    ]


# ---------------------------------------------------------------------------------------
# Writing the ZIP


class _LostClaim(Exception):
    """Another worker took the export over (this one was silent too long)."""


@dataclass
class _Reporter:
    """Writes the progress to the row in its own short statement, every PROGRESS_EVERY items
    or PROGRESS_SECONDS, only while this run still holds its claim."""

    export_id: int
    claim: datetime.datetime
    total: int = 0
    done: int = 0
    stage: str = "counting"
    echo: Progress | None = None
    _last_done: int = 0
    _last_time: float = field(default_factory=time.monotonic)

    def begin(self, stage: str) -> None:
        self.stage = stage
        self.flush()

    def step(self, n: int = 1) -> None:
        self.done += n
        if self.echo is not None:
            self.echo(self.stage, self.done, max(self.total, self.done))
        if (
            self.done - self._last_done >= PROGRESS_EVERY
            or time.monotonic() - self._last_time >= PROGRESS_SECONDS
        ):
            self.flush()

    def flush(self, **more: Any) -> None:
        self.total = max(self.total, self.done)
        updated = RecordsExport.objects.filter(
            pk=self.export_id, status=RecordsExport.Status.RUNNING, started_at=self.claim
        ).update(
            stage=self.stage[:60],
            done=self.done,
            total=self.total,
            heartbeat=timezone.now(),
            **more,
        )
        if not updated:
            raise _LostClaim
        self._last_done, self._last_time = self.done, time.monotonic()
        if self.echo is not None:
            self.echo(self.stage, self.done, self.total)


class _Hashing(io.RawIOBase):
    """Passes bytes to a ZIP member while counting them and hashing them for the manifest."""

    def __init__(self, target: IO[bytes]) -> None:
        self.target = target
        self.sha = hashlib.sha256()
        self.size = 0

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        chunk = bytes(data)
        self.target.write(chunk)
        self.sha.update(chunk)
        self.size += len(chunk)
        return len(chunk)


@dataclass
class _Written:
    path: str
    about: str
    rows: int | None


class _Zip:
    """The ZIP being written: one member at a time, each hashed into the manifest (kept on
    disk, not in memory)."""

    def __init__(self, fileobj: IO[bytes], root: str, when: datetime.datetime) -> None:
        self.zip = zipfile.ZipFile(fileobj, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True)
        self.root = root
        local = timezone.localtime(when)
        self.stamp = (local.year, local.month, local.day, local.hour, local.minute, local.second)
        self.manifest = tempfile.TemporaryFile()  # closed in close()
        self.paths: set[str] = set()
        self.files = 0

    def _info(self, path: str) -> zipfile.ZipInfo:
        if path in self.paths:
            raise ValueError(f"{path} is written twice")
        self.paths.add(path)
        info = zipfile.ZipInfo(f"{self.root}/{path}", date_time=self.stamp)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        return info

    def add_stream(self, path: str, source: IO[bytes]) -> tuple[str, int]:
        with self.zip.open(self._info(path), "w", force_zip64=True) as member:
            hashing = _Hashing(member)
            shutil.copyfileobj(source, hashing, 1024 * 1024)
        return self._listed(path, hashing)

    def add_bytes(self, path: str, data: bytes) -> tuple[str, int]:
        return self.add_stream(path, io.BytesIO(data))

    def _listed(self, path: str, hashing: _Hashing) -> tuple[str, int]:
        digest = hashing.sha.hexdigest()
        self.manifest.write(f"{digest}  {path}\n".encode())
        self.files += 1
        return digest, hashing.size

    def abort(self) -> None:
        """After a failure: let go of the temporary files (the ZIP is thrown away)."""
        self.manifest.close()
        try:
            self.zip.close()
        except (OSError, ValueError):
            pass

    def close(self) -> None:
        self.manifest.seek(0)
        self.add_stream("MANIFEST.txt", self.manifest)
        self.manifest.close()
        self.zip.close()


def _copy_stored(zf: _Zip, stored_name: str, path: str) -> bool:
    """Copies a stored file into the ZIP; False when it is gone from storage."""
    try:
        handle = default_storage.open(stored_name, "rb")
    except (FileNotFoundError, OSError, ValueError):
        return False
    with handle:
        zf.add_stream(path, handle)
    return True


def _write_table(zf: _Zip, part: _Table, report: _Reporter, missing: list[str]) -> int:
    names = [name for name, _lookup in part.columns]
    lookups = [lookup for _name, lookup in part.columns]
    header = names + [f"{f}_in_export" for f in part.files]
    rows = 0
    with tempfile.TemporaryFile() as csv_file, tempfile.TemporaryFile() as jsonl_file:
        text = io.TextIOWrapper(csv_file, encoding="utf-8-sig", newline="")
        writer = csv.writer(text)
        writer.writerow(header)
        for values in part.queryset.values_list(*lookups).iterator(chunk_size=CHUNK):
            row = {name: _plain(value) for name, value in zip(names, values, strict=True)}
            for file_field in part.files:
                stored = str(row.get(file_field) or "")
                where = ""
                if stored and part.place is not None:
                    where = part.place(row, file_field)
                    if not _copy_stored(zf, stored, where):
                        missing.append(where)
                        where = ""
                row[f"{file_field}_in_export"] = where
            writer.writerow([_cell(row[name]) for name in header])
            jsonl_file.write(_json_line(row))
            rows += 1
            report.step()
        text.flush()
        text.detach()
        csv_file.seek(0)
        zf.add_stream(f"{part.path}.csv", csv_file)
        jsonl_file.seek(0)
        zf.add_stream(f"{part.path}.jsonl", jsonl_file)
    return rows


def _readme(
    export: RecordsExport,
    written: list[_Written],
    missing: list[str],
    when: datetime.datetime,
    files: int,
) -> str:
    requester = export.requested_by
    who = requester.get_full_name().strip()
    who = f"{who} ({requester.username})" if who else requester.username
    if export.posting_id is not None:
        assert export.posting is not None
        subject = _("Posting %(id)d: %(name)s (status: %(status)s)") % {
            "id": export.posting.pk,
            "name": str(export.posting),
            "status": export.posting.get_status_display(),
        }
    else:
        assert export.meeting is not None
        subject = _("Meeting %(id)d: %(name)s (%(when)s)") % {
            "id": export.meeting.pk,
            "name": str(export.meeting),
            "when": timezone.localtime(export.meeting.starts_at).isoformat(),
        }
    lines = [
        _("Records export %(id)d") % {"id": export.pk},
        "",
        _("Of: %(subject)s") % {"subject": subject},
        _("Purpose: %(purpose)s") % {"purpose": export.purpose},
        _("Requested by: %(who)s") % {"who": who},
        _("Requested at: %(when)s") % {"when": export.created_at.isoformat()},
        _("Made at: %(when)s (the record as it stood then)") % {"when": when.isoformat()},
        "",
        _("What it holds"),
        "",
        _(
            "This is the internal record, not a public page: nothing is withheld. Hidden "
            "comments, names, email addresses and the original text of redacted comments are "
            "included. Only live secrets (registration cancellation links, facilitators' notes "
            "links) are left out: they are keys, not records."
        ),
        _(
            "Each table is given twice: as CSV (UTF-8; a cell that would start a spreadsheet "
            "formula starts with an apostrophe) and as JSON Lines (one JSON object per line, "
            "the exact values). Times are ISO 8601 in UTC."
        ),
        "",
    ]
    for item in written:
        count = (
            ngettext("%(n)d row", "%(n)d rows", item.rows) % {"n": item.rows}
            if item.rows is not None
            else _("one document")
        )
        suffix = ".csv, .jsonl" if item.rows is not None else ""
        lines.append(f"- {item.path}{suffix} ({count}): {item.about}")
    if missing:
        lines += ["", _("Files missing from storage when the export was made:")]
        lines += [f"- {path}" for path in missing]
    lines += [
        "",
        _("How to check it"),
        "",
        _(
            "MANIFEST.txt lists the SHA-256 checksum of every other file (%(n)d files). In "
            "the folder that holds this README, run:"
        )
        % {"n": files},
        "",
        "    sha256sum -c MANIFEST.txt",
        "",
        _("Every line must end in OK. The site keeps the SHA-256 of the whole ZIP as well."),
        "",
    ]
    return "\n".join(lines)


def _build(export: RecordsExport, report: _Reporter, target: IO[bytes]) -> None:
    cut = _Cutoff.now()
    when = timezone.now()
    if export.posting is not None:
        parts = _posting_parts(export.posting, cut)
    else:
        assert export.meeting is not None
        parts = _meeting_parts(export.meeting, cut)
    report.total = sum(part.count() for part in parts)
    report.begin("counting")
    zf = _Zip(target, f"records-export-{export.pk}", when)
    try:
        _write_parts(export, parts, zf, report, when)
    except BaseException:
        zf.abort()
        raise


def _write_parts(
    export: RecordsExport,
    parts: list[_Part],
    zf: _Zip,
    report: _Reporter,
    when: datetime.datetime,
) -> None:
    written: list[_Written] = []
    missing: list[str] = []
    for part in parts:
        if part.stage != report.stage:
            report.begin(part.stage)
        if isinstance(part, _Document):
            body = json.dumps(_plain(part.build()), ensure_ascii=False, indent=2, sort_keys=True)
            zf.add_bytes(part.path, (body + "\n").encode("utf-8"))
            written.append(_Written(part.path, part.about, None))
            report.step()
        else:
            rows = _write_table(zf, part, report, missing)
            written.append(_Written(part.path, part.about, rows))
    report.begin("manifest")
    with translation.override(settings.LANGUAGE_CODE):
        readme = _readme(export, written, missing, when, zf.files + 1)
    zf.add_bytes("README.txt", readme.encode("utf-8"))
    zf.close()


def _claim(export_id: int) -> datetime.datetime | None:
    """queued -> running, or a running one whose worker went silent: one conditional update,
    so of two workers only one gets it. Returns the claim's instant (the run's token)."""
    now = timezone.now()
    stale = now - STALE_AFTER
    claimed = (
        RecordsExport.objects.filter(pk=export_id)
        .filter(
            Q(status=RecordsExport.Status.QUEUED)
            | Q(status=RecordsExport.Status.RUNNING, heartbeat__lt=stale)
            | Q(status=RecordsExport.Status.RUNNING, heartbeat__isnull=True, started_at__lt=stale)
        )
        .update(
            status=RecordsExport.Status.RUNNING,
            started_at=now,
            heartbeat=now,
            stage="counting",
            done=0,
            total=0,
            error="",
        )
    )
    return now if claimed else None


def _sha256_of(path: str) -> tuple[str, int]:
    sha = hashlib.sha256()
    size = 0
    with open(path, "rb") as fh:
        while chunk := fh.read(1024 * 1024):
            sha.update(chunk)
            size += len(chunk)
    return sha.hexdigest(), size


def export_run(*, export_id: int, progress: Progress | None = None) -> str:
    """The worker's job: builds one export to the end and returns its status. A done or
    failed export, or one another worker is running, is left as it is. An error marks it
    failed (with the error) and is not raised again."""
    claim = _claim(export_id)
    export = RecordsExport.objects.select_related(
        "posting__version__directive", "meeting__activity", "requested_by"
    ).get(pk=export_id)
    if claim is None:
        return str(export.status)
    report = _Reporter(export_id=export.pk, claim=claim, echo=progress)
    fd, temp_path = tempfile.mkstemp(prefix=f"records-{export.pk}-", suffix=".zip")
    stored = ""
    try:
        with os.fdopen(fd, "wb") as target:
            _build(export, report, target)
        report.begin("storing")
        digest, size = _sha256_of(temp_path)
        subject = (
            f"posting-{export.posting_id}" if export.posting_id else f"meeting-{export.meeting_id}"
        )
        with open(temp_path, "rb") as fh:
            stored = default_storage.save(
                f"records/records-export-{export.pk}-{subject}-{claim:%Y%m%d%H%M%S}.zip", File(fh)
            )
        report.stage = "done"
        report.flush(
            status=RecordsExport.Status.DONE,
            file=stored,
            sha256=digest,
            size=size,
            finished_at=timezone.now(),
        )
        name, stored = stored, ""  # the row names it now: kept whatever happens next
        audit_record(
            actor=None,
            action="records.done",
            obj=export,
            after={"file": name, "sha256": digest, "size": size, "items": report.done},
        )
        return str(RecordsExport.Status.DONE)
    except _LostClaim:
        if stored:
            default_storage.delete(stored)
        export.refresh_from_db()
        return str(export.status)
    except Exception as exc:  # any failure is recorded on the row
        if stored:
            default_storage.delete(stored)
        error = f"{type(exc).__name__}: {exc}"
        failed = RecordsExport.objects.filter(
            pk=export.pk, status=RecordsExport.Status.RUNNING, started_at=claim
        ).update(
            status=RecordsExport.Status.FAILED,
            error=error[:2000],
            finished_at=timezone.now(),
            heartbeat=timezone.now(),
        )
        if failed:
            audit_record(
                actor=None, action="records.failed", obj=export, after={"error": error[:200]}
            )
        export.refresh_from_db()
        return str(export.status)
    finally:
        if os.path.exists(temp_path):
            os.remove(temp_path)
