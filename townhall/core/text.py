"""Small text normalisations shared by the services."""

from __future__ import annotations

__all__ = ["one_line"]


def one_line(value: str | None) -> str:
    """A title or name as one line: runs of whitespace (newlines, tabs) become one space."""
    return " ".join((value or "").split())
