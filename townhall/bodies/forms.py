"""The public forms of bodies: a volunteer's application to an open call, and the members'
forms behind their personal link (a recommendation's text, an amendment, a vote).

Fields are optional here and checked by the services (services.py, voting.py), so that every
problem gets one clear message beside its field and nothing typed is lost; a value not on a
list (a tampered radio button) is a field error, never a server error."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from townhall.bodies.models import Seat, Vote
from townhall.core.districts import district_choices
from townhall.feedback.forms import AntiSpamForm
from townhall.meetings.models import AttendeeProfile

__all__ = ["AmendForm", "ApplicationForm", "RecommendationForm", "VoteForm"]

_CHOOSE = _("Choose from the answers listed.")


class SeatField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A body's seats, each with who it is reserved for."""

    def label_from_instance(self, obj: Any) -> str:
        seat = cast(Seat, obj)
        return f"{seat.label} ({seat.reserved_for})" if seat.reserved_for else seat.label


class ApplicationForm(AntiSpamForm):
    """A volunteer's application (seed 000: "the initial solicitation of volunteers")."""

    call = forms.IntegerField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(
        label=_("Your name"),
        max_length=400,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.CharField(
        label=_("Email"),
        max_length=400,
        required=False,
        help_text=_("We write to you here with the decision. It is never published."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=80,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    district = forms.TypedChoiceField(
        label=_("The police district you live or work in"),
        required=False,
        choices=(),
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": _CHOOSE},
    )
    organisation = forms.CharField(
        label=_("Organisation you belong to, if any"),
        max_length=400,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    seat = SeatField(
        label=_("The seat you apply for"),
        queryset=Seat.objects.none(),
        required=False,
        empty_label=_("No preference"),
        error_messages={"invalid_choice": _("Choose one of this body's seats.")},
    )
    lived_experience = forms.CharField(
        label=_("Your lived experience of the subject"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    why = forms.CharField(
        label=_("Why you would like to take part"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    # Optional, only ever counted (VIII): never shown beside the name.
    age_band = forms.ChoiceField(
        label=_("Your age"),
        required=False,
        choices=AttendeeProfile.AgeBand.choices,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _CHOOSE},
    )
    race = forms.ChoiceField(
        label=_("Your race or ethnicity"),
        required=False,
        choices=AttendeeProfile.Race.choices,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _CHOOSE},
    )

    def __init__(self, *args: Any, seats: QuerySet[Seat] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.TypedChoiceField, self.fields["district"]).choices = [
            ("", _("Prefer not to say")),
            *[(str(number), label) for number, label in district_choices()],
        ]
        seat_field = cast(forms.ModelChoiceField, self.fields["seat"])  # type: ignore[type-arg]
        seat_field.queryset = seats.order_by("id") if seats is not None else Seat.objects.none()
        for name in ("age_band", "race"):
            self.fields[name].initial = ""


class RecommendationForm(forms.Form):
    """A member's recommendation: the first draft."""

    title = forms.CharField(label=_("Title"), max_length=400, required=False)
    text = forms.CharField(
        label=_("The recommendation"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 10}),
    )
    section = forms.CharField(
        label=_("The item of the directive it concerns"),
        max_length=200,
        required=False,
        help_text=_("Its number as in the text, for example V-C-1. Leave empty for the whole."),
    )
    rationale = forms.CharField(
        label=_("Why: the rationale"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class AmendForm(RecommendationForm):
    """A new version of the text; the earlier versions are kept."""

    note = forms.CharField(
        label=_("What this version changes"),
        max_length=400,
        required=False,
        help_text=_("A line for the other members, for example “adds the annual refresher”."),
    )


class VoteForm(forms.Form):
    """One member's vote, once."""

    ballot = forms.IntegerField(widget=forms.HiddenInput, required=False)
    choice = forms.ChoiceField(
        label=_("Your vote"),
        required=False,
        choices=Vote.Choice.choices,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose for, against or abstain.")},
    )
