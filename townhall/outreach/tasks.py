"""Time-driven outreach work, run by the worker. Every job is idempotent: starting a dispatch
claims its row, sending holds a lease, a digest claims its week, a reminder marks its row."""

from __future__ import annotations

import datetime

from django_tasks import task

from townhall.core.scheduling import periodic


@task()
def send_dispatch_task(dispatch_id: int) -> int:
    """One chunk of a dispatch (about 50 s); hands over to a new task while anyone is left,
    so a worker restart loses no more than the message in flight."""
    from townhall.outreach.sending import dispatch_send

    result = dispatch_send(dispatch_id=dispatch_id)
    if not result.finished and result.stopped != "lease" and result.stopped != "smtp":
        send_dispatch_task.enqueue(dispatch_id)
    return result.sent


# Every minute: due dispatches start (VII-C NOTE), and any left by a stopped worker resume.
@periodic("outreach.dispatch", every=datetime.timedelta(minutes=1))
@task()
def dispatch_task() -> int:
    from townhall.outreach.sending import dispatches_resume, dispatches_start_due

    started = dispatches_start_due()
    for dispatch_id in dispatches_resume():
        send_dispatch_task.enqueue(dispatch_id)
    return started


@task()
def send_digest_task(subscriber_id: int) -> bool:
    from townhall.outreach.subscriptions import digest_mail

    return digest_mail(subscriber_id=subscriber_id)


@periodic("outreach.digests", every=datetime.timedelta(hours=1))
@task()
def digests_task() -> int:
    from townhall.outreach.subscriptions import digests_due

    due = digests_due()
    for subscriber_id in due:
        send_digest_task.enqueue(subscriber_id)
    return len(due)


# V-D-2: follow-ups due reach OEE once a day.
@periodic("outreach.follow_ups", every=datetime.timedelta(days=1))
@task()
def follow_up_task() -> int:
    from townhall.outreach.directory import follow_up_reminders

    return follow_up_reminders()


# VII-A-2-b: input on a directive joins its next engagement's pool soon after one exists.
@periodic("outreach.inputs", every=datetime.timedelta(minutes=10))
@task()
def inputs_pool_task() -> int:
    from townhall.outreach.inputs import inputs_pool_pending

    return inputs_pool_pending()


@periodic("outreach.bounces", every=datetime.timedelta(minutes=5))
@task()
def bounces_task() -> int:
    """Bounce messages delivered by the mail server to a Maildir (settings
    TOWNHALL_BOUNCE_MAILDIR); each is read once and moved to cur/."""
    from townhall.outreach.bounces import maildir_process

    return maildir_process()
