"""Values as they are written: database values as JSON and as CSV cells, the columns of a
table, and safe file names."""

from __future__ import annotations

import datetime
import decimal
import json
import re
import unicodedata
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from django.db import models
from django.db.models import CharField, QuerySet
from django.db.models.functions import Cast

from townhall.accounts.models import User
from townhall.core.text import spreadsheet_safe
from townhall.reports.records.constants import SECRETS

# ---------------------------------------------------------------------------------------
# Values as they are written


_AS_IS = frozenset({str, int, float, bool, type(None)})


def _plain(value: Any) -> Any:
    """A database value as JSON: instants in ISO 8601 (UTC), decimals and UUIDs as text.
    (Called for every cell of every row: the common types are tried first, by type.)"""
    kind = type(value)
    if kind in _AS_IS:
        return value
    if kind is datetime.datetime or kind is datetime.date or kind is datetime.time:
        return value.isoformat()
    if kind is dict:
        return {str(k): _plain(v) for k, v in value.items()}
    if kind is list:
        return [_plain(v) for v in value]
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, (bytes, memoryview)):
        return bytes(value).hex()
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_plain(v) for v in value]
    return value


def _cell(value: Any) -> str:
    """A plain value (see _plain) in a CSV cell: never a formula when opened in a
    spreadsheet."""
    kind = type(value)
    if kind is str:
        return spreadsheet_safe(value) if value else value
    if value is None:
        return ""
    if kind is bool:
        return "true" if value else "false"
    if kind is dict or kind is list:
        return spreadsheet_safe(json.dumps(value, ensure_ascii=False, sort_keys=True))
    return spreadsheet_safe(str(value))


def _json_line(row: Mapping[str, Any]) -> bytes:
    """One plain row (see _plain) as a line of JSON Lines."""
    return (json.dumps(row, ensure_ascii=False) + "\n").encode("utf-8")


def _columns(
    model: type[models.Model],
    *,
    extra: Sequence[tuple[str, str]] = (),
    exclude: Sequence[str] = (),
) -> list[tuple[str, str]]:
    """Every stored field of `model` (foreign keys as their ids, and the username of each
    person named), then `extra` (column, lookup) pairs. Secrets are left out."""
    columns: list[tuple[str, str]] = []
    for f in model._meta.concrete_fields:
        if f.name in SECRETS or f.name in exclude:
            continue
        columns.append((f.attname, f.attname))
        if f.is_relation and f.related_model is User:
            columns.append((f"{f.name}_username", f"{f.name}__username"))
    columns.extend(extra)
    return columns


def _row_dict(obj: models.Model, *, exclude: Sequence[str] = ()) -> dict[str, Any]:
    """One object's stored fields, for the JSON documents."""
    return {
        f.attname: _plain(getattr(obj, f.attname))
        for f in obj._meta.concrete_fields
        if f.name not in SECRETS and f.name not in exclude
    }


def _ids_as_text(queryset: QuerySet[Any]) -> QuerySet[Any]:
    """The primary keys as the audit trail stores them (text), for a subquery."""
    ids: QuerySet[Any] = (
        queryset.order_by().annotate(id_text=Cast("pk", CharField())).values("id_text")
    )
    return ids


_UNSAFE = re.compile(r"[^\w.\- ()+,=@]+", re.UNICODE)


def safe_name(name: str, *, fallback: str) -> str:
    """A file name as it may be written in the ZIP: the last part of what was uploaded, no
    folders, no control or shell characters, no leading dot, at most 120 characters with its
    extension kept."""
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = _UNSAFE.sub("_", name).strip(" ._")
    if not name:
        return fallback
    stem, dot, ext = name.rpartition(".")
    if not dot or len(ext) > 16:
        stem, ext = name, ""
    limit = 120 - (len(ext) + 1 if ext else 0)
    stem = stem[:limit].rstrip(" ._") or fallback
    return f"{stem}.{ext}" if ext else stem
