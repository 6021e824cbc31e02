"""Mail sent after the transaction that caused it commits, by the worker."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django_tasks import task

from townhall.accounts.models import Role, RoleAssignment

# Attach files up to this size; larger ones are linked from the staff area instead.
MAX_ATTACHMENT_BYTES = 8 * 1024 * 1024


@task()
def send_mail_task(
    to: list[str], subject: str, body: str, attachment_paths: list[str] | None = None
) -> int:
    message = EmailMessage(
        subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=to
    )
    for path in attachment_paths or []:
        file = Path(path)
        if file.exists() and file.stat().st_size <= MAX_ATTACHMENT_BYTES:
            message.attach_file(str(file))
    return message.send()


def mail_on_commit(
    *, to: Iterable[str], subject: str, body: str, attachment_paths: Iterable[str] = ()
) -> None:
    """Queue a message for after the current transaction commits; nothing if nobody to tell."""
    recipients = sorted({address for address in to if address})
    if not recipients:
        return
    paths = [str(p) for p in attachment_paths]
    # robust: a mail that cannot be queued must not turn a committed action into an error page.
    transaction.on_commit(
        lambda: send_mail_task.enqueue(
            to=recipients, subject=subject, body=body, attachment_paths=paths
        ),
        robust=True,
    )


def emails_for_roles(*roles: str) -> list[str]:
    return sorted(
        set(
            RoleAssignment.objects.filter(role__in=roles, user__is_active=True)
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
    )


def emails_for_unit(role: str, unit_name: str = "") -> list[str]:
    """Who hears for a unit: the holders of its role; for the originating unit, the holders of
    the unit named, or every holder if nobody holds that name."""
    holders = RoleAssignment.objects.filter(role=role, user__is_active=True).exclude(user__email="")
    if role == Role.ORIGINATING_UNIT:
        named = holders.filter(unit_name=unit_name)
        if named.exists():
            holders = named
    return sorted(set(holders.values_list("user__email", flat=True)))


def absolute_url(name: str, **kwargs: object) -> str:
    """A named URL as a link for an email or a feed: the site's public address before it."""
    return settings.TOWNHALL_BASE_URL.rstrip("/") + reverse(name, kwargs=kwargs)
