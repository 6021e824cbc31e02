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


class ActivityForm(forms.Form):
    method = forms.ChoiceField(label=_("Method"), choices=())
    title = forms.CharField(label=_("Title"), max_length=300, required=False)
    owner = forms.ChoiceField(label=_("Owner unit"), choices=(), required=False)
    starts_on = forms.DateField(
        label=_("Starts"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(
        label=_("Ends"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    posting = forms.TypedChoiceField(
        label=_("Posting that runs it (public posting only)"),
        coerce=int,
        required=False,
        choices=(),
    )

    def __init__(self, *args: Any, postings: Any = (), **kwargs: Any) -> None:
        from townhall.accounts.models import Role
        from townhall.engagements.models import Activity

        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["method"]).choices = Activity.Method.choices
        cast(forms.ChoiceField, self.fields["owner"]).choices = [("", "—")] + [
            (r.value, r.label) for r in Role if r.value != "department_member"
        ]
        cast(forms.ChoiceField, self.fields["posting"]).choices = [("", "—")] + [
            (p.pk, f"{p.version.directive.number} · {p.get_status_display()}") for p in postings
        ]


class ActivityMoveForm(forms.Form):
    action = forms.ChoiceField(
        choices=(("start", "start"), ("finish", "finish"), ("cancel", "cancel"))
    )
    participants = forms.IntegerField(label=_("Participants"), min_value=0, required=False)
    reason = forms.CharField(label=_("Reason for cancelling"), required=False)
