"""Shapes shared by every API router."""

from __future__ import annotations

from typing import Any

from ninja import Schema


class ErrorOut(Schema):
    """Every API error: a message for people, and field errors where there are some."""

    message: str
    errors: Any = None
