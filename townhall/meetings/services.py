"""Writes of meetings: schedule, the agenda and its 48-hour notice, cancel, hold; members,
prompts and breakout groups. Registration is in registration.py, the public comment period in
speaking.py, written comments and notes in written.py, the minutes in minutes.py."""

from __future__ import annotations

import dataclasses
import datetime
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from townhall.accounts.models import User
from townhall.bodies.models import Body
from townhall.bodies.models import Member as BodyMember
from townhall.core.audit import audit_record, changed_only, snapshot
from townhall.core.districts import district
from townhall.core.errors import DomainError, FieldsInvalid, IllegalTransition, NotAllowed
from townhall.core.mail import mail_on_commit
from townhall.core.text import one_line
from townhall.engagements.models import Activity, Engagement
from townhall.meetings import permissions, rules
from townhall.meetings.models import (
    AgendaItem,
    BreakoutGroup,
    Meeting,
    MeetingMember,
    Prompt,
    Registration,
)

__all__ = [
    "MeetingInvalid",
    "agenda_can_change",
    "agenda_item_add",
    "agenda_item_withdraw",
    "breakout_group_add",
    "can_add_meeting",
    "meeting_cancel",
    "meeting_create",
    "meeting_publish",
    "meeting_record_after",
    "meeting_update",
    "meetings_close_past",
    "member_add",
    "member_attendance_set",
    "prompt_add",
]

# What the meeting methods of the plan are held as.
KIND_FOR_METHOD = {
    Activity.Method.COMMUNITY_CONVERSATION: Meeting.Kind.COMMUNITY_CONVERSATION,
    Activity.Method.DELIBERATIVE_DIALOGUE: Meeting.Kind.DELIBERATIVE_DIALOGUE,
    Activity.Method.FOCUS_GROUP: Meeting.Kind.FOCUS_GROUP,
    Activity.Method.INTERNAL_FOCUS_GROUP: Meeting.Kind.INTERNAL_FOCUS_GROUP,
    Activity.Method.DISTRICT_ADVISORY_COMMITTEE: Meeting.Kind.DISTRICT_ADVISORY_COMMITTEE,
    Activity.Method.ADVISORY_COMMITTEE: Meeting.Kind.ADVISORY_COMMITTEE,
    Activity.Method.WORKING_GROUP: Meeting.Kind.WORKING_GROUP,
    Activity.Method.CCPSA: Meeting.Kind.COUNCIL,
    Activity.Method.CPAP: Meeting.Kind.ADVISORY_COMMITTEE,
    Activity.Method.FOLLOW_UP_MEETING: Meeting.Kind.FOLLOW_UP,
    Activity.Method.COMMUNITY_PARTNERSHIPS: Meeting.Kind.PUBLIC_FORUM,
    Activity.Method.CITY_AGENCY_PARTNERSHIPS: Meeting.Kind.PUBLIC_FORUM,
    Activity.Method.AWARENESS_CAMPAIGN: Meeting.Kind.PUBLIC_FORUM,
    Activity.Method.DIGITAL_MEDIA: Meeting.Kind.WEBINAR,
    Activity.Method.ONGOING_COMMUNICATION: Meeting.Kind.PUBLIC_FORUM,
    Activity.Method.REPORTING: Meeting.Kind.PUBLIC_FORUM,
}


class MeetingInvalid(FieldsInvalid):
    """Field-level problems with a meeting's details."""


@dataclass(frozen=True)
class Details:
    """A meeting's details as staff enter them; times are aware instants."""

    kind: str
    title: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    mode: str
    description: str = ""
    place: str = ""
    venue_access: str = ""
    online_url: str = ""
    call_in: str = ""
    district: int | None = None
    capacity: int | None = None
    languages: tuple[str, ...] = ()
    interpretation: str = ""
    ranks: str = ""
    attire: str = ""
    attire_agreed_with: str = ""
    has_public_comment: bool = True
    comment_total_minutes: int = 30
    comment_speaker_minutes: int = 3
    speak_request_hours: int = 24
    written_comment_hours: int = 1
    speaker_order: str = Meeting.SpeakerOrder.FIRST_COME


# The details a meeting's audit rows compare: every field of Details.
DETAIL_FIELDS = tuple(f.name for f in dataclasses.fields(Details))


def _check(actor: User, activity: Activity) -> None:
    if not permissions.can_run_meetings_of(actor, activity):
        raise NotAllowed(_("Your role cannot run the meetings of this activity."))


