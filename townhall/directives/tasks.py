"""Background and periodic work of the registry."""

from __future__ import annotations

import datetime

from django_tasks import task

from townhall.core.scheduling import periodic
from townhall.directives.services import publish_due_drafts


@periodic("directives.publish_due_drafts", every=datetime.timedelta(minutes=1))
@task()
def publish_due_drafts_task() -> list[int]:
    return publish_due_drafts()
