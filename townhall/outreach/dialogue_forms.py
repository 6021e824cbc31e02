"""Forms for dialogue requests (seed 002 V-C-10-b): the public request form and receipt
lookup, and the staff filter and decisions. What is required is checked by the services
(outreach/dialogues.py), so every problem gets one clear message and nothing typed is lost."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.conf import settings
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from townhall.core.districts import district_choices
from townhall.engagements.models import Topic
from townhall.feedback.forms import AntiSpamForm
from townhall.meetings.models import Meeting
from townhall.outreach.dialogues import MAX_GROUP_SIZE
from townhall.outreach.models import DialogueRequest


class DialogueRequestForm(AntiSpamForm):
    """What someone asking for a dialogue sends (V-C-10-b)."""

    group_name = forms.CharField(
        label=_("Group or organization"),
        max_length=400,
        required=False,
        help_text=_("Leave it empty if you are asking for yourself."),
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    contact_name = forms.CharField(
        label=_("Your name"),
        max_length=400,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.CharField(
        label=_("Email"),
        max_length=400,
        required=False,
        help_text=_("We send your receipt here, and tell you at each step. It is never published."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=80,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    subject = forms.CharField(
        label=_("What you would like to discuss"),
        max_length=400,
        required=False,
        help_text=_(
            "In your own words; or give a directive number or choose a topic below, or both."
        ),
    )
    directive = forms.CharField(
        label=_("Directive number, if you know it (e.g. S04-01-02)"),
        max_length=80,
        required=False,
        widget=forms.TextInput(attrs={"list": "directive-numbers", "autocomplete": "off"}),
    )
    topic = forms.ModelChoiceField(
        label=_("Topic"),
        queryset=Topic.objects.all(),
        required=False,
        empty_label=_("No topic chosen"),
        error_messages={"invalid_choice": _("Choose a topic from the list.")},
    )
    group_size = forms.IntegerField(
        label=_("How many people would take part"),
        required=False,
        min_value=1,
        max_value=MAX_GROUP_SIZE,
        error_messages={"invalid": _("Give the number of people as a whole number.")},
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    district = forms.TypedChoiceField(
        label=_("Police district"),
        coerce=int,
        empty_value=None,
        required=False,
        choices=(),
        error_messages={"invalid_choice": _("Choose a district from the list.")},
    )
    preferred_dates = forms.CharField(
        label=_("Preferred dates and times"),
        required=False,
        help_text=_("For example: weekday evenings after 6 p.m. in March, or a Saturday morning."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    dialogue_language = forms.ChoiceField(
        label=_("Language for the dialogue"),
        required=False,
        choices=(),
        error_messages={"invalid_choice": _("Choose a language from the list.")},
    )
    details = forms.CharField(
        label=_("Anything else we should know"),
        required=False,
        strip=False,
        help_text=_(
            "Who you are, what you hope the dialogue achieves, accessibility needs. Up to 5000 "
            "characters, in any language."
        ),
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.TypedChoiceField, self.fields["district"]).choices = [
            ("", _("Not one district, or I don't know")),
            *district_choices(),
        ]
        cast(forms.ChoiceField, self.fields["dialogue_language"]).choices = list(settings.LANGUAGES)


class DialogueLookupForm(forms.Form):
    receipt = forms.CharField(
        label=_("Receipt number"),
        max_length=30,
        help_text=_("The number in the email we sent you, like D-XXXX-XXXX-XXXX."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": _("Enter the receipt number.")},
    )


# --- Staff ----------------------------------------------------------------------------------


class DialogueFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["status"]).choices = [
            ("", _("Any status")),
            *DialogueRequest.Status.choices,
        ]


def _meeting_label(meeting: Meeting) -> str:
    local = timezone.localtime(meeting.starts_at)
    when = f"{formats.date_format(local, 'DATE_FORMAT')}, {local:%H:%M}"
    return f"{meeting.title} — {when} ({meeting.get_kind_display()})"


class DialogueScheduleForm(forms.Form):
    meeting = forms.TypedChoiceField(
        label=_("Meeting"),
        coerce=int,
        empty_value=None,
        required=False,
        choices=(),
        help_text=_("Upcoming meetings that are not cancelled, soonest first."),
        error_messages={"invalid_choice": _("Choose a meeting from the list.")},
    )
    note = forms.CharField(
        label=_("Note to the requester (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, meetings: Iterable[Meeting] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.TypedChoiceField, self.fields["meeting"]).choices = [("", "—")] + [
            (m.pk, _meeting_label(m)) for m in meetings
        ]


class DialogueReferForm(forms.Form):
    referred_to = forms.CharField(
        label=_("Referred to"),
        max_length=400,
        required=False,
        help_text=_(
            "Who takes it up, as the requester will read it, e.g. the 11th District's CAPS office."
        ),
    )
    note = forms.CharField(
        label=_("Note to the requester (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DialogueDeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason, sent to the requester"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
