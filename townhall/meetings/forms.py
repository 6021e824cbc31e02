"""The public forms of meetings. Fields are optional here and checked by the services, so that
every problem gets one clear message beside its field and nothing typed is lost; a value not
on a list (a tampered radio button) is a field error, never a server error."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from townhall.core.districts import district_choices
from townhall.feedback.forms import AntiSpamForm
from townhall.meetings.models import AgendaItem, AttendeeProfile, Prompt, Registration

__all__ = ["NoteForm", "ProfileForm", "RegistrationForm", "SpeakForm", "WrittenForm"]


class RegistrationForm(AntiSpamForm):
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
        help_text=_(
            "For your confirmation, a reminder the day before and the link to cancel. It is "
            "never published."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    needs = forms.MultipleChoiceField(
        label=_("What would help you take part?"),
        required=False,
        choices=Registration.Need.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose from the accommodations listed.")},
    )
    needs_note = forms.CharField(
        label=_("Anything else we should know, for example the language you need"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    follow_up_ok = forms.BooleanField(
        label=_("You may email me once after the meeting to ask how it went"),
        help_text=_(
            "A short anonymous survey (V-D-4). Your answers are not linked to you or to this "
            "registration."
        ),
        required=False,
    )


def _agenda_choices(items: Iterable[AgendaItem]) -> list[tuple[str, str]]:
    return [(str(item.pk), item.title) for item in items]


class SpeakForm(AntiSpamForm):
    """A request to speak in the public comment period (seed 000)."""

    name = forms.CharField(
        label=_("Your name, as the chair will call it"),
        max_length=400,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.CharField(
        label=_("Email"),
        max_length=400,
        required=False,
        help_text=_("Your confirmation is sent here. It is never published."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Phone (if you have no email)"),
        max_length=80,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    agenda_item = forms.TypedChoiceField(
        label=_("The agenda item you will speak to"),
        required=False,
        choices=(),
        coerce=int,
        empty_value=None,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose an item of this meeting's agenda.")},
    )
    interpretation = forms.CharField(
        label=_("Interpretation you need, if any (for example: Spanish, ASL)"),
        max_length=200,
        required=False,
    )

    def __init__(self, *args: Any, items: Iterable[AgendaItem] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = _agenda_choices(items)
        field = cast(forms.TypedChoiceField, self.fields["agenda_item"])
        field.choices = choices
        if len(choices) == 1 and not self.is_bound:
            field.initial = choices[0][0]


class WrittenForm(AntiSpamForm):
    """A written public comment (seed 000). Name and email are optional."""

    body = forms.CharField(
        label=_("Your comment"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 10}),
    )
    agenda_item = forms.TypedChoiceField(
        label=_("The agenda item it is about"),
        required=False,
        choices=(),
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": _("Choose an item of this meeting's agenda.")},
    )
    name = forms.CharField(
        label=_("Name"),
        max_length=400,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.CharField(
        label=_("Email"),
        max_length=400,
        required=False,
        help_text=_("Only to send you a copy of your receipt. It is never published."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def __init__(self, *args: Any, items: Iterable[AgendaItem] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.TypedChoiceField, self.fields["agenda_item"]).choices = [
            ("", _("The meeting as a whole")),
            *_agenda_choices(items),
        ]


class ProfileForm(AntiSpamForm):
    """Voluntary and anonymous (VIII): every question may be left at "Prefer not to say"."""

    age_band = forms.ChoiceField(
        label=_("Your age"),
        required=False,
        choices=AttendeeProfile.AgeBand.choices,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose from the answers listed.")},
    )
    race = forms.ChoiceField(
        label=_("Your race or ethnicity"),
        required=False,
        choices=AttendeeProfile.Race.choices,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose from the answers listed.")},
    )
    district = forms.TypedChoiceField(
        label=_("The police district you live in"),
        required=False,
        choices=(),
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": _("Choose from the answers listed.")},
    )
    lived_experience = forms.ChoiceField(
        label=_(
            "Has the subject of this meeting touched your life, or the life of someone close "
            "to you?"
        ),
        required=False,
        choices=AttendeeProfile.Lived.choices,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose from the answers listed.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.TypedChoiceField, self.fields["district"]).choices = [
            ("", _("Prefer not to say")),
            *[(str(number), label) for number, label in district_choices()],
        ]
        for name in ("age_band", "race", "lived_experience"):
            self.fields[name].initial = ""


class NoteForm(forms.Form):
    """A facilitator's notes for the group (V-C-4): to one prompt, or general."""

    prompt = forms.TypedChoiceField(
        label=_("What the notes answer"),
        required=False,
        choices=(),
        coerce=int,
        empty_value=None,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose one of this meeting's prompts.")},
    )
    text = forms.CharField(
        label=_("What the group said"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 10}),
    )

    def __init__(self, *args: Any, prompts: Iterable[Prompt] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.TypedChoiceField, self.fields["prompt"])
        field.choices = [
            *[(str(p.pk), p.text) for p in prompts],
            ("", _("General notes")),
        ]
        field.initial = ""
