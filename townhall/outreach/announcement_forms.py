"""Forms of audiences, announcements and dispatches (VII-B-4, VII-C). The services decide what
is required and valid; these forms only carry what was typed, so each problem is shown beside
its field and nothing typed is lost."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language_info, gettext
from django.utils.translation import gettext_lazy as _

from townhall.core.districts import district_choices
from townhall.engagements.models import Engagement, Topic
from townhall.outreach import social
from townhall.outreach.announcements import SOCIAL, WITH_SUBJECT, moment_time
from townhall.outreach.models import (
    Announcement,
    Audience,
    Channel,
    Delivery,
    Dispatch,
    Organization,
)
from townhall.postings.models import Posting

__all__ = [
    "AnnouncementFilterForm",
    "AnnouncementForm",
    "AudienceForm",
    "ContextForm",
    "DeliveryFilterForm",
    "DispatchForm",
    "SocialPostForm",
    "TextForm",
    "direction",
    "language_name",
]

MOMENTS = (Dispatch.Moment.OPENING, Dispatch.Moment.MIDWAY, Dispatch.Moment.CLOSING)


def language_name(code: str) -> str:
    """The language's name in the staff member's language ("Polish", "polaco")."""
    return str(settings.LANGUAGE_NAMES_EN.get(code, code))


def direction(code: str) -> str:
    try:
        return "rtl" if get_language_info(code)["bidi"] else "ltr"
    except KeyError:
        return "ltr"


def _language_choices() -> list[tuple[str, str]]:
    return [(code, language_name(code)) for code, _name in settings.LANGUAGES]


def _set_choices(form: forms.Form, name: str, choices: Sequence[tuple[Any, Any]]) -> None:
    cast(forms.ChoiceField, form.fields[name]).choices = list(choices)


def posting_label(posting: Posting) -> str:
    return f"{posting.version.directive.number} {posting.title}".strip()


# --- Audiences ------------------------------------------------------------------------------


class AudienceForm(forms.Form):
    """An audience's name and criteria (audiences.clean_criteria): AND across groups, OR
    within one; organisations always in and never in override them."""

    name = forms.CharField(label=_("Name of the audience"), max_length=400, required=False)
    kinds = forms.MultipleChoiceField(
        label=_("Kinds of organization"),
        required=False,
        choices=(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None chosen: every kind."),
    )
    districts = forms.TypedMultipleChoiceField(
        label=_("Police districts"),
        required=False,
        coerce=int,
        choices=(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "None chosen: citywide. An organization serving the whole city matches any district."
        ),
    )
    topics = forms.TypedMultipleChoiceField(
        label=_("Topics"),
        required=False,
        coerce=int,
        choices=(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None chosen: any topic."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        required=False,
        choices=(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Organizations working in one of these languages. None chosen: any."),
    )
    engaged_before = forms.BooleanField(
        label=_("Only organizations engaged before in the development of this policy (VII-C-3-a)"),
        required=False,
    )
    hard_to_reach = forms.BooleanField(
        label=_(
            "Only organizations reaching traditionally hard-to-reach or marginalized "
            "communities (V-A, V-B)"
        ),
        required=False,
    )
    subscribers = forms.BooleanField(
        label=_("Also the subscribers who follow the subject (VII-C-3)"),
        required=False,
        help_text=_(
            "Those who follow all postings, the directive, one of the topics or one of the "
            "districts, and asked for mail as each announcement is sent."
        ),
    )
    organizations = forms.TypedMultipleChoiceField(
        label=_("Organizations always included"),
        required=False,
        coerce=int,
        choices=(),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Whatever the criteria above. Hold Ctrl (or ⌘) to choose more than one."),
    )
    excluded = forms.TypedMultipleChoiceField(
        label=_("Organizations never included"),
        required=False,
        coerce=int,
        choices=(),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Hold Ctrl (or ⌘) to choose more than one."),
    )

    CHECKBOX_GROUPS = ("kinds", "districts", "topics", "languages")
    FLAGS = ("engaged_before", "hard_to_reach", "subscribers")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "kinds", Organization.Kind.choices)
        _set_choices(self, "districts", district_choices())
        _set_choices(
            self,
            "topics",
            [(t.pk, f"{t.item} {t.name}".strip()) for t in Topic.objects.order_by("item", "name")],
        )
        _set_choices(self, "languages", _language_choices())
        organizations = list(
            Organization.objects.filter(is_archived=False)
            .order_by("name")
            .values_list("pk", "name")
        )
        _set_choices(self, "organizations", organizations)
        _set_choices(self, "excluded", organizations)

    @classmethod
    def initial_for(cls, audience: Audience | None) -> dict[str, Any]:
        if audience is None:
            return {"subscribers": True}
        criteria = audience.criteria or {}
        initial: dict[str, Any] = {"name": audience.name}
        for key in ("kinds", "districts", "topics", "languages", "organizations", "excluded"):
            initial[key] = list(criteria.get(key, []))
        for flag in cls.FLAGS:
            initial[flag] = bool(criteria.get(flag, flag == "subscribers"))
        return initial

    def criteria(self) -> dict[str, Any]:
        data = self.cleaned_data
        out: dict[str, Any] = {
            key: list(data.get(key) or [])
            for key in ("kinds", "districts", "topics", "languages", "organizations", "excluded")
        }
        for flag in self.FLAGS:
            out[flag] = bool(data.get(flag))
        return out


# --- Announcements --------------------------------------------------------------------------


class ContextForm(forms.Form):
    """What a new announcement or audience is about, when the page was opened without it."""

    posting = forms.TypedChoiceField(
        label=_("A posting"), required=False, coerce=int, empty_value=None, choices=()
    )
    engagement = forms.TypedChoiceField(
        label=_("Or an engagement"), required=False, coerce=int, empty_value=None, choices=()
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        postings = (
            Posting.objects.exclude(status__in=(Posting.Status.CLOSED, Posting.Status.COMPILED))
            .select_related("version__directive")
            .order_by("-opens_at", "-id")[:300]
        )
        _set_choices(
            self, "posting", [("", _("Choose…")), *[(p.pk, posting_label(p)) for p in postings]]
        )
        engagements = Engagement.objects.exclude(status=Engagement.Status.CONCLUDED).order_by(
            "-created_at", "-id"
        )[:300]
        _set_choices(
            self, "engagement", [("", _("Choose…")), *[(e.pk, e.title) for e in engagements]]
        )


class AnnouncementForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=400,
        required=False,
        help_text=_("For staff: the lists show it. Each channel's own text is written next."),
    )
    channels = forms.MultipleChoiceField(
        label=_("Channels (VII-C)"),
        required=False,
        choices=Channel.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    audience = forms.TypedChoiceField(
        label=_("Audience for the email"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=(),
        help_text=_("Email needs an audience before the announcement is scheduled."),
    )
    link = forms.CharField(
        label=_("Link"),
        max_length=500,
        required=False,
        widget=forms.URLInput(),
        help_text=_("Every text carries it. Empty: the public page of the posting or engagement."),
    )

    def __init__(self, *args: Any, audiences: Sequence[Audience] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "audience", [("", _("None yet")), *[(a.pk, a.name) for a in audiences]])

    @staticmethod
    def initial_for(announcement: Announcement) -> dict[str, Any]:
        return {
            "title": announcement.title,
            "channels": list(announcement.channels),
            "audience": announcement.audience_id,
            "link": announcement.link,
        }


class AnnouncementFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=())
    posting = forms.TypedChoiceField(
        label=_("Posting"), required=False, coerce=int, empty_value=None, choices=()
    )

    def __init__(self, *args: Any, postings: Sequence[Posting] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "status", [("", _("Any status")), *Announcement.Status.choices])
        _set_choices(
            self, "posting", [("", _("Any posting")), *[(p.pk, posting_label(p)) for p in postings]]
        )


class TextForm(forms.Form):
    """One language of one channel: the subject (email, AMC, press) and the text. The boxes
    hold the target language, right to left for Arabic; the labels stay in the reader's."""

    subject = forms.CharField(label=_("Subject or headline"), max_length=400, required=False)
    body = forms.CharField(
        label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )

    def __init__(
        self, *args: Any, channel: str, language: str, link: str = "", **kwargs: Any
    ) -> None:
        kwargs.setdefault("prefix", language)
        super().__init__(*args, **kwargs)
        self.channel = channel
        self.language = language
        self.language_name = language_name(language)
        self.direction = direction(language)
        self.link = link
        if channel not in WITH_SUBJECT:
            del self.fields["subject"]
        for field in self.fields.values():
            field.widget.attrs.update({"lang": language, "dir": self.direction})
        if channel == Channel.X:
            self.fields["body"].help_text = gettext(
                "The link is added at the end. With it, the post must fit %(limit)d characters "
                "as X counts them: every link counts 23, and most Chinese characters count 2."
            ) % {"limit": social.limit(channel)}
        elif channel in SOCIAL:
            self.fields["body"].help_text = gettext(
                "The link is added at the end. With it, the post must fit %(limit)d characters "
                "as %(platform)s counts them."
            ) % {"limit": social.limit(channel), "platform": Channel(channel).label}

    def describe(self) -> None:
        """Tie each box to its help, its error and (social posts) its counted length, for
        screen readers; called once the errors are known."""
        counted = self.counted() is not None
        for name, field in self.fields.items():
            bound = self[name]
            ids = []
            if field.help_text:
                ids.append(f"{bound.id_for_label}_helptext")
            if bound.errors:
                ids.append(f"{bound.id_for_label}_error")
            if name == "body" and counted:
                ids.append(f"{bound.id_for_label}_count")
            if ids:
                field.widget.attrs["aria-describedby"] = " ".join(ids)

    @property
    def has_subject(self) -> bool:
        return "subject" in self.fields

    @property
    def is_blank(self) -> bool:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return not (data.get("subject") or "").strip() and not (data.get("body") or "").strip()

    def typed_body(self) -> str:
        """The body as it is in the box: typed, or saved."""
        if self.is_bound:
            return str(self.data.get(self.add_prefix("body"), ""))
        return str(self.initial.get("body", ""))

    def counted(self) -> tuple[int, int] | None:
        """Social channels: (length with the link as the platform counts it, limit)."""
        if self.channel not in SOCIAL:
            return None
        body = self.typed_body().strip()
        if not body:
            return None
        post = social.compose(body, self.link)
        return social.length(self.channel, post), social.limit(self.channel)


