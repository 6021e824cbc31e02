"""What people write for a meeting: written public comments (seed 000), the facilitators'
breakout notes (V-C-4), and anonymous attendee profiles. Comments and notes join the
engagement's feedback pool; the written comments are compiled and sent to the members
before the meeting."""

from __future__ import annotations

import datetime
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from townhall.accounts.models import User
from townhall.core.audit import audit_record
from townhall.core.districts import district as district_of
from townhall.core.errors import DomainError, FieldsInvalid, IllegalTransition, NotAllowed
from townhall.core.mail import mail_on_commit
from townhall.core.receipts import ReceiptFormat
from townhall.core.text import one_line
from townhall.engagements.models import Engagement
from townhall.feedback.analysis import pool_add
from townhall.feedback.models import Comment, FeedbackItem
from townhall.meetings import permissions, rules
from townhall.meetings.models import (
    AgendaItem,
    AttendeeProfile,
    BreakoutGroup,
    BreakoutNote,
    Meeting,
    Prompt,
    WrittenComment,
)
from townhall.meetings.registration import meeting_lines
from townhall.meetings.speaking import is_public_comment_open, written_deadline
from townhall.postings.models import Posting

__all__ = [
    "breakout_note_add",
    "profile_closed",
    "profile_submit",
    "written_closed",
    "written_comment_enter",
    "written_comment_submit",
    "written_comments_send",
    "written_comments_send_now",
]

WRITTEN_RECEIPTS = ReceiptFormat("W", 8)
MAX_CHARS = 10_000
MAX_NOTE_CHARS = 20_000
# Profiles are taken from the start of the meeting until a week after it.
PROFILE_WINDOW = datetime.timedelta(days=7)


class WrittenInvalid(FieldsInvalid):
    """Field-level problems with a written comment or a note."""


def engagement_posting(engagement: Engagement) -> Posting | None:
    """The posting of the engagement's public posting activity (V-C-10), latest first: what
    a meeting's feedback joins so the posting's analysis reads it too."""
    activity = (
        engagement.activities.filter(posting__isnull=False)
        .select_related("posting")
        .order_by("-created_at", "-id")
        .first()
    )
    return activity.posting if activity is not None else None


def _to_pool(
    *,
    meeting: Meeting,
    source: str,
    ref: str,
    text: str,
    when: datetime.datetime,
    origin: str = Comment.Origin.EXTERNAL,
    channel: str = "",
) -> FeedbackItem:
    engagement = meeting.activity.engagement
    return pool_add(
        engagement=engagement,
        posting=engagement_posting(engagement),
        source=source,
        source_ref=ref,
        text=text,
        received_at=when,
        origin=origin,
        channel=channel,
    )


def _validate(
    *, meeting: Meeting, name: str, email: str, body: str, agenda_item_id: int | None
) -> tuple[str, str, str, AgendaItem | None]:
    errors: dict[str, str] = {}
    name = one_line(name)
    if len(name) > 200:
        errors["name"] = _("The name is too long: at most 200 characters.")
    email = email.strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = _("Enter a valid email address, like name@example.org.")
    body = body.replace("\r\n", "\n").replace("\x00", "").strip()
    if not body:
        errors["body"] = _("Write your comment.")
    elif len(body) > MAX_CHARS:
        errors["body"] = _(
            "Your comment is %(count)d characters long; the limit is %(limit)d. Nothing is "
            "lost: shorten it, or send the rest as a second comment."
        ) % {"count": len(body), "limit": MAX_CHARS}
    item = None
    if agenda_item_id is not None:
        item = AgendaItem.objects.filter(
            pk=agenda_item_id, meeting=meeting, withdrawn=False
        ).first()
        if item is None:
            errors["agenda_item"] = _("Choose an item of this meeting's agenda.")
    if errors:
        raise WrittenInvalid(errors)
    return name, email, body, item


