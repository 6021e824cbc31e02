"""The audit trail and the bookkeeping of scheduled jobs."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise TypeError("The audit trail is append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise TypeError("The audit trail is append-only.")


class AuditEvent(models.Model):
    """One state change or staff edit. Append-only: the database refuses UPDATE and DELETE
    (triggers in migration 0002), and so does the ORM."""

    occurred_at = models.DateTimeField(_("when (UTC)"), default=timezone.now, db_index=True)
    # Users are deactivated, never deleted, so PROTECT keeps every row attributable.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    actor_label = models.CharField(_("who (as recorded)"), max_length=150)
    action = models.CharField(_("what"), max_length=80, db_index=True)
    object_type = models.CharField(_("object type"), max_length=100)
    object_id = models.CharField(_("object id"), max_length=64)
    object_repr = models.CharField(_("object"), max_length=300)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id", "-occurred_at"])]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        when = f"{self.occurred_at:%Y-%m-%d %H:%M:%S}"
        return f"{when} {self.actor_label} {self.action} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise TypeError("The audit trail is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise TypeError("The audit trail is append-only.")


class JobRun(models.Model):
    """A claim on one time slot of one periodic job.

    The unique constraint is what makes a scheduled job run once per slot however many
    workers are up: the first to insert the row enqueues the work, the others back off.
    """

    name = models.CharField(max_length=100)
    slot = models.DateTimeField()
    claimed_at = models.DateTimeField(default=timezone.now)
    worker = models.CharField(max_length=64, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["name", "slot"], name="jobrun_once_per_slot")
        ]
        ordering = ["-slot"]

    def __str__(self) -> str:
        return f"{self.name} @ {self.slot.isoformat()}"
