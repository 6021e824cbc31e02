"""Anonymous surveys (seed 002 V-C-2) and post-engagement surveys (V-D-4).

"Anonymous" holds by construction, not by promise:

- a `Response` row has no user, session, address or hash of one, user agent, referrer or time
  of day: the date only, and a random primary key, so that neither its id nor its place in
  an export tells the order in which people answered;
- an `Invitation` holds only the hash of its single-use token and whether it was used, never
  to whom it was sent;
- a Department member's `Answered` row says only that the member has answered, with no time,
  and nothing connects it to the answer;
- `SubmissionKey` keeps the one-time form keys that make a double click give one answer, apart
  from the answers they guarded.

Survey text is kept per language in JSON maps ({"en": …, "es": …}); the standard questions
(demographics, the Likert scale) take their words from the interface translations instead.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from townhall.engagements.models import Activity, Kept, KeptQuerySet
from townhall.meetings.models import Meeting


class Survey(models.Model):
    class Kind(models.TextChoices):
        STANDARD = "standard", _("Anonymous survey (V-C-2)")
        POST_ENGAGEMENT = "post_engagement", _("Post-engagement survey (V-D-4)")

    class Audience(models.TextChoices):
        PUBLIC = "public", _("The public")
        DEPARTMENT = "department", _("Department members only")
        BOTH = "both", _("The public and Department members (answers kept apart)")

    class Access(models.TextChoices):
        OPEN = "open", _("Anyone with the link")
        INVITATION = "invitation", _("Only with a single-use invitation link")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Scheduled")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    slug = models.SlugField(max_length=80, unique=True)
    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="surveys")
    # A post-engagement survey asks about one meeting, or about the activity as a whole.
    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="surveys"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.STANDARD)
    title = models.JSONField(default=dict)  # {language: text}; English is required
    intro = models.JSONField(default=dict, blank=True)
    audience = models.CharField(max_length=12, choices=Audience.choices, default=Audience.PUBLIC)
    access = models.CharField(max_length=12, choices=Access.choices, default=Access.OPEN)
    languages = models.JSONField(default=list)  # language codes offered, English first
    opens_at = models.DateTimeField(_("opens"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    # Counts from 1 to this are never published or exported; it can go up, never below 10.
    min_cell = models.PositiveSmallIntegerField(default=10)
    results_published_at = models.DateTimeField(null=True, blank=True)
    # What the public results page shows: computed, suppressed and frozen when published.
    results = models.JSONField(default=dict, blank=True)
    copied_from = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="copies"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # When the free-text answers went to the feedback pool (at closing).
    pooled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "opens_at"], name="survey_due")]

    def __str__(self) -> str:
        return self.title.get("en", "") or self.slug

    def text(self, field: str, language: str) -> str:
        values: dict[str, str] = getattr(self, field) or {}
        return values.get(language) or values.get("en", "")

    @property
    def for_public(self) -> bool:
        return self.audience in (self.Audience.PUBLIC, self.Audience.BOTH)

    @property
    def for_department(self) -> bool:
        return self.audience in (self.Audience.DEPARTMENT, self.Audience.BOTH)


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")
        LIKERT = "likert", _("Agreement scale (Likert)")
        RATING = "rating", _("Rating")
        RANKING = "ranking", _("Ranking")
        SHORT_TEXT = "short_text", _("Short text")
        LONG_TEXT = "long_text", _("Long text")
        MATRIX = "matrix", _("Matrix of statements")

    class Standard(models.TextChoices):
        """The standard demographics block (core.demographics), for the representativeness
        measures and the breakdowns of the results."""

        NONE = "", _("—")
        AGE = "age", _("Age")
        RACE = "race", _("Race or ethnicity")
        GENDER = "gender", _("Gender")
        DISTRICT = "district", _("Police district where you live")
        LIVED = "lived", _("Lived experience")

    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="questions")
    # Answers are keyed by this, so it never changes once the survey has answers.
    key = models.CharField(max_length=12)
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    standard = models.CharField(max_length=10, choices=Standard.choices, blank=True)
    text = models.JSONField(default=dict)  # {language: text}
    help = models.JSONField(default=dict, blank=True)
    # [{"key": "a", "label": {language: text}}]: the choices (single, multiple, ranking), or
    # the statements of a matrix (whose columns are the Likert scale).
    options = models.JSONField(default=list, blank=True)
    scale_max = models.PositiveSmallIntegerField(default=5)  # a rating's top mark
    required = models.BooleanField(default=False)
    # Conditional display: shown (and required) only when the earlier question's answer is,
    # or for a multiple choice includes, one of these option keys.
    show_if = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="dependents"
    )
    show_if_values = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "key"], name="one_key_per_survey"),
        ]

    def __str__(self) -> str:
        return f"{self.key}: {self.text.get('en', '')}"[:120]


class QuestionRevision(models.Model):
    """A wording fix made after answers exist: the words before and after, why, and who.
    The meaning (kind, choices and their keys) cannot change then, only the wording."""

    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="revisions")
    language = models.CharField(max_length=10)
    field = models.CharField(max_length=40)  # "text", "help" or "option:<key>"
    before = models.TextField(blank=True)
    after = models.TextField(blank=True)
    reason = models.TextField()
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    made_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["made_at", "id"]

    def __str__(self) -> str:
        return f"{self.question.key} {self.field} ({self.language})"


class Response(Kept):
    """One person's answers. Deliberately thin: see the module docstring."""

    class Audience(models.TextChoices):
        PUBLIC = "public", _("The public")
        DEPARTMENT = "department", _("Department members")

    class Channel(models.TextChoices):
        WEB = "web", _("Online")
        PAPER = "paper", _("Paper, entered by staff")
        PHONE = "phone", _("Phone, entered by staff")

    # Random, so the key says nothing about when, or after whom, someone answered.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="responses")
    audience = models.CharField(max_length=12, choices=Audience.choices)
    channel = models.CharField(max_length=8, choices=Channel.choices, default=Channel.WEB)
    language = models.CharField(max_length=10, blank=True)
    # The day only: a time of day would let someone who saw a person answer find the answer.
    received_on = models.DateField(default=timezone.localdate)
    answers = models.JSONField(default=dict)  # {question key: answer}
    # Set when its free text went to the feedback pool.
    pooled = models.BooleanField(default=False)

    objects = KeptQuerySet["Response"].as_manager()

    class Meta:
        # Random order: the primary key is a random UUID.
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.survey} ({self.received_on})"