def _validate(details: Details) -> dict[str, Any]:
    """The details as stored, or MeetingInvalid naming every problem at once."""
    errors: dict[str, str] = {}
    title = one_line(details.title)
    if not title:
        errors["title"] = _("Give the meeting a title.")
    elif len(title) > 300:
        errors["title"] = _("The title is too long: at most 300 characters.")
    if details.kind not in Meeting.Kind.values:
        errors["kind"] = _("Choose the kind of meeting.")
    if details.mode not in Activity.Mode.values:
        errors["mode"] = _("Choose whether the meeting is in person, online or both.")
    if details.ends_at <= details.starts_at:
        errors["ends_at"] = _("The meeting must end after it starts.")
    place = one_line(details.place)
    if details.mode in (Activity.Mode.IN_PERSON, Activity.Mode.HYBRID) and not place:
        errors["place"] = _("Give the place and address of a meeting held in person.")
    online_url = details.online_url.strip()
    if details.mode in (Activity.Mode.ONLINE, Activity.Mode.HYBRID):
        if not online_url:
            errors["online_url"] = _("Give the link to join a meeting held online.")
        if not one_line(details.call_in):
            # Seed 000 gives a call-in number and meeting ID for people without internet.
            errors["call_in"] = _(
                "Give a call-in number and meeting ID, for people without internet."
            )
    if online_url:
        try:
            URLValidator(schemes=["https"])(online_url)
        except ValidationError:
            errors["online_url"] = _("Enter a secure link that starts with https://.")
    if details.district is not None and district(details.district) is None:
        errors["district"] = _("Choose one of Chicago's 22 police districts.")
    if details.capacity is not None and details.capacity < 1:
        errors["capacity"] = _("Give at least one place, or leave it empty for no limit.")
    codes = {code for code, _name in settings.LANGUAGES}
    languages = [code for code in details.languages if code in codes]
    if details.attire not in Meeting.Attire.values:
        errors["attire"] = _("Choose how Department members attend.")
    elif details.attire and not one_line(details.attire_agreed_with):
        # III-C NOTE: decided collaboratively with community representatives.
        errors["attire_agreed_with"] = _(
            "Name the community representatives this was decided with (III-C NOTE)."
        )
    if details.comment_speaker_minutes < 1:
        errors["comment_speaker_minutes"] = _("Each speaker needs at least one minute.")
    elif details.comment_total_minutes < details.comment_speaker_minutes:
        errors["comment_total_minutes"] = _(
            "The whole period must hold at least one speaker's time."
        )
    if details.speaker_order not in Meeting.SpeakerOrder.values:
        errors["speaker_order"] = _("Choose the order of speakers.")
    if details.written_comment_hours > 24 * 14 or details.speak_request_hours > 24 * 14:
        errors["speak_request_hours"] = _("A deadline more than two weeks ahead is not allowed.")
    if errors:
        raise MeetingInvalid(errors)
    return {
        "kind": details.kind,
        "title": title,
        "description": details.description.replace("\r\n", "\n").strip(),
        "starts_at": details.starts_at,
        "ends_at": details.ends_at,
        "mode": details.mode,
        "place": place,
        "venue_access": one_line(details.venue_access)[:500],
        "online_url": online_url,
        "call_in": one_line(details.call_in)[:120],
        "district": details.district,
        "capacity": details.capacity,
        "languages": languages,
        "interpretation": one_line(details.interpretation)[:300],
        "ranks": one_line(details.ranks)[:300],
        "attire": details.attire,
        "attire_agreed_with": one_line(details.attire_agreed_with)[:300],
        "has_public_comment": details.has_public_comment,
        "comment_total_minutes": details.comment_total_minutes,
        "comment_speaker_minutes": details.comment_speaker_minutes,
        "speak_request_hours": details.speak_request_hours,
        "written_comment_hours": details.written_comment_hours,
        "speaker_order": details.speaker_order,
    }


def can_add_meeting(activity: Activity) -> bool:
    """An activity takes more meetings while it and its engagement go on."""
    return (
        activity.status not in (Activity.Status.DONE, Activity.Status.CANCELLED)
        and activity.engagement.status != Engagement.Status.CONCLUDED
    )


