"""The plan on the engagement page: start from the template, add, move; no JavaScript."""

from __future__ import annotations

import pytest

from townhall.engagements.models import Activity, Level
from townhall.engagements.tests.helpers import determined

pytestmark = pytest.mark.django_db


def test_the_page_shows_the_plan_by_step_and_what_the_level_expects(
    client_as, persona, d22_draft
) -> None:  # type: ignore[no-untyped-def]
    engagement = determined(persona, Level.TARGETED)
    client = client_as("oee")
    url = f"/staff/engagements/{engagement.pk}/"
    page = client.get(url).text
    assert "not planned" in page and "Step 2: engagement (V-C)" in page
    client.post(url + "plan/template/")
    page = client.get(url).text
    assert "not planned" not in page and "Focus group (V-C-8)" in page
    client.post(
        url + "plan/add/",
        {
            "act-method": "community_conversation",
            "act-title": "Austin",
            "act-starts_on": "2026-12-01",
            "act-ends_on": "2026-12-01",
        },
    )
    page = client.get(url).text
    assert 'role="img"' in page and "Austin" in page  # the timeline, with its table


def test_moving_an_activity_through_the_form(client_as, persona, d22_draft) -> None:  # type: ignore[no-untyped-def]
    engagement = determined(persona, Level.POSTING)
    client = client_as("oee")
    client.post(f"/staff/engagements/{engagement.pk}/plan/template/")
    activity = Activity.objects.filter(engagement=engagement).first()
    url = f"/staff/engagements/activities/{activity.pk}/"
    refused = client.post(url, {f"m{activity.pk}-action": "cancel"}, follow=True).text
    assert "Say why the activity is cancelled" in refused
    client.post(url, {f"m{activity.pk}-action": "finish", f"m{activity.pk}-participants": "40"})
    activity.refresh_from_db()
    assert (activity.status, activity.participants) == ("done", 40)
    bad = client.post(
        url, {f"m{activity.pk}-action": "finish", f"m{activity.pk}-participants": "x"}
    )
    assert bad.status_code == 302
