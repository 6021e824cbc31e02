"""The units' responsibilities of VI as work: which duty falls to which unit at which point of
an engagement, and when it is due (pure Python; services.py hands them out as UnitTasks).

A duty is handed out when the engagement enters the stage that needs it (V-A: the level
determined, then the three steps, then concluded). Its due date counts from that moment or,
for duties that follow the activities of the step (collecting feedback, VI-B-4), from the last
planned end of those activities, whichever is later. The figures are a default a department
can change here; the directive sets none.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

__all__ = ["DUTIES", "Duty", "due_on", "duties_for", "duty"]


@dataclass(frozen=True)
class Duty:
    item: str  # the directive item, e.g. "VI-B-4"
    unit: str  # a Role value
    stage: str  # the Engagement.Status at which it is handed out
    days: int
    text: Promise
    after_activities: bool = False  # counts from the end of the step's activities
    # "directive" or "training": only for engagements about that; "policy_or_training": for
    # either but not for another subject (VI-A); "": for every engagement.
    subject: str = ""


DUTIES: tuple[Duty, ...] = (
    Duty(
        "VI-C-1",
        "originating_unit",
        "determined",
        7,
        _(
            "Consult OEE, PSCD, OCPR and, as appropriate, R&D or the Training Division to "
            "coordinate the engagement."
        ),
    ),
    Duty(
        "VI-B-2",
        "oee",
        "outreach",
        14,
        _(
            "Consult Department units and City entities (such as the Mayor's Office of People "
            "with Disabilities, CCPSA and CPAP) to identify the community groups, organizations "
            "and stakeholders to take part."
        ),
    ),
    Duty(
        "VI-B-3",
        "oee",
        "engaging",
        0,
        _("Conduct the planned engagements (V-C) with the Department units concerned."),
        after_activities=True,
    ),
    # VI-B-3's second half: the follow-up actions of V-D, a task of their own when the
    # engagement reaches follow-up (the item is the key of a task, hence the suffix).
    Duty(
        "VI-B-3/V-D",
        "oee",
        "follow_up",
        0,
        _(
            "Carry out the follow-up actions (V-D): follow-up meetings, ongoing communication, "
            "reporting what was heard and post-engagement surveys, with the Department units "
            "concerned."
        ),
        after_activities=True,
    ),
    Duty(
        "VI-C-2",
        "originating_unit",
        "engaging",
        7,
        _("Provide and present the relevant information on the topic or materials."),
    ),
    Duty(
        "VI-D-1",
        "rd",
        "engaging",
        7,
        _("Support the engagement by presenting the relevant information on the directive."),
        # VI-D-1: "on the identified Department-level directives or training, as necessary".
        subject="policy_or_training",
    ),
    Duty(
        "VI-E-1",
        "training",
        "engaging",
        7,
        _("Support the engagement by presenting the relevant information on the training."),
        # VI-E-1: "on the identified training or associated Department-level directives".
        subject="policy_or_training",
    ),
    Duty(
        "VI-B-4",
        "oee",
        "engaging",
        3,
        _("Collect and retain the community feedback submitted during the engagement."),
        after_activities=True,
    ),
    Duty(
        "VI-C-3",
        "originating_unit",
        "engaging",
        3,
        _("Submit to OEE any feedback the unit received during the engagement."),
        after_activities=True,
    ),
    Duty(
        "VI-B-5",
        "oee",
        "follow_up",
        14,
        _(
            "Review the feedback and send it, with a summary, to the originating unit and, as "
            "appropriate, R&D or the Training Division."
        ),
    ),
    Duty(
        "VI-C-4",
        "originating_unit",
        "follow_up",
        28,
        _("Take part in the review of the feedback and of the revisions it led to."),
    ),
    Duty(
        "VI-D-2",
        "rd",
        "follow_up",
        28,
        _("Review the feedback and the revisions to the directive it led to."),
        subject="directive",
    ),
    Duty(
        "VI-E-2",
        "training",
        "follow_up",
        28,
        _("Review the feedback and the revisions to the training it led to."),
        subject="training",
    ),
    Duty(
        "VI-B-6",
        "oee",
        "follow_up",
        30,
        _("Keep the lines of communication open with the groups that took part (V-D-2)."),
    ),
    Duty(
        "VI-B-1",
        "oee",
        "concluded",
        30,
        _("Evaluate the completed engagement and review the process for changes."),
    ),
)
_BY_ITEM = {d.item: d for d in DUTIES}


def duty(item: str) -> Duty | None:
    return _BY_ITEM.get(item)


def _applies(item: Duty, subject: str) -> bool:
    if item.subject == "policy_or_training":
        return subject in ("directive", "training")
    return item.subject in ("", subject)


def duties_for(stage: str, *, subject: str) -> list[Duty]:
    """The duties handed out on entering `stage`, for an engagement about `subject`."""
    return [d for d in DUTIES if d.stage == stage and _applies(d, subject)]


# A duty that follows the activities, when none of them has a date yet: due this long after
# the step starts, and moved later as the activities are dated.
UNDATED_DAYS = 30


def due_on(
    item: Duty, *, entered_on: datetime.date, activity_ends: Iterable[datetime.date | None] = ()
) -> datetime.date:
    if not item.after_activities:
        return entered_on + datetime.timedelta(days=item.days)
    ends = [d for d in activity_ends if d is not None]
    if not ends:
        return entered_on + datetime.timedelta(days=max(item.days, UNDATED_DAYS))
    return max(entered_on, *ends) + datetime.timedelta(days=item.days)
