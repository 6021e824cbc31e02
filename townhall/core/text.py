"""Small text normalisations shared by the services."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

__all__ = ["email_problem", "one_line", "spreadsheet_safe"]


def one_line(value: str | None) -> str:
    """A title or name as one line: runs of whitespace (newlines, tabs) become one space."""
    return " ".join((value or "").split())


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: str) -> str:
    """Public text must never run as a spreadsheet formula when staff open an export."""
    return f"'{value}" if value.startswith(_FORMULA_START) else value


def email_problem(value: str) -> str:
    """Why an email address someone typed (stripped, not empty) cannot be used, or ""."""
    try:
        validate_email(value)
    except ValidationError:
        return _("Enter a valid email address, like name@example.org.")
    if len(value) > 254:
        return _("The email address is too long.")
    return ""
