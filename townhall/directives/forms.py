from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from townhall.directives.models import DirectiveType


class DirectiveSearchForm(forms.Form):
    q = forms.CharField(label=_("Search by number, title or text"), required=False, max_length=200)
    type = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("All types")), *DirectiveType.choices]
    )
    category = forms.ChoiceField(label=_("Index category"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("Any status")),
            ("current", _("In effect")),
            ("draft", _("Has a draft")),
            ("rescinded", _("Rescinded only")),
        ],
    )

    def __init__(self, *args: Any, categories: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["category"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("All categories"))] + [(c, c) for c in categories]


class CompareForm(forms.Form):
    old = forms.TypedChoiceField(label=_("Earlier version"), coerce=int)
    new = forms.TypedChoiceField(label=_("Later version"), coerce=int)

    def __init__(self, *args: Any, versions: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("old", "new"):
            field = self.fields[name]
            assert isinstance(field, forms.TypedChoiceField)
            field.choices = versions

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("old") is not None and data.get("old") == data.get("new"):
            raise forms.ValidationError(_("Choose two different versions to compare."))
        return data


class DraftForm(forms.Form):
    number = forms.CharField(
        label=_("Directive number"),
        max_length=40,
        help_text=_("For example G03-02. An existing number starts a new draft of that directive."),
    )
    title = forms.CharField(label=_("Title"), max_length=300)
    index_category = forms.CharField(label=_("Index category"), max_length=200, required=False)
    issue_date = forms.DateField(
        label=_("Issue date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    effective_date = forms.DateField(
        label=_("Effective date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    rescinds_text = forms.CharField(label=_("Rescinds"), max_length=300, required=False)
    calea = forms.CharField(label=_("CALEA references"), max_length=300, required=False)
    text = forms.CharField(
        label=_("Text of the directive"),
        widget=forms.Textarea(attrs={"rows": 24, "spellcheck": "true"}),
        help_text=_(
            "Write the outline with its markers on each item: “I. PURPOSE”, "
            "“A.”, “1.”, “a.”. "
            "Each item gets an anchor such as V-C-10-b."
        ),
    )


class EditDraftForm(DraftForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The number is the directive's identity: it cannot change under a draft.
        del self.fields["number"]


class ScheduleForm(forms.Form):
    publish_at = forms.DateTimeField(
        label=_("Publish at (Chicago time)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
