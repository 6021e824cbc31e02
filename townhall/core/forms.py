from __future__ import annotations

from collections.abc import Mapping

from django import forms
from django.utils.translation import gettext_lazy as _

from townhall.core.errors import DomainError, FieldsInvalid


def add_errors(form: forms.Form, exc: DomainError, names: Mapping[str, str] | None = None) -> None:
    """A service's refusal on the form: each field error beside its field (`names` maps the
    service's names to the form's), anything else above the form."""
    if isinstance(exc, FieldsInvalid):
        for key, message in exc.errors.items():
            name = (names or {}).get(key, key)
            form.add_error(name if name in form.fields else None, message)
    else:
        form.add_error(None, exc.message)


class AuditFilterForm(forms.Form):
    object_type = forms.ChoiceField(label=_("Object type"), required=False)
    object_id = forms.CharField(label=_("Object id"), required=False, max_length=64)
    actor = forms.CharField(label=_("Who"), required=False, max_length=150)
    action = forms.CharField(label=_("Action starts with"), required=False, max_length=80)

    def __init__(self, *args: object, object_types: list[str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        choices = [("", _("All"))] + [(t, t) for t in object_types]
        self.fields["object_type"].choices = choices  # type: ignore[attr-defined]
