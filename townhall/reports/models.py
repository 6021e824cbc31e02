"""Reporting back (seed 002 V-D-3, VII-D-5, VI-B-1, VI-B-7, VIII).

A `Report` is the "what we heard" report of one engagement while staff prepare it: the data
is generated from the record (build.py), staff write the narrative per section and language,
the responsible unit approves, and publishing freezes both into a `ReportVersion`. A
published version never changes: a correction is a new version, and the old one stays
public under its number. `ReportFile` holds the PDFs the worker renders of a version, one
per language. `RecordsExport` is a public-records or monitor export of a posting or a
meeting, made by the worker with its progress.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from townhall.engagements.models import Engagement

#: The narrative sections staff write, in the order the report shows them. The data parts
#: between them are generated (build.py) and never typed.
SECTIONS: tuple[tuple[str, Any], ...] = (
    ("introduction", _("Introduction")),
    ("activities", _("What we did")),
    ("participation", _("Who took part")),
    ("themes", _("What we heard")),
    ("recommendations", _("Recommendations and responses")),
    ("revisions", _("What changed in the directive")),
    ("not_adopted", _("What we did not adopt, and why")),
    ("next_steps", _("What comes next")),
)
SECTION_KEYS: tuple[str, ...] = tuple(k for k, _label in SECTIONS)


class Report(models.Model):
    """The report of one engagement (V-D-3) while it is prepared, and its published line."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        PUBLISHED = "published", _("Published")

    engagement = models.OneToOneField(Engagement, on_delete=models.PROTECT, related_name="report")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    # The revised directive the redline compares with the draft that was posted. Chosen by
    # staff; by default the version the dispositions point to (build.default_final_version).
    final_version = models.ForeignKey(
        "directives.DirectiveVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    narrative = models.JSONField(default=dict, blank=True)  # {section: {language: markdown}}
    data = models.JSONField(default=dict, blank=True)  # the last generated data (build.py)
    generated_at = models.DateTimeField(null=True, blank=True)
    return_note = models.TextField(blank=True)
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Report on {self.engagement}"

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise TypeError("Reports are never deleted.")


class ReportVersionQuerySet(models.QuerySet["ReportVersion"]):
    def update(self, **kwargs: Any) -> int:
        raise TypeError("A published report version never changes; publish a new one.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise TypeError("A published report version is never deleted.")


class ReportVersion(models.Model):
    """A published report, frozen: the data and the narrative as approved (V-D-3). The hash
    of the data lets anyone check that regenerating from the record gives the same numbers."""

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    data = models.JSONField()
    narrative = models.JSONField()
    data_hash = models.CharField(max_length=64)
    change_note = models.TextField(blank=True)  # what changed since the previous version
    published_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = ReportVersionQuerySet.as_manager()

    class Meta:
        ordering = ["report", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="one_report_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.report} v{self.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise TypeError("A published report version never changes; publish a new one.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise TypeError("A published report version is never deleted.")

    @property
    def languages(self) -> list[str]:
        """The languages staff wrote the narrative in (the introduction decides); the data
        parts are in every language."""
        intro = self.narrative.get("introduction", {})
        return [code for code, _name in settings.LANGUAGES if intro.get(code, "").strip()]


class ReportFile(models.Model):
    """A rendered file of a published version (the tagged PDF), one per language, made once
    by the worker; the version itself stays the source."""

    class Kind(models.TextChoices):
        PDF = "pdf", "PDF"

    version = models.ForeignKey(ReportVersion, on_delete=models.PROTECT, related_name="files")
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.PDF)
    language = models.CharField(max_length=10, choices=settings.LANGUAGES)
    file = models.FileField(upload_to="reports/")
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["version", "kind", "language"], name="one_report_file_per_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.version} {self.kind} {self.language}"


class RecordsExport(models.Model):
    """Everything the record holds on one posting or one meeting, for a public-records request
    or the monitor: a ZIP with a checksum manifest, made by the worker."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    posting = models.ForeignKey(
        "postings.Posting", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    purpose = models.CharField(_("request or purpose"), max_length=300)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    stage = models.CharField(max_length=60, blank=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to="records/", blank=True)
    sha256 = models.CharField(max_length=64, blank=True)  # of the ZIP
    size = models.BigIntegerField(default=0)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(posting__isnull=False, meeting__isnull=True)
                    | models.Q(posting__isnull=True, meeting__isnull=False)
                ),
                name="records_export_one_subject",
            )
        ]

    def __str__(self) -> str:
        subject = f"posting {self.posting_id}" if self.posting_id else f"meeting {self.meeting_id}"
        return f"Records export of {subject}"

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise TypeError("Records exports are kept as a record of what was released.")

    @property
    def percent(self) -> int:
        return int(self.done * 100 / self.total) if self.total else 0
