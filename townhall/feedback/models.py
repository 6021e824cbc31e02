"""Everything the public and Department members send: comments with their receipts.

Nothing here is ever deleted or rewritten: a comment is bound forever to the exact directive
version it was written against, its text is kept as sent, and its visibility changes only
through audited services. Personal information found in the text is redacted in what is
published while the original stays in the record.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from townhall.directives.models import DirectiveVersion


class CommentQuerySet(models.QuerySet["Comment"]):
    def delete(self) -> tuple[int, dict[str, int]]:
        raise TypeError("Comments are never deleted; hide them instead.")


class Comment(models.Model):
    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        PUBLISHED = "published", _("Published")
        HIDDEN = "hidden", _("Hidden")

    class Channel(models.TextChoices):
        WEB = "web", _("Website")
        API = "api", _("API")
        EMAIL = "email", _("Email")
        PAPER = "paper", _("Paper")
        MEETING = "meeting", _("At a meeting")
        PHONE = "phone", _("Phone")
        OTHER = "other", _("Other")

    class Origin(models.TextChoices):
        # VII-D-3: internal (Department members) and external comments are compiled apart.
        EXTERNAL = "external", _("Public")
        INTERNAL = "internal", _("Department member")

    receipt = models.CharField(_("receipt"), max_length=20, unique=True)
    posting = models.ForeignKey(
        "postings.Posting", on_delete=models.PROTECT, related_name="comments"
    )
    version = models.ForeignKey(DirectiveVersion, on_delete=models.PROTECT, related_name="+")
    section_anchor = models.CharField(_("item"), max_length=80, blank=True)
    body = models.TextField(_("comment"))
    redacted_body = models.TextField(blank=True)
    pii_kinds = models.JSONField(default=list, blank=True)
    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    organization = models.CharField(_("organization"), max_length=200, blank=True)
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.EXTERNAL)
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.WEB)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.RECEIVED, db_index=True
    )
    language = models.CharField(max_length=10, blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)
    received_on = models.DateField(_("date received"))
    is_read = models.BooleanField(default=False)
    is_flagged = models.BooleanField(default=False)
    moderation_note = models.TextField(blank=True)
    # sha256 of a one-time form token or an API Idempotency-Key: the same submission sent
    # twice finds the first comment instead of making a second.
    idempotency_key = models.CharField(max_length=64, null=True, blank=True, unique=True)
    # sha256 of what was sent (text and item): a key sent again with different text is a new
    # comment that must not be mistaken for the first one.
    fingerprint = models.CharField(max_length=64, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    import_batch = models.ForeignKey(
        "feedback.ImportBatch", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["posting", "-submitted_at", "-id"], name="comment_inbox"),
            models.Index(fields=["posting", "section_anchor"], name="comment_section"),
        ]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return self.receipt

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise TypeError("Comments are never deleted; hide them instead.")

    @property
    def public_text(self) -> str:
        return self.redacted_body or self.body


class Attachment(models.Model):
    comment = models.ForeignKey(Comment, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(upload_to="attachments/%Y/%m/")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name


class ImportBatch(models.Model):
    """A file of comments received by email, on paper or at meetings, entered in bulk."""

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("Previewed")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Failed")

    posting = models.ForeignKey(
        "postings.Posting", on_delete=models.PROTECT, related_name="import_batches"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PREVIEWED)
    source_name = models.CharField(max_length=255)
    file = models.FileField(upload_to="imports/%Y/%m/")
    channel = models.CharField(max_length=10, choices=Comment.Channel.choices)
    total_rows = models.PositiveIntegerField(default=0)
    valid_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    imported_rows = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.source_name} ({self.get_status_display()})"

    @property
    def percent(self) -> int:
        return int(100 * self.processed_rows / self.valid_rows) if self.valid_rows else 0


class CommentTally(models.Model):
    """How many comments a posting has, by origin, kept by database triggers on every insert.

    The inbox and the public page show these counts on every request; counting a million rows
    each time took 250 ms (docs/benchmarks.md, "Staff reads"). Triggers keep the figure exact
    whatever path stored the comment (a form, the API, a bulk COPY), and comments are never
    deleted, so an insert is the only change. A posting's count is spread over a few `slot`
    rows so that concurrent submissions do not all wait on one row lock; readers add them up.
    Written only by the triggers of migration feedback/0005; never by Python.
    """

    posting = models.ForeignKey("postings.Posting", on_delete=models.CASCADE, related_name="+")
    origin = models.CharField(max_length=10, choices=Comment.Origin.choices)
    slot = models.PositiveSmallIntegerField(default=0)
    n = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["posting", "origin", "slot"], name="comment_tally_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.posting_id} {self.origin}[{self.slot}] = {self.n}"


from townhall.feedback.analysis_models import (  # noqa: E402  (the pool's models, one app)
    AgreementLabel,
    AgreementSample,
    AnalysisRun,
    Campaign,
    FeedbackItem,
    Recommendation,
    Theme,
    ThemeAssignment,
)

__all__ = [
    "AgreementLabel",
    "AgreementSample",
    "AnalysisRun",
    "Attachment",
    "Campaign",
    "Comment",
    "CommentTally",
    "FeedbackItem",
    "ImportBatch",
    "Recommendation",
    "Theme",
    "ThemeAssignment",
]
