"""Forms of the stakeholder directory. Every field is optional here: the services say what is
required, so each problem gets one clear message beside its field and nothing typed is lost."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from townhall.core.districts import district_choices
from townhall.engagements.models import Engagement, ExternalComment, Topic
from townhall.outreach.directory import (
    COMMUNITY_AREAS,
    ContactDetails,
    LogDetails,
    OrganizationDetails,
    language_name,
)
from townhall.outreach.models import Contact, ContactLog, Organization

__all__ = [
    "ContactForm",
    "LogForm",
    "OrganizationFilterForm",
    "OrganizationForm",
    "WithdrawForm",
]


def _language_choices() -> list[tuple[str, str]]:
    return [(code, language_name(code)) for code, _name in settings.LANGUAGES]


def _topic_choices() -> list[tuple[int, str]]:
    return [(t.pk, f"{t.item} {t.name}".strip()) for t in Topic.objects.order_by("item", "name")]


class OrganizationFilterForm(forms.Form):
    """The list's filters (GET). A value that is not understood is ignored."""

    q = forms.CharField(label=_("Name or words"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=())
    district = forms.TypedChoiceField(
        label=_("Police district"), required=False, coerce=int, empty_value=None, choices=()
    )
    topic = forms.TypedChoiceField(
        label=_("Topic"), required=False, coerce=int, empty_value=None, choices=()
    )
    language = forms.ChoiceField(label=_("Language"), required=False, choices=())
    archived = forms.ChoiceField(
        label=_("Archived"),
        required=False,
        choices=(
            ("", _("In use")),
            ("archived", _("Archived")),
            ("all", _("Both")),
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["kind"]).choices = [
            ("", _("Any kind")),
            *Organization.Kind.choices,
        ]
        cast(forms.ChoiceField, self.fields["district"]).choices = [
            ("", _("Any district")),
            *district_choices(),
        ]
        cast(forms.ChoiceField, self.fields["topic"]).choices = [
            ("", _("Any topic")),
            *_topic_choices(),
        ]
        cast(forms.ChoiceField, self.fields["language"]).choices = [
            ("", _("Any language")),
            *_language_choices(),
        ]

    def filters(self) -> dict[str, Any]:
        """The search's arguments: the defaults when the form is not valid."""
        if not self.is_valid():
            return {"archived": False}
        data = self.cleaned_data
        archived = {"": False, "archived": True, "all": None}[data["archived"] or ""]
        return {
            "text": data["q"] or "",
            "kind": data["kind"] or "",
            "district": data["district"],
            "topic": data["topic"],
            "language": data["language"] or "",
            "archived": archived,
        }


class OrganizationForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=400,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    kind = forms.ChoiceField(label=_("Kind of organization"), required=False, choices=())
    entity = forms.ChoiceField(
        label=_("External entity (IV-B-4)"),
        required=False,
        choices=(),
        help_text=_(
            "If it is one of the entities whose earlier comments on a policy raise its level of "
            "engagement: the Mayor's Office, the Independent Monitoring Team, the Attorney "
            "General, the Inspector General, the CCPSA, another City department or sister "
            "agency, or an affected community group."
        ),
    )
    districts = forms.TypedMultipleChoiceField(
        label=_("Police districts served"),
        required=False,
        coerce=int,
        choices=(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None: citywide."),
    )
    community_areas = forms.TypedMultipleChoiceField(
        label=_("Community areas served"),
        required=False,
        coerce=int,
        choices=(),
        widget=forms.CheckboxSelectMultiple,
    )
    topics = forms.TypedMultipleChoiceField(
        label=_("Topics of interest"),
        required=False,
        coerce=int,
        choices=(),
        widget=forms.CheckboxSelectMultiple,
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages it works in"),
        required=False,
        choices=(),
        widget=forms.CheckboxSelectMultiple,
    )
    reaches_hard_to_reach = forms.BooleanField(
        label=_("It reaches traditionally hard-to-reach or marginalized communities (V-A, V-B)"),
        required=False,
        help_text=_("For example youth, or people impacted by the criminal justice system."),
    )
    website = forms.CharField(
        label=_("Website"),
        max_length=400,
        required=False,
        widget=forms.URLInput(attrs={"autocomplete": "url"}),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What it does and whom it serves, in a few sentences."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["kind"]).choices = [
            ("", _("Choose…")),
            *Organization.Kind.choices,
        ]
        cast(forms.ChoiceField, self.fields["entity"]).choices = [
            ("", _("None of them")),
            *ExternalComment.Entity.choices,
        ]
        cast(forms.ChoiceField, self.fields["districts"]).choices = district_choices()
        cast(forms.ChoiceField, self.fields["community_areas"]).choices = [
            (n, f"{n}. {name}") for n, name in COMMUNITY_AREAS.items()
        ]
        cast(forms.ChoiceField, self.fields["topics"]).choices = _topic_choices()
        cast(forms.ChoiceField, self.fields["languages"]).choices = _language_choices()

    @staticmethod
    def initial_for(organization: Organization) -> dict[str, Any]:
        return {
            "name": organization.name,
            "kind": organization.kind,
            "entity": organization.entity,
            "districts": list(organization.districts),
            "community_areas": list(organization.community_areas),
            "topics": list(organization.topics.values_list("pk", flat=True)),
            "languages": list(organization.languages),
            "reaches_hard_to_reach": organization.reaches_hard_to_reach,
            "website": organization.website,
            "description": organization.description,
        }

    def details(self) -> OrganizationDetails:
        data = self.cleaned_data
        return OrganizationDetails(
            name=data["name"] or "",
            kind=data["kind"] or "",
            entity=data["entity"] or "",
            districts=tuple(data["districts"] or ()),
            community_areas=tuple(data["community_areas"] or ()),
            topics=tuple(data["topics"] or ()),
            languages=tuple(data["languages"] or ()),
            website=data["website"] or "",
            description=data["description"] or "",
            reaches_hard_to_reach=bool(data["reaches_hard_to_reach"]),
        )


class ContactForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=400,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    role_title = forms.CharField(label=_("Role or title"), max_length=400, required=False)
    email = forms.CharField(
        label=_("Email"),
        max_length=400,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=80,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
        help_text=_("An email address or a phone number is needed: one way to reach them."),
    )
    preferred_method = forms.ChoiceField(
        label=_("Preferred way to be contacted"),
        required=False,
        choices=(),
        widget=forms.RadioSelect,
    )
    language = forms.ChoiceField(label=_("Language they prefer"), required=False, choices=())
    consent = forms.BooleanField(
        label=_("They agreed to be contacted by the Department"),
        required=False,
        help_text=_("Only a person who agreed, and has not withdrawn, receives outreach mail."),
    )
    consent_note = forms.CharField(
        label=_("How they agreed"),
        max_length=600,
        required=False,
        help_text=_(
            "For example: “Said yes by email on 3 March 2025”, or “Signed the sheet at "
            "the 11th District council meeting”."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["preferred_method"]).choices = Contact.Method.choices
        cast(forms.ChoiceField, self.fields["language"]).choices = _language_choices()
        if not self.is_bound and "preferred_method" not in self.initial:
            self.initial.setdefault("preferred_method", Contact.Method.EMAIL)
            self.initial.setdefault("language", settings.LANGUAGE_CODE)

    @staticmethod
    def initial_for(contact: Contact) -> dict[str, Any]:
        return {
            "name": contact.name,
            "role_title": contact.role_title,
            "email": contact.email,
            "phone": contact.phone,
            "preferred_method": contact.preferred_method,
            "language": contact.language,
            "consent": contact.consent,
            "consent_note": contact.consent_note,
        }

    def details(self) -> ContactDetails:
        data = self.cleaned_data
        return ContactDetails(
            name=data["name"] or "",
            role_title=data["role_title"] or "",
            email=data["email"] or "",
            phone=data["phone"] or "",
            preferred_method=data["preferred_method"] or "",
            language=data["language"] or "",
            consent=bool(data["consent"]),
            consent_note=data["consent_note"] or "",
        )


class _DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class LogForm(forms.Form):
    occurred_on = forms.DateField(
        label=_("Date of the contact"), required=False, widget=_DateInput()
    )
    channel = forms.ChoiceField(label=_("How"), required=False, choices=())
    contact = forms.TypedChoiceField(
        label=_("With whom"), required=False, coerce=int, empty_value=None, choices=()
    )
    engagement = forms.TypedChoiceField(
        label=_("About which engagement"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=(),
        help_text=_("Leave it empty for keeping in touch in general (V-D-2)."),
    )
    summary = forms.CharField(
        label=_("What was said"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    follow_up = forms.CharField(
        label=_("Follow-up"),
        max_length=600,
        required=False,
        help_text=_("What the Department will do next, if anything."),
    )
    follow_up_due = forms.DateField(
        label=_("Follow-up due"),
        required=False,
        widget=_DateInput(),
        help_text=_("OEE is reminded by email on this day if it is not done."),
    )

    def __init__(
        self,
        *args: Any,
        contacts: Sequence[Contact] = (),
        engagements: Sequence[Engagement] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._contacts = {c.pk: c for c in contacts}
        self._engagements = {e.pk: e for e in engagements}
        cast(forms.ChoiceField, self.fields["channel"]).choices = [
            ("", _("Choose…")),
            *ContactLog.Channel.choices,
        ]
        cast(forms.ChoiceField, self.fields["contact"]).choices = [
            ("", _("Nobody in particular")),
            *((c.pk, c.name) for c in contacts),
        ]
        cast(forms.ChoiceField, self.fields["engagement"]).choices = [
            ("", _("None")),
            *((e.pk, e.title) for e in engagements),
        ]
        if not self.is_bound:
            self.initial.setdefault("occurred_on", timezone.localdate().isoformat())

    def details(self) -> LogDetails:
        data = self.cleaned_data
        return LogDetails(
            occurred_on=data["occurred_on"],
            channel=data["channel"] or "",
            summary=data["summary"] or "",
            contact=self._contacts.get(data["contact"]) if data["contact"] else None,
            engagement=self._engagements.get(data["engagement"]) if data["engagement"] else None,
            follow_up=data["follow_up"] or "",
            follow_up_due=data["follow_up_due"],
        )


class WithdrawForm(forms.Form):
    note = forms.CharField(
        label=_("How they asked (optional)"),
        max_length=500,
        required=False,
        help_text=_("For example: “Phoned on 4 April to ask not to be contacted again”."),
    )
