"""The feedback pool and what analysis makes of it: campaigns, themes, and who decided what.

Imported by models.py; kept apart because the pool and its analysis are their own subject.

Machine proposals and human decisions are kept apart (issue 4): every theme assignment is a
row that says whether the machine or a person made it, and rows are never rewritten but
superseded, so the machine's original result can always be recovered and compared.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class FeedbackItem(models.Model):
    """One piece of feedback in a posting's pool, whatever way it arrived (V-D-3, VI-B-5)."""

    class Source(models.TextChoices):
        COMMENT = "comment", _("Comment on the posting")
        MEETING_COMMENT = "meeting_comment", _("Written comment at a meeting")
        FACILITATOR_NOTE = "facilitator_note", _("Facilitator's notes")
        SURVEY_ANSWER = "survey_answer", _("Survey answer")
        PROPOSAL = "proposal", _("Proposal on the continuous channel")
        BODY_RECOMMENDATION = "body_recommendation", _("Recommendation of an advisory body")

    # A posting's pool is what its analysis reads. Feedback heard outside a posting (at a
    # meeting, before any posting opened) belongs to the engagement, and to its posting too
    # once there is one.
    posting = models.ForeignKey(
        "postings.Posting",
        on_delete=models.PROTECT,
        related_name="feedback_items",
        null=True,
        blank=True,
    )
    engagement = models.ForeignKey(
        "engagements.Engagement",
        on_delete=models.PROTECT,
        related_name="feedback_items",
        null=True,
        blank=True,
    )
    source = models.CharField(max_length=20, choices=Source.choices)
    comment = models.OneToOneField(
        "feedback.Comment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pool_item",
    )
    # What the item came from when it is not a comment, e.g. "surveys.Answer:42".
    source_ref = models.CharField(max_length=100, blank=True)
    # As it may be quoted: personal information already redacted.
    text = models.TextField()
    section_anchor = models.CharField(max_length=80, blank=True)
    origin = models.CharField(max_length=10, default="external")
    channel = models.CharField(max_length=20, blank=True)
    received_at = models.DateTimeField()
    # Written by the analysis.
    campaign = models.ForeignKey(
        "feedback.Campaign", on_delete=models.SET_NULL, null=True, blank=True, related_name="items"
    )
    additions = models.JSONField(default=list, blank=True)
    stance = models.CharField(max_length=10, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["posting", "campaign"], name="pool_campaign"),
            models.Index(fields=["posting", "received_at"], name="pool_received"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_ref"],
                condition=~models.Q(source_ref=""),
                name="pool_source_once",
            ),
            models.CheckConstraint(
                condition=models.Q(posting__isnull=False) | models.Q(engagement__isnull=False),
                name="pool_item_has_a_pool",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()} #{self.pk}"


