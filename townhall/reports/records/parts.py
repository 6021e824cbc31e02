"""What an export holds: the tables and documents of one posting or one meeting, as the
record stood when the run began."""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import reduce
from pathlib import PurePosixPath
from typing import Any

from django.db import models
from django.db.models import Max, Q, QuerySet
from django.utils.translation import gettext as _

from townhall.core.models import AuditEvent
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
from townhall.reports.records.values import _columns, _ids_as_text, _plain, _row_dict, safe_name

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
