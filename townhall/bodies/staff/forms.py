"""Parsing what staff send about bodies. The services check the rules; these forms turn the
fields into values (a closing time in Chicago into an aware instant) and carry the services'
field errors back beside the fields, keeping what was typed."""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterable
from dataclasses import MISSING
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from townhall.accounts.models import Role
from townhall.bodies import services
from townhall.bodies.models import (
    Application,
    Ballot,
    Body,
    Member,
    Response,
    Seat,
    Vote,
)
from townhall.core.districts import district_choices
from townhall.directives.models import Directive, DirectiveVersion
from townhall.engagements.models import Engagement, Topic, Training
from townhall.meetings.models import Meeting
from townhall.meetings.staff.forms import chicago_instant, wall_clock

DETAIL_DEFAULTS = {
    f.name: f.default for f in dataclasses.fields(services.BodyDetails) if f.default is not MISSING
}
#: Every field of BodyForm, named as BodyDetails names them.
DETAIL_FIELDS = tuple(f.name for f in dataclasses.fields(services.BodyDetails))

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_DATE_ERRORS = {"invalid": _("Enter a date such as 2026-05-14.")}


class ChicagoDateTimeField(forms.DateTimeField):
    """A date and time as Chicago's wall clock reads it, from the browser's own picker. The
    hour skipped when clocks go forward is refused; in the repeated hour the first reading
    (daylight time) is meant, as on the meeting form."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, datetime.datetime) and value.tzinfo is not None:
            return wall_clock(value)
        return value

    def to_python(self, value: Any) -> datetime.datetime | None:
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return value
        text = str(value).strip()
        for fmt in self.input_formats:
            try:
                naive = datetime.datetime.strptime(text, str(fmt))
            except ValueError:
                continue
            instant = chicago_instant(naive.date(), naive.time())
            if instant is None:
                raise ValidationError(
                    _(
                        "%(time)s does not exist on that day in Chicago: the clocks go forward "
                        "an hour. Choose a time outside that hour."
                    ),
                    code="skipped",
                    params={"time": naive.strftime("%H:%M")},
                )
            return instant
        raise ValidationError(self.error_messages["invalid"], code="invalid")


# -- The body --------------------------------------------------------------------------------


def _convening_choices() -> list[tuple[str, str]]:
    return [(role, str(Role(role).label)) for role in services.CONVENING_ROLES]


class BodyForm(forms.Form):
    """A body's details (services.BodyDetails); the services check every rule."""

    kind = forms.ChoiceField(label=_("Kind of body"), choices=Body.Kind.choices)
    other_kind = forms.CharField(
        label=_("What kind of group"),
        help_text=_("Only for another standing group."),
        max_length=120,
        required=False,
    )
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    slug = forms.CharField(
        label=_("Short name for links"),
        help_text=_("Letters, digits and dashes. Left empty, it is made from the name."),
        max_length=80,
        required=False,
    )
    purpose = forms.CharField(
        label=_("Purpose"),
        help_text=_("Shown on the public page: what the body is for."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    convening_role = forms.ChoiceField(label=_("Convening unit"), choices=())
    convening_unit = forms.CharField(
        label=_("Name of the convening unit"),
        help_text=_("For an originating unit, e.g. Bureau of Patrol."),
        max_length=200,
        required=False,
    )
    directive = forms.ModelChoiceField(
        label=_("Directive it reviews"),
        queryset=Directive.objects.order_by("number"),
        required=False,
    )
    training = forms.ModelChoiceField(
        label=_("Training it reviews"),
        queryset=Training.objects.order_by("title"),
        required=False,
    )
    district = forms.TypedChoiceField(
        label=_("Police district"), coerce=int, empty_value=None, required=False, choices=()
    )
    seats = forms.IntegerField(
        label=_("Seats"),
        error_messages={"required": _("Give the number of seats.")},
        min_value=0,
        max_value=10000,
    )
    concludes_on = forms.DateField(
        label=_("Conclusion date"),
        help_text=_("A working group has one (V-C-11); an advisory committee has none (V-C-1)."),
        required=False,
        widget=_DATE,
        error_messages=_DATE_ERRORS,
    )
    term_months = forms.IntegerField(
        label=_("Term length, months"),
        help_text=_("An advisory committee rotates its membership on a set timeline (V-C-1)."),
        min_value=0,
        max_value=10000,
        required=False,
    )
    turnover_seats = forms.IntegerField(
        label=_("Seats that turn over at each rotation"),
        min_value=0,
        max_value=10000,
        required=False,
    )
    turnover_every_months = forms.IntegerField(
        label=_("Months between rotations"), min_value=0, max_value=10000, required=False
    )
    quorum_percent = forms.IntegerField(
        label=_("Quorum: share of voting members who must vote, per cent"),
        min_value=0,
        max_value=10000,
    )
    threshold = forms.ChoiceField(
        label=_("Threshold to forward a recommendation"),
        help_text=_("Abstentions count towards the quorum, never towards the threshold."),
        choices=Body.Threshold.choices,
        widget=forms.RadioSelect,
    )
    votes_openly = forms.BooleanField(
        label=_("Publish how each member voted (for members who agreed to be named)"),
        required=False,
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
    engagements = forms.ModelMultipleChoiceField(
        label=_("Engagements it takes part in"),
        help_text=_("What the body forwards joins each engagement's feedback (V-D-3)."),
        queryset=Engagement.objects.order_by("title", "id"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics (III-A)"),
        queryset=Topic.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["convening_role"]).choices = _convening_choices()
        cast(forms.ChoiceField, self.fields["district"]).choices = [
            ("", _("Citywide or not said")),
            *district_choices(),
        ]

    @classmethod
    def initial_new(cls) -> dict[str, Any]:
        """A new body starts from BodyDetails' defaults (seed 000's public comment rules)."""
        values = {k: v for k, v in DETAIL_DEFAULTS.items() if k not in ("engagements", "topics")}
        values["kind"] = Body.Kind.ADVISORY_COMMITTEE
        return values

    @classmethod
    def initial_of(cls, body: Body) -> dict[str, Any]:
        values = {
            name: getattr(body, name)
            for name in DETAIL_FIELDS
            if name not in ("engagements", "topics")
        }
        values["engagements"] = list(body.engagements.all())
        values["topics"] = list(body.topics.all())
        return values

    def details(self) -> services.BodyDetails:
        data = self.cleaned_data
        values = {name: data[name] for name in DETAIL_FIELDS if name in data}
        values["engagements"] = tuple(data.get("engagements") or ())
        values["topics"] = tuple(data.get("topics") or ())
        return services.BodyDetails(**values)


class ConcludeForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the body concludes"),
        help_text=_(
            "Its open call closes and its members' terms end; its record stays public (V-C-11)."
        ),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SeatForm(forms.Form):
    label = forms.CharField(
        label=_("Seats"),
        help_text=_("e.g. “Youth (ages 16 to 24)” or “Open to anyone”."),
        max_length=200,
        required=False,
    )
    reserved_for = forms.CharField(
        label=_("Reserved for"),
        help_text=_("Who may take these seats, if they are reserved."),
        max_length=300,
        required=False,
    )
    count = forms.IntegerField(
        label=_("How many"),
        min_value=0,
        max_value=10000,
        error_messages={"required": _("Give the number of seats.")},
    )


def _seats(body: Body) -> QuerySet[Seat]:
    return body.seat_groups.order_by("id")


# -- Recruitment -----------------------------------------------------------------------------


class CallForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300, required=False)
    text = forms.CharField(
        label=_("Who the body is looking for, and what members commit to"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    seats_sought = forms.IntegerField(
        label=_("Seats to fill"),
        min_value=0,
        max_value=10000,
        error_messages={"required": _("Give the number of seats to fill.")},
    )
    closes_at = ChicagoDateTimeField(
        label=_("Applications close (Chicago time)"),
        error_messages={
            "required": _("Give the date and time applications close."),
            "invalid": _("Enter a date and time such as 2026-05-14 17:00."),
        },
    )


class DecisionForm(forms.Form):
    """The selection of one applicant, with its reason (recruitment.application_decide)."""

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (Application.Status.SELECTED, _("Selected: the applicant becomes a member")),
            (Application.Status.WAITLISTED, _("On the waiting list")),
            (Application.Status.NOT_SELECTED, _("Not selected")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose selected, waiting list or not selected.")},
    )
    reason = forms.CharField(
        label=_("Reason for the decision"),
        help_text=_("Kept in the record; the applicant is told the decision."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    seat = forms.ModelChoiceField(
        label=_("Seat"),
        help_text=_("Only when selected. Left empty: the seat the applicant asked for."),
        queryset=Seat.objects.none(),
        required=False,
    )
    role = forms.ChoiceField(
        label=_("Role"), choices=Member.Role.choices, initial=Member.Role.COMMUNITY
    )
    term_starts = forms.DateField(
        label=_("Term starts"),
        help_text=_("Only when selected. Left empty: today."),
        required=False,
        widget=_DATE,
        error_messages=_DATE_ERRORS,
    )
    publish_name = forms.BooleanField(
        label=_("The applicant agreed to show their name on the public roster"), required=False
    )
    publish_organisation = forms.BooleanField(
        label=_("The applicant agreed to show their organisation"), required=False
    )

    def __init__(self, *args: Any, body: Body, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["seat"]).queryset = _seats(body)  # type: ignore[type-arg]


# -- Members ---------------------------------------------------------------------------------

#: Community members join through a call; these are added directly.
DIRECT_ROLES = (Member.Role.DEPARTMENT, Member.Role.CO_CHAIR, Member.Role.FACILITATOR)


class MemberForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    email = forms.CharField(
        label=_("Email"),
        help_text=_("The member's personal link to draft and vote is sent here."),
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    role = forms.ChoiceField(
        label=_("Role"),
        help_text=_(
            "Community members join through a call for volunteers. Facilitators do not vote."
        ),
        choices=[(r.value, r.label) for r in DIRECT_ROLES],
    )
    seat = forms.ModelChoiceField(label=_("Seat"), queryset=Seat.objects.none(), required=False)
    term_starts = forms.DateField(
        label=_("Term starts"),
        widget=_DATE,
        error_messages={"required": _("Give the day the term starts."), **_DATE_ERRORS},
    )
    term_ends = forms.DateField(
        label=_("Term ends"),
        help_text=_("Left empty: the body's term length, or its conclusion date."),
        required=False,
        widget=_DATE,
        error_messages=_DATE_ERRORS,
    )
    publish_name = forms.BooleanField(
        label=_("The member agreed to show their name on the public roster"), required=False
    )
    publish_organisation = forms.BooleanField(
        label=_("The member agreed to show their organisation"), required=False
    )

    def __init__(self, *args: Any, body: Body, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["seat"]).queryset = _seats(body)  # type: ignore[type-arg]


class MemberEndForm(forms.Form):
    reason = forms.CharField(label=_("Why the membership ends"), max_length=2000, required=False)
    left = forms.BooleanField(label=_("The member left the body"), required=False)


# -- Recommendations, ballots, responses -----------------------------------------------------


class BallotForm(forms.Form):
    method = forms.ChoiceField(
        label=_("How the members vote"),
        choices=Ballot.Method.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how the members vote.")},
    )
    closes_at = ChicagoDateTimeField(
        label=_("The vote closes (Chicago time)"),
        help_text=_("For a vote on the members' pages."),
        required=False,
        error_messages={"invalid": _("Enter a date and time such as 2026-05-14 17:00.")},
    )
    meeting = forms.ModelChoiceField(
        label=_("Meeting"),
        help_text=_("For a vote taken at one of the body's meetings."),
        queryset=Meeting.objects.none(),
        required=False,
    )

    def __init__(self, *args: Any, body: Body, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["meeting"]).queryset = (  # type: ignore[type-arg]
            Meeting.objects.filter(body=body)
            .exclude(status=Meeting.Status.CANCELLED)
            .order_by("starts_at")
        )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why it is withdrawn"),
        help_text=_("At the body's request; it stays in the record as withdrawn."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


NOT_RECORDED = ""


class RecordForm(forms.Form):
    """The clerk's record of a vote taken at a meeting: one row per member on the roll whose
    vote is not yet recorded."""

    def __init__(self, *args: Any, members: Iterable[Member], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(NOT_RECORDED, _("Not recorded")), *Vote.Choice.choices]
        self.members = list(members)
        for member in self.members:
            self.fields[f"m{member.pk}"] = forms.ChoiceField(
                label=member.name,
                choices=choices,
                required=False,
                initial=NOT_RECORDED,
                widget=forms.RadioSelect,
            )

    def rows(self) -> list[tuple[Member, forms.BoundField]]:
        return [(m, self[f"m{m.pk}"]) for m in self.members]

    def choices(self) -> dict[int, str]:
        data = self.cleaned_data
        return {
            m.pk: data[f"m{m.pk}"]
            for m in self.members
            if data.get(f"m{m.pk}", NOT_RECORDED) != NOT_RECORDED
        }


class ResponseForm(forms.Form):
    disposition = forms.ChoiceField(
        label=_("The Department's decision"),
        choices=Response.Disposition.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the Department's decision.")},
    )
    reasoning = forms.CharField(
        label=_("The Department's reasoning"),
        help_text=_("The public reads it beside the recommendation."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    revised_version = forms.ModelChoiceField(
        label=_("Revised version of the directive"),
        help_text=_("Where adopted: the version that carries the change (V-D-3)."),
        queryset=DirectiveVersion.objects.none(),
        required=False,
    )
    revised_section = forms.CharField(
        label=_("Item of the revised version"),
        help_text=_("Its number as the directive writes it, e.g. IV-A-13."),
        max_length=80,
        required=False,
    )

    def __init__(self, *args: Any, body: Body, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if body.directive_id:
            cast(forms.ModelChoiceField, self.fields["revised_version"]).queryset = (  # type: ignore[type-arg]
                DirectiveVersion.objects.filter(directive_id=body.directive_id)
                .select_related("directive")
                .order_by("-issue_date", "-id")
            )
        else:
            del self.fields["revised_version"]
            del self.fields["revised_section"]

    @staticmethod
    def initial_of(response: Response | None) -> dict[str, Any]:
        if response is None:
            return {}
        return {
            "disposition": response.disposition,
            "reasoning": response.reasoning,
            "revised_version": response.revised_version_id,
            "revised_section": response.revised_section,
        }

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "disposition": data["disposition"],
            "reasoning": data["reasoning"],
            "revised_version": data.get("revised_version"),
            "revised_section": data.get("revised_section", ""),
        }


class ReturnForm(forms.Form):
    note = forms.CharField(
        label=_("What should change"),
        help_text=_("Sent to the response's writer."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