def meeting_create(
    *, actor: User, activity: Activity, details: Details, body: Body | None = None
) -> Meeting:
    """A meeting of an engagement activity, in draft: not public until its agenda is posted.
    V-C-9: an internal focus group's meetings are internal focus groups. A meeting of a
    standing body (V-C-1, V-C-11) takes the body's serving members as its members."""
    _check(actor, activity)
    if activity.engagement.status == Engagement.Status.CONCLUDED:
        raise IllegalTransition(_("The engagement has concluded; it holds no more meetings."))
    if not can_add_meeting(activity):
        raise IllegalTransition(_("This activity is over; it holds no more meetings."))
    values = _validate(details)
    if body is not None:
        if body.status == Body.Status.CONCLUDED:
            raise MeetingInvalid({"body": _("This body has concluded; it holds no more meetings.")})
        if not body.engagements.filter(pk=activity.engagement_id).exists():
            raise MeetingInvalid({"body": _("This body does not take part in this engagement.")})
    internal = activity.method == Activity.Method.INTERNAL_FOCUS_GROUP
    if internal != (values["kind"] == Meeting.Kind.INTERNAL_FOCUS_GROUP):
        raise MeetingInvalid(
            {"kind": _("An internal focus group (V-C-9) meets only as an internal focus group.")}
        )
    if internal:
        # V-C-9: Department members only; nobody from the public asks to speak.
        values["has_public_comment"] = False
    with transaction.atomic():
        meeting = Meeting.objects.create(activity=activity, body=body, created_by=actor, **values)
        audit_record(
            actor=actor,
            action="meeting.create",
            obj=meeting,
            after={**values, "body": body.pk if body else None},
        )
        _roster_fill(meeting)
    return meeting


def _roster_fill(meeting: Meeting) -> int:
    """The body's serving members become the meeting's members (present or absent in the
    minutes; they receive the written comments). Those already listed are not added twice."""
    if meeting.body_id is None:
        return 0
    listed = set(meeting.members.exclude(body_member=None).values_list("body_member_id", flat=True))
    serving = BodyMember.objects.filter(
        body_id=meeting.body_id, status=BodyMember.Status.ACTIVE
    ).exclude(pk__in=listed)
    added = [
        MeetingMember(
            meeting=meeting,
            body_member=m,
            name=m.name,
            email=m.email,
            role=str(m.get_role_display()),
        )
        for m in serving
    ]
    MeetingMember.objects.bulk_create(added)
    return len(added)


def meeting_update(*, actor: User, meeting: Meeting, details: Details) -> Meeting:
    """Change the details. Once the agenda is posted the start cannot move so that the posted
    agenda would no longer be 48 hours ahead of a regular meeting (5 ILCS 120/2.02), and the
    public comment deadlines already announced are not shortened."""
    _check(actor, meeting.activity)
    if meeting.status in (Meeting.Status.HELD, Meeting.Status.CANCELLED):
        raise IllegalTransition(_("This meeting is over; its details are kept as they were."))
    values = _validate(details)
    if values["kind"] != meeting.kind and meeting.is_internal != (
        values["kind"] == Meeting.Kind.INTERNAL_FOCUS_GROUP
    ):
        raise MeetingInvalid(
            {"kind": _("An internal focus group (V-C-9) meets only as an internal focus group.")}
        )
    if meeting.is_internal:
        values["has_public_comment"] = False
    if meeting.agenda_posted_at is not None and meeting.notice == Meeting.Notice.REGULAR:
        if not rules.agenda_notice_given(
            posted_at=meeting.agenda_posted_at, starts_at=values["starts_at"]
        ):
            raise MeetingInvalid(
                {
                    "starts_at": _(
                        "The agenda was posted %(posted)s; a regular meeting starts at least "
                        "48 hours after its agenda is posted (5 ILCS 120/2.02)."
                    )
                    % {"posted": rules.local_text(meeting.agenda_posted_at)}
                }
            )
    before = snapshot(meeting, DETAIL_FIELDS)
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if locked.status != meeting.status:
            raise IllegalTransition(_("Someone changed this meeting meanwhile; look again."))
        for name, value in values.items():
            setattr(locked, name, value)
        locked.save(update_fields=list(values))
        after = snapshot(locked, DETAIL_FIELDS)
        old, new = changed_only(before, after)
        if new:
            audit_record(actor=actor, action="meeting.update", obj=locked, before=old, after=new)
        if "capacity" in new:
            from townhall.meetings.registration import promote_waiting

            promote_waiting(meeting=locked)
        if {"starts_at", "ends_at", "place", "online_url", "mode"} & set(new) and (
            locked.status == Meeting.Status.SCHEDULED
        ):
            _tell_registrants(locked, _("The meeting's time or place changed."))
    return locked


def _live_agenda(meeting: Meeting) -> list[AgendaItem]:
    return list(meeting.agenda.filter(withdrawn=False))