class InvitationBatch(models.Model):
    """A set of single-use links: emailed to a meeting's consenting registrants, or made for
    staff to hand out (printed, or sent by a unit to its members)."""

    class Kind(models.TextChoices):
        REGISTRANTS = "registrants", _("Emailed to registrants who agreed to be contacted")
        HANDOUT = "handout", _("Made to hand out")

    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="batches")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Who was sent a link, so a second sending skips them. Which link went to whom is not
    # kept: the links were made in a shuffled order and hold no recipient.
    registrations = models.ManyToManyField("meetings.Registration", blank=True, related_name="+")
    count = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.count})"


class Invitation(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="invitations")
    # Only links made to hand out keep their batch. A registrant's link keeps none: a sending
    # that reached one person would otherwise tell, by its link's used flag, whether they
    # answered.
    batch = models.ForeignKey(
        InvitationBatch, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    token_hash = models.CharField(max_length=64, unique=True)  # SHA-256 of the link's token
    used = models.BooleanField(default=False)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return str(self.pk)


class Answered(models.Model):
    """That a Department member has answered a survey, and nothing more (V-C-2): the sign-in
    proves membership and stops a second answer; the answer itself is stored unlinked."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["survey", "user"], name="one_answer_per_member"),
        ]

    def __str__(self) -> str:
        return str(self.pk)


class SubmissionKey(models.Model):
    """The one-time key of a submitted survey form: the same form sent twice (a double click)
    is taken once. Kept apart from the answer it guarded, with no time."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    key = models.CharField(max_length=64, unique=True)

    def __str__(self) -> str:
        return self.key