def _store(
    *,
    meeting: Meeting,
    name: str,
    email: str,
    body: str,
    item: AgendaItem | None,
    language: str,
    channel: str,
    received_at: datetime.datetime,
    entered_by: User | None,
    idempotency_key: str | None,
) -> WrittenComment:
    with transaction.atomic():
        comment = WrittenComment.objects.create(
            meeting=meeting,
            name=name,
            email=email,
            agenda_item=item,
            body=body,
            language=language,
            channel=channel,
            entered_by=entered_by,
            received_at=received_at,
            receipt=WRITTEN_RECEIPTS.new(),
            idempotency_key=idempotency_key,
        )
        _to_pool(
            meeting=meeting,
            source=FeedbackItem.Source.MEETING_COMMENT,
            ref=f"meetings.WrittenComment:{comment.pk}",
            text=body,
            when=received_at,
            channel=channel,
        )
        audit_record(
            actor=entered_by,
            actor_label=None if entered_by else "public",
            action="written.submit",
            obj=comment,
            after={"channel": channel, "received_at": received_at},
        )
    return comment


def written_closed(meeting: Meeting, now: datetime.datetime, *, typed: bool = True) -> str:
    """Seed 000: why the meeting takes no written comment now ("" while it does): no later
    than one hour before the start. What the service refuses with (`typed`: to someone whose
    text is kept on the page) and the form page says before anyone types."""
    if not is_public_comment_open(meeting):
        return _("This meeting takes no written comments.")
    deadline = written_deadline(meeting)
    if rules.in_time(now, deadline):
        return ""
    values = {"deadline": rules.local_text(deadline), "hours": meeting.written_comment_hours}
    if typed:
        return (
            _(
                "Written comments for this meeting closed at %(deadline)s, %(hours)d hour(s) "
                "before it starts, so the members could read them in time. Your text is kept "
                "below; you can send it as a comment on the engagement instead."
            )
            % values
        )
    return (
        _(
            "Written comments for this meeting closed at %(deadline)s, %(hours)d hour(s) "
            "before it starts, so the members could read them in time."
        )
        % values
    )


def written_comment_submit(
    *,
    meeting: Meeting,
    name: str,
    email: str,
    body: str,
    agenda_item_id: int | None = None,
    language: str = "",
    idempotency_key: str | None = None,
) -> tuple[WrittenComment, bool]:
    """Seed 000: a written comment, no later than one hour before the start. It goes to the
    members before the meeting and into the engagement's pool. Returns (comment, created)."""
    if idempotency_key:
        existing = WrittenComment.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing, False
    now = timezone.now()
    closed = written_closed(meeting, now)
    if closed:
        raise IllegalTransition(closed)
    name, email, body, item = _validate(
        meeting=meeting, name=name, email=email, body=body, agenda_item_id=agenda_item_id
    )
    try:
        comment = _store(
            meeting=meeting,
            name=name,
            email=email,
            body=body,
            item=item,
            language=language,
            channel=WrittenComment.Channel.FORM,
            received_at=now,
            entered_by=None,
            idempotency_key=idempotency_key,
        )
    except IntegrityError:
        existing = WrittenComment.objects.filter(idempotency_key=idempotency_key).first()
        if existing is None:
            raise
        return existing, False
    return comment, True


def written_comment_enter(
    *,
    actor: User,
    meeting: Meeting,
    name: str,
    email: str,
    body: str,
    received_at: datetime.datetime,
    agenda_item_id: int | None = None,
) -> WrittenComment:
    """Staff enter a comment that came by email (seed 000 takes them by email). It counts as
    received when the email arrived; one that arrived after the cutoff is not a comment for
    this meeting."""
    if not permissions.can_manage_meeting(actor, meeting):
        raise NotAllowed(_("Your role cannot enter comments for this meeting."))
    if not meeting.has_public_comment or meeting.is_internal:
        raise IllegalTransition(_("This meeting takes no written comments."))
    if received_at > timezone.now():
        raise WrittenInvalid({"received_at": _("The email cannot have arrived in the future.")})
    deadline = written_deadline(meeting)
    if not rules.in_time(received_at, deadline):
        raise WrittenInvalid(
            {
                "received_at": _(
                    "This email arrived after the cutoff (%(deadline)s), so it is not a "
                    "written comment for this meeting."
                )
                % {"deadline": rules.local_text(deadline)}
            }
        )
    name, email, body, item = _validate(
        meeting=meeting, name=name, email=email, body=body, agenda_item_id=agenda_item_id
    )
    return _store(
        meeting=meeting,
        name=name,
        email=email,
        body=body,
        item=item,
        language="",
        channel=WrittenComment.Channel.EMAIL,
        received_at=received_at,
        entered_by=actor,
        idempotency_key=None,
    )


