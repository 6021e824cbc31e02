"""Filling in the public comment form the way a browser without JavaScript does."""

from __future__ import annotations

import hashlib
import re
from typing import Any

from django.test import Client

from townhall.feedback import antispam


def form_fields(html: str) -> dict[str, str]:
    token = re.search(r'name="form_token" value="([^"]+)"', html)
    assert token, "the comment form has no token"
    return {"form_token": token.group(1)}


def solve(token_value: str) -> str:
    """Answer the arithmetic fallback question the way a person would (brute force here)."""
    for answer in range(0, 41):
        result = antispam.check_submission(
            token=token_value,
            honeypot="",
            pow_nonce="",
            question_answer=str(answer),
            now=_later(),
        )
        if result.ok:
            return str(answer)
    raise AssertionError("no answer found")


def _later() -> Any:
    import datetime

    from django.utils import timezone

    return timezone.now() + datetime.timedelta(seconds=10)


def post_comment(client: Client, posting_id: int, *, wait: bool = True, **data: Any) -> Any:
    """GET the form, then POST it with a correct fallback answer. Moves time forward past the
    minimum fill time unless `wait` is False."""
    import time_machine

    page = client.get(f"/postings/{posting_id}/comment/", {"section": data.get("section", "")})
    fields = form_fields(page.text)
    payload = {"body": "", "challenge_answer": solve(fields["form_token"]), **fields, **data}
    if not wait:
        return client.post(f"/postings/{posting_id}/comment/", payload)
    with time_machine.travel(_later(), tick=True):
        return client.post(f"/postings/{posting_id}/comment/", payload)


def digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()
