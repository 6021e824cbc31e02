from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from townhall.postings.models import Posting


def _when(label: StrOrPromise, *, required: bool = True) -> forms.DateTimeField:
    """A Chicago-time date and time, entered with the browser's own picker."""
    return forms.DateTimeField(
        label=label,
        required=required,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )


class PostingForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300, required=False)
    audience = forms.ChoiceField(
        label=_("Where it is posted (VII-B-2)"), choices=Posting.Audience.choices
    )
    opens_at = _when(_("Comment period opens (Chicago time)"), required=False)
    closes_at = _when(_("Comment period closes (Chicago time)"), required=False)


class NewPostingForm(PostingForm):
    narrative = forms.CharField(
        label=_("Introductory narrative (VII-B-2-a), in English"),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    summary = forms.CharField(
        label=_("Plain-language summary, in English"), widget=forms.Textarea(attrs={"rows": 4})
    )


class PostingTextForm(forms.Form):
    language = forms.ChoiceField(choices=settings.LANGUAGES, widget=forms.HiddenInput)

    def __init__(self, *args: Any, language: str = "en", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The text boxes hold the target language; the labels stay in the reader's.
        direction = "rtl" if get_language_info(language)["bidi"] else "ltr"
        for name in ("narrative", "summary"):
            self.fields[name].widget.attrs.update({"lang": language, "dir": direction})

    narrative = forms.CharField(
        label=_("Introductory narrative"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    summary = forms.CharField(
        label=_("Plain-language summary"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class MaterialForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    url = forms.URLField(label=_("Link"), required=False, assume_scheme="https")
    file = forms.FileField(label=_("Or a file (PDF, DOCX, image)"), required=False)


class TransitionForm(forms.Form):
    action = forms.ChoiceField(
        choices=[(a, a) for a in ("submit", "return", "authorize", "schedule", "close", "compile")]
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ExtendForm(forms.Form):
    new_closes_at = _when(_("New closing time (Chicago time)"))
    reason = forms.CharField(
        label=_("Reason (shown publicly)"), widget=forms.Textarea(attrs={"rows": 2})
    )


class ContinuousForm(forms.Form):
    number = forms.CharField(label=_("Directive number"), max_length=40)
    narrative = forms.CharField(
        label=_("Introductory narrative, in English"), widget=forms.Textarea(attrs={"rows": 4})
    )
    summary = forms.CharField(
        label=_("Plain-language summary, in English"), widget=forms.Textarea(attrs={"rows": 3})
    )
