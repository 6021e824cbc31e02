"""Signed links in outreach mail: confirm a subscription, manage it, unsubscribe. Nothing is
stored: the link carries the record's id, signed with the site's secret and a purpose of its
own, so a link for one purpose never works for another."""

from __future__ import annotations

import datetime

from django.core import signing

__all__ = ["CONFIRM_MAX_AGE", "BadToken", "make", "read"]

CONFIRM_MAX_AGE = datetime.timedelta(days=7)
_SALTS = {
    "confirm": "townhall.outreach.confirm",
    "manage": "townhall.outreach.manage",
    "unsubscribe": "townhall.outreach.unsubscribe",
}


class BadToken(Exception):
    """The link was altered, is for another purpose, or has expired."""


def make(purpose: str, kind: str, pk: int) -> str:
    """`kind` is "s" for a subscriber or "c" for an organisation's contact."""
    return signing.dumps([kind, pk], salt=_SALTS[purpose], compress=True)


def read(purpose: str, token: str) -> tuple[str, int]:
    max_age = CONFIRM_MAX_AGE if purpose == "confirm" else None
    try:
        kind, pk = signing.loads(token, salt=_SALTS[purpose], max_age=max_age)
    except (signing.BadSignature, ValueError, TypeError) as exc:
        raise BadToken(str(exc)) from exc
    if kind not in ("s", "c") or not isinstance(pk, int):
        raise BadToken("malformed")
    return kind, pk
