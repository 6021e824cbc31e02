"""Time-driven transitions of postings, run by the worker."""

from __future__ import annotations

import datetime

from django_tasks import task

from townhall.core.scheduling import periodic
from townhall.postings.models import Posting


@periodic("postings.tick", every=datetime.timedelta(minutes=1))
@task()
def postings_tick_task() -> dict[str, list[int]]:
    from townhall.postings.services import postings_tick

    return postings_tick()


@task()
def compile_posting_task(posting_id: int) -> int:
    from townhall.postings.services import posting_compile

    posting = Posting.objects.get(pk=posting_id)
    if posting.status != Posting.Status.CLOSED:
        return 0  # compiled already (a second worker, or R&D by hand)
    return posting_compile(actor=None, posting=posting).pk