def agenda_can_change(meeting: Meeting, now: datetime.datetime) -> bool:
    """5 ILCS 120/2.02: the posted agenda stands; a regular meeting's agenda may change only
    while the change itself is still 48 hours ahead (it is posted again). Never after the
    meeting."""
    if meeting.status in (Meeting.Status.HELD, Meeting.Status.CANCELLED):
        return False
    return (
        meeting.agenda_posted_at is None
        or meeting.notice != Meeting.Notice.REGULAR
        or rules.agenda_notice_given(posted_at=now, starts_at=meeting.starts_at)
    )


def _check_agenda_change(meeting: Meeting, now: datetime.datetime) -> None:
    if agenda_can_change(meeting, now):
        return
    if meeting.status in (Meeting.Status.HELD, Meeting.Status.CANCELLED):
        raise IllegalTransition(_("This meeting is over; its agenda is kept as it was."))
    raise IllegalTransition(
        _(
            "The agenda is posted and the meeting is less than 48 hours away: the agenda "
            "can no longer change (5 ILCS 120/2.02)."
        )
    )


def agenda_item_add(
    *,
    actor: User,
    meeting: Meeting,
    title: str,
    presenter: str = "",
    minutes: int | None = None,
) -> AgendaItem:
    """An item of the agenda; on a posted agenda, the agenda is posted again."""
    _check(actor, meeting.activity)
    now = timezone.now()
    _check_agenda_change(meeting, now)
    title = one_line(title)
    errors: dict[str, str] = {}
    if not title:
        errors["title"] = _("Name the agenda item.")
    elif len(title) > 300:
        errors["title"] = _("The item is too long: at most 300 characters.")
    if minutes is not None and not 1 <= minutes <= 600:
        errors["minutes"] = _("Give the item between 1 and 600 minutes.")
    if errors:
        raise MeetingInvalid(errors)
    with transaction.atomic():
        last = meeting.agenda.order_by("-position").values_list("position", flat=True).first()
        item = AgendaItem.objects.create(
            meeting=meeting,
            position=(last or 0) + 1,
            title=title,
            presenter=one_line(presenter)[:200],
            minutes=minutes,
        )
        audit_record(
            actor=actor,
            action="meeting.agenda_add",
            obj=meeting,
            after={"item": item.pk, "title": title, "presenter": item.presenter},
        )
        if meeting.agenda_posted_at is not None:
            Meeting.objects.filter(pk=meeting.pk).update(agenda_posted_at=now)
            meeting.agenda_posted_at = now
    return item


def agenda_item_withdraw(*, actor: User, item: AgendaItem) -> AgendaItem:
    """Take an item off the agenda. Kept (speakers may have named it), shown as withdrawn."""
    meeting = item.meeting
    _check(actor, meeting.activity)
    now = timezone.now()
    _check_agenda_change(meeting, now)
    if item.withdrawn:
        raise IllegalTransition(_("This item was already withdrawn."))
    if meeting.agenda_posted_at is not None and len(_live_agenda(meeting)) <= 1:
        raise IllegalTransition(_("A posted agenda keeps at least one item."))
    with transaction.atomic():
        AgendaItem.objects.filter(pk=item.pk).update(withdrawn=True)
        audit_record(
            actor=actor, action="meeting.agenda_withdraw", obj=meeting, after={"item": item.pk}
        )
        if meeting.agenda_posted_at is not None:
            Meeting.objects.filter(pk=meeting.pk).update(agenda_posted_at=now)
    item.withdrawn = True
    return item


