from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from townhall.accounts.models import Role


class RoleChangeForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    unit_name = forms.CharField(
        label=_("Unit (for an originating unit)"), required=False, max_length=200
    )
    action = forms.ChoiceField(choices=[("grant", _("Grant")), ("revoke", _("Revoke"))])
