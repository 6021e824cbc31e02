"""The evaluation's constants, and what each measure is (its label, items and how it is
computed)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from townhall.bodies.models import Body
from townhall.engagements import duties
from townhall.engagements.models import Activity, Engagement
from townhall.postings.models import Posting
from townhall.reports.build import MIN_CELL

#: V-C-10: "for a minimum 15 days".
POSTING_MINIMUM = datetime.timedelta(days=15)
#: Seed 000: a request to speak arrives "no less than 24 hours prior to the start".
SPEAK_REQUEST_HOURS = 24
#: The units' duties handed out when an engagement reaches follow-up (V-D): VI-B-3's second
#: half (the follow-up actions), the reviews of the feedback and the lines kept open.
FOLLOW_UP_DUTIES: tuple[str, ...] = tuple(
    d.item for d in duties.DUTIES if d.stage == Engagement.Status.FOLLOW_UP
)
#: The rules, in the order pages list them.
RULES: tuple[str, ...] = ("posting_15_days", "agenda_48_hours", "speak_24_hours")
KEPT, BROKEN, NOT_APPLICABLE = "kept", "broken", "not_applicable"
#: Postings that were really put up for comment (not drafts, not merely scheduled).
_POSTED = (Posting.Status.OPEN, Posting.Status.CLOSED, Posting.Status.COMPILED)
#: build._BODY_KINDS: the activities a standing body carries out, by the body's kind.
_BODY_KINDS: dict[str, str] = {
    Activity.Method.WORKING_GROUP: Body.Kind.WORKING_GROUP,
    Activity.Method.ADVISORY_COMMITTEE: Body.Kind.ADVISORY_COMMITTEE,
    Activity.Method.CPAP: Body.Kind.CPAP,
    Activity.Method.DISTRICT_ADVISORY_COMMITTEE: Body.Kind.DISTRICT_ADVISORY_COMMITTEE,
}


# --- What each measure is --------------------------------------------------------------------


@dataclass(frozen=True)
class Measure:
    key: str
    label: Promise
    items: str  # the directive items it serves
    how: Promise  # how it is computed, in words


MEASURES: tuple[Measure, ...] = (
    Measure(
        "participants",
        _("Participants"),
        "VI-B-1, VIII-A; V-D-3",
        _(
            "The sum over the engagement's activities of each activity's participants: the "
            "figure staff recorded when the activity was done, or else what the record counts "
            "(comments on its posting, attendance at its meetings, survey responses, members "
            "of the standing body that carries it out), as the “what we heard” report counts "
            "them. One person who took part in two activities counts twice."
        ),
    ),
    Measure(
        "commenters",
        _("Unique commenters"),
        "V-C-10, VIII-A",
        _(
            "The people who commented on the engagement's postings: one per email address "
            "(letter case ignored) across all its postings, plus each comment sent without an "
            "address."
        ),
    ),
    Measure(
        "reach",
        _("Reach of announcements"),
        "V-B-2, VII-C-1, VII-C-2, VII-C-3",
        _(
            "Emails sent (one per address and sending, bounces and suppressed addresses not "
            "counted) and social media posts recorded by Communications, for every "
            "announcement about the engagement or one of its postings."
        ),
    ),
    Measure(
        "representativeness",
        _("Representativeness"),
        "V-A, V-B, VIII-A",
        _(
            "1 − ½ × Σ |p − q| over race and ethnicity, where p is the share of the "
            "participants who gave their race or ethnicity (meeting attendee profiles, survey "
            "demographics and the applications of standing bodies' members) in each group, and "
            "q the share of the 2010 population of the police districts concerned (the city "
            "when none is named). 1 means the participants mirror the population; 0 means no "
            "overlap. Not computed when %(n)s or fewer people answered."
        ),
    ),
    Measure(
        "review",
        _("Feedback reviewed"),
        "VI-B-5, VI-C-4, VI-D-2, VII-D-4",
        _(
            "The share of the feedback to review that a person has placed in a theme (or "
            "marked off topic): the items of the postings' pools, less hidden comments, with "
            "each campaign counted once through its representative copy."
        ),
    ),
    Measure(
        "dispositions",
        _("Dispositions given"),
        "VII-D-5, V-D-3",
        _(
            "The share of the themes and of the recommendations (drawn from the themes, and "
            "forwarded by standing bodies) that have a disposition: adopted, adopted in part, "
            "not adopted, out of scope, or under consideration. A body's recommendation counts "
            "once the Department's response is published."
        ),
    ),
    Measure(
        "days_to_report",
        _("Days to the report"),
        "V-D-3, VII-D-5",
        _(
            "Calendar days (Chicago) from the close of comment (the latest closing of the "
            "engagement's postings) to the publication of the first version of the “what we "
            "heard” report. Empty while no report is published."
        ),
    ),
    Measure(
        "follow_up",
        _("Follow-up done"),
        "V-D-1, V-D-2, V-D-3, V-D-4, VI-B-3",
        _(
            "Step-3 activities done out of those planned and not cancelled, and the units' "
            "follow-up duties (handed out when the engagement reached follow-up) done out of "
            "those not waived."
        ),
    ),
    Measure(
        "satisfaction",
        _("Satisfaction"),
        "V-D-4",
        _(
            "The mean answer to the first rating question of the engagement's post-engagement "
            "surveys. Hidden when %(n)s or fewer people answered it."
        ),
    ),
    Measure(
        "level",
        _("Level determined against recommended"),
        "IV-B, IV-C, IV-D",
        _(
            "The level OCPR determined (IV-D) compared with the level the assessment of the "
            "IV-B factors recommended: above, the same, or below (below only with a reason, "
            "IV-C)."
        ),
    ),
    Measure(
        "posting_15_days",
        _("15-day minimum posting"),
        "V-C-10, VII-B-2-d",
        _(
            "Each posting that was open for comment, with a comment period, is kept when its "
            "period (closing minus opening, elapsed time) lasts at least 15 days. A "
            "continuously open posting is not counted."
        ),
    ),
    Measure(
        "agenda_48_hours",
        _("Agenda 48 hours ahead"),
        "5 ILCS 120/2.02 (seed 000)",
        _(
            "Each regular meeting that was held is kept when its agenda was posted at least "
            "48 hours (elapsed time) before it started. Special and emergency meetings, with "
            "their recorded reason, are not counted."
        ),
    ),
    Measure(
        "speak_24_hours",
        _("Requests to speak until 24 hours ahead"),
        "Seed 000",
        _(
            "Each meeting held with a public comment period is kept when people could ask to "
            "speak until 24 hours before it started: its recorded deadline is at most 24 hours "
            "ahead (the service refuses requests after the deadline)."
        ),
    ),
)
MEASURES_BY_KEY = {m.key: m for m in MEASURES}


def measure_how(key: str) -> str:
    """The explanation of a measure, with the suppression floor filled in."""
    return str(MEASURES_BY_KEY[key].how) % {"n": MIN_CELL}