def meeting_publish(
    *, actor: User, meeting: Meeting, notice: str = Meeting.Notice.REGULAR, reason: str = ""
) -> Meeting:
    """Post the agenda and show the meeting on the public pages (5 ILCS 120/2.02). A regular
    meeting needs its agenda posted at least 48 hours before the start; a special or
    emergency meeting needs a recorded reason. V-C-9: an internal focus group is scheduled
    for the Department only and never shown to the public."""
    _check(actor, meeting.activity)
    if meeting.status != Meeting.Status.DRAFT:
        raise IllegalTransition(_("The agenda of this meeting was already posted."))
    if notice not in Meeting.Notice.values:
        raise DomainError(_("Choose a regular, special or emergency meeting."))
    now = timezone.now()
    if now >= meeting.starts_at:
        raise IllegalTransition(_("The meeting has started; its notice can no longer be given."))
    if not _live_agenda(meeting):
        raise IllegalTransition(_("Add at least one agenda item before posting the agenda."))
    reason = reason.replace("\r\n", "\n").strip()
    if notice == Meeting.Notice.REGULAR:
        reason = ""
        if not rules.agenda_notice_given(posted_at=now, starts_at=meeting.starts_at):
            raise IllegalTransition(
                _(
                    "A regular meeting's agenda is posted at least 48 hours before it starts "
                    "(5 ILCS 120/2.02); this one starts %(when)s. Move the meeting, or hold it "
                    "as a special or emergency meeting and record why."
                )
                % {"when": rules.local_text(meeting.starts_at)}
            )
    elif not reason:
        raise MeetingInvalid(
            {"reason": _("Record why this meeting is held without 48 hours' notice.")}
        )
    engagement = meeting.activity.engagement
    if not meeting.is_internal and not (engagement.is_public and meeting.activity.is_public):
        raise IllegalTransition(
            _("Publish the engagement's public page, with this activity on it, first.")
        )
    with transaction.atomic():
        updated = Meeting.objects.filter(pk=meeting.pk, status=Meeting.Status.DRAFT).update(
            status=Meeting.Status.SCHEDULED,
            notice=notice,
            notice_reason=reason,
            agenda_posted_at=now,
        )
        if not updated:
            raise IllegalTransition(_("Someone changed this meeting meanwhile; look again."))
        audit_record(
            actor=actor,
            action="meeting.publish",
            obj=meeting,
            before={"status": Meeting.Status.DRAFT},
            after={"status": Meeting.Status.SCHEDULED, "notice": notice, "posted_at": now},
            note=reason,
        )
        # Members who joined the body since the meeting was drafted receive its papers too.
        _roster_fill(meeting)
    meeting.refresh_from_db()
    return meeting


def meeting_cancel(*, actor: User, meeting: Meeting, reason: str) -> Meeting:
    """Cancel, with a reason the public page shows and every registrant and speaker hears."""
    _check(actor, meeting.activity)
    if meeting.status in (Meeting.Status.HELD, Meeting.Status.CANCELLED):
        raise IllegalTransition(_("This meeting is over; it cannot be cancelled."))
    reason = reason.replace("\r\n", "\n").strip()
    if not reason:
        raise MeetingInvalid({"reason": _("Say why the meeting is cancelled.")})
    with transaction.atomic():
        updated = Meeting.objects.filter(pk=meeting.pk, status=meeting.status).update(
            status=Meeting.Status.CANCELLED, cancel_reason=reason
        )
        if not updated:
            raise IllegalTransition(_("Someone changed this meeting meanwhile; look again."))
        audit_record(
            actor=actor,
            action="meeting.cancel",
            obj=meeting,
            before={"status": meeting.status},
            after={"status": Meeting.Status.CANCELLED},
            note=reason,
        )
        meeting.status = Meeting.Status.CANCELLED
        meeting.cancel_reason = reason
        _tell_registrants(meeting, _("The meeting is cancelled: %(reason)s") % {"reason": reason})
    return meeting


def _tell_registrants(meeting: Meeting, what: str) -> None:
    from townhall.meetings.registration import meeting_lines

    people = meeting.registrations.exclude(status=Registration.Status.CANCELLED)
    to = [r.email for r in people] + [
        s.email for s in meeting.speakers.filter(status="waiting") if s.email
    ]
    mail_on_commit(
        to=to,
        subject=_("Change to %(title)s") % {"title": meeting.title},
        body="\n\n".join([what, *meeting_lines(meeting)]),
    )


def meetings_close_past(*, now: datetime.datetime | None = None) -> int:
    """Mark scheduled meetings whose end has passed as held. Idempotent: run by the worker;
    a meeting already held is left alone."""
    now = now or timezone.now()
    ids = list(
        Meeting.objects.filter(status=Meeting.Status.SCHEDULED, ends_at__lte=now).values_list(
            "pk", flat=True
        )
    )
    closed = 0
    for pk in ids:
        with transaction.atomic():
            done = Meeting.objects.filter(pk=pk, status=Meeting.Status.SCHEDULED).update(
                status=Meeting.Status.HELD
            )
            if done:
                meeting = Meeting.objects.get(pk=pk)
                audit_record(
                    actor=None,
                    action="meeting.held",
                    obj=meeting,
                    before={"status": Meeting.Status.SCHEDULED},
                    after={"status": Meeting.Status.HELD},
                )
                closed += 1
    return closed


