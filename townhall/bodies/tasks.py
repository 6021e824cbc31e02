"""Time-driven work of bodies, run by the worker. Each job is idempotent: it claims what it does
with a stamp or a status under a row lock, so running it again does nothing twice."""

from __future__ import annotations

import datetime

from django_tasks import task

from townhall.core.scheduling import periodic


# Every minute: a ballot's window closes, and the result forwards it, within a minute.
@periodic("bodies.close_ballots", every=datetime.timedelta(minutes=1))
@task()
def close_ballots_task() -> int:
    from townhall.bodies.voting import ballots_close_due

    return ballots_close_due()


@periodic("bodies.close_calls", every=datetime.timedelta(minutes=5))
@task()
def close_calls_task() -> int:
    from townhall.bodies.recruitment import calls_close_due

    return calls_close_due()


# Daily: terms that ended are closed, and terms ending within 60 days are flagged, once each.
@periodic("bodies.terms", every=datetime.timedelta(hours=24))
@task()
def terms_task() -> int:
    from townhall.bodies.services import members_end_terms, rotation_alerts_send

    return members_end_terms() + rotation_alerts_send()
