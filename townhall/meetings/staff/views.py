"""Staff side of meetings: the list, scheduling a meeting of an engagement activity, its
page (agenda, notice, cancellation, members, what happened after), and the minutes
(5 ILCS 120/2.02, 2.06). What the public sent is in input_views.py, the clerk's screen in
clerk_views.py."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from townhall.accounts.selectors import signed_in_user
from townhall.bodies.models import Body
from townhall.core.districts import district
from townhall.core.errors import DomainError
from townhall.core.forms import add_errors
from townhall.engagements.models import Activity
from townhall.meetings import minutes as minutes_services
from townhall.meetings import permissions, rules, selectors, services, speaking
from townhall.meetings.models import AgendaItem, Meeting, MeetingMember, Minutes
from townhall.meetings.staff.common import can_read, meeting_to_manage, meeting_to_read
from townhall.meetings.staff.forms import (
    MEETING_FIELD_NAMES,
    AfterForm,
    AgendaItemForm,
    ApproveForm,
    AttendanceForm,
    CancelForm,
    MeetingForm,
    MemberForm,
    MinutesForm,
    PublishForm,
    VoteForm,
    VoteFormSet,
    bodies_serving,
)
from townhall.postings.permissions import can_read_comments

OVER = (Meeting.Status.HELD, Meeting.Status.CANCELLED)


def meeting_list(request: HttpRequest) -> HttpResponse:
    """Upcoming or past meetings, and above them the minutes that are due or overdue."""
    can_read(request)
    when = "past" if request.GET.get("when") == "past" else "upcoming"
    page = Paginator(selectors.staff_meetings(when=when), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "meetings/staff/list.html",
        {
            "page": page,
            "when": when,
            "flags": selectors.minutes_flags(),
        },
    )


def _activity(request: HttpRequest, pk: int) -> Activity:
    can_read(request)
    activity = get_object_or_404(Activity.objects.select_related("engagement"), pk=pk)
    if not permissions.can_run_meetings_of(request.user, activity):
        raise PermissionDenied
    if activity.method not in services.KIND_FOR_METHOD:
        raise Http404("This activity is not held as meetings")
    return activity


def _body_for(request: HttpRequest, activity: Activity) -> Body | None:
    """The body named by ?body= (from the body's page), else the only one serving the
    engagement: its rules fill the new meeting's form."""
    bodies = list(bodies_serving(activity))
    wanted = request.GET.get("body", "")
    chosen = next((b for b in bodies if str(b.pk) == wanted), None)
    return chosen or (bodies[0] if len(bodies) == 1 else None)


def meeting_new(request: HttpRequest, activity: int) -> HttpResponse:
    held_by = _activity(request, activity)
    if request.method == "POST":
        form = MeetingForm(request.POST, activity=held_by)
        if form.is_valid():
            try:
                meeting = services.meeting_create(
                    actor=signed_in_user(request),
                    activity=held_by,
                    details=form.details(),
                    body=form.cleaned_data.get("body"),
                )
            except DomainError as exc:
                add_errors(form, exc, MEETING_FIELD_NAMES)
            else:
                messages.success(
                    request,
                    _(
                        "The meeting was saved as a draft. Add its agenda, then post the agenda "
                        "to show it on the public pages."
                    ),
                )
                return redirect("staff:meetings:detail", pk=meeting.pk)
    else:
        form = MeetingForm(
            activity=held_by, initial=MeetingForm.initial_for(held_by, _body_for(request, held_by))
        )
    return render(
        request,
        "meetings/staff/form.html",
        {"form": form, "activity": held_by, "engagement": held_by.engagement, "meeting": None},
    )


def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_to_manage(request, pk)
    if request.method == "POST":
        form = MeetingForm(request.POST, activity=meeting.activity, meeting=meeting)
        if form.is_valid():
            try:
                services.meeting_update(
                    actor=signed_in_user(request), meeting=meeting, details=form.details()
                )
            except DomainError as exc:
                add_errors(form, exc, MEETING_FIELD_NAMES)
            else:
                messages.success(request, _("The meeting's details were saved."))
                return redirect("staff:meetings:detail", pk=meeting.pk)
    else:
        form = MeetingForm(
            activity=meeting.activity, meeting=meeting, initial=MeetingForm.initial_of(meeting)
        )
    return render(
        request,
        "meetings/staff/form.html",
        {
            "form": form,
            "activity": meeting.activity,
            "engagement": meeting.activity.engagement,
            "meeting": meeting,
            "over": meeting.status in OVER,
        },
    )


def _language_names(codes: list[str]) -> list[str]:
    names = dict(settings.LANGUAGES)
    return [names[code] for code in codes if code in names]


def _detail(
    request: HttpRequest,
    meeting: Meeting,
    *,
    agenda_form: AgendaItemForm | None = None,
    publish_form: PublishForm | None = None,
    cancel_form: CancelForm | None = None,
    member_form: MemberForm | None = None,
    after_form: AfterForm | None = None,
) -> HttpResponse:
    now = timezone.now()
    can_manage = permissions.can_manage_meeting(request.user, meeting)
    over = meeting.status in OVER
    # 5 ILCS 120/2.02: could the agenda still be posted (or changed) 48 hours ahead?
    regular_possible = rules.agenda_notice_given(posted_at=now, starts_at=meeting.starts_at)
    held = meeting.status == Meeting.Status.HELD
    context: dict[str, Any] = {
        "meeting": meeting,
        "activity": meeting.activity,
        "engagement": meeting.activity.engagement,
        "agenda": list(meeting.agenda.all()),
        "members": list(meeting.members.all()),
        "attendance_choices": MeetingMember.Attendance.choices,
        "can_manage": can_manage,
        "can_edit": can_manage and not over,
        "can_change_agenda": can_manage and services.agenda_can_change(meeting, now),
        "started": meeting.starts_at <= now,
        "can_publish": can_manage and meeting.status == Meeting.Status.DRAFT,
        "can_cancel": can_manage and not over,
        "held": held,
        "regular_possible": regular_possible,
        "notice_by": meeting.starts_at - rules.AGENDA_NOTICE,
        "is_public": selectors.is_public(meeting),
        "reads_pool": can_read_comments(request.user),
        "district": district(meeting.district) if meeting.district else None,
        "language_names": _language_names(list(meeting.languages or [])),
        "places": selectors.places(meeting),
        "speaker_counts": selectors.speaker_counts(meeting),
        "request_deadline": speaking.request_deadline(meeting),
        "written_deadline": speaking.written_deadline(meeting),
        "written_count": meeting.written.count(),
        "minutes": Minutes.objects.filter(meeting=meeting).first(),
        "minutes_due": selectors.minutes_deadlines(meeting) if held else None,
        "agenda_form": agenda_form or AgendaItemForm(prefix="item"),
        "publish_form": publish_form
        or PublishForm(
            prefix="pub",
            initial={
                "notice": Meeting.Notice.REGULAR if regular_possible else Meeting.Notice.SPECIAL
            },
        ),
        "cancel_form": cancel_form or CancelForm(prefix="cancel"),
        "member_form": member_form or MemberForm(prefix="member"),
        "after_form": after_form
        or AfterForm(
            prefix="after",
            initial={
                "recording_url": meeting.recording_url,
                "attendance_count": meeting.attendance_count,
            },
        ),
    }
    return render(request, "meetings/staff/detail.html", context)


def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, meeting_to_read(request, pk))


