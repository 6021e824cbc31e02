"""Reading the stakeholder directory: searching organisations, the follow-ups that are due, and
one organisation's relationship with the Department across every engagement (V-D-2, VI-B-6):
what they were invited to, what they came to, what they said, and what came of it.

Nothing here checks permissions: the views show each part only to those who may see it
(contacts and the log are for OEE and administrators; comments for those who read them).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any, cast

from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Lower
from django.utils import timezone

from townhall.engagements.models import CommunityRequest, Engagement, ExternalComment
from townhall.feedback.analysis_models import Recommendation, Theme, ThemeAssignment
from townhall.feedback.models import Comment
from townhall.meetings.models import Meeting, MeetingMember, Registration, WrittenComment
from townhall.outreach.models import (
    Announcement,
    Contact,
    ContactLog,
    DialogueRequest,
    DirectiveInput,
    Dispatch,
    Organization,
)

__all__ = [
    "AnnouncementRow",
    "CommentRow",
    "LogGroup",
    "MeetingRow",
    "Relationship",
    "follow_ups_due_count",
    "follow_ups_open",
    "organization_relationship",
    "organization_search",
]

# External entities of IV-B-4 that are one body each: an external comment recorded under the
# entity without a name is this organisation's.
_SINGULAR_ENTITIES = {
    ExternalComment.Entity.MAYOR,
    ExternalComment.Entity.MONITOR,
    ExternalComment.Entity.ATTORNEY_GENERAL,
    ExternalComment.Entity.INSPECTOR_GENERAL,
    ExternalComment.Entity.CCPSA,
}

# At most this many rows of each kind on one page: the oldest beyond it are left off.
LIMIT = 200


# --- Search -------------------------------------------------------------------------------


def _json_list_has(
    rows: QuerySet[Organization], field_name: str, value: Any
) -> QuerySet[Organization] | list[Organization]:
    if connection.features.supports_json_field_contains:
        return rows.filter(**{f"{field_name}__contains": [value]})
    return [o for o in rows if value in (getattr(o, field_name) or [])]


def organization_search(
    *,
    text: str = "",
    kind: str = "",
    district: int | None = None,
    topic: int | None = None,
    language: str = "",
    archived: bool | None = False,
) -> list[Organization]:
    """Organisations matching every filter given, by name. `archived`: False (the default)
    only those in use, True only the archived, None both. Text is looked for in the name,
    the description and the website."""
    rows = Organization.objects.prefetch_related("topics").annotate(
        contact_count=Count("contacts", distinct=True)
    )
    if archived is not None:
        rows = rows.filter(is_archived=archived)
    words = " ".join((text or "").split())
    if words:
        rows = rows.filter(
            Q(name__icontains=words) | Q(description__icontains=words) | Q(website__icontains=words)
        )
    if kind:
        rows = rows.filter(kind=kind)
    if topic is not None:
        rows = rows.filter(topics__pk=topic)
    rows = rows.order_by("name", "id")
    found: QuerySet[Organization] | list[Organization] = rows
    if district is not None:
        found = _json_list_has(rows, "districts", district)
    if language:
        if isinstance(found, list):
            found = [o for o in found if language in (o.languages or [])]
        else:
            found = _json_list_has(found, "languages", language)
    return list(found)


# --- Follow-ups ---------------------------------------------------------------------------


def _open_follow_ups() -> QuerySet[ContactLog]:
    return ContactLog.objects.filter(follow_up_done_at__isnull=True).filter(
        ~Q(follow_up="") | Q(follow_up_due__isnull=False)
    )


def follow_ups_open(*, organization: Organization | None = None) -> list[ContactLog]:
    """Every follow-up not done yet: dated ones soonest (most overdue) first, then undated."""
    rows = _open_follow_ups().select_related("organization", "contact", "engagement", "by")
    if organization is not None:
        rows = rows.filter(organization=organization)
    dated = list(rows.filter(follow_up_due__isnull=False).order_by("follow_up_due", "id"))
    undated = list(rows.filter(follow_up_due__isnull=True).order_by("occurred_on", "id"))
    return dated + undated


def follow_ups_due_count(*, today: datetime.date | None = None) -> int:
    day = today or timezone.localdate()
    return _open_follow_ups().filter(follow_up_due__lte=day).count()


# --- One organisation's relationship ------------------------------------------------------


@dataclass(frozen=True)
class LogGroup:
    engagement: Engagement | None
    entries: list[ContactLog]


@dataclass(frozen=True)
class AnnouncementRow:
    """One sending of an announcement that reached (or was meant to reach) its contacts."""

    announcement: Announcement
    dispatch: Dispatch
    deliveries: list[Any]  # Delivery rows, each with its contact
    counts: list[tuple[str, int]]  # (status label, how many)


@dataclass(frozen=True)
class MeetingRow:
    meeting: Meeting
    registrations: list[Registration]
    members: list[MeetingMember]  # as a member of the body that met, with attendance

    @property
    def attended(self) -> int:
        present = (MeetingMember.Attendance.IN_PERSON, MeetingMember.Attendance.REMOTE)
        return sum(1 for m in self.members if m.attendance in present)


@dataclass(frozen=True)
class CommentRow:
    """A comment sent in the organisation's name, and what came of it: the theme its pool item
    belongs to now, that theme's decision and the recommendations drawn from it (VII-D-5)."""

    comment: Comment
    theme: Theme | None
    recommendations: list[Recommendation]


