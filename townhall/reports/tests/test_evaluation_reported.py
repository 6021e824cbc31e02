"""The evaluation measures on the reports' full engagement (factories.reported_engagement):
they agree with what the "what we heard" report shows and with the feedback selectors
(seed 002 VI-B-1, VIII-A)."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from townhall.feedback.selectors import unreviewed_items
from townhall.reports import build, evaluation
from townhall.reports.tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def reported(persona: Any) -> Any:
    return factories.reported_engagement(persona)


def test_participants_and_commenters_agree_with_the_report_VIII_A(reported: Any) -> None:
    m = evaluation.engagement_measures(reported.engagement)
    data = build.build(reported.engagement)
    assert m["participation"]["participants"] == data["participation"]["participants"]
    assert m["participation"]["participants"] > 0
    assert m["participation"]["commenters"] == data["participation"]["commenters"]


def test_reviewed_share_is_the_complement_of_unreviewed_items_VI_B_5(reported: Any) -> None:
    m = evaluation.engagement_measures(reported.engagement)["review"]
    left = unreviewed_items(reported.posting).count()
    assert m["to_review"] - m["reviewed"] == left
    assert m["to_review"] > 0
    assert m["share"] == round(m["reviewed"] / m["to_review"], 4)


def test_disposition_share_agrees_with_the_report_VII_D_5(reported: Any) -> None:
    m = evaluation.engagement_measures(reported.engagement)["dispositions"]
    counts = build.dispositions_count(build.build(reported.engagement))
    assert m["total"] == sum(counts.values())
    assert m["decided"] == m["total"] - counts.get("", 0)
    assert m["decided"] > 0


def test_days_to_report_counted_from_close_of_comment_to_first_version_V_D_3(
    persona: Any, reported: Any
) -> None:
    before = evaluation.engagement_measures(reported.engagement)["days_to_report"]
    assert before["days"] is None
    assert before["closed_on"] == timezone.localdate(reported.posting.closes_at).isoformat()
    _report, version = factories.report_published(persona, reported)
    after = evaluation.engagement_measures(reported.engagement)["days_to_report"]
    expected = (
        timezone.localdate(version.published_at) - timezone.localdate(reported.posting.closes_at)
    ).days
    assert after["days"] == expected
    assert after["published_on"] == timezone.localdate(version.published_at).isoformat()


def test_rules_on_the_reported_engagement_are_kept_V_C_10(reported: Any) -> None:
    rules = evaluation.engagement_measures(reported.engagement)["rules"]
    assert rules["posting_15_days"] == {"kept": 1, "broken": 0, "status": "kept"}


def test_measures_are_json_and_reproducible_VIII_A(reported: Any) -> None:
    import json

    first = evaluation.engagement_measures(reported.engagement)
    assert json.loads(json.dumps(first)) == first
    assert evaluation.engagement_measures(reported.engagement) == first
