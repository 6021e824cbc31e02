"""Demo postings, replayed through the real services at the times they would have happened:
an open draft (D22-08), an upcoming posting (S03-14), a closed and compiled one with real
comments (the 2021 interim foot pursuit policy, G03-07), and a continuously open one (G03-02)."""

from __future__ import annotations

import datetime
import json
import random
from pathlib import Path
from zoneinfo import ZoneInfo

import time_machine
from django.utils import timezone

from townhall.accounts.demo import ensure_persona_by_key
from townhall.directives.models import DirectiveVersion
from townhall.feedback import services as feedback
from townhall.postings import services
from townhall.postings.demo_texts import TEXTS
from townhall.postings.models import Posting

CHICAGO = ZoneInfo("America/Chicago")
DEMO_COMMENTS = Path(__file__).resolve().parent.parent / "feedback" / "demo_data"
# People who sent the campaign letter; the names are the kind a form fills in.
CAMPAIGN_SENDERS = [
    ("Maria Gonzalez", "Pilsen"),
    ("Darnell Jackson", "Englewood"),
    ("Sarah Kim", "Albany Park"),
    ("Luis Ramirez", "Little Village"),
    ("Aisha Williams", "Chatham"),
    ("Tom O'Brien", "Bridgeport"),
    ("Keisha Brown", "Austin"),
    ("Anna Kowalczyk", "Portage Park"),
    ("Jamal Carter", "Woodlawn"),
    ("Emily Chen", "Chinatown"),
    ("Rosa Martinez", "Humboldt Park"),
    ("David Cohen", "Rogers Park"),
]
CAMPAIGN_ADDITIONS = [
    "",
    "",
    "\n\nFoot pursuits in my neighborhood have ended with young people hurt. Please listen.",
    "",
    "\n\nI also ask that the policy be reviewed again after one year with community input.",
    "",
]


def _at(year: int, month: int, day: int, hour: int = 9, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=CHICAGO)


def _texts(posting: Posting, number: str) -> None:
    rd = ensure_persona_by_key("rd")
    for language, (narrative, summary) in TEXTS[number].items():
        services.posting_text_set(
            actor=rd, posting=posting, language=language, narrative=narrative, summary=summary
        )


def _prepare(
    version: DirectiveVersion,
    number: str,
    *,
    opens: datetime.datetime,
    closes: datetime.datetime | None,
) -> Posting:
    rd = ensure_persona_by_key("rd")
    chief = ensure_persona_by_key("ocpr_chief")
    narrative, summary = TEXTS[number]["en"]
    posting = services.posting_create(
        actor=rd,
        version=version,
        narrative=narrative,
        summary=summary,
        opens_at=opens,
        closes_at=closes,
    )
    _texts(posting, number)
    services.posting_submit(actor=rd, posting=posting)
    services.posting_authorize(actor=chief, posting=posting)
    return services.posting_schedule(actor=rd, posting=posting)


def _current(number: str) -> DirectiveVersion | None:
    return DirectiveVersion.objects.filter(directive__number=number, status="current").first()


def _exists(version: DirectiveVersion | None) -> bool:
    return version is None or Posting.objects.filter(version=version).exists()


def _closed_foot_pursuit() -> None:
    """Mid-June through July 2021, as the City's page tells it (seed 000)."""
    version = _current("G03-07")
    if version is None or _exists(version):
        return
    with time_machine.travel(_at(2021, 6, 7), tick=False):
        posting = _prepare(version, "G03-07", opens=_at(2021, 6, 14), closes=_at(2021, 7, 16, 17))
    with time_machine.travel(_at(2021, 6, 14, 9, 1), tick=False):
        services.postings_tick()
    posting.refresh_from_db()
    anchors = list(version.sections.values_list("anchor", flat=True))
    statements = json.loads((DEMO_COMMENTS / "polis_london_youth_policing.json").read_text())
    rng = random.Random(2021)
    moment = _at(2021, 6, 14, 10)
    for i, statement in enumerate(statements):
        moment += datetime.timedelta(hours=rng.randint(3, 20))
        with time_machine.travel(moment, tick=False):
            feedback.comment_submit(
                posting=posting,
                body=statement["body"],
                section=rng.choice(anchors) if i % 3 == 0 else "",
                internal=i % 9 == 4,
                language="en",
            )
    letter = (DEMO_COMMENTS / "defund12_chicago_letter_2020-06-11.txt").read_text()
    for i, (name, area) in enumerate(CAMPAIGN_SENDERS):
        body = letter.replace("[NAME]", name).replace("[NEIGHBORHOOD/CITY]", area)
        body += CAMPAIGN_ADDITIONS[i % len(CAMPAIGN_ADDITIONS)]
        with time_machine.travel(
            _at(2021, 7, 8, 14, 2) + datetime.timedelta(seconds=7 * i), tick=False
        ):
            feedback.comment_submit(posting=posting, body=body.strip(), name=name, language="en")
    with time_machine.travel(_at(2021, 7, 16, 17, 1), tick=False):
        services.postings_tick()
        services.posting_compile(actor=None, posting=Posting.objects.get(pk=posting.pk))
    oee = ensure_persona_by_key("oee")
    with time_machine.travel(_at(2021, 7, 20), tick=False):
        for comment in posting.comments.filter(pii_kinds=[]).order_by("submitted_at")[:20]:
            feedback.comment_publish(actor=oee, comment=comment)


def _continuous_use_of_force() -> None:
    version = _current("G03-02")
    if version is None or _exists(version):
        return
    chief = ensure_persona_by_key("ocpr_chief")
    rd = ensure_persona_by_key("rd")
    start = timezone.now() - datetime.timedelta(days=20)
    with time_machine.travel(start, tick=False):
        narrative, summary = TEXTS["G03-02"]["en"]
        posting = services.directive_mark_continuous(
            actor=chief, directive=version.directive, narrative=narrative, summary=summary
        )
        _texts(posting, "G03-02")
        services.posting_schedule(actor=rd, posting=posting)
        services.postings_tick()


def _open_d22_08() -> None:
    version = DirectiveVersion.objects.filter(directive__number="D22-08", status="draft").first()
    if version is None or _exists(version):
        return
    opens = (timezone.now() - datetime.timedelta(days=3)).replace(second=0, microsecond=0)
    with time_machine.travel(opens - datetime.timedelta(days=2), tick=False):
        posting = _prepare(
            version, "D22-08", opens=opens, closes=opens + datetime.timedelta(days=30)
        )
    statements = json.loads((DEMO_COMMENTS / "polis_london_youth_policing.json").read_text())
    with time_machine.travel(opens + datetime.timedelta(minutes=1), tick=False):
        services.postings_tick()
    posting.refresh_from_db()
    for i, statement in enumerate(statements[:8]):
        with time_machine.travel(opens + datetime.timedelta(hours=5 + 7 * i), tick=False):
            feedback.comment_submit(
                posting=posting,
                body=statement["body"],
                section="V-B" if i % 2 else "",
                language="en",
            )


def _upcoming_body_cameras() -> None:
    version = _current("S03-14")
    if version is None or _exists(version):
        return
    opens = (timezone.localtime() + datetime.timedelta(days=7)).replace(
        hour=9, minute=0, second=0, microsecond=0
    )
    _prepare(version, "S03-14", opens=opens, closes=opens + datetime.timedelta(days=21))


def load_demo_postings() -> int:
    before = Posting.objects.count()
    _closed_foot_pursuit()
    _continuous_use_of_force()
    _open_d22_08()
    _upcoming_body_cameras()
    return Posting.objects.count() - before