@dataclass
class Relationship:
    organization: Organization
    contacts: list[Contact] = field(default_factory=list)
    log: list[LogGroup] = field(default_factory=list)
    follow_ups: list[ContactLog] = field(default_factory=list)
    announcements: list[AnnouncementRow] = field(default_factory=list)
    meetings: list[MeetingRow] = field(default_factory=list)
    written: list[WrittenComment] = field(default_factory=list)
    comments: list[CommentRow] = field(default_factory=list)
    inputs: list[DirectiveInput] = field(default_factory=list)
    requests: list[CommunityRequest] = field(default_factory=list)
    external_comments: list[ExternalComment] = field(default_factory=list)
    dialogues: list[DialogueRequest] = field(default_factory=list)

    @property
    def engagements(self) -> list[Engagement]:
        """Every engagement the organisation took part in, as far as the records say."""
        seen: dict[int, Engagement] = {}
        for group in self.log:
            if group.engagement is not None:
                seen[group.engagement.pk] = group.engagement
        for row in self.announcements:
            if row.announcement.engagement is not None:
                seen[row.announcement.engagement.pk] = row.announcement.engagement
        for m in self.meetings:
            seen[m.meeting.activity.engagement.pk] = m.meeting.activity.engagement
        for r in self.requests:
            if r.engagement is not None:
                seen[r.engagement.pk] = r.engagement
        for e in self.external_comments:
            seen[e.engagement.pk] = e.engagement
        return sorted(seen.values(), key=lambda e: (e.created_at, e.pk), reverse=True)


def _log_groups(organization: Organization) -> list[LogGroup]:
    entries = list(
        ContactLog.objects.filter(organization=organization)
        .select_related("contact", "engagement", "by")
        .order_by("-occurred_on", "-id")[:LIMIT]
    )
    groups: dict[int | None, list[ContactLog]] = {}
    engagements: dict[int | None, Engagement | None] = {None: None}
    for entry in entries:
        groups.setdefault(entry.engagement_id, []).append(entry)
        engagements[entry.engagement_id] = entry.engagement
    # Engagements by their latest contact, newest first; the general contacts last.
    keys = [k for k in groups if k is not None]
    out = [LogGroup(engagements[k], groups[k]) for k in keys]
    if None in groups:
        out.append(LogGroup(None, groups[None]))
    return out


def _announcements(organization: Organization) -> list[AnnouncementRow]:
    from townhall.outreach.models import Delivery

    deliveries = list(
        Delivery.objects.filter(contact__organization=organization)
        .select_related(
            "contact",
            "dispatch__announcement__engagement",
            "dispatch__announcement__posting__version__directive",
        )
        .order_by("-dispatch__send_at", "-dispatch_id", "id")[: LIMIT * 5]
    )
    by_dispatch: dict[int, list[Any]] = {}
    for d in deliveries:
        by_dispatch.setdefault(d.dispatch_id, []).append(d)
    labels = dict(Delivery.Status.choices)
    rows = []
    for items in by_dispatch.values():
        dispatch = items[0].dispatch
        counts: dict[str, int] = {}
        for d in items:
            counts[d.status] = counts.get(d.status, 0) + 1
        rows.append(
            AnnouncementRow(
                announcement=dispatch.announcement,
                dispatch=dispatch,
                deliveries=items,
                counts=[(str(labels.get(k, k)), n) for k, n in counts.items()],
            )
        )
    return rows[:LIMIT]


def _emails(contacts: list[Contact]) -> list[str]:
    return sorted({c.email.lower() for c in contacts if c.email})


