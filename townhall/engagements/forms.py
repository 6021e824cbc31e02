from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from townhall.engagements.models import ExternalComment, Level, Topic
from townhall.engagements.services import CONSULTABLE
from townhall.feedback.forms import AntiSpamForm


class EngagementForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    directive = forms.CharField(
        label=_("Directive number (e.g. G03-02)"), max_length=40, required=False
    )
    training = forms.CharField(
        label=_("Or the title of a training"), max_length=300, required=False
    )
    other_subject = forms.CharField(
        label=_("Or another subject, beyond policy and training (VI-A)"),
        help_text=_("For example a selection process, a council's meetings or a district plan."),
        max_length=300,
        required=False,
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


class TaskMoveForm(forms.Form):
    action = forms.ChoiceField(
        choices=(("complete", "complete"), ("waive", "waive"), ("reopen", "reopen"))
    )
    note = forms.CharField(
        label=_("What was done, or why it is not needed"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class TaskFilterForm(forms.Form):
    unit = forms.ChoiceField(label=_("Unit"), required=False, choices=())
    status = forms.ChoiceField(label=_("Status"), required=False, choices=())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from townhall.accounts.models import Role
        from townhall.engagements.models import UnitTask

        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["unit"]).choices = [
            ("", _("My units")),
            ("all", _("All units")),
        ] + [(r.value, r.label) for r in Role if r.value != "department_member"]
        cast(forms.ChoiceField, self.fields["status"]).choices = [
            ("", _("Open")),
            ("all", _("All")),
            *UnitTask.Status.choices,
        ]


class StepForm(forms.Form):
    to = forms.ChoiceField(choices=())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from townhall.engagements.models import Engagement

        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["to"]).choices = Engagement.Status.choices


class OpportunityFilterForm(forms.Form):
    """The public list of upcoming opportunities (V-B-1): a GET form, no JavaScript needed."""

    topic = forms.ChoiceField(label=_("Topic"), required=False, choices=())
    district = forms.TypedChoiceField(
        label=_("Police district"), required=False, choices=(), coerce=int, empty_value=None
    )
    method = forms.ChoiceField(label=_("Way of taking part"), required=False, choices=())
    mode = forms.ChoiceField(label=_("Online or in person"), required=False, choices=())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from townhall.core.districts import DISTRICTS
        from townhall.engagements.models import Activity
        from townhall.engagements.public import district_label

        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["topic"]).choices = [
            ("", _("All topics")),
            *((t.slug, t.name) for t in Topic.objects.all()),
        ]
        cast(forms.ChoiceField, self.fields["district"]).choices = [
            ("", _("All districts")),
            *((d.number, district_label(d)) for d in DISTRICTS),
        ]
        cast(forms.ChoiceField, self.fields["method"]).choices = [
            ("", _("All ways")),
            *(
                (value, label)
                for value, label in Activity.Method.choices
                if value != Activity.Method.INTERNAL_FOCUS_GROUP  # V-C-9: not public
            ),
        ]
        cast(forms.ChoiceField, self.fields["mode"]).choices = [
            ("", _("Online or in person")),
            (Activity.Mode.ONLINE, _("Online (or both)")),
            (Activity.Mode.IN_PERSON, _("In person (or both)")),
        ]


# --- The public "Get involved" content (V-B-1) --------------------------------------------------


def _district_field(label: Any) -> forms.TypedMultipleChoiceField:
    from townhall.core.districts import district_choices

    return forms.TypedMultipleChoiceField(
        label=label,
        coerce=int,
        required=False,
        choices=district_choices(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose districts from the list.")},
    )


class PublishForm(forms.Form):
    action = forms.ChoiceField(choices=(("publish", "publish"), ("unpublish", "unpublish")))
    reason = forms.CharField(label=_("Reason (kept in the history)"), required=False)


class ContactForm(forms.Form):
    contact_email = forms.CharField(
        label=_("Email address for written input"),
        help_text=_("Shown on the public page. Leave empty to show none."),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )


class EngagementTextForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300, required=False)
    summary = forms.CharField(
        label=_("Summary (one or two sentences)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    narrative = forms.CharField(
        label=_("Narrative"),
        help_text=_("Markdown: a blank line between paragraphs, ## for a heading, - for a list."),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 14}),
    )


class ResourceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=())
    title = forms.CharField(label=_("Title in English"), max_length=300, required=False)
    url = forms.CharField(label=_("Link"), max_length=200, required=False)
    file = forms.FileField(
        label=_("Or a file"),
        required=False,
        help_text=_("PDF, Word (DOCX) or an image, up to 10 MB."),
    )
    language = forms.ChoiceField(label=_("Language of the resource"), required=False, choices=())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from django.conf import settings

        from townhall.engagements.models import Resource

        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["kind"]).choices = Resource.Kind.choices
        cast(forms.ChoiceField, self.fields["language"]).choices = [("", "—"), *settings.LANGUAGES]
        for code, name in settings.LANGUAGES:
            if code != "en":
                self.fields[f"title_{code}"] = forms.CharField(
                    label=_("Title in %(language)s") % {"language": name},
                    max_length=300,
                    required=False,
                )

    def titles(self) -> dict[str, str]:
        return {
            name.removeprefix("title_"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("title_") and value
        }


class ResourceWithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reason (kept in the history)"), required=False)


class ActivityPublicForm(forms.Form):
    is_public = forms.BooleanField(label=_("Show on the public pages"), required=False)
    description = forms.CharField(
        label=_("Description for the public"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    districts = _district_field(_("Police districts (none: citywide)"))
    mode = forms.ChoiceField(label=_("How to take part"), required=False, choices=())
    place = forms.CharField(label=_("Place and address"), max_length=300, required=False)
    online_url = forms.CharField(label=_("Link to join online"), max_length=200, required=False)
    call_in = forms.CharField(
        label=_("Call-in number and meeting ID"), max_length=120, required=False
    )
    time_from = forms.TimeField(
        label=_("From (Chicago time)"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": _("Enter a time such as 18:30.")},
    )
    time_to = forms.TimeField(
        label=_("To (Chicago time)"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": _("Enter a time such as 20:00.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from townhall.engagements.models import Activity

        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["mode"]).choices = [
            ("", _("Not said")),
            *Activity.Mode.choices,
        ]


# --- Community requests (IV-B-7 NOTE) ------------------------------------------------------------


class CommunityRequestForm(AntiSpamForm):
    """What a community group sends. The service checks what is required, so every problem
    gets one clear message and nothing typed is lost."""

    kind = forms.ChoiceField(
        label=_("What your group proposes"),
        required=False,
        choices=(),
        widget=forms.RadioSelect,
    )
    organization = forms.CharField(
        label=_("Organization or group"),
        max_length=400,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    contact_name = forms.CharField(
        label=_("Contact person"),
        max_length=400,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.CharField(
        label=_("Email"),
        max_length=400,
        required=False,
        help_text=_("We send your receipt and our decision here. It is never published."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=80,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    subject = forms.CharField(
        label=_("The policy or training"),
        max_length=400,
        required=False,
        help_text=_("Name it in your own words, or give the directive number below."),
    )
    directive = forms.CharField(
        label=_("Directive number, if you know it (e.g. G03-02)"),
        max_length=80,
        required=False,
        widget=forms.TextInput(attrs={"list": "directive-numbers", "autocomplete": "off"}),
    )
    description = forms.CharField(
        label=_("What you propose"),
        required=False,
        strip=False,
        help_text=_(
            "Who would take part, how, and what you would like to change or discuss. Up to "
            "5000 characters, in any language."
        ),
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    districts = _district_field(_("Police districts concerned (none: citywide)"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from townhall.engagements.models import CommunityRequest

        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["kind"]).choices = CommunityRequest.Kind.choices


class RequestFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from townhall.engagements.models import CommunityRequest

        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["status"]).choices = [
            ("", _("Any status")),
            *CommunityRequest.Status.choices,
        ]


class RequestDeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason, sent to the requester"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class RequestAcceptForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason, sent to the requester"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    engagement = forms.TypedChoiceField(
        label=_("Link to an existing engagement"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=(),
    )
    title = forms.CharField(
        label=_("Or start a new engagement with this title"), max_length=300, required=False
    )
    originating_unit = forms.CharField(
        label=_("Originating unit of the new engagement"), max_length=200, required=False
    )
    directive = forms.CharField(
        label=_("Its directive number (e.g. G03-02)"), max_length=80, required=False
    )
    training = forms.CharField(
        label=_("Or the title of its training"), max_length=300, required=False
    )

    def __init__(self, *args: Any, engagements: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["engagement"]).choices = [("", "—")] + [
            (e.pk, e.title) for e in engagements
        ]


# --- Trainings and their course materials (III-A) ------------------------------------------------


class TrainingForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300, required=False)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )


class MaterialForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300, required=False)
    is_public = forms.BooleanField(label=_("Shown to the public"), required=False)
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, Word (DOCX) or an image, up to 10 MB."),
        error_messages={"required": _("Choose the file to upload.")},
    )
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=5000)


class MaterialVersionForm(forms.Form):
    file = forms.FileField(
        label=_("New version"),
        help_text=_("PDF, Word (DOCX) or an image, up to 10 MB."),
        error_messages={"required": _("Choose the file to upload.")},
    )
    note = forms.CharField(
        label=_("What changed"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
