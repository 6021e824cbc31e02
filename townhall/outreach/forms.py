"""Forms of the public subscriptions (seed 002 V-B-1, VII-C-3): what to follow, in which
language and how often; with the address on the subscribe page, without it on the manage
page (the link proves the address). What is required is checked by the service
(subscriptions.py), so every problem gets one clear message and nothing chosen is lost."""

from __future__ import annotations

import re
from typing import Any, cast

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from townhall.core.districts import DISTRICTS
from townhall.directives.models import Directive
from townhall.engagements.models import Topic
from townhall.engagements.public import district_label
from townhall.feedback.forms import AntiSpamForm
from townhall.outreach.models import Subscriber, Subscription
from townhall.outreach.selectors import directives_by_number
from townhall.outreach.subscriptions import Selection

__all__ = ["SERVICE_FIELDS", "SubscribeForm", "SubscriptionChoicesForm", "split_numbers"]

# The service's name for "nothing chosen" is shown at the "All postings" box, which starts
# the group of choices.
SERVICE_FIELDS = {"selections": "everything"}
MAX_DIRECTIVES = 50
_SEPARATORS = re.compile(r"[\s,;]+")


def split_numbers(value: str) -> list[str]:
    """Directive numbers as people type them: separated by commas, semicolons or spaces."""
    out: list[str] = []
    for part in _SEPARATORS.split(value or ""):
        if part and part.upper() not in (p.upper() for p in out):
            out.append(part)
    return out


class SubscriptionChoicesForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language of the mail"),
        required=False,
        choices=settings.LANGUAGES,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose a language from the list.")},
    )
    frequency = forms.ChoiceField(
        label=_("How often"),
        required=False,
        choices=Subscriber.Frequency.choices,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose how often you want mail.")},
    )
    everything = forms.BooleanField(
        label=_("All postings: everything the Department announces"),
        required=False,
        help_text=_("Or choose only some topics, districts or directives below."),
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"),
        queryset=Topic.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("Choose topics from the list."),
            "invalid_pk_value": _("Choose topics from the list."),
        },
    )
    districts = forms.TypedMultipleChoiceField(
        label=_("Police districts"),
        required=False,
        coerce=int,
        choices=(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "An announcement for the whole city reaches the subscribers of every district."
        ),
        error_messages={
            "invalid_choice": _("Choose districts from the list of the 22 police districts.")
        },
    )
    directives = forms.CharField(
        label=_("Directive numbers"),
        required=False,
        max_length=2000,
        help_text=_(
            "One or more numbers from the directives registry, separated by commas, e.g. "
            "G03-02-01, S04-01-02."
        ),
        widget=forms.TextInput(attrs={"list": "directive-numbers", "autocomplete": "off"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["districts"]).choices = [
            (d.number, district_label(d)) for d in DISTRICTS
        ]

    def clean_directives(self) -> list[Directive]:
        numbers = split_numbers(self.cleaned_data.get("directives") or "")
        if len(numbers) > MAX_DIRECTIVES:
            raise forms.ValidationError(
                _("Follow at most %(max)d directives; choose “all postings” instead."),
                params={"max": MAX_DIRECTIVES},
            )
        found, unknown = directives_by_number(numbers)
        if unknown:
            raise forms.ValidationError(
                _(
                    "No directive in the registry has the number %(numbers)s. Check it against "
                    "the directives list, or choose from the suggestions."
                ),
                params={"numbers": ", ".join(unknown)},
            )
        return found

    def selections(self) -> list[Selection]:
        """What the (valid) form chose, for the service."""
        data = self.cleaned_data
        if data.get("everything"):
            return [Selection(Subscription.Kind.ALL)]
        chosen = [Selection(Subscription.Kind.TOPIC, topic_id=t.pk) for t in data["topics"]]
        chosen += [Selection(Subscription.Kind.DISTRICT, district=n) for n in data["districts"]]
        chosen += [
            Selection(Subscription.Kind.DIRECTIVE, directive_id=d.pk) for d in data["directives"]
        ]
        return chosen


class SubscribeForm(AntiSpamForm, SubscriptionChoicesForm):
    email = forms.CharField(
        label=_("Your email address"),
        max_length=400,
        required=False,
        help_text=_(
            "We send a link to confirm it; nothing else until you do. It is never published "
            "or shared."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    field_order = ["email"]
