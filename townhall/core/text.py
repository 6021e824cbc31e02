"""Small text normalisations shared by the services."""

from __future__ import annotations

__all__ = ["one_line", "spreadsheet_safe"]


def one_line(value: str | None) -> str:
    """A title or name as one line: runs of whitespace (newlines, tabs) become one space."""
    return " ".join((value or "").split())


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: str) -> str:
    """Public text must never run as a spreadsheet formula when staff open an export."""
    return f"'{value}" if value.startswith(_FORMULA_START) else value
