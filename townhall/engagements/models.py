"""Engagements: what the community is engaged on, how deeply (IV), and by whom.

An engagement is about a directive from the registry or a training (III-A). Its assessment
records the factors of IV-B; the rule in force recommends a level; OCPR determines the level
(IV-D), above the recommendation freely and below it only with a written reason (IV-C).
The plan runs through the three steps of V (outreach, engagement, follow-up); each step hands
the units their duties of VI as tasks; the public sees published engagements on the "Get
involved" pages, with narrative and resources in every language.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

_M = TypeVar("_M", bound=models.Model)


class KeptQuerySet(models.QuerySet[_M]):
    def delete(self) -> tuple[int, dict[str, int]]:
        raise TypeError("These records are never deleted; withdraw or decide them instead.")


class Kept(models.Model):
    """A record the public sent or saw: never deleted, by a query or by an instance. Each
    model sets `objects = KeptQuerySet["Model"].as_manager()` so the manager keeps its type."""

    class Meta:
        abstract = True

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise TypeError("These records are never deleted; withdraw or decide them instead.")


class Level(models.IntegerChoices):
    POSTING = 1, _("Electronic posting with outreach to relevant groups (IV-D-1-a)")
    TARGETED = 2, _("Targeted outreach and discussions with specific groups (IV-D-1-b)")
    ENHANCED = 3, _("Enhanced engagement (IV-D-2)")


class Topic(models.Model):
    """A subject tag, e.g. III-A-1 "De-escalation and use of force"."""

    slug = models.SlugField(unique=True)
    name = models.CharField(_("name"), max_length=120)
    item = models.CharField(max_length=20, blank=True)  # the directive item, e.g. "III-A-1"

    class Meta:
        ordering = ["item", "name"]

    def __str__(self) -> str:
        return self.name


class Training(models.Model):
    """A training developed by the Training Division (III-A)."""

    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.title


class Engagement(models.Model):
    class Status(models.TextChoices):
        ASSESSING = "assessing", _("Assessing the level of engagement")
        DETERMINED = "determined", _("Level determined")
        # V-A: the three steps, then done.
        OUTREACH = "outreach", _("Step 1: outreach and public sentiment (V-B)")
        ENGAGING = "engaging", _("Step 2: engagement (V-C)")
        FOLLOW_UP = "follow_up", _("Step 3: follow-up (V-D)")
        CONCLUDED = "concluded", _("Concluded")

    title = models.CharField(_("title"), max_length=300)
    directive = models.ForeignKey(
        "directives.Directive", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    training = models.ForeignKey(
        Training, on_delete=models.PROTECT, null=True, blank=True, related_name="engagements"
    )
    # VI-A: engagement "beyond policy and training" (a selection process, a council's
    # meetings, a district plan) is run and shown the same way, about a named subject.
    other_subject = models.CharField(_("other subject"), max_length=300, blank=True)
    topics = models.ManyToManyField(Topic, blank=True, related_name="engagements")
    originating_unit = models.CharField(_("originating unit"), max_length=200)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.ASSESSING)
    # IV-B, as recorded by the originating unit with PSCD, OCPR and OEE (IV-A).
    is_new = models.BooleanField(_("new policy or training (IV-B-1)"), default=False)
    populations = models.JSONField(_("specific populations affected (IV-B-2)"), default=list)
    prior_engagements = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="+"
    )
    prior_engagement_note = models.TextField(
        _("prior engagement, input or transparency on the topic (IV-B-3)"), blank=True
    )
    national_attention = models.BooleanField(_("national attention (IV-B-5)"), default=False)
    command_request = models.BooleanField(_("requested by command staff (IV-B-6)"), default=False)
    community_request = models.BooleanField(_("requested by the community (IV-B-7)"), default=False)
    consent_decree = models.BooleanField(
        _("review required by the consent decree (IV-B-8)"), default=False
    )
    consent_decree_paragraph = models.CharField(max_length=40, blank=True)
    assessed_at = models.DateTimeField(null=True, blank=True)
    # The recommendation when last assessed, and the rule that made it.
    recommended_level = models.PositiveSmallIntegerField(choices=Level.choices, null=True)
    recommended_score = models.PositiveSmallIntegerField(null=True)
    recommended_reasons = models.JSONField(default=list, blank=True)
    rule = models.ForeignKey(
        "engagements.LevelRule", on_delete=models.PROTECT, null=True, related_name="+"
    )
    # IV-D: OCPR's determination.
    level = models.PositiveSmallIntegerField(choices=Level.choices, null=True)
    level_reason = models.TextField(blank=True)
    consulted = models.JSONField(default=list, blank=True)  # Role values (IV-D)
    determined_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    determined_at = models.DateTimeField(null=True, blank=True)
    step_started_at = models.DateTimeField(null=True, blank=True)
    # The public "Get involved" pages (V-B-1): shown only once published.
    is_public = models.BooleanField(default=False)
    published_at = models.DateTimeField(null=True, blank=True)
    contact_email = models.EmailField(_("email address for written input"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(directive__isnull=False)
                | models.Q(training__isnull=False)
                | ~models.Q(other_subject=""),
                name="engagement_has_a_subject",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def subject_kind(self) -> str:
        """What the engagement is about: "directive", "training" or "other" (VI-A)."""
        if self.directive_id:
            return "directive"
        return "training" if self.training_id else "other"


class ExternalComment(models.Model):
    """IV-B-4: comments an external entity made on the policy or training before."""

    class Entity(models.TextChoices):
        MAYOR = "mayor", _("Office of the Mayor")
        MONITOR = "monitor", _("Independent Monitoring Team")
        ATTORNEY_GENERAL = "attorney_general", _("Office of the Illinois Attorney General")
        INSPECTOR_GENERAL = "inspector_general", _("Office of the Inspector General")
        CCPSA = "ccpsa", _("Community Commission for Public Safety and Accountability")
        CITY_AGENCY = "city_agency", _("Another City department or sister agency")
        COMMUNITY_GROUP = "community_group", _("A community group, organization or stakeholder")

    engagement = models.ForeignKey(
        Engagement, on_delete=models.PROTECT, related_name="external_comments"
    )
    entity = models.CharField(max_length=20, choices=Entity.choices)
    name = models.CharField(_("who"), max_length=200, blank=True)
    summary = models.TextField(_("what they said"))
    attachment = models.FileField(upload_to="external-comments/", blank=True)
    received_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.get_entity_display()}: {self.summary[:60]}"


class LevelRule(models.Model):
    """The points and thresholds of the level rule (levels.py). Never edited: a change is a
    new row, so every past recommendation can be explained by the rule that made it."""

    points = models.JSONField()
    per_entity = models.PositiveSmallIntegerField()
    entity_cap = models.PositiveSmallIntegerField()
    targeted_at = models.PositiveSmallIntegerField()
    enhanced_at = models.PositiveSmallIntegerField()
    note = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Level rule {self.pk} ({self.created_at:%Y-%m-%d})"


class Activity(models.Model):
    """One planned piece of an engagement, in one of the three steps (V-A)."""

    class Method(models.TextChoices):
        PUBLIC_WEBSITE = "public_website", _("Public website (V-B-1)")
        DIGITAL_MEDIA = "digital_media", _("Digital media (V-B-2)")
        COMMUNITY_PARTNERSHIPS = "community_partnerships", _("Community partnerships (V-B-3)")
        CITY_AGENCY_PARTNERSHIPS = "city_agency_partnerships", _("City agency partnerships (V-B-4)")
        AWARENESS_CAMPAIGN = "awareness_campaign", _("Annual public awareness campaign (V-B-5)")
        # VII-C-3-c: the enhanced communications strategy for critical policies.
        MEDIA_COMMUNICATIONS = "media_communications", _("Media communications (VII-C-3-c)")
        ADVERTISEMENT = "advertisement", _("Advertisement (VII-C-3-c)")
        ADVISORY_COMMITTEE = "advisory_committee", _("Advisory committee (V-C-1)")
        ANONYMOUS_SURVEY = "anonymous_survey", _("Anonymous survey (V-C-2)")
        CCPSA = "ccpsa", _("CCPSA, Commission and District Councils (V-C-3)")
        COMMUNITY_CONVERSATION = "community_conversation", _("Community conversation (V-C-4)")
        CPAP = "cpap", _("Community Policing Advisory Panel (V-C-5)")
        DELIBERATIVE_DIALOGUE = "deliberative_dialogue", _("Deliberative dialogue (V-C-6)")
        DISTRICT_ADVISORY_COMMITTEE = (
            "district_advisory_committee",
            _("District advisory committee (V-C-7)"),
        )
        FOCUS_GROUP = "focus_group", _("Focus group (V-C-8)")
        INTERNAL_FOCUS_GROUP = "internal_focus_group", _("Internal focus group (V-C-9)")
        PUBLIC_POSTING = "public_posting", _("Public posting of the policy (V-C-10)")
        WORKING_GROUP = "working_group", _("Working group (V-C-11)")
        FOLLOW_UP_MEETING = "follow_up_meeting", _("Follow-up meeting (V-D-1)")
        ONGOING_COMMUNICATION = "ongoing_communication", _("Ongoing communication (V-D-2)")
        REPORTING = "reporting", _("Reporting of information (V-D-3)")
        POST_ENGAGEMENT_SURVEY = "post_engagement_survey", _("Post-engagement survey (V-D-4)")

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("In person and online")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        UNDER_WAY = "under_way", _("Under way")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    engagement = models.ForeignKey(Engagement, on_delete=models.PROTECT, related_name="activities")
    method = models.CharField(max_length=40, choices=Method.choices)
    step = models.PositiveSmallIntegerField()  # 1, 2, 3: derived from the method (plan.py)
    title = models.CharField(_("title"), max_length=300)
    owner = models.CharField(_("owner unit"), max_length=32)  # a Role value
    starts_on = models.DateField(_("starts"), null=True, blank=True)
    ends_on = models.DateField(_("ends"), null=True, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PLANNED)
    cancel_reason = models.TextField(blank=True)
    participants = models.PositiveIntegerField(_("participants"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    posting = models.ForeignKey(
        "postings.Posting", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # What the public sees of it on the "Get involved" pages (only when is_public).
    is_public = models.BooleanField(_("show on the public pages"), default=True)
    description = models.TextField(_("description for the public"), blank=True)
    districts = models.JSONField(default=list, blank=True)  # district numbers; empty: citywide
    mode = models.CharField(_("how to take part"), max_length=10, choices=Mode.choices, blank=True)
    place = models.CharField(_("place and address"), max_length=300, blank=True)
    online_url = models.URLField(_("link to join online"), blank=True)
    call_in = models.CharField(_("call-in number and meeting ID"), max_length=120, blank=True)
    time_from = models.TimeField(_("from"), null=True, blank=True)  # America/Chicago
    time_to = models.TimeField(_("to"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["step", "starts_on", "id"]
        constraints = [
            # V-C-9: an internal focus group is for Department members, never a public event.
            models.CheckConstraint(
                condition=~models.Q(method="internal_focus_group", is_public=True),
                name="internal_focus_group_not_public",
            )
        ]

    def __str__(self) -> str:
        return self.title


class EngagementText(Kept):
    """The public narrative of an engagement in one language, written by staff (V-B-1)."""

    engagement = models.ForeignKey(Engagement, on_delete=models.PROTECT, related_name="texts")
    language = models.CharField(max_length=10, choices=settings.LANGUAGES)
    title = models.CharField(_("title"), max_length=300)
    summary = models.CharField(_("summary"), max_length=500, blank=True)
    narrative = models.TextField(_("narrative"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    objects = KeptQuerySet["EngagementText"].as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["engagement", "language"], name="one_text_per_language")
        ]

    def __str__(self) -> str:
        return f"{self.engagement_id} [{self.language}] {self.title}"


class Resource(Kept):
    """A document or link on an engagement's public page: the City's report, the official
    response, the members' voting results, a recorded webinar (seed 000). Withdrawn, never
    deleted."""

    class Kind(models.TextChoices):
        REPORT = "report", _("Report")
        OFFICIAL_RESPONSE = "official_response", _("Official response")
        VOTING_RESULTS = "voting_results", _("Voting results")
        WEBINAR = "webinar", _("Recorded webinar")
        DATA = "data", _("Data")
        DOCUMENT = "document", _("Document")
        LINK = "link", _("Link")

    engagement = models.ForeignKey(Engagement, on_delete=models.PROTECT, related_name="resources")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)  # English
    titles = models.JSONField(default=dict, blank=True)  # {language: title}
    url = models.URLField(_("link"), blank=True)
    file = models.FileField(upload_to="resources/", blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    language = models.CharField(_("language of the resource"), max_length=10, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = KeptQuerySet["Resource"].as_manager()

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title

    def title_in(self, language: str) -> str:
        return str(self.titles.get(language) or self.title)


class UnitTask(models.Model):
    """A duty of VI given to a unit when the engagement reaches the step that needs it
    (duties.py). One per duty and engagement, so handing them out again adds nothing."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")
        WAIVED = "waived", _("Not needed")

    engagement = models.ForeignKey(Engagement, on_delete=models.PROTECT, related_name="tasks")
    duty = models.CharField(max_length=12)  # the directive item, e.g. "VI-B-4"
    unit = models.CharField(max_length=32)  # a Role value
    due_on = models.DateField()
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    note = models.TextField(blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    done_at = models.DateTimeField(null=True, blank=True)
    reminded_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["engagement", "duty"], name="one_task_per_duty")
        ]
        indexes = [models.Index(fields=["status", "due_on"], name="task_open_due")]

    def __str__(self) -> str:
        return f"{self.duty} ({self.unit}) for engagement {self.engagement_id}"


