"""Public posting of Department-level directives for comment (seed 002 VII, V-C-10).

A posting puts one directive version up for comment: a draft, or a current directive kept
continuously open (VII-A-1). Its life: draft -> in review -> authorized -> scheduled -> open ->
closed -> compiled, each move a service in `services.py`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from townhall.directives.models import DirectiveVersion


class Posting(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Being prepared")
        IN_REVIEW = "in_review", _("In review")
        AUTHORIZED = "authorized", _("Authorized")
        SCHEDULED = "scheduled", _("Scheduled")
        OPEN = "open", _("Open for comment")
        CLOSED = "closed", _("Closed")
        COMPILED = "compiled", _("Closed, comments compiled")

    class Kind(models.TextChoices):
        PERIOD = "period", _("Comment period")
        CONTINUOUS = "continuous", _("Continuously open")

    class Audience(models.TextChoices):
        # VII-B-2: the public website and "The Wire" for Department members.
        BOTH = "both", _("Public website and The Wire (Department members)")
        PUBLIC = "public", _("Public website only")
        INTERNAL = "internal", _("The Wire only (Department members)")

    version = models.ForeignKey(
        DirectiveVersion,
        on_delete=models.PROTECT,
        related_name="postings",
        verbose_name=_("version"),
    )
    # VII-B-2-c: the existing current directive, if any, linked from the posting.
    current_version = models.ForeignKey(
        DirectiveVersion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("current directive"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.PERIOD)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    audience = models.CharField(
        _("audience"), max_length=16, choices=Audience.choices, default=Audience.BOTH
    )
    title = models.CharField(_("title"), max_length=300)
    opens_at = models.DateTimeField(_("comment period opens"), null=True, blank=True)
    closes_at = models.DateTimeField(_("comment period closes"), null=True, blank=True)
    # VII-D-2: the estimated date for the compilation of the raw comments.
    compilation_due = models.DateField(_("compilation expected by"), null=True, blank=True)
    review_note = models.TextField(_("review note"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    authorized_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    authorized_at = models.DateTimeField(null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    compiled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opens_at", "-id"]
        verbose_name = _("posting")
        verbose_name_plural = _("postings")
        indexes = [
            models.Index(fields=["status", "opens_at"]),
            models.Index(fields=["status", "closes_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.version.directive.number} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("postings:detail", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def is_continuous(self) -> bool:
        return self.kind == self.Kind.CONTINUOUS

    @property
    def accepts_internal(self) -> bool:
        return self.audience in (self.Audience.BOTH, self.Audience.INTERNAL)

    @property
    def accepts_public(self) -> bool:
        return self.audience in (self.Audience.BOTH, self.Audience.PUBLIC)


class PostingText(models.Model):
    """The introductory narrative (VII-B-2-a) and plain-language summary in one language."""

    posting = models.ForeignKey(Posting, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    narrative = models.TextField(_("introductory narrative"))
    summary = models.TextField(_("plain-language summary"))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["posting", "language"], name="posting_text_per_language"
            )
        ]
        ordering = ["language"]

    def __str__(self) -> str:
        return f"{self.posting_id} [{self.language}]"


class PostingMaterial(models.Model):
    """Supporting materials posted beside the directive (VII-B-2): a file or a link."""

    posting = models.ForeignKey(Posting, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("link"), blank=True)
    file = models.FileField(_("file"), upload_to="postings/materials/", blank=True)
    original_name = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title


class PostingExtension(models.Model):
    """An extension of the comment period: dated, shown publicly, audited (V-C-10)."""

    posting = models.ForeignKey(Posting, on_delete=models.PROTECT, related_name="extensions")
    previous_closes_at = models.DateTimeField()
    new_closes_at = models.DateTimeField()
    reason = models.TextField(_("reason"))
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.posting_id}: {self.previous_closes_at} -> {self.new_closes_at}"


class Compilation(models.Model):
    """The compilation of the raw comments, internal and external (VII-D-3)."""

    posting = models.ForeignKey(Posting, on_delete=models.PROTECT, related_name="compilations")
    created_at = models.DateTimeField(default=timezone.now)
    external_count = models.PositiveIntegerField(default=0)
    internal_count = models.PositiveIntegerField(default=0)
    csv_file = models.FileField(upload_to="postings/compilations/")
    xlsx_file = models.FileField(upload_to="postings/compilations/")
    emailed_to = models.JSONField(default=list)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Compilation {self.pk} of posting {self.posting_id}"
