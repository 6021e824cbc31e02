"""Parsing what staff send about meetings. The services check the rules; these forms turn the
fields into values (a date and times in Chicago into aware instants) and carry the services'
field errors back beside the fields, keeping what was typed."""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Mapping
from dataclasses import MISSING
from typing import Any, cast
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from townhall.bodies.models import Body
from townhall.core.districts import district_choices
from townhall.engagements.models import Activity
from townhall.meetings import services
from townhall.meetings.models import AgendaItem, Meeting, MeetingMember

# Staff enter times as the clock on the wall in Chicago reads them.
CHICAGO = ZoneInfo("America/Chicago")

DETAIL_DEFAULTS = {
    f.name: f.default for f in dataclasses.fields(services.Details) if f.default is not MISSING
}
RULE_FIELDS = (
    "has_public_comment",
    "comment_total_minutes",
    "comment_speaker_minutes",
    "speak_request_hours",
    "written_comment_hours",
    "speaker_order",
)
_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def wall_clock(value: datetime.datetime) -> datetime.datetime:
    """An instant as Chicago's wall clock reads it (naive). Through UTC: astimezone to the
    zone a value already has returns it unchanged, even a time that does not exist."""
    return value.astimezone(datetime.UTC).astimezone(CHICAGO).replace(tzinfo=None)


def chicago_instant(
    day: datetime.date,
    time: datetime.time,
    *,
    after: datetime.datetime | None = None,
    keep: datetime.datetime | None = None,
) -> datetime.datetime | None:
    """The instant (in UTC) a Chicago date and time name, or None when that time does not
    exist (the hour skipped when clocks go forward).

    In the hour repeated when clocks go back the first reading (daylight time) is meant,
    unless only the second comes `after` the given instant (a meeting from 1:45 CDT to
    1:15 CST). `keep`: the instant stored before; when the same date and time come back
    unchanged (to the minute the form shows), it is kept, so saving a form again never moves
    a time, in the repeated hour or by the seconds the form does not show."""
    naive = datetime.datetime.combine(day, time.replace(second=0, microsecond=0))
    if keep is not None and wall_clock(keep).replace(second=0, microsecond=0) == naive:
        return keep.astimezone(datetime.UTC)
    first = naive.replace(tzinfo=CHICAGO, fold=0)
    if wall_clock(first) != naive:
        return None  # skipped: 2:30 on the day clocks go forward
    instant = first.astimezone(datetime.UTC)
    second = naive.replace(tzinfo=CHICAGO, fold=1).astimezone(datetime.UTC)
    if after is not None and instant <= after < second:
        instant = second
    return instant


def _skipped_message(time: datetime.time) -> str:
    return str(
        _(
            "%(time)s does not exist on that day in Chicago: the clocks go forward an hour. "
            "Choose a time outside that hour."
        )
        % {"time": time.strftime("%H:%M")}
    )


# The services' names for the fields of MeetingForm.
MEETING_FIELD_NAMES = {"starts_at": "start_time", "ends_at": "end_time"}


def bodies_serving(activity: Activity) -> Any:
    """The standing bodies that take part in the activity's engagement and still meet."""
    return Body.objects.filter(engagements=activity.engagement_id).exclude(
        status=Body.Status.CONCLUDED
    )