class CommunityRequest(Kept):
    """IV-B-7 NOTE: a community group asks for a community-led or co-produced engagement.
    Tracked from receipt to a decision; kept for ever, like every public submission."""

    class Kind(models.TextChoices):
        COMMUNITY_LED = "community_led", _("Community-led engagement")
        CO_PRODUCED = "co_produced", _("Co-produced engagement")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        UNDER_REVIEW = "under_review", _("Under review")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    receipt = models.CharField(max_length=16, unique=True)
    # Null, not blank: many requests have no key, and unique must not collide on "".
    idempotency_key = models.CharField(max_length=64, unique=True, null=True)  # noqa: DJ001
    kind = models.CharField(max_length=16, choices=Kind.choices)
    organization = models.CharField(_("organization or group"), max_length=200)
    contact_name = models.CharField(_("contact person"), max_length=200)
    email = models.EmailField(_("email"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    subject = models.CharField(_("policy or training"), max_length=300)
    directive = models.ForeignKey(
        "directives.Directive", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    description = models.TextField(_("what you propose"))
    districts = models.JSONField(default=list, blank=True)
    language = models.CharField(max_length=10, blank=True)  # of the page it was sent from
    status = models.CharField(max_length=14, choices=Status.choices, default=Status.RECEIVED)
    decision_reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    engagement = models.ForeignKey(
        Engagement, on_delete=models.PROTECT, null=True, blank=True, related_name="requests"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = KeptQuerySet["CommunityRequest"].as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.organization}: {self.subject}"


class TrainingMaterial(models.Model):
    """A course material of a training (III-A): a file whose every version is kept."""

    training = models.ForeignKey(Training, on_delete=models.PROTECT, related_name="materials")
    title = models.CharField(_("title"), max_length=300)
    is_public = models.BooleanField(_("shown to the public"), default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["title", "id"]

    def __str__(self) -> str:
        return self.title


class TrainingMaterialVersion(Kept):
    """One uploaded file of a material; a new upload is a new version, the old ones kept."""

    material = models.ForeignKey(
        TrainingMaterial, on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField()
    file = models.FileField(upload_to="training-materials/")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    note = models.TextField(_("what changed"), blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    objects = KeptQuerySet["TrainingMaterialVersion"].as_manager()

    class Meta:
        ordering = ["material", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["material", "number"], name="one_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.material} v{self.number}"
