"""Parsing what staff send on the answers and results pages: a paper or phone answer's
particulars (the answers themselves are read by answers.clean_answers), the choice of a
meeting whose registrants get invitations, and the number of links to hand out."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from townhall.meetings.models import Meeting
from townhall.surveys.models import Response, Survey
from townhall.surveys.responses import MAX_HANDOUT
from townhall.surveys.staff.common import language_name

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def new_key() -> str:
    """The one-time key of a form shown once: sent twice, it saves one answer."""
    return uuid.uuid4().hex


class EntryForm(forms.Form):
    """A paper or phone answer's particulars. Who gave it is asked only when the survey asks
    both the public and Department members."""

    channel = forms.ChoiceField(
        label=_("How the answer came"),
        choices=[
            (Response.Channel.PAPER.value, _("On paper")),
            (Response.Channel.PHONE.value, _("By phone")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose paper or phone.")},
    )
    audience = forms.ChoiceField(
        label=_("Who gave it"),
        choices=Response.Audience.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose who gave this answer.")},
    )
    received_on = forms.DateField(
        label=_("Date received"),
        widget=_DATE,
        help_text=_("The day only: no time is kept with an answer."),
        error_messages={
            "required": _("Give the date the answer was received."),
            "invalid": _("Enter a date such as 2026-05-14."),
        },
    )
    language = forms.ChoiceField(label=_("Language the answer was given in"))
    key = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)

    def __init__(self, *args: Any, survey: Survey, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [  # type: ignore[attr-defined]
            (code, language_name(code)) for code in survey.languages or ["en"]
        ]
        if survey.audience != Survey.Audience.BOTH:
            del self.fields["audience"]
        self.survey = survey

    @classmethod
    def initial_for(cls, survey: Survey, params: Any) -> dict[str, Any]:
        """A fresh form; after a saved answer, the particulars of the last one stay chosen,
        as staff type in a pile of forms from the same post or phone session."""
        initial: dict[str, Any] = {
            "received_on": timezone.localdate(),
            "language": (survey.languages or ["en"])[0],
            "key": new_key(),
        }
        for name in ("channel", "audience", "language", "received_on"):
            value = params.get(name)
            if value:
                initial[name] = value
        return initial

    def audience_value(self) -> str:
        if "audience" in self.fields:
            return str(self.cleaned_data["audience"])
        return (
            Response.Audience.DEPARTMENT.value
            if self.survey.audience == Survey.Audience.DEPARTMENT
            else Response.Audience.PUBLIC.value
        )


class SendForm(forms.Form):
    meeting = forms.ModelChoiceField(
        label=_("Meeting"),
        queryset=Meeting.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": _("Choose one of this activity's meetings.")},
    )

    def __init__(self, *args: Any, meetings: list[tuple[Meeting, int]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["meeting"]
        field.queryset = Meeting.objects.filter(  # type: ignore[attr-defined]
            pk__in=[m.pk for m, _n in meetings]
        )
        labels = {m.pk: _label(m, n) for m, n in meetings}
        field.label_from_instance = lambda m: labels.get(m.pk, str(m))  # type: ignore[attr-defined]


def _label(meeting: Meeting, waiting: int) -> str:
    when = date_format(timezone.localtime(meeting.starts_at), "DATE_FORMAT")
    return gettext("%(title)s, %(when)s: %(n)d not yet sent a link") % {
        "title": meeting.title,
        "when": when,
        "n": waiting,
    }


class MakeForm(forms.Form):
    count = forms.IntegerField(
        label=_("How many links"),
        min_value=1,
        max_value=MAX_HANDOUT,
        error_messages={
            "required": _("Say how many links to make."),
            "invalid": _("Enter a whole number."),
            "min_value": _("Make at least one link."),
            "max_value": _("Make at most %(limit_value)s links at a time."),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["count"].help_text = gettext("From 1 to %(n)d.") % {"n": MAX_HANDOUT}
