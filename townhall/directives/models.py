"""The directive registry: directives, their versions, and each version's outline sections.

Seed 002 III-A (Department-level directives), VI-D-3 (R&D keeps every current directive
available and drafts new ones), VII-B-2-c (a posting links to the current directive).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _


class DirectiveType(models.TextChoices):
    GENERAL_ORDER = "general_order", _("General Order")
    SPECIAL_ORDER = "special_order", _("Special Order")
    DEPARTMENT_NOTICE = "department_notice", _("Department Notice")
    EMPLOYEE_RESOURCE = "employee_resource", _("Employee Resource")
    UNIFORM_AND_PROPERTY = "uniform_and_property", _("Uniform and Property")
    TRAINING_BULLETIN = "training_bulletin", _("Training Bulletin")
    DEPARTMENT_DIRECTIVE = "department_directive", _("Department Directive")
    RESOURCE = "resource", _("Resource")
    OTHER = "other", _("Other")


class Directive(models.Model):
    number = models.CharField(_("number"), max_length=80, unique=True)
    doc_type = models.CharField(
        _("type"), max_length=32, choices=DirectiveType.choices, default=DirectiveType.OTHER
    )
    title = models.CharField(_("title"), max_length=300)
    index_category = models.CharField(_("index category"), max_length=200, blank=True)
    issuing_unit = models.CharField(
        _("issuing unit"), max_length=200, default="Research and Development Division"
    )
    # Lower-cased number, title and the newest version's text: what the public search reads.
    search_text = models.TextField(blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("directive")
        verbose_name_plural = _("directives")

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("directives:detail", kwargs={"number": self.number})


class DirectiveVersion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        CURRENT = "current", _("Current")
        RESCINDED = "rescinded", _("Rescinded")

    class Source(models.TextChoices):
        IMPORT = "import", _("Imported")
        STAFF = "staff", _("Written by staff")

    directive = models.ForeignKey(Directive, on_delete=models.PROTECT, related_name="versions")
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    title = models.CharField(_("title"), max_length=300)
    issue_date = models.DateField(_("issue date"), null=True, blank=True)
    effective_date = models.DateField(_("effective date"), null=True, blank=True)
    rescinds_text = models.CharField(_("rescinds"), max_length=300, blank=True)
    rescinds = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rescinded_by",
        verbose_name=_("rescinds version"),
    )
    index_category = models.CharField(_("index category"), max_length=200, blank=True)
    calea = models.CharField(_("CALEA references"), max_length=300, blank=True)
    preamble = models.TextField(blank=True)
    trailer = models.TextField(blank=True)
    # The whole text as written: what a draft's editor shows and the parser reads.
    body_text = models.TextField(_("text"))
    content_hash = models.CharField(max_length=64, db_index=True)
    parse_warnings = models.JSONField(default=list, blank=True)
    source = models.CharField(max_length=16, choices=Source.choices, default=Source.STAFF)
    source_ref = models.CharField(max_length=100, blank=True, db_index=True)
    # Scheduled publishing, as in Wagtail: the worker makes a due draft current.
    publish_at = models.DateTimeField(_("publish at"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["directive", "issue_date", "effective_date", "id"]
        verbose_name = _("directive version")
        verbose_name_plural = _("directive versions")
        constraints = [
            models.UniqueConstraint(
                fields=["directive"],
                condition=models.Q(status="current"),
                name="one_current_version_per_directive",
            )
        ]

    def __str__(self) -> str:
        return f"{self.directive.number} {self.label}"

    def get_absolute_url(self) -> str:
        return reverse(
            "directives:version", kwargs={"number": self.directive.number, "pk": self.pk}
        )

    @property
    def label(self) -> str:
        if self.status == self.Status.DRAFT:
            if self.issue_date:
                return str(_("Draft of %(date)s") % {"date": date_format(self.issue_date)})
            return str(_("Draft"))
        if self.issue_date is None:
            return str(self.get_status_display())
        if self.effective_date and self.effective_date != self.issue_date:
            return str(
                _("Issued %(issued)s, effective %(effective)s")
                % {
                    "issued": date_format(self.issue_date),
                    "effective": date_format(self.effective_date),
                }
            )
        return str(_("Issued %(issued)s") % {"issued": date_format(self.issue_date)})

    @property
    def is_immutable(self) -> bool:
        return self.status != self.Status.DRAFT


class Section(models.Model):
    """One outline item of a version (I. / A. / 1. / a.), addressable by its anchor."""

    version = models.ForeignKey(DirectiveVersion, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveIntegerField()
    anchor = models.CharField(max_length=80)
    marker = models.CharField(max_length=16)
    level = models.PositiveSmallIntegerField()
    heading = models.TextField(blank=True)
    text = models.TextField(blank=True)
    raw = models.TextField(blank=True)
    parent_anchor = models.CharField(max_length=80, blank=True)

    class Meta:
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "anchor"], name="section_anchor_unique")
        ]

    def __str__(self) -> str:
        return f"{self.anchor} {self.heading[:60]}"

    @property
    def dom_id(self) -> str:
        return f"s-{self.anchor}"

    @property
    def body(self) -> str:
        """A heading item's text without its heading line (shown once, as the heading)."""
        first, _sep, rest = self.text.partition("\n")
        return rest if self.level == 0 and first.strip() == self.heading.strip() else self.text
