"""Postings made through the real services, for tests. Time is moved with time-machine, never
by writing statuses directly."""

from __future__ import annotations

import datetime

import time_machine
from django.conf import settings
from django.utils import timezone

from townhall.accounts.demo import ensure_persona_by_key
from townhall.directives.models import DirectiveVersion
from townhall.postings import services
from townhall.postings.models import Posting

NARRATIVE = (
    "The Department is revising this directive and asks for your comments during the posting "
    "period (VII-B-2-a)."
)
SUMMARY = "What the directive changes, in plain language."


def prepared_posting(
    version: DirectiveVersion,
    *,
    opens_at: datetime.datetime | None = None,
    days: int = 15,
    all_languages: bool = True,
    kind: str = Posting.Kind.PERIOD,
) -> Posting:
    """A posting in DRAFT with its English text (and all configured translations)."""
    rd = ensure_persona_by_key("rd")
    opens_at = opens_at or (timezone.now() + datetime.timedelta(hours=1)).replace(microsecond=0)
    posting = services.posting_create(
        actor=rd,
        version=version,
        narrative=NARRATIVE,
        summary=SUMMARY,
        opens_at=opens_at,
        closes_at=opens_at + datetime.timedelta(days=days),
        kind=kind,
    )
    if all_languages:
        for code in settings.TOWNHALL_POSTING_LANGUAGES:
            if code != "en":
                services.posting_text_set(
                    actor=rd,
                    posting=posting,
                    language=code,
                    narrative=f"[{code}] {NARRATIVE}",
                    summary=f"[{code}] {SUMMARY}",
                )
    return posting


def scheduled_posting(version: DirectiveVersion, **kwargs: object) -> Posting:
    rd = ensure_persona_by_key("rd")
    chief = ensure_persona_by_key("ocpr_chief")
    posting = prepared_posting(version, **kwargs)  # type: ignore[arg-type]
    services.posting_submit(actor=rd, posting=posting)
    services.posting_authorize(actor=chief, posting=posting)
    return services.posting_schedule(actor=rd, posting=posting)


def open_posting(version: DirectiveVersion, **kwargs: object) -> Posting:
    """Scheduled in the past, then opened by the worker's tick at its opening time."""
    opens_at = (timezone.now() - datetime.timedelta(days=1)).replace(microsecond=0)
    with time_machine.travel(opens_at - datetime.timedelta(hours=1), tick=False):
        posting = scheduled_posting(version, opens_at=opens_at, **kwargs)
    with time_machine.travel(opens_at + datetime.timedelta(seconds=30), tick=False):
        services.postings_tick()
    posting.refresh_from_db()
    return posting


def closed_posting(version: DirectiveVersion, **kwargs: object) -> Posting:
    opens_at = (timezone.now() - datetime.timedelta(days=40)).replace(microsecond=0)
    with time_machine.travel(opens_at - datetime.timedelta(hours=1), tick=False):
        posting = scheduled_posting(version, opens_at=opens_at, **kwargs)
    with time_machine.travel(opens_at + datetime.timedelta(seconds=30), tick=False):
        services.postings_tick()
    assert posting.closes_at is not None
    with time_machine.travel(opens_at + datetime.timedelta(days=16), tick=False):
        services.postings_tick()
    posting.refresh_from_db()
    return posting
