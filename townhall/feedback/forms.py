from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from townhall.feedback.models import Comment, Theme


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> Any:
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


class AntiSpamForm(forms.Form):
    """The fields of a public form's anti-abuse checks (feedback/antispam.py): the honeypot
    ("website"), the signed one-time token, the proof of work and its no-JavaScript question.
    They stay after the form's own fields, so errors are listed in the order people read."""

    # Anti-abuse fields: see feedback/antispam.py. "website" is the honeypot.
    website = forms.CharField(required=False, label=_("Leave this field empty"))
    form_token = forms.CharField(widget=forms.HiddenInput, required=False)
    pow_nonce = forms.CharField(widget=forms.HiddenInput, required=False)
    challenge_answer = forms.CharField(
        required=False,
        max_length=10,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("website", "form_token", "pow_nonce", "challenge_answer"):
            self.fields[name] = self.fields.pop(name)


class CommentForm(AntiSpamForm):
    """What a resident or Department member sends. Limits are checked by the service, so that
    an over-long comment gets a clear message and is never cut short by the browser."""

    body = forms.CharField(
        label=_("Your comment"),
        widget=forms.Textarea(attrs={"rows": 10, "aria-describedby": "body-help body-count"}),
        required=False,
        strip=False,
    )
    section = forms.CharField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(
        label=_("Name"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.CharField(
        label=_("Email"),
        required=False,
        max_length=400,
        help_text=_("Only to send you a copy of your receipt. It is never published."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    organization = forms.CharField(
        label=_("Organization"),
        required=False,
        max_length=400,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    attachments = MultipleFileField(
        label=_("Attachments"),
        required=False,
        help_text=_("PDF, Word (DOCX) or images; up to 3 files of 10 MB each."),
    )


class ReceiptLookupForm(forms.Form):
    receipt = forms.CharField(
        label=_("Receipt number"),
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "off", "placeholder": "TH-XXXX-XXXX"}),
    )


class InboxFilterForm(forms.Form):
    q = forms.CharField(label=_("Words in the comment"), required=False, max_length=200)
    section = forms.CharField(
        label=_("Item (e.g. V-C-10, or - for the whole posting)"), required=False, max_length=80
    )
    origin = forms.ChoiceField(
        label=_("From"), required=False, choices=[("", _("Everyone")), *Comment.Origin.choices]
    )
    channel = forms.ChoiceField(
        label=_("Channel"),
        required=False,
        choices=[("", _("Any channel")), *Comment.Channel.choices],
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *Comment.Status.choices]
    )
    date_from = forms.DateField(
        label=_("Received from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Received to"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    unread = forms.BooleanField(label=_("Unread only"), required=False)
    flagged = forms.BooleanField(label=_("Flagged only"), required=False)


class StaffCommentForm(forms.Form):
    channel = forms.ChoiceField(
        label=_("How it arrived"),
        choices=[c for c in Comment.Channel.choices if c[0] not in ("web", "api")],
    )
    received_on = forms.DateField(
        label=_("Date received"), widget=forms.DateInput(attrs={"type": "date"})
    )
    origin = forms.ChoiceField(label=_("From"), choices=Comment.Origin.choices)
    section = forms.CharField(
        label=_("Item (optional, e.g. V-C-10)"), required=False, max_length=80
    )
    body = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 8}), required=False, strip=False
    )
    name = forms.CharField(label=_("Name"), required=False, max_length=400)
    email = forms.CharField(label=_("Email"), required=False, max_length=400)
    organization = forms.CharField(label=_("Organization"), required=False, max_length=400)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or Excel file"),
        help_text=_(
            "One comment per row. Columns: comment (required), section, name, email, "
            "organization, date_received (YYYY-MM-DD), origin (public or department)."
        ),
    )
    channel = forms.ChoiceField(
        label=_("How these comments arrived"),
        choices=[c for c in Comment.Channel.choices if c[0] not in ("web", "api")],
    )


class ModerationForm(forms.Form):
    action = forms.ChoiceField(
        choices=[
            ("read", _("Mark read")),
            ("unread", _("Mark unread")),
            ("flag", _("Flag")),
            ("unflag", _("Remove flag")),
            ("publish", _("Publish")),
        ]
    )
    ids = forms.TypedMultipleChoiceField(coerce=int, choices=[])

    def __init__(self, *args: Any, ids: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["ids"]
        assert isinstance(field, forms.TypedMultipleChoiceField)
        field.choices = [(i, str(i)) for i in ids]


# --- Review of the analysis -----------------------------------------------------------------


class ThemeLabelForm(forms.Form):
    label = forms.CharField(label=_("Name of the theme"), max_length=200)


class ThemeMergeForm(forms.Form):
    into = forms.TypedChoiceField(label=_("Merge into"), coerce=int, choices=())

    def __init__(self, *args: Any, themes: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["into"]).choices = [(t.pk, t.label) for t in themes]


class ThemeDecisionForm(forms.Form):
    """VII-D-5: what was done with what was heard."""

    disposition = forms.ChoiceField(label=_("Decision"), choices=())
    reason = forms.CharField(
        label=_("Reason or note (reported back; required when not adopted)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    revised_version = forms.TypedChoiceField(
        label=_("Revised version of the directive"), coerce=int, required=False, choices=()
    )
    revised_section = forms.CharField(
        label=_("Item of the revised version where the change was made (e.g. V-C-10)"),
        required=False,
        max_length=80,
    )

    def __init__(self, *args: Any, versions: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["disposition"]).choices = [
            (v, label) for v, label in Theme.Disposition.choices if v
        ]
        cast(forms.ChoiceField, self.fields["revised_version"]).choices = [("", "—")] + [
            (v.pk, f"{v.directive.number} {v.label}") for v in versions
        ]


class ItemsActionForm(forms.Form):
    ACTIONS = (
        ("move", _("Move to the theme chosen below")),
        ("split", _("Make a new theme of them, named below")),
        ("off_topic", _("Mark as off-topic")),
    )
    action = forms.ChoiceField(label=_("With the selected comments"), choices=ACTIONS)
    theme = forms.TypedChoiceField(label=_("Theme"), coerce=int, required=False, choices=())
    label = forms.CharField(label=_("Name of the new theme"), max_length=200, required=False)

    def __init__(self, *args: Any, themes: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["theme"]).choices = [("", "—")] + [
            (t.pk, t.label) for t in themes
        ]
