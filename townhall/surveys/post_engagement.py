"""The post-engagement survey template (seed 002 V-D-4: "focused specifically on providing an
opportunity for the community members to provide anonymous feedback on previous engagements").

Its words are interface strings, so it exists in every language the interface speaks; a
survey made from it can then be edited like any other before it opens.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, override
from django.utils.translation import gettext_lazy as _

from townhall.accounts.models import User
from townhall.engagements.models import Activity
from townhall.meetings.models import Meeting
from townhall.surveys.models import Question, Survey
from townhall.surveys.services import (
    LANGUAGES,
    QuestionDetails,
    SurveyDetails,
    demographics_add,
    question_add,
    survey_create,
)

__all__ = ["post_engagement_create"]

OPEN_DAYS = 21

_STATEMENTS = (
    _("I understood what the engagement was about and how my input would be used."),
    _("I had enough time and opportunity to share my views."),
    _("I felt heard by the Department members who took part."),
    _("The place, the time or the online format made it easy to take part."),
    _("I would take part in another engagement like this one."),
)
_HEARD = (
    _("The Police Department's website"),
    _("Social media"),
    _("A community organization"),
    _("Another City agency"),
    _("Friends or family"),
    _("An email from the Police Department"),
    _("Somewhere else"),
)
_YES_NO = (_("Yes"), _("No"))
_PROVIDED = (_("Yes, fully"), _("Partly"), _("No"))


def _all(text: Any) -> dict[str, str]:
    out = {}
    for language in LANGUAGES:
        with override(language):
            out[language] = str(text)
    return out


def _options(labels: tuple[Any, ...]) -> list[dict[str, Any]]:
    return [{"key": f"o{i}", "label": _all(label)} for i, label in enumerate(labels, start=1)]


def post_engagement_create(
    *, actor: User, activity: Activity, meeting: Meeting | None = None
) -> Survey:
    """A draft post-engagement survey about `meeting`, or the activity as a whole, in every
    language, by invitation only: it goes to the registrants who agreed to be contacted."""
    subject = meeting.title if meeting is not None else activity.title
    title = {}
    for language in LANGUAGES:
        with override(language):
            title[language] = gettext("How did it go? %(subject)s") % {"subject": subject}
    intro = _all(
        _(
            "Thank you for taking part. This survey is anonymous: your answers are not linked "
            "to you or to your registration. It takes about five minutes. Every question is "
            "optional."
        )
    )
    now = timezone.now()
    with transaction.atomic():
        survey = survey_create(
            actor=actor,
            activity=activity,
            meeting=meeting,
            kind=Survey.Kind.POST_ENGAGEMENT,
            details=SurveyDetails(
                title=title,
                intro=intro,
                audience=Survey.Audience.PUBLIC,
                access=Survey.Access.INVITATION,
                languages=LANGUAGES,
                opens_at=now,
                closes_at=now + datetime.timedelta(days=OPEN_DAYS),
            ),
        )

        def add(kind: str, text: Any, **more: Any) -> Question:
            return question_add(
                actor=actor,
                survey=survey,
                details=QuestionDetails(kind=kind, text=_all(text), **more),
            )

        add(
            Question.Kind.MATRIX,
            _("How much do you agree with each of these?"),
            options=_options(_STATEMENTS),
        )
        add(
            Question.Kind.RATING,
            _("Overall, how would you rate the engagement, from 1 (poor) to 5 (very good)?"),
            scale_max=5,
        )
        add(
            Question.Kind.MULTIPLE,
            _("How did you hear about it?"),
            options=_options(_HEARD),
        )
        needed = add(
            Question.Kind.SINGLE,
            _("Did you ask for an accommodation, such as interpretation, access or childcare?"),
            options=_options(_YES_NO),
        )
        add(
            Question.Kind.SINGLE,
            _("Was the accommodation provided?"),
            options=_options(_PROVIDED),
            show_if=needed,
            show_if_values=["o1"],
        )
        add(
            Question.Kind.LONG_TEXT,
            _("What should the Department do differently next time?"),
        )
        demographics_add(actor=actor, survey=survey)
    return survey
