"""Moving the outreach clock for the browser walk-throughs: runs only the dispatch job as of a
given moment (other periodic jobs would move other tests' meetings and surveys along)."""

from __future__ import annotations

import datetime
import json

import time_machine

from townhall.outreach.models import Dispatch
from townhall.postings.models import Posting


def posting_of(number: str) -> None:
    posting = Posting.objects.filter(version__directive__number=number, status="open").get()
    print(json.dumps({"posting": posting.pk}))


def dispatches(announcement: int) -> None:
    rows = Dispatch.objects.filter(announcement_id=announcement).order_by("send_at")
    print(json.dumps({"dispatches": [[d.moment, d.send_at.isoformat(), d.status] for d in rows]}))


def dispatch_at(moment: str) -> None:
    from townhall.outreach.tasks import dispatch_task

    at = datetime.datetime.fromisoformat(moment) + datetime.timedelta(minutes=1)
    with time_machine.travel(at, tick=False):
        started = dispatch_task.call()
    print(json.dumps({"started": started}))