def compilation_pdf(meeting: Meeting) -> bytes:
    """The written comments as one PDF, for the members to read during the meeting."""
    from weasyprint import HTML  # heavy: loaded only when a compilation is made

    html = render_to_string(
        "meetings/written_compilation.html",
        {
            "meeting": meeting,
            "comments": list(meeting.written.select_related("agenda_item")),
            "made_at": timezone.now(),
        },
    )
    return bytes(HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf())


def _recipients(meeting: Meeting) -> list[str]:
    """Seed 000: the members; and the engagement's contact, who answers for the meeting."""
    to = [m.email for m in meeting.members.exclude(email="")]
    contact = meeting.activity.engagement.contact_email
    if contact:
        to.append(contact)
    return to


def _send(meeting: Meeting, *, now: datetime.datetime, actor: User | None) -> bool:
    """Compile and send, once: claimed by `written_sent_at`. False if already sent."""
    with transaction.atomic():
        claimed = Meeting.objects.filter(pk=meeting.pk, written_sent_at__isnull=True).update(
            written_sent_at=now
        )
        if not claimed:
            return False
        meeting.written_sent_at = now
        count = meeting.written.count()
        to = _recipients(meeting)
        attachments: list[str] = []
        if count:
            folder = Path(settings.MEDIA_ROOT) / "meeting-comments"
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"meeting-{meeting.pk}-written-comments.pdf"
            path.write_bytes(compilation_pdf(meeting))
            attachments.append(str(path))
        with translation.override(settings.LANGUAGE_CODE):
            mail_on_commit(
                to=to,
                subject=_("Written public comments for %(title)s") % {"title": meeting.title},
                body="\n\n".join(
                    [
                        _(
                            "%(count)d written comment(s) arrived before the cutoff; they are "
                            "attached, to review during the meeting."
                        )
                        % {"count": count},
                        *meeting_lines(meeting),
                    ]
                ),
                attachment_paths=attachments,
            )
        audit_record(
            actor=actor,
            action="written.send",
            obj=meeting,
            after={"comments": count, "recipients": len(to)},
        )
    return True


def written_comments_send(*, now: datetime.datetime | None = None) -> int:
    """Seed 000: "Public comment sent by email will be emailed to the members ... to review
    during the meeting." At the cutoff, once per meeting, the comments are compiled and sent
    to the members with an email address (and the engagement's contact). Idempotent: run by
    the worker every minute. A meeting with nobody to send to waits for staff to add someone
    (written_comments_send_now says so)."""
    now = now or timezone.now()
    due = Meeting.objects.filter(
        status=Meeting.Status.SCHEDULED,
        has_public_comment=True,
        written_sent_at__isnull=True,
        ends_at__gt=now,
    ).select_related("activity__engagement")
    sent = 0
    for candidate in due:
        if rules.in_time(now, written_deadline(candidate)):
            continue  # comments may still arrive
        if _recipients(candidate) and _send(candidate, now=now, actor=None):
            sent += 1
    return sent


def written_comments_send_now(*, actor: User, meeting: Meeting) -> Meeting:
    """Staff send the compiled comments themselves, after the cutoff (the worker does it at
    the cutoff), with the reason when it cannot be done."""
    if not permissions.can_manage_meeting(actor, meeting):
        raise NotAllowed(_("Your role cannot send this meeting's written comments."))
    now = timezone.now()
    if meeting.written_sent_at is not None:
        raise IllegalTransition(
            _("Nothing was sent: the written comments already went to the members on %(when)s.")
            % {"when": rules.local_text(meeting.written_sent_at)}
        )
    if not is_public_comment_open(meeting) or now >= meeting.ends_at:
        raise IllegalTransition(
            _(
                "Nothing was sent: only a scheduled meeting with a public comment period, before "
                "it ends, sends its written comments."
            )
        )
    deadline = written_deadline(meeting)
    if rules.in_time(now, deadline):
        raise IllegalTransition(
            _(
                "Nothing was sent yet: written comments may arrive until the cutoff, %(when)s. "
                "They are sent to the members automatically then, or with this button after it."
            )
            % {"when": rules.local_text(deadline)}
        )
    if not _recipients(meeting):
        raise DomainError(
            _(
                "Nothing was sent: nobody has an email address to receive them. Add the members' "
                "email addresses, or the engagement's contact address."
            )
        )
    if not _send(meeting, now=now, actor=actor):
        raise IllegalTransition(_("Someone sent them meanwhile; look again."))
    return meeting