def _back(meeting: Meeting, anchor: str = "") -> HttpResponse:
    url = reverse("staff:meetings:detail", kwargs={"pk": meeting.pk})
    return redirect(url + (f"#{anchor}" if anchor else ""))


@require_POST
def agenda_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_to_manage(request, pk)
    form = AgendaItemForm(request.POST, prefix="item")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.agenda_item_add(
                actor=signed_in_user(request),
                meeting=meeting,
                title=data["title"],
                presenter=data["presenter"],
                minutes=data["minutes"],
            )
        except DomainError as exc:
            add_errors(form, exc)
        else:
            messages.success(
                request,
                _("The item was added; the agenda is posted again.")
                if meeting.agenda_posted_at
                else _("The item was added to the agenda."),
            )
            return _back(meeting, "agenda")
    return _detail(request, meeting, agenda_form=form)


@require_POST
def agenda_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    can_read(request)
    item = get_object_or_404(AgendaItem.objects.select_related("meeting__activity"), pk=pk)
    if not permissions.can_manage_meeting(request.user, item.meeting):
        raise PermissionDenied
    try:
        services.agenda_item_withdraw(actor=signed_in_user(request), item=item)
        messages.success(
            request, _("“%(title)s” was withdrawn from the agenda.") % {"title": item.title}
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    return _back(item.meeting, "agenda")


@require_POST
def meeting_publish(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_to_manage(request, pk)
    form = PublishForm(request.POST, prefix="pub")
    if form.is_valid():
        try:
            services.meeting_publish(
                actor=signed_in_user(request),
                meeting=meeting,
                notice=form.cleaned_data["notice"],
                reason=form.cleaned_data["reason"],
            )
        except DomainError as exc:
            add_errors(form, exc)
        else:
            messages.success(
                request,
                _(
                    "The agenda is posted. As an internal focus group (V-C-9), the meeting is shown to the Department only."
                )
                if meeting.is_internal
                else _("The agenda is posted; the meeting is on the public pages."),
            )
            return _back(meeting)
    return _detail(request, meeting, publish_form=form)


@require_POST
def meeting_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_to_manage(request, pk)
    form = CancelForm(request.POST, prefix="cancel")
    if form.is_valid():
        try:
            services.meeting_cancel(
                actor=signed_in_user(request), meeting=meeting, reason=form.cleaned_data["reason"]
            )
        except DomainError as exc:
            add_errors(form, exc)
        else:
            messages.success(
                request,
                _("The meeting is cancelled; everyone registered or asking to speak is told why."),
            )
            return _back(meeting)
    return _detail(request, meeting, cancel_form=form)


@require_POST
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_to_manage(request, pk)
    form = MemberForm(request.POST, prefix="member")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.member_add(
                actor=signed_in_user(request),
                meeting=meeting,
                name=data["name"],
                email=data["email"],
                role=data["role"],
            )
        except DomainError as exc:
            add_errors(form, exc)
        else:
            messages.success(
                request, _("%(name)s was added to the members.") % {"name": data["name"]}
            )
            return _back(meeting, "members")
    return _detail(request, meeting, member_form=form)


@require_POST
def member_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    can_read(request)
    member = get_object_or_404(MeetingMember.objects.select_related("meeting__activity"), pk=pk)
    if not permissions.can_manage_meeting(request.user, member.meeting):
        raise PermissionDenied
    form = AttendanceForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose present in person, present remotely or absent."))
        return _back(member.meeting, "members")
    try:
        services.member_attendance_set(
            actor=signed_in_user(request),
            member=member,
            attendance=form.cleaned_data["attendance"],
        )
        messages.success(
            request,
            _("%(name)s: %(attendance)s.")
            % {"name": member.name, "attendance": member.get_attendance_display()},
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    return _back(member.meeting, "members")


@require_POST
def meeting_after(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_to_manage(request, pk)
    form = AfterForm(request.POST, prefix="after")
    if form.is_valid():
        try:
            services.meeting_record_after(
                actor=signed_in_user(request),
                meeting=meeting,
                recording_url=form.cleaned_data["recording_url"],
                attendance_count=form.cleaned_data["attendance_count"],
            )
        except DomainError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The recording and attendance were saved."))
            return _back(meeting, "after")
    return _detail(request, meeting, after_form=form)


# --- The minutes (5 ILCS 120/2.06) ---------------------------------------------------------


def _minutes_page(
    request: HttpRequest,
    meeting: Meeting,
    *,
    form: MinutesForm | None = None,
    votes: Any = None,
    approve_form: ApproveForm | None = None,
) -> HttpResponse:
    minutes = Minutes.objects.filter(meeting=meeting).first()
    can_manage = permissions.can_manage_meeting(request.user, meeting)
    held = meeting.status == Meeting.Status.HELD
    today = timezone.localdate()
    due = selectors.minutes_deadlines(meeting) if held else None
    status = minutes.status if minutes else None
    members = list(meeting.members.all())
    attendance = MeetingMember.Attendance
    context: dict[str, Any] = {
        "meeting": meeting,
        "minutes": minutes,
        "can_manage": can_manage,
        "held": held,
        "can_write": can_manage and held and status in (None, Minutes.Status.DRAFT),
        "can_approve": can_manage and status == Minutes.Status.DRAFT,
        "can_post": can_manage and status == Minutes.Status.APPROVED,
        "due": due,
        "approve_overdue": due is not None
        and status in (None, Minutes.Status.DRAFT)
        and today > due.approve_by,
        "post_overdue": due is not None
        and due.post_by is not None
        and status == Minutes.Status.APPROVED
        and today > due.post_by,
        "present": [m for m in members if m.attendance == attendance.IN_PERSON],
        "remote": [m for m in members if m.attendance == attendance.REMOTE],
        "absent": [m for m in members if m.attendance == attendance.ABSENT],
        "unrecorded": [m for m in members if m.attendance == attendance.UNKNOWN],
        "form": form or MinutesForm(initial={"summary": minutes.summary if minutes else ""}),
        "votes": votes
        or VoteFormSet(
            prefix="votes",
            initial=[VoteForm.initial_of(v) for v in (minutes.votes if minutes else [])],
        ),
        "approve_form": approve_form
        or ApproveForm(prefix="approve", initial={"approved_on": today}),
    }
    return render(request, "meetings/staff/minutes.html", context)


def minutes_edit(request: HttpRequest, pk: int) -> HttpResponse:
    if request.method != "POST":
        return _minutes_page(request, meeting_to_read(request, pk))
    meeting = meeting_to_manage(request, pk)
    form = MinutesForm(request.POST)
    votes = VoteFormSet(request.POST, prefix="votes")
    if form.is_valid() and votes.is_valid():
        rows = [f.vote() for f in votes.forms if f.cleaned_data.get("motion")]
        try:
            minutes_services.minutes_save(
                actor=signed_in_user(request),
                meeting=meeting,
                summary=form.cleaned_data["summary"],
                votes=rows,
            )
        except DomainError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The draft minutes were saved."))
            return redirect("staff:meetings:minutes", pk=meeting.pk)
    return _minutes_page(request, meeting, form=form, votes=votes)


def _minutes_of(meeting: Meeting) -> Minutes:
    minutes = Minutes.objects.filter(meeting=meeting).select_related("meeting__activity").first()
    if minutes is None:
        raise DomainError(_("Write and save the minutes first."))
    return minutes


@require_POST
def minutes_approve(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_to_manage(request, pk)
    form = ApproveForm(request.POST, prefix="approve")
    if form.is_valid():
        try:
            minutes_services.minutes_approve(
                actor=signed_in_user(request),
                minutes=_minutes_of(meeting),
                approved_on=form.cleaned_data["approved_on"],
            )
        except DomainError as exc:
            add_errors(form, exc)
        else:
            messages.success(
                request,
                _("The approval was recorded. Post the minutes within 10 days (5 ILCS 120/2.06)."),
            )
            return redirect("staff:meetings:minutes", pk=meeting.pk)
    return _minutes_page(request, meeting, approve_form=form)


@require_POST
def minutes_post(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_to_manage(request, pk)
    try:
        minutes_services.minutes_post(actor=signed_in_user(request), minutes=_minutes_of(meeting))
        messages.success(request, _("The minutes are posted on the meeting's public page."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("staff:meetings:minutes", pk=meeting.pk)