class MeetingForm(forms.Form):
    """A meeting's details (services.Details). The date and times are Chicago's."""

    kind = forms.ChoiceField(label=_("Kind of meeting"), choices=())
    # Only when creating, and only when a standing body serves the engagement (V-C-1, V-C-11).
    body = forms.ModelChoiceField(
        label=_("Body that meets"),
        help_text=_(
            "Its serving members become the meeting's members; its public comment rules are "
            "filled in below."
        ),
        queryset=Body.objects.none(),
        required=False,
        empty_label=_("No standing body"),
    )
    title = forms.CharField(label=_("Title"), max_length=300, required=False)
    description = forms.CharField(
        label=_("Description for the public"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    day = forms.DateField(
        label=_("Date"),
        widget=_DATE,
        error_messages={
            "required": _("Give the date of the meeting."),
            "invalid": _("Enter a date such as 2026-05-14."),
        },
    )
    start_time = forms.TimeField(
        label=_("Starts (Chicago time)"),
        widget=_TIME,
        error_messages={
            "required": _("Give the time the meeting starts."),
            "invalid": _("Enter a time such as 18:30."),
        },
    )
    end_time = forms.TimeField(
        label=_("Ends (Chicago time)"),
        widget=_TIME,
        error_messages={
            "required": _("Give the time the meeting ends."),
            "invalid": _("Enter a time such as 20:00."),
        },
    )
    mode = forms.ChoiceField(label=_("How to take part"), choices=Activity.Mode.choices)
    place = forms.CharField(label=_("Place and address"), max_length=300, required=False)
    venue_access = forms.CharField(
        label=_("Accessibility of the venue"),
        help_text=_("Entrances, elevators, restrooms, seating, hearing loops."),
        max_length=500,
        required=False,
    )
    online_url = forms.CharField(
        label=_("Link to join online"),
        help_text=_("A secure link that starts with https://."),
        max_length=200,
        required=False,
    )
    call_in = forms.CharField(
        label=_("Call-in number and meeting ID"),
        help_text=_("For people without internet; needed when the meeting is online."),
        max_length=120,
        required=False,
    )
    district = forms.TypedChoiceField(
        label=_("Police district"), coerce=int, empty_value=None, required=False, choices=()
    )
    capacity = forms.IntegerField(
        label=_("Places"),
        help_text=_("Leave empty for no limit; when full, people join a waiting list."),
        min_value=1,
        required=False,
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages offered"),
        required=False,
        choices=(),
        widget=forms.CheckboxSelectMultiple,
    )
    interpretation = forms.CharField(
        label=_("Interpretation offered"), max_length=300, required=False
    )
    ranks = forms.CharField(
        label=_("Ranks invited (V-C-9)"),
        help_text=_("Leave empty to invite Department members of every rank."),
        max_length=300,
        required=False,
    )
    attire = forms.ChoiceField(
        label=_("Department members' attendance (III-C NOTE)"),
        choices=Meeting.Attire.choices,
        required=False,
    )
    attire_agreed_with = forms.CharField(
        label=_("Decided with"),
        help_text=_("The community representatives this was decided with (III-C NOTE)."),
        max_length=300,
        required=False,
    )
    has_public_comment = forms.BooleanField(
        label=_("The meeting has a public comment period"), required=False
    )
    comment_total_minutes = forms.IntegerField(
        label=_("Whole period, minutes"), min_value=1, max_value=600
    )
    comment_speaker_minutes = forms.IntegerField(
        label=_("Each speaker, minutes"), min_value=1, max_value=60
    )
    speak_request_hours = forms.IntegerField(
        label=_("Ask to speak, hours before the start"), min_value=0, max_value=24 * 14
    )
    written_comment_hours = forms.IntegerField(
        label=_("Written comments, hours before the start"), min_value=0, max_value=24 * 14
    )
    speaker_order = forms.ChoiceField(
        label=_("Order of speakers"),
        choices=Meeting.SpeakerOrder.choices,
        widget=forms.RadioSelect,
    )

    def __init__(
        self, *args: Any, activity: Activity, meeting: Meeting | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.activity = activity
        self.meeting = meeting
        bodies = bodies_serving(activity)
        if meeting is None and bodies.exists():
            cast("forms.ModelChoiceField[Body]", self.fields["body"]).queryset = bodies
        else:
            del self.fields["body"]
        internal = activity.method == Activity.Method.INTERNAL_FOCUS_GROUP
        # V-C-9: an internal focus group meets only as one, and nothing else is one.
        kinds = [
            (value, label)
            for value, label in Meeting.Kind.choices
            if (value == Meeting.Kind.INTERNAL_FOCUS_GROUP) == internal
        ]
        cast(forms.ChoiceField, self.fields["kind"]).choices = kinds
        cast(forms.ChoiceField, self.fields["district"]).choices = [
            ("", _("Citywide or not said")),
            *district_choices(),
        ]
        cast(forms.ChoiceField, self.fields["languages"]).choices = list(settings.LANGUAGES)
        if internal:
            # Department members only: nobody from the public asks to speak (V-C-9).
            for name in RULE_FIELDS:
                del self.fields[name]
        else:
            del self.fields["ranks"]
        self.internal = internal

    @classmethod
    def initial_for(cls, activity: Activity, body: Body | None = None) -> dict[str, Any]:
        """A new meeting starts from what the activity already says of itself, and a body's
        meeting from the public comment rules the body set for its meetings."""
        rules = {name: DETAIL_DEFAULTS[name] for name in RULE_FIELDS}
        if body is not None:
            rules.update({name: getattr(body, name) for name in RULE_FIELDS if hasattr(body, name)})
        return {
            "body": body,
            "kind": services.KIND_FOR_METHOD.get(Activity.Method(activity.method), ""),
            "title": activity.title,
            "description": activity.description,
            "day": activity.starts_on,
            "start_time": activity.time_from,
            "end_time": activity.time_to,
            "mode": activity.mode or Activity.Mode.IN_PERSON,
            "place": activity.place,
            "online_url": activity.online_url,
            "call_in": activity.call_in,
            "district": activity.districts[0] if len(activity.districts or []) == 1 else None,
            "languages": ["en"],
            # The public comment rules start from seed 000's, as Details holds them.
            **rules,
        }

    @classmethod
    def initial_of(cls, meeting: Meeting) -> dict[str, Any]:
        start = meeting.starts_at.astimezone(CHICAGO)
        values = {name: getattr(meeting, name) for name in services.DETAIL_FIELDS}
        values.update(
            day=start.date(),
            start_time=start.time().replace(tzinfo=None),
            end_time=meeting.ends_at.astimezone(CHICAGO).time().replace(tzinfo=None),
        )
        return values

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        day, start, end = data.get("day"), data.get("start_time"), data.get("end_time")
        if day is None or start is None or end is None:
            return data
        keep_start = self.meeting.starts_at if self.meeting else None
        keep_end = self.meeting.ends_at if self.meeting else None
        starts_at = chicago_instant(day, start, keep=keep_start)
        if starts_at is None:
            self.add_error("start_time", _skipped_message(start))
            return data
        ends_at = chicago_instant(day, end, after=starts_at, keep=keep_end)
        if ends_at is None:
            self.add_error("end_time", _skipped_message(end))
            return data
        data["starts_at"], data["ends_at"] = starts_at, ends_at
        return data

    def details(self) -> services.Details:
        """The form's values; what it does not ask (the rules of an internal focus group, its
        ranks otherwise) keeps Details' defaults."""
        data = self.cleaned_data
        values = {name: data[name] for name in services.DETAIL_FIELDS if name in data}
        values["languages"] = tuple(values.get("languages", ()))
        return services.Details(**values)


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("Item"), max_length=300, required=False)
    presenter = forms.CharField(label=_("Presenter"), max_length=200, required=False)
    minutes = forms.IntegerField(
        label=_("Length, minutes"), min_value=1, max_value=600, required=False
    )


class PublishForm(forms.Form):
    notice = forms.ChoiceField(
        label=_("Notice"), choices=Meeting.Notice.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Why it is held without 48 hours' notice (special or emergency meeting)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the meeting is cancelled"),
        help_text=_("Shown on the public page and sent to everyone registered or asking to speak."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MemberForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    email = forms.CharField(
        label=_("Email"),
        help_text=_("The written comments are sent here before the meeting."),
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    role = forms.CharField(label=_("Role"), max_length=100, required=False)


class AttendanceForm(forms.Form):
    attendance = forms.ChoiceField(label=_("Attendance"), choices=MeetingMember.Attendance.choices)


class AfterForm(forms.Form):
    recording_url = forms.CharField(
        label=_("Link to the recording"),
        help_text=_("A secure link that starts with https://."),
        max_length=200,
        required=False,
    )
    attendance_count = forms.IntegerField(
        label=_("People who attended"), min_value=0, required=False
    )


class MinutesForm(forms.Form):
    summary = forms.CharField(
        label=_("Summary of the discussion"),
        help_text=_("5 ILCS 120/2.06: the subjects considered, and what was decided."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
    )


class VoteForm(forms.Form):
    motion = forms.CharField(label=_("Motion"), max_length=500, required=False)
    votes_for = forms.IntegerField(label=_("For"), min_value=0, required=False)
    votes_against = forms.IntegerField(label=_("Against"), min_value=0, required=False)
    votes_abstain = forms.IntegerField(label=_("Abstained"), min_value=0, required=False)
    outcome = forms.CharField(
        label=_("Outcome"),
        help_text=_("Left empty: carried when more voted for than against."),
        max_length=100,
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        counted = any(
            data.get(name) not in (None, "")
            for name in ("votes_for", "votes_against", "votes_abstain", "outcome")
        )
        if counted and not (data.get("motion") or "").strip():
            self.add_error("motion", _("Name the motion these votes were on."))
        return data

    def vote(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "motion": data.get("motion", ""),
            "for": data.get("votes_for"),
            "against": data.get("votes_against"),
            "abstain": data.get("votes_abstain"),
            "outcome": data.get("outcome", ""),
        }

    @staticmethod
    def initial_of(vote: Mapping[str, Any]) -> dict[str, Any]:
        return {
            "motion": vote.get("motion", ""),
            "votes_for": vote.get("for"),
            "votes_against": vote.get("against"),
            "votes_abstain": vote.get("abstain"),
            "outcome": vote.get("outcome", ""),
        }


# Three blank rows below the votes recorded: more are added by saving and coming back.
VoteFormSet = forms.formset_factory(VoteForm, extra=3, max_num=200)


class ApproveForm(forms.Form):
    approved_on = forms.DateField(
        label=_("Approved by the body on"),
        widget=_DATE,
        error_messages={
            "required": _("Give the date the body approved the minutes."),
            "invalid": _("Enter a date such as 2026-05-14."),
        },
    )


class WrittenEntryForm(forms.Form):
    """A written comment that came by email, entered by staff (seed 000)."""

    name = forms.CharField(label=_("Name, if given"), max_length=200, required=False)
    email = forms.CharField(
        label=_("Email address it came from"),
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    agenda_item = forms.TypedChoiceField(
        label=_("Agenda item"), coerce=int, empty_value=None, required=False, choices=()
    )
    body = forms.CharField(
        label=_("Comment"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    received_day = forms.DateField(
        label=_("Received on"),
        widget=_DATE,
        error_messages={
            "required": _("Give the day the email arrived."),
            "invalid": _("Enter a date such as 2026-05-14."),
        },
    )
    received_time = forms.TimeField(
        label=_("Received at (Chicago time)"),
        widget=_TIME,
        error_messages={
            "required": _("Give the time the email arrived."),
            "invalid": _("Enter a time such as 16:05."),
        },
    )

    def __init__(self, *args: Any, items: list[AgendaItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["agenda_item"]).choices = [
            ("", _("The meeting in general")),
            *((item.pk, item.title) for item in items),
        ]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        day, time = data.get("received_day"), data.get("received_time")
        if day is not None and time is not None:
            received = chicago_instant(day, time)
            if received is None:
                self.add_error("received_time", _skipped_message(time))
            else:
                data["received_at"] = received
        return data


WRITTEN_FIELD_NAMES = {"received_at": "received_time"}


class PromptForm(forms.Form):
    text = forms.CharField(label=_("Prompt"), max_length=500, required=False)


class GroupForm(forms.Form):
    facilitator = forms.CharField(label=_("Facilitator's name"), max_length=200, required=False)