def breakout_note_add(
    *, group: BreakoutGroup, text: str, prompt_id: int | None = None
) -> BreakoutNote:
    """V-C-4: the facilitator writes what the group said, in general or to one prompt, during
    the meeting or after it; it joins the engagement's pool with the meeting and group as its
    source."""
    meeting = group.meeting
    now = timezone.now()
    if meeting.status == Meeting.Status.CANCELLED:
        raise IllegalTransition(_("This meeting was cancelled."))
    if now < meeting.starts_at:
        raise IllegalTransition(_("Notes are written once the meeting has started."))
    text = text.replace("\r\n", "\n").replace("\x00", "").strip()
    errors: dict[str, str] = {}
    if not text:
        errors["text"] = _("Write what the group said.")
    elif len(text) > MAX_NOTE_CHARS:
        errors["text"] = _(
            "The notes are %(count)d characters long; the limit is %(limit)d. Nothing is "
            "lost: send them in two parts."
        ) % {"count": len(text), "limit": MAX_NOTE_CHARS}
    prompt = None
    if prompt_id is not None:
        prompt = Prompt.objects.filter(pk=prompt_id, meeting=meeting).first()
        if prompt is None:
            errors["prompt"] = _("Choose one of this meeting's prompts.")
    if errors:
        raise WrittenInvalid(errors)
    with transaction.atomic():
        note = BreakoutNote.objects.create(
            group=group, prompt=prompt, text=text, written_by=group.facilitator
        )
        _to_pool(
            meeting=meeting,
            source=FeedbackItem.Source.FACILITATOR_NOTE,
            ref=f"meetings.BreakoutNote:{note.pk}",
            text=f"{prompt.text}\n\n{text}" if prompt else text,
            when=now,
            channel=f"group-{group.number}",
        )
        audit_record(
            actor=None,
            actor_label=f"facilitator: {group.facilitator}",
            action="breakout.note",
            obj=note,
            after={"group": group.number, "prompt": prompt_id},
        )
    return note


def profile_closed(meeting: Meeting, now: datetime.datetime) -> str:
    """Why the meeting takes no attendee profile now ("" while it does): from its start until
    a week after its end."""
    if meeting.is_internal or meeting.status not in (
        Meeting.Status.SCHEDULED,
        Meeting.Status.HELD,
    ):
        return _("This meeting takes no attendee profiles.")
    if not meeting.starts_at <= now <= meeting.ends_at + PROFILE_WINDOW:
        return _("Attendee profiles are taken from the start of the meeting until a week after.")
    return ""


def profile_submit(
    *,
    meeting: Meeting,
    age_band: str,
    race: str,
    district: int | None,
    lived_experience: str,
    idempotency_key: str | None = None,
) -> AttendeeProfile:
    """Voluntary and anonymous: who came, for the representativeness measures (VIII). Every
    answer may be "prefer not to say"."""
    if idempotency_key:
        existing = AttendeeProfile.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing
    closed = profile_closed(meeting, timezone.now())
    if closed:
        raise IllegalTransition(closed)
    if (
        age_band not in AttendeeProfile.AgeBand.values
        or race not in AttendeeProfile.Race.values
        or lived_experience not in AttendeeProfile.Lived.values
        or (district is not None and district_of(district) is None)
    ):
        raise DomainError(_("Choose from the answers listed."))
    try:
        with transaction.atomic():
            return AttendeeProfile.objects.create(
                meeting=meeting,
                age_band=age_band,
                race=race,
                district=district,
                lived_experience=lived_experience,
                idempotency_key=idempotency_key,
            )
    except IntegrityError:
        existing = AttendeeProfile.objects.filter(idempotency_key=idempotency_key).first()
        if existing is None:
            raise
        return existing