def _when_label(label: str, when: datetime.datetime | None) -> str:
    if when is None:
        return gettext("%(moment)s (the posting has no dates yet)") % {"moment": label}
    return gettext("%(moment)s: %(when)s") % {
        "moment": label,
        "when": date_format(timezone.localtime(when), "DATETIME_FORMAT"),
    }


class DispatchForm(forms.Form):
    """VII-C NOTE: the moments of the posting period, each with the time it falls, and a time
    of one's own. Each ticked one becomes a dispatch."""

    opening = forms.BooleanField(required=False)
    midway = forms.BooleanField(required=False)
    closing = forms.BooleanField(required=False)
    send_at = forms.DateTimeField(
        label=_("At another time (Chicago time)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )

    def __init__(self, *args: Any, posting: Posting | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.times: dict[str, datetime.datetime | None] = {}
        labels = {
            Dispatch.Moment.OPENING: _("At opening"),
            Dispatch.Moment.MIDWAY: _("Midway through the comment period"),
            Dispatch.Moment.CLOSING: _("Shortly before closing"),
        }
        if posting is None:
            for moment in MOMENTS:
                del self.fields[moment]
            return
        for moment in MOMENTS:
            when = moment_time(posting, moment)
            self.times[moment] = when
            self.fields[moment].label = _when_label(str(labels[moment]), when)
            if when is None:
                self.fields[moment].disabled = True

    def moment_fields(self) -> list[forms.BoundField]:
        return [self[m] for m in MOMENTS if m in self.fields]

    def chosen(self) -> list[tuple[str, datetime.datetime | None]]:
        """(moment, send_at) for each dispatch to add, in the period's order."""
        data = self.cleaned_data
        out: list[tuple[str, datetime.datetime | None]] = [
            (m, None) for m in MOMENTS if m in self.fields and data.get(m)
        ]
        if data.get("send_at"):
            out.append((Dispatch.Moment.CUSTOM, data["send_at"]))
        return out


class DeliveryFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "status", [("", _("Any status")), *Delivery.Status.choices])


class SocialPostForm(forms.Form):
    post_url = forms.CharField(
        label=_("Link to the post"),
        max_length=500,
        required=False,
        widget=forms.URLInput(),
        help_text=_("The address of the post on the platform, starting with https://."),
    )
