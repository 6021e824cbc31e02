from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from townhall.engagements.models import ExternalComment, Level, Topic
from townhall.engagements.services import CONSULTABLE


class EngagementForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    directive = forms.CharField(
        label=_("Directive number (e.g. G03-02)"), max_length=40, required=False
    )
    training = forms.CharField(
        label=_("Or the title of a training"), max_length=300, required=False
    )
    originating_unit = forms.CharField(label=_("Originating unit"), max_length=200)
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics (III-A)"),
        queryset=Topic.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class AssessmentForm(forms.Form):
    """IV-B 1-8 (external comments, IV-B-4, are added one by one beside it)."""

    is_new = forms.BooleanField(label=_("The policy or training is new (IV-B-1)"), required=False)
    populations = forms.CharField(
        label=_("Specific populations it affects significantly, one per line (IV-B-2)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    prior_engagement_note = forms.CharField(
        label=_("Prior engagement, community input or transparency on the topic (IV-B-3)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    national_attention = forms.BooleanField(
        label=_("National attention or expanded interest (IV-B-5)"), required=False
    )
    command_request = forms.BooleanField(
        label=_("Command staff requested engagement (IV-B-6)"), required=False
    )
    community_request = forms.BooleanField(
        label=_(
            "The community requests revisions, discussions or to lead or co-produce the engagement (IV-B-7)"
        ),
        required=False,
    )
    consent_decree = forms.BooleanField(
        label=_("Review required by the consent decree (IV-B-8)"), required=False
    )
    consent_decree_paragraph = forms.CharField(
        label=_("Consent decree paragraph"), max_length=40, required=False
    )


class ExternalCommentForm(forms.Form):
    entity = forms.ChoiceField(
        label=_("Who commented (IV-B-4)"), choices=ExternalComment.Entity.choices
    )
    name = forms.CharField(label=_("Name or office"), max_length=200, required=False)
    summary = forms.CharField(label=_("What they said"), widget=forms.Textarea(attrs={"rows": 3}))


class DeterminationForm(forms.Form):
    level = forms.TypedChoiceField(
        label=_("Level of engagement (IV-D)"), coerce=int, choices=Level.choices
    )
    consulted = forms.MultipleChoiceField(
        label=_("Consulted (IV-D)"), required=False, widget=forms.CheckboxSelectMultiple
    )
    reason = forms.CharField(
        label=_("Reason (required below the recommended level, IV-C)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.MultipleChoiceField, self.fields["consulted"]).choices = [
            (r.value, r.label) for r in CONSULTABLE
        ]
