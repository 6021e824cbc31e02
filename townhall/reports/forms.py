"""What staff send on the pages of the "what we heard" report (seed 002 V-D-3, VII-D-5).

The forms parse; the services (services.py) decide. A service's refusal comes back on the
form through core.forms.add_errors, so what was typed stays in the box.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from townhall.directives.models import DirectiveVersion
from townhall.reports.models import Report
from townhall.reports.services import NARRATIVE_MAX

__all__ = [
    "FinalVersionForm",
    "NarrativeForm",
    "PublishForm",
    "ReportFilterForm",
    "ReturnForm",
    "language_choices",
    "version_label",
]


def language_choices() -> list[tuple[str, str]]:
    """The site's languages, named in the staff member's language."""
    return [
        (code, str(settings.LANGUAGE_NAMES_EN.get(code, name))) for code, name in settings.LANGUAGES
    ]


class DescribedForm(forms.Form):
    """Ties each box to its help text and its error for screen readers (WCAG 1.3.1, 3.3.1);
    call `describe()` once the errors are known (after is_valid or add_errors)."""

    def describe(self) -> None:
        for name, field in self.fields.items():
            bound = self[name]
            ids = []
            if field.help_text:
                ids.append(f"{bound.id_for_label}_helptext")
            if self.is_bound and bound.errors:
                ids.append(f"{bound.id_for_label}_error")
            if ids:
                field.widget.attrs["aria-describedby"] = " ".join(ids)
            else:
                field.widget.attrs.pop("aria-describedby", None)


class ReportFilterForm(forms.Form):
    """The reports list: one status, or all."""

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *Report.Status.choices],
    )


class VersionChoiceField(forms.ModelChoiceField[DirectiveVersion]):
    """A version of the directive, named by its status and dates, and its title."""

    def label_from_instance(self, obj: DirectiveVersion) -> str:
        return version_label(obj)


def version_label(version: DirectiveVersion) -> str:
    """A version as staff tell it apart from the others of its directive: its status and
    dates, when it was made, its title ("Draft, made 3 March 2025 — School Resource…")."""
    made = date_format(timezone.localdate(version.created_at))
    return gettext("%(label)s, made %(made)s — %(title)s") % {
        "label": version.label,
        "made": made,
        "title": version.title,
    }


class FinalVersionForm(DescribedForm):
    """The revised directive the redline compares with the posted draft: one of the
    directive's versions, or the default (the version the dispositions point to)."""

    final_version = VersionChoiceField(
        label=_("Revised version of the directive"),
        queryset=DirectiveVersion.objects.none(),
        required=False,
        empty_label=_("The default: the version the decisions point to"),
        help_text=_(
            "The report's redline compares this version with the draft that was posted for "
            "comment. Choosing it generates the data again."
        ),
    )

    def __init__(self, *args: Any, versions: QuerySet[DirectiveVersion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["final_version"]
        assert isinstance(field, VersionChoiceField)
        field.queryset = versions


class NarrativeForm(DescribedForm):
    """Staff's words for one section in one language."""

    language = forms.ChoiceField(widget=forms.HiddenInput, choices=())
    text = forms.CharField(
        label=_("Text"),
        required=False,
        max_length=NARRATIVE_MAX,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_(
            "Written in Markdown: a blank line starts a new paragraph, **bold**, *italic*, "
            "lists with - or 1., links as [text](https://…). HTML is not allowed. Leave it "
            "empty to remove this language's text."
        ),
    )

    def __init__(self, *args: Any, language: str, direction: str = "ltr", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        language_field = self.fields["language"]
        assert isinstance(language_field, forms.ChoiceField)
        language_field.choices = language_choices()
        text = self.fields["text"]
        text.label = gettext("The text in %(language)s") % {
            "language": dict(language_choices()).get(language, language)
        }
        text.widget.attrs.update({"lang": language, "dir": direction})


class ReturnForm(DescribedForm):
    """The approver sends the report back, saying what should change."""

    note = forms.CharField(
        label=_("What should change"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The person who sent the report reads this note, by email and on this page."),
    )


class PublishForm(DescribedForm):
    """Publishing: a second or later version says what changed since the last one."""

    change_note = forms.CharField(
        label=_("What changed since the last published version"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Shown to the public with the new version. The earlier versions stay public under "
            "their numbers."
        ),
    )
