"""Staff side of what the public sent to a meeting: registrations, requests to speak (and the
lottery of their order), written comments (entered from emails, sent to the members,
compiled as a PDF), the breakout groups' notes, the anonymous attendee profiles, and the
engagement's whole pool of feedback."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from townhall.accounts.selectors import signed_in_user
from townhall.core.districts import district
from townhall.core.errors import DomainError
from townhall.core.forms import add_errors
from townhall.core.selectors import audit_events
from townhall.core.text import spreadsheet_safe
from townhall.engagements.models import Engagement
from townhall.meetings import permissions, rules, selectors, services, speaking
from townhall.meetings import written as written_services
from townhall.meetings.models import (
    AttendeeProfile,
    BreakoutGroup,
    BreakoutNote,
    Meeting,
    Prompt,
    Registration,
    SpeakerRequest,
    WrittenComment,
)
from townhall.meetings.staff.common import can_read, meeting_to_manage, meeting_to_read
from townhall.meetings.staff.forms import (
    WRITTEN_FIELD_NAMES,
    GroupForm,
    PromptForm,
    WrittenEntryForm,
)
from townhall.postings.permissions import can_read_comments

# --- Registrations ------------------------------------------------------------------------


def _local(value: Any) -> str:
    return rules.local_text(value) if value else ""


def _needs(registration: Registration) -> list[str]:
    labels = dict(Registration.Need.choices)
    return [str(labels.get(need, need)) for need in registration.needs or []]


def _registrations_csv(meeting: Meeting, registrations: Iterable[Registration]) -> HttpResponse:
    buffer = io.StringIO()
    buffer.write("\ufeff")  # spreadsheets read the file as UTF-8
    writer = csv.writer(buffer)
    writer.writerow(
        [
            _("Name"),
            _("Email"),
            _("Status"),
            _("Needs"),
            _("Note"),
            _("Language"),
            _("Registered"),
            _("Given a place from the waiting list"),
            _("Cancelled"),
        ]
    )
    for r in registrations:
        writer.writerow(
            [
                spreadsheet_safe(r.name),
                spreadsheet_safe(r.email),
                r.get_status_display(),
                "; ".join(_needs(r)),
                spreadsheet_safe(r.needs_note),
                r.language,
                _local(r.created_at),
                _local(r.promoted_at),
                _local(r.cancelled_at),
            ]
        )
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(
        True, f"meeting-{meeting.pk}-registrations.csv"
    )
    return response


def registrations(request: HttpRequest, pk: int) -> HttpResponse:
    """Who registered, who waits, who cancelled; their contact details and the CSV file are
    for those who run the meeting."""
    meeting = meeting_to_read(request, pk)
    sees_contact = permissions.can_manage_meeting(request.user, meeting)
    rows = list(meeting.registrations.order_by("created_at", "id"))
    if request.GET.get("format") == "csv":
        if not sees_contact:
            raise PermissionDenied
        return _registrations_csv(meeting, rows)
    return render(
        request,
        "meetings/staff/registrations.html",
        {
            "meeting": meeting,
            "rows": [(r, _needs(r)) for r in rows],
            "places": selectors.places(meeting),
            "cancelled": sum(r.status == Registration.Status.CANCELLED for r in rows),
            "sees_contact": sees_contact,
        },
    )


# --- Requests to speak and the lottery ----------------------------------------------------


def _lottery_record(meeting: Meeting, speakers: list[SpeakerRequest]) -> dict[str, Any] | None:
    """The draw as the audit trail recorded it, and whether its seed gives that order again:
    anyone with the seed and the list of requests can check it (speaking.lottery_order)."""
    if meeting.lottery_drawn_at is None or meeting.lottery_seed is None:
        return None
    event = (
        audit_events(
            object_type="meetings.meeting", object_id=str(meeting.pk), action="meeting.lottery"
        )
        .order_by("occurred_at", "id")
        .first()
    )
    receipts = list((event.after or {}).get("order", [])) if event else []
    by_receipt = {s.receipt: s for s in speakers}
    drawn = [by_receipt[r] for r in receipts if r in by_receipt]
    again = speaking.lottery_order(meeting.lottery_seed, [s.pk for s in drawn])
    return {
        "seed": meeting.lottery_seed,
        "drawn_at": meeting.lottery_drawn_at,
        "order": drawn,
        # An empty draw (nobody waiting) checks trivially.
        "checks": again == [s.pk for s in drawn],
        "event": event,
    }


def speakers(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_to_read(request, pk)
    can_manage = permissions.can_manage_meeting(request.user, meeting)
    rows = list(meeting.speakers.select_related("agenda_item").order_by("position", "id"))
    deadline = speaking.request_deadline(meeting)
    lottery = meeting.speaker_order == Meeting.SpeakerOrder.LOTTERY
    return render(
        request,
        "meetings/staff/speakers.html",
        {
            "meeting": meeting,
            "rows": rows,
            "counts": selectors.speaker_counts(meeting),
            "deadline": deadline,
            "requests_open": rules.in_time(timezone.now(), deadline),
            "lottery": lottery,
            "record": _lottery_record(meeting, rows) if lottery else None,
            "can_draw": can_manage
            and lottery
            and meeting.lottery_drawn_at is None
            and not rules.in_time(timezone.now(), deadline),
            "can_manage": can_manage,
            "sees_contact": can_manage,
            "no_assurance": speaking.no_assurance_text(meeting),
        },
    )


@require_POST
def speakers_draw(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_to_manage(request, pk)
    try:
        order = speaking.speakers_draw(actor=signed_in_user(request), meeting=meeting)
        messages.success(
            request,
            _("The lottery was drawn with seed %(seed)s: %(count)d speakers are in order.")
            % {"seed": meeting.lottery_seed, "count": len(order)},
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("staff:meetings:speakers", pk=meeting.pk)


# --- Written comments ---------------------------------------------------------------------


def _written_page(
    request: HttpRequest, meeting: Meeting, form: WrittenEntryForm | None = None
) -> HttpResponse:
    can_manage = permissions.can_manage_meeting(request.user, meeting)
    takes_comments = meeting.has_public_comment and not meeting.is_internal
    return render(
        request,
        "meetings/staff/written.html",
        {
            "meeting": meeting,
            "comments": list(meeting.written.select_related("agenda_item", "entered_by")),
            "deadline": speaking.written_deadline(meeting),
            "takes_comments": takes_comments,
            "can_enter": can_manage and takes_comments and meeting.status != "cancelled",
            "can_send": can_manage
            and takes_comments
            and meeting.status == Meeting.Status.SCHEDULED
            and meeting.written_sent_at is None,
            "sees_contact": can_manage,
            "form": form
            or WrittenEntryForm(
                prefix="w",
                items=list(meeting.agenda.filter(withdrawn=False)),
                initial={"received_day": timezone.localdate()},
            ),
        },
    )


def written(request: HttpRequest, pk: int) -> HttpResponse:
    """The written comments, and the form to enter one that came by email (seed 000)."""
    if request.method != "POST":
        return _written_page(request, meeting_to_read(request, pk))
    meeting = meeting_to_manage(request, pk)
    form = WrittenEntryForm(
        request.POST, prefix="w", items=list(meeting.agenda.filter(withdrawn=False))
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            comment = written_services.written_comment_enter(
                actor=signed_in_user(request),
                meeting=meeting,
                name=data["name"],
                email=data["email"],
                body=data["body"],
                received_at=data["received_at"],
                agenda_item_id=data["agenda_item"],
            )
        except DomainError as exc:
            add_errors(form, exc, WRITTEN_FIELD_NAMES)
        else:
            messages.success(
                request,
                _(
                    "The comment was entered with receipt %(receipt)s; it joins the engagement's feedback."
                )
                % {"receipt": comment.receipt},
            )
            return redirect("staff:meetings:written", pk=meeting.pk)
    return _written_page(request, meeting, form)


@require_POST
def written_send(request: HttpRequest, pk: int) -> HttpResponse:
    """Send the compiled comments to the members now (after the cutoff; once)."""
    meeting = meeting_to_manage(request, pk)
    try:
        written_services.written_comments_send_now(actor=signed_in_user(request), meeting=meeting)
    except DomainError as exc:
        messages.warning(request, exc.message)
    else:
        messages.success(request, _("The written comments were compiled and sent to the members."))
    return redirect("staff:meetings:written", pk=meeting.pk)


def written_pdf(request: HttpRequest, pk: int) -> FileResponse:
    """The written comments compiled as one PDF, as they stand now (the members receive the
    compilation made at the cutoff)."""
    meeting = meeting_to_read(request, pk)
    return FileResponse(
        io.BytesIO(written_services.compilation_pdf(meeting)),
        as_attachment=True,
        filename=f"meeting-{meeting.pk}-written-comments.pdf",
        content_type="application/pdf",
    )


# --- Breakout groups (V-C-4) --------------------------------------------------------------


def _notes_link(group: BreakoutGroup) -> str:
    return settings.TOWNHALL_BASE_URL.rstrip("/") + reverse(
        "meetings:notes", kwargs={"token": group.token}
    )


def _breakouts_page(
    request: HttpRequest,
    meeting: Meeting,
    *,
    prompt_form: PromptForm | None = None,
    group_form: GroupForm | None = None,
) -> HttpResponse:
    can_manage = permissions.can_manage_meeting(request.user, meeting)
    prompts = list(meeting.prompts.all())
    groups = list(meeting.groups.all())
    notes = list(
        BreakoutNote.objects.filter(group__meeting=meeting).select_related("group", "prompt")
    )
    sections = []
    for group in groups:
        mine = [n for n in notes if n.group_id == group.pk]
        by_prompt: list[tuple[Prompt | None, list[BreakoutNote]]] = [
            (p, [n for n in mine if n.prompt_id == p.pk]) for p in prompts
        ]
        by_prompt.append((None, [n for n in mine if n.prompt_id is None]))
        sections.append(
            {
                "group": group,
                # The link lets anyone holding it write the group's notes: for those who run
                # the meeting to hand to the facilitator.
                "link": _notes_link(group) if can_manage else "",
                "count": len(mine),
                "by_prompt": [(p, ns) for p, ns in by_prompt if ns],
            }
        )
    return render(
        request,
        "meetings/staff/breakouts.html",
        {
            "meeting": meeting,
            "prompts": prompts,
            "sections": sections,
            "can_manage": can_manage,
            "can_add": can_manage and meeting.status != Meeting.Status.CANCELLED,
            "prompt_form": prompt_form or PromptForm(prefix="prompt"),
            "group_form": group_form or GroupForm(prefix="group"),
        },
    )


def breakouts(request: HttpRequest, pk: int) -> HttpResponse:
    """The prompts the small groups work through, the groups with their facilitators' links,
    and the notes each group sent, prompt by prompt."""
    if request.method != "POST":
        return _breakouts_page(request, meeting_to_read(request, pk))
    meeting = meeting_to_manage(request, pk)
    actor = signed_in_user(request)
    if request.POST.get("add") == "group":
        group_form = GroupForm(request.POST, prefix="group")
        if group_form.is_valid():
            try:
                group = services.breakout_group_add(
                    actor=actor, meeting=meeting, facilitator=group_form.cleaned_data["facilitator"]
                )
            except DomainError as exc:
                add_errors(group_form, exc)
            else:
                messages.success(
                    request,
                    _("Group %(number)d was added; hand its link to %(name)s.")
                    % {"number": group.number, "name": group.facilitator},
                )
                return redirect(
                    reverse("staff:meetings:breakouts", kwargs={"pk": meeting.pk})
                    + f"#group-{group.number}"
                )
        return _breakouts_page(request, meeting, group_form=group_form)
    prompt_form = PromptForm(request.POST, prefix="prompt")
    if prompt_form.is_valid():
        try:
            services.prompt_add(actor=actor, meeting=meeting, text=prompt_form.cleaned_data["text"])
        except DomainError as exc:
            add_errors(prompt_form, exc)
        else:
            messages.success(request, _("The prompt was added."))
            return redirect("staff:meetings:breakouts", pk=meeting.pk)
    return _breakouts_page(request, meeting, prompt_form=prompt_form)


# --- Anonymous attendee profiles (VIII) ---------------------------------------------------


def _tally(
    profiles: QuerySet[AttendeeProfile], field: str, choices: list[tuple[Any, Any]]
) -> list[tuple[str, int]]:
    """Counts of one answer, every choice listed (none is a count too), "prefer not to say"
    last."""
    counts = {
        row[field]: row["n"] for row in profiles.values(field).annotate(n=Count("pk")).order_by()
    }
    said = [(str(label), counts.get(value, 0)) for value, label in choices if value != ""]
    unsaid = [(str(label), counts.get("", 0)) for value, label in choices if value == ""]
    return said + unsaid


def _district_tally(profiles: QuerySet[AttendeeProfile]) -> list[tuple[str, int]]:
    counts = {
        row["district"]: row["n"]
        for row in profiles.values("district").annotate(n=Count("pk")).order_by()
    }
    rows = []
    for number in sorted(n for n in counts if n is not None):
        found = district(number)
        rows.append((found.ordinal_label if found else str(number), counts[number]))
    rows.append((_("Not given"), counts.get(None, 0)))
    return rows


def profiles(request: HttpRequest, pk: int) -> HttpResponse:
    """Who came, as counts only: nothing ties an answer to a person, and no single answer is
    shown."""
    meeting = meeting_to_read(request, pk)
    found = AttendeeProfile.objects.filter(meeting=meeting)
    return render(
        request,
        "meetings/staff/profiles.html",
        {
            "meeting": meeting,
            "total": found.count(),
            "tables": [
                ("age", _("Age"), _tally(found, "age_band", AttendeeProfile.AgeBand.choices)),
                (
                    "race",
                    _("Race or ethnicity"),
                    _tally(found, "race", AttendeeProfile.Race.choices),
                ),
                ("district", _("Police district where they live"), _district_tally(found)),
                (
                    "lived",
                    _("Lived experience of the subject"),
                    _tally(found, "lived_experience", AttendeeProfile.Lived.choices),
                ),
            ],
        },
    )


# --- The engagement's pool ----------------------------------------------------------------


def _ids(refs: Iterable[str], prefix: str) -> list[int]:
    out = []
    for ref in refs:
        if ref.startswith(prefix):
            try:
                out.append(int(ref[len(prefix) :]))
            except ValueError:
                continue
    return out


def engagement_pool(request: HttpRequest, engagement: int) -> HttpResponse:
    """Everything heard on the engagement (its meetings and its postings' pools), newest
    first, each with the way back to where it came from."""
    can_read(request)
    # The pool holds the postings' comments too: for those who read comments.
    if not can_read_comments(request.user):
        raise PermissionDenied
    found = get_object_or_404(Engagement, pk=engagement)
    page = Paginator(selectors.engagement_pool(found), 50).get_page(request.GET.get("page"))
    items = list(page.object_list)
    refs = [item.source_ref for item in items]
    comment_meeting = dict(
        WrittenComment.objects.filter(pk__in=_ids(refs, "meetings.WrittenComment:")).values_list(
            "pk", "meeting_id"
        )
    )
    note_meeting = dict(
        BreakoutNote.objects.filter(pk__in=_ids(refs, "meetings.BreakoutNote:")).values_list(
            "pk", "group__meeting_id"
        )
    )
    titles = dict(
        Meeting.objects.filter(
            pk__in={*comment_meeting.values(), *note_meeting.values()}
        ).values_list("pk", "title")
    )
    rows = []
    for item in items:
        link = None
        kind, _sep, number = item.source_ref.partition(":")
        meeting_id = None
        if kind == "meetings.WrittenComment" and number.isdigit():
            meeting_id = comment_meeting.get(int(number))
            page_name = "staff:meetings:written"
        elif kind == "meetings.BreakoutNote" and number.isdigit():
            meeting_id = note_meeting.get(int(number))
            page_name = "staff:meetings:breakouts"
        if meeting_id is not None:
            link = {
                "url": reverse(page_name, kwargs={"pk": meeting_id}),
                "title": titles.get(meeting_id, ""),
            }
        rows.append((item, link))
    return render(
        request,
        "meetings/staff/pool.html",
        {"engagement": found, "page": page, "rows": rows},
    )