class AnalysisRun(models.Model):
    """One run of the analysis over a posting's pool, with its progress for the page and the
    command line."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    posting = models.ForeignKey(
        "postings.Posting", on_delete=models.PROTECT, related_name="analysis_runs"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    stage = models.CharField(max_length=40, blank=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    # Written with every progress report: a run that has not reported for a while died with
    # its worker, and must not block the posting's next run.
    heartbeat = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    stats = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # One run at a time per posting: a second request finds the first.
            models.UniqueConstraint(
                fields=["posting"],
                condition=models.Q(status__in=["queued", "running"]),
                name="analysis_one_active_run",
            )
        ]

    def __str__(self) -> str:
        return f"Analysis {self.pk} of posting {self.posting_id}"

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 0


class Campaign(models.Model):
    """Copies and near-copies of one form letter. Never a reason to hide a comment: reports
    count campaign copies apart from unique comments."""

    posting = models.ForeignKey(
        "postings.Posting", on_delete=models.PROTECT, related_name="campaigns"
    )
    # The representative's exact_key: the same letter keeps its campaign across runs.
    key = models.CharField(max_length=32)
    representative = models.ForeignKey(
        FeedbackItem, on_delete=models.PROTECT, related_name="+", null=True
    )
    representative_text = models.TextField()
    size = models.PositiveIntegerField(default=0)
    variant_count = models.PositiveIntegerField(default=0)
    with_additions = models.PositiveIntegerField(default=0)
    first_seen = models.DateTimeField(null=True, blank=True)
    last_seen = models.DateTimeField(null=True, blank=True)
    unfilled = models.JSONField(default=list, blank=True)
    bursts = models.JSONField(default=list, blank=True)
    run = models.ForeignKey(AnalysisRun, on_delete=models.PROTECT, related_name="+")
    is_current = models.BooleanField(default=True)

    class Meta:
        ordering = ["-size", "id"]
        constraints = [models.UniqueConstraint(fields=["posting", "key"], name="campaign_key_once")]

    def __str__(self) -> str:
        return f"Campaign of {self.size}"


class Disposition(models.TextChoices):
    # VII-D-5: the overview says which recommendations were accepted and what was revised.
    UNDECIDED = "", _("Not decided")
    ADOPTED = "adopted", _("Adopted")
    PARTLY = "partly", _("Partly adopted")
    FUTURE = "future", _("Under consideration for the future")
    NOT_ADOPTED = "not_adopted", _("Not adopted")
    OUT_OF_SCOPE = "out_of_scope", _("Out of scope")


class Decision(models.Model):
    """What was done with what was heard (VII-D-5): on a theme, or on a recommendation drawn
    from one. Adopted or partly adopted point to the item of the revised version."""

    disposition = models.CharField(
        max_length=20, choices=Disposition.choices, default=Disposition.UNDECIDED, blank=True
    )
    disposition_reason = models.TextField(blank=True)
    revised_version = models.ForeignKey(
        "directives.DirectiveVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    revised_section = models.CharField(max_length=80, blank=True)

    class Meta:
        abstract = True


class Theme(Decision):
    class Origin(models.TextChoices):
        MACHINE = "machine", _("Found by the analysis")
        PERSON = "person", _("Added by staff")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        MERGED = "merged", _("Merged into another theme")
        RETIRED = "retired", _("No longer found")

    Disposition = Disposition

    posting = models.ForeignKey("postings.Posting", on_delete=models.PROTECT, related_name="themes")
    label = models.CharField(_("name"), max_length=200)
    label_by_person = models.BooleanField(default=False)
    machine_label = models.CharField(max_length=200, blank=True)
    key_phrases = models.JSONField(default=list, blank=True)
    terms = models.JSONField(default=dict, blank=True)
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.MACHINE)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged_from"
    )
    # Figures of the latest run or decision, for lists; the assignments are the truth.
    size = models.PositiveIntegerField(default=0)
    unique_count = models.PositiveIntegerField(default=0)
    sections = models.JSONField(default=dict, blank=True)
    stance = models.JSONField(default=dict, blank=True)
    quotes = models.JSONField(default=list, blank=True)  # FeedbackItem ids
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-size", "id"]

    def __str__(self) -> str:
        return self.label

    @property
    def touched_by_person(self) -> bool:
        return self.origin == self.Origin.PERSON or self.label_by_person or bool(self.disposition)


class ThemeAssignment(models.Model):
    """Which theme an item belongs to, by whom. Rows are superseded, never rewritten: the
    current one has `is_current`; the machine's of each run stay for comparison."""

    class Kind(models.TextChoices):
        THEME = "theme", _("Theme")
        OFF_TOPIC = "off_topic", _("Off-topic")
        NONE = "none", _("No theme fits")

    item = models.ForeignKey(FeedbackItem, on_delete=models.PROTECT, related_name="assignments")
    theme = models.ForeignKey(
        Theme, on_delete=models.PROTECT, null=True, blank=True, related_name="assignments"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.THEME)
    by_machine = models.BooleanField(default=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    run = models.ForeignKey(
        AnalysisRun, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    strength = models.FloatField(null=True, blank=True)
    is_current = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["item", "is_current"], name="assign_current"),
            models.Index(fields=["theme", "is_current"], name="assign_theme"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["item"], condition=models.Q(is_current=True), name="assign_one_current"
            )
        ]

    def __str__(self) -> str:
        who = "machine" if self.by_machine else "person"
        return f"{self.item_id} -> {self.theme_id} ({who})"


class AgreementSample(models.Model):
    """A random sample of the machine's placements that staff label blind, to measure how far
    the machine agrees with people on this posting (issue 4's agreement check)."""

    posting = models.ForeignKey(
        "postings.Posting", on_delete=models.PROTECT, related_name="agreement_samples"
    )
    run = models.ForeignKey(AnalysisRun, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    seed = models.PositiveIntegerField()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Agreement sample {self.pk} of posting {self.posting_id}"


class AgreementLabel(models.Model):
    """One sampled comment: the machine's placement when drawn (hidden from the person) and
    the person's blind choice."""

    sample = models.ForeignKey(AgreementSample, on_delete=models.PROTECT, related_name="labels")
    item = models.ForeignKey(FeedbackItem, on_delete=models.PROTECT, related_name="+")
    machine_theme = models.ForeignKey(
        Theme, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    human_theme = models.ForeignKey(
        Theme, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    human_off_topic = models.BooleanField(default=False)
    labelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    labelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["sample", "item"], name="agreement_item_once")
        ]

    def __str__(self) -> str:
        return f"{self.sample_id}:{self.item_id}"

    @property
    def agrees(self) -> bool | None:
        if self.labelled_at is None:
            return None
        if self.machine_theme_id is None:  # "no theme fits" and "off-topic" are one answer
            return self.human_off_topic
        return (not self.human_off_topic) and self.human_theme_id == self.machine_theme_id


class Recommendation(Decision):
    """A recommendation drawn from a theme (VII-D-5: "the recommendations accepted and
    revisions made"): what people asked for, in staff's words, with its own decision."""

    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="recommendations")
    text = models.TextField(_("recommendation"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.text[:80]
