"""Small template helpers that put surveys on other staff pages: an engagement's plan and a
meeting's page."""

from __future__ import annotations

from typing import Any

from django import template

from townhall.engagements.models import Activity
from townhall.surveys import permissions

register = template.Library()

SURVEY_METHODS = (Activity.Method.ANONYMOUS_SURVEY, Activity.Method.POST_ENGAGEMENT_SURVEY)


def _may_create(user: Any, activity: Activity) -> bool:
    return permissions.can_create_surveys(user) and permissions.can_manage_activity_surveys(
        user, activity
    )


@register.simple_tag
def activity_surveys(activity: Activity, user: Any) -> dict[str, Any]:
    """For an engagement's plan: the activity's surveys, and whether this person may start
    one (a survey activity) or one from the post-engagement template (V-D-4)."""
    if not permissions.can_view_surveys(user):
        return {"surveys": [], "can_create": False, "post_engagement": False}
    is_survey = activity.method in SURVEY_METHODS
    may = is_survey and activity.status != Activity.Status.CANCELLED and _may_create(user, activity)
    return {
        # Prefetched by the plan's view: one query for the whole page, newest first (Meta).
        "surveys": list(activity.surveys.all()),
        "can_create": may,
        "post_engagement": may and activity.method == Activity.Method.POST_ENGAGEMENT_SURVEY,
    }


@register.simple_tag
def meeting_surveys(meeting: Any, user: Any) -> dict[str, Any]:
    """For a meeting's page: the surveys about it, and whether this person may make its
    post-engagement survey (V-D-4)."""
    if not permissions.can_view_surveys(user):
        return {"surveys": [], "can_create": False}
    return {
        "surveys": list(meeting.surveys.all()),
        "can_create": not meeting.is_internal and _may_create(user, meeting.activity),
    }