def _meetings(emails: list[str]) -> tuple[list[MeetingRow], list[WrittenComment]]:
    if not emails:
        return [], []
    registrations = list(
        Registration.objects.filter(email_key__in=emails)
        .select_related("meeting__activity__engagement")
        .order_by("-meeting__starts_at", "id")[:LIMIT]
    )
    members = list(
        MeetingMember.objects.annotate(address=Lower("email"))
        .filter(address__in=emails)
        .select_related("meeting__activity__engagement")
        .order_by("-meeting__starts_at", "id")[:LIMIT]
    )
    meetings: dict[int, Meeting] = {}
    regs: dict[int, list[Registration]] = {}
    mems: dict[int, list[MeetingMember]] = {}
    for r in registrations:
        meetings[r.meeting_id] = r.meeting
        regs.setdefault(r.meeting_id, []).append(r)
    for m in members:
        meetings[m.meeting_id] = m.meeting
        mems.setdefault(m.meeting_id, []).append(m)
    rows = [
        MeetingRow(meeting, regs.get(pk, []), mems.get(pk, [])) for pk, meeting in meetings.items()
    ]
    rows.sort(key=lambda r: (r.meeting.starts_at, r.meeting.pk), reverse=True)
    written = cast(
        list[WrittenComment],
        list(
            WrittenComment.objects.annotate(address=Lower("email"))
            .filter(address__in=emails)
            .select_related("meeting")
            .order_by("-received_at", "-id")[:LIMIT]
        ),
    )
    return rows, written


def _current_theme(theme: Theme | None) -> Theme | None:
    """A merged theme's decisions live on the theme it was merged into."""
    hops = 0
    while theme is not None and theme.merged_into_id is not None and hops < 10:
        theme = theme.merged_into
        hops += 1
    return theme


def _comments(name: str) -> list[CommentRow]:
    comments = list(
        Comment.objects.filter(organization__iexact=name)
        .select_related("posting", "version__directive")
        .order_by("-submitted_at", "-id")[:LIMIT]
    )
    if not comments:
        return []
    from townhall.feedback.analysis_models import FeedbackItem

    items = {
        i.comment_id: i.pk
        for i in FeedbackItem.objects.filter(comment__in=comments).only("pk", "comment_id")
    }
    themes: dict[int, Theme | None] = {}
    for a in ThemeAssignment.objects.filter(
        item_id__in=items.values(), is_current=True, kind=ThemeAssignment.Kind.THEME
    ).select_related("theme__merged_into"):
        themes[a.item_id] = _current_theme(a.theme)
    theme_ids = {t.pk for t in themes.values() if t is not None}
    recommendations: dict[int, list[Recommendation]] = {}
    for r in Recommendation.objects.filter(theme_id__in=theme_ids).order_by("id"):
        recommendations.setdefault(r.theme_id, []).append(r)
    rows = []
    for c in comments:
        item = items.get(c.pk)
        theme = themes.get(item) if item is not None else None
        rows.append(CommentRow(c, theme, recommendations.get(theme.pk, []) if theme else []))
    return rows


def organization_relationship(
    organization: Organization,
    *,
    contacts: bool = True,
    comments: bool = True,
    dialogues: bool = True,
) -> Relationship:
    """Everything the records hold about the organisation, newest first. `contacts` False
    leaves out what names or follows its people (contacts, log, follow-ups, deliveries,
    meetings); `comments` and `dialogues` False leave out those parts."""
    name = organization.name
    people = list(Contact.objects.filter(organization=organization).order_by("name", "id"))
    relationship = Relationship(organization=organization)
    if contacts:
        relationship.contacts = people
        relationship.log = _log_groups(organization)
        relationship.follow_ups = follow_ups_open(organization=organization)
        relationship.announcements = _announcements(organization)
        relationship.meetings, relationship.written = _meetings(_emails(people))
    if comments:
        relationship.comments = _comments(name)
        relationship.inputs = list(
            DirectiveInput.objects.filter(organization__iexact=name)
            .select_related("directive", "engagement")
            .order_by("-submitted_at", "-id")[:LIMIT]
        )
    relationship.requests = list(
        CommunityRequest.objects.filter(organization__iexact=name)
        .select_related("engagement", "directive")
        .order_by("-created_at", "-id")[:LIMIT]
    )
    said = Q(name__iexact=name)
    if organization.entity in _SINGULAR_ENTITIES:
        said |= Q(entity=organization.entity, name="")
    relationship.external_comments = list(
        ExternalComment.objects.filter(said)
        .select_related("engagement")
        .order_by("-received_on", "-created_at", "-id")[:LIMIT]
    )
    if dialogues:
        relationship.dialogues = list(
            DialogueRequest.objects.filter(group_name__iexact=name)
            .select_related("meeting", "directive", "topic")
            .order_by("-created_at", "-id")[:LIMIT]
        )
    return relationship