def meeting_record_after(
    *,
    actor: User,
    meeting: Meeting,
    recording_url: str,
    attendance_count: int | None,
) -> Meeting:
    """After the meeting: the recording's link and how many attended (2.06, VIII)."""
    _check(actor, meeting.activity)
    if meeting.status != Meeting.Status.HELD:
        raise IllegalTransition(_("The recording and attendance are recorded after the meeting."))
    recording_url = recording_url.strip()
    errors: dict[str, str] = {}
    if recording_url:
        try:
            URLValidator(schemes=["https"])(recording_url)
        except ValidationError:
            errors["recording_url"] = _("Enter a secure link that starts with https://.")
    if attendance_count is not None and attendance_count < 0:
        errors["attendance_count"] = _("Attendance cannot be fewer than none.")
    if errors:
        raise MeetingInvalid(errors)
    before = snapshot(meeting, ["recording_url", "attendance_count"])
    with transaction.atomic():
        Meeting.objects.filter(pk=meeting.pk).update(
            recording_url=recording_url, attendance_count=attendance_count
        )
        meeting.recording_url = recording_url
        meeting.attendance_count = attendance_count
        old, new = changed_only(before, snapshot(meeting, ["recording_url", "attendance_count"]))
        audit_record(actor=actor, action="meeting.record", obj=meeting, before=old, after=new)
    return meeting


def member_add(
    *, actor: User, meeting: Meeting, name: str, email: str = "", role: str = ""
) -> MeetingMember:
    """A member of the body that meets: the minutes list them present or absent, and they
    receive the written comments before the meeting (seed 000)."""
    _check(actor, meeting.activity)
    name = one_line(name)
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = _("Give the member's name.")
    email = email.strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = _("Enter a valid email address, like name@example.org.")
    if errors:
        raise MeetingInvalid(errors)
    with transaction.atomic():
        member = MeetingMember.objects.create(
            meeting=meeting, name=name[:200], email=email, role=one_line(role)[:100]
        )
        audit_record(actor=actor, action="meeting.member_add", obj=meeting, after={"name": name})
    return member


def member_attendance_set(*, actor: User, member: MeetingMember, attendance: str) -> MeetingMember:
    """2.06(b): the minutes say who was present, in person or remotely, and who was absent."""
    _check(actor, member.meeting.activity)
    if attendance not in MeetingMember.Attendance.values:
        raise DomainError(_("Choose present in person, present remotely or absent."))
    if member.meeting.starts_at > timezone.now():
        raise IllegalTransition(_("Attendance is recorded once the meeting has started."))
    with transaction.atomic():
        MeetingMember.objects.filter(pk=member.pk).update(attendance=attendance)
        audit_record(
            actor=actor,
            action="meeting.attendance",
            obj=member.meeting,
            before={"member": member.pk, "attendance": member.attendance},
            after={"member": member.pk, "attendance": attendance},
        )
    member.attendance = attendance
    return member


def prompt_add(*, actor: User, meeting: Meeting, text: str) -> Prompt:
    """V-C-4: a prompt the small groups work through."""
    _check(actor, meeting.activity)
    text = one_line(text)
    if not text:
        raise MeetingInvalid({"text": _("Write the prompt.")})
    if len(text) > 500:
        raise MeetingInvalid({"text": _("The prompt is too long: at most 500 characters.")})
    with transaction.atomic():
        last = meeting.prompts.order_by("-position").values_list("position", flat=True).first()
        prompt = Prompt.objects.create(meeting=meeting, position=(last or 0) + 1, text=text)
        audit_record(actor=actor, action="meeting.prompt_add", obj=meeting, after={"text": text})
    return prompt


def breakout_group_add(*, actor: User, meeting: Meeting, facilitator: str) -> BreakoutGroup:
    """V-C-4: a small group and its facilitator, who gets a secret link to write the group's
    notes on a phone, without an account."""
    _check(actor, meeting.activity)
    facilitator = one_line(facilitator)
    if not facilitator:
        raise MeetingInvalid({"facilitator": _("Name the group's facilitator.")})
    with transaction.atomic():
        Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
        last = meeting.groups.order_by("-number").values_list("number", flat=True).first()
        group = BreakoutGroup.objects.create(
            meeting=meeting,
            number=(last or 0) + 1,
            facilitator=facilitator[:200],
            token=secrets.token_urlsafe(24),
        )
        audit_record(
            actor=actor,
            action="meeting.group_add",
            obj=meeting,
            after={"group": group.number, "facilitator": group.facilitator},
        )
    return group
