"""Forms of continuous input on directives (III-B-3, VII-A-1, V-C-10-c) and of R&D's queue
(VII-A-2-b). The services check what is required, so every problem gets one clear message and
nothing typed is lost."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.conf import settings
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from townhall.directives.models import Section
from townhall.feedback.forms import AntiSpamForm
from townhall.outreach.models import DirectiveInput

# The service's names for the fields the form names otherwise.
FIELD_NAMES = {"section_anchor": "item"}


def item_label(section: Section) -> str:
    """An item as the select lists it: its number and a short heading."""
    heading = " ".join((section.heading or section.text).split())
    return f"{section.anchor} — {Truncator(heading).chars(70)}" if heading else section.anchor


class DirectiveInputForm(AntiSpamForm):
    kind = forms.ChoiceField(
        label=_("What you would like to send"),
        required=False,
        choices=(),
        widget=forms.RadioSelect,
    )
    item = forms.CharField(
        label=_("Item of the directive"),
        required=False,
        help_text=_("Required for a proposed revision. Feedback may be about the whole directive."),
        widget=forms.Select(),
    )
    body = forms.CharField(
        label=_("Your feedback, or why you propose the revision"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    proposed_text = forms.CharField(
        label=_("The wording you propose for the item"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    name = forms.CharField(
        label=_("Name"),
        required=False,
        max_length=400,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.CharField(
        label=_("Email"),
        required=False,
        max_length=400,
        help_text=_("Only to send you your receipt. It is never published."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    organization = forms.CharField(
        label=_("Organization"),
        required=False,
        max_length=400,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )

    def __init__(self, *args: Any, sections: Iterable[Section] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["kind"]).choices = DirectiveInput.Kind.choices
        choices = [("", _("The whole directive")), *((s.anchor, item_label(s)) for s in sections)]
        cast(forms.Select, self.fields["item"].widget).choices = choices
        limit = settings.TOWNHALL_COMMENT_MAX_CHARS
        self.fields["body"].help_text = _(
            "Up to %(max)d characters. You can write in any language."
        ) % {"max": limit}
        self.fields["proposed_text"].help_text = _(
            "Only for a proposed revision: the item as you would write it, up to %(max)d "
            "characters."
        ) % {"max": limit}


class InputFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=())
    directive = forms.ChoiceField(label=_("Directive"), required=False, choices=())

    def __init__(
        self, *args: Any, directives: Iterable[tuple[str, str]] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["status"]).choices = [
            ("", _("Any status")),
            *DirectiveInput.Status.choices,
        ]
        cast(forms.ChoiceField, self.fields["directive"]).choices = [
            ("", _("Any directive")),
            *((number, f"{number} {Truncator(title).chars(60)}") for number, title in directives),
        ]


class InputConsiderForm(forms.Form):
    note = forms.CharField(
        label=_("Review note: what was made of this input"),
        required=False,
        strip=False,
        help_text=_("For the directive's review and development (VII-A-2-b). Seen by staff only."),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
