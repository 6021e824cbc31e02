"""The data of a "what we heard" report, built from the record (seed 002 V-D-3, VII-D-5):
every part of build() on one engagement in follow-up, the small-cell protection of who took
part, and reproducibility (the same record gives the same data and the same hash)."""

from __future__ import annotations

import datetime
import json
import re
from types import SimpleNamespace
from typing import Any

import pytest

from townhall.accounts.demo import ensure_persona_by_key
from townhall.bodies import responses as body_responses
from townhall.bodies.models import Response as BodyResponse
from townhall.engagements import services as engagements
from townhall.engagements.demo_public import NO_FACTORS
from townhall.engagements.models import Activity
from townhall.feedback import review
from townhall.feedback.analysis_models import Disposition, FeedbackItem
from townhall.feedback.services import comment_hide
from townhall.reports import baselines
from townhall.reports.build import (
    MIN_CELL,
    _protected_table,
    build,
    data_hash,
    default_final_version,
    dispositions_count,
)
from townhall.reports.services import report_generate
from townhall.reports.tests import factories as f
from townhall.surveys import responses as survey_responses
from townhall.surveys import services as surveys
from townhall.surveys.models import Question, Survey
from townhall.surveys.tests.factories import form

pytestmark = pytest.mark.django_db

TABLES = ("race", "age", "district")


@pytest.fixture
def world(reported_module: SimpleNamespace, db: None) -> SimpleNamespace:
    """The module's engagement (conftest.reported_module) and its data, built once."""
    if not hasattr(reported_module, "data"):
        reported_module.data = build(reported_module.engagement)
    return reported_module


def _activity(data: dict[str, Any], method: str) -> dict[str, Any]:
    return next(a for a in data["activities"] if a["method"] == method)


def _change(data: dict[str, Any], anchor: str) -> dict[str, Any]:
    return next(c for c in data["revisions"]["changes"] if c["new_anchor"] == anchor)


# -- The engagement: its level and why (IV-C, IV-D) --------------------------------------------


def test_the_report_gives_the_level_determined_and_the_factors_behind_it_IV_C_IV_D(
    world: SimpleNamespace,
) -> None:
    part = world.data["engagement"]
    engagement = world.engagement
    assert part["id"] == engagement.pk
    assert part["subject"] == {
        "kind": "directive",
        "number": "S04-01-02",
        "title": "School Resource Officers and Investigations at Chicago Public Schools",
    }
    assert (part["level"], part["recommended_level"], part["level_reason"]) == (3, 3, "")
    assert [r["item"] for r in part["recommended_reasons"]] == ["IV-B-2", "IV-B-5", "IV-B-7"]
    assert part["recommended_reasons"] == engagement.recommended_reasons
    assert part["determined_on"] == engagement.determined_at.isoformat()[:10]
    assert (part["status"], part["originating_unit"]) == ("follow_up", "Bureau of Patrol")


def test_a_level_below_the_recommendation_is_reported_with_its_reason_IV_C(
    persona: Any, d22_draft: Any
) -> None:
    engagement = engagements.engagement_create(
        actor=persona("oee"),
        title="Engagement on D22-08",
        originating_unit="OEE",
        directive=d22_draft.directive,
    )
    engagement = engagements.engagement_assess(
        actor=persona("oee"), engagement=engagement, **{**NO_FACTORS, "community_request": True}
    )
    reason = "The directive only restates the 2025 ordinance; a posting reaches those concerned."
    engagement = engagements.engagement_determine(
        actor=persona("ocpr_chief"),
        engagement=engagement,
        level=1,
        consulted=["oee"],
        reason=reason,
    )
    data = build(engagement)
    assert (data["engagement"]["level"], data["engagement"]["recommended_level"]) == (1, 2)
    assert data["engagement"]["level_reason"] == reason
    # Nothing done yet: every part is there, empty, and no error.
    assert data["postings"] == data["activities"] == data["themes"] == []
    assert data["revisions"] is None and data["demographics"]["people"] == 0
    assert data["demographics"]["race"]["total"] == 0
    assert data["participation"]["participants"] == 0


# -- Activities and participation (V-A, V-B, V-C, V-D) -----------------------------------------


def test_each_activity_is_listed_with_its_dates_and_participation_V_A(
    world: SimpleNamespace,
) -> None:
    data = world.data
    steps = [a["step"] for a in data["activities"]]
    assert steps == sorted(steps) and len(steps) == len(world.activities)
    posting = _activity(data, Activity.Method.PUBLIC_POSTING)
    assert (posting["step"], posting["status"]) == (2, "done")
    assert posting["measured"] == {"comments": len(world.comments)}
    assert posting["starts_on"] == world.posting.opens_at.date().isoformat()
    assert posting["ends_on"] == world.posting.closes_at.date().isoformat()
    conversation = _activity(data, Activity.Method.COMMUNITY_CONVERSATION)
    assert conversation["measured"] == {"meetings": 1, "attendance": f.ATTENDANCE}
    assert conversation["participants"] == f.ATTENDANCE
    assert conversation["districts"] == f.ACTIVITY_DISTRICTS
    survey = _activity(data, Activity.Method.ANONYMOUS_SURVEY)
    assert survey["measured"] == {"survey_responses": len(f.SURVEY_PROFILES)}
    group = _activity(data, Activity.Method.WORKING_GROUP)
    assert group["measured"] == {"members": 5, "recommendations": 1}
    reporting = _activity(data, Activity.Method.REPORTING)
    assert (reporting["step"], reporting["status"], reporting["participants"]) == (
        3,
        "planned",
        None,
    )


def test_participation_totals_add_the_activities_up(world: SimpleNamespace) -> None:
    part = world.data["participation"]
    comments = len(world.comments)
    assert part == {
        "comments": comments,
        "commenters": part["commenters"],
        "campaign_copies": len(f.CAMPAIGN),
        # The unique comments, the campaign counted once, and the working group's
        # recommendation, which joined the posting's pool when it was forwarded.
        "unique_comments": comments - len(f.CAMPAIGN) + 1,
        "campaigns": 1,
        "meetings": 1,
        "attendance": f.ATTENDANCE,
        "survey_responses": len(f.SURVEY_PROFILES),
        "members": 5,
        "participants": comments + f.ATTENDANCE + len(f.SURVEY_PROFILES) + 5,
    }
    # Commenters: each address once (case aside), and each comment without one.
    with_email = {c.email.lower() for c in world.comments if c.email}
    assert part["commenters"] == len(with_email) + sum(1 for c in world.comments if not c.email)


def test_the_posting_counts_external_and_internal_comments_apart_VII_B_2(
    world: SimpleNamespace,
) -> None:
    (posting,) = world.data["postings"]
    assert posting["id"] == world.posting.pk
    assert posting["version_id"] == world.posted_version.pk
    assert (posting["comments_external"], posting["comments_internal"]) == (
        len(world.comments) - 1,
        1,
    )
    assert (posting["days_open"], posting["extended"]) == (15.0, False)
    assert posting["pool"] == len(world.comments) + 1


def test_a_hidden_comment_stays_out_of_the_pool_counts(world: SimpleNamespace) -> None:
    spam = world.comments[0]
    comment_hide(actor=ensure_persona_by_key("oee"), comment=spam, reason="Advertising")
    (posting,) = build(world.engagement)["postings"]
    assert posting["pool"] == world.data["postings"][0]["pool"] - 1


# -- Who took part: small cells hidden (the issue; surveys.disclosure) ---------------------------


def _values(table: dict[str, Any]) -> list[int | None]:
    return [r["count"] for r in table["rows"]] + [table["not_said"], table["total"]]


def test_demographics_count_meeting_profiles_and_survey_answers_VIII(
    world: SimpleNamespace,
) -> None:
    demographics = world.data["demographics"]
    assert demographics["min_cell"] == MIN_CELL == 10
    assert demographics["people"] == len(f.MEETING_PROFILES) + len(f.SURVEY_PROFILES)
    race = {r["code"]: r for r in demographics["race"]["rows"]}
    # 6 Black attendees at the meeting and 7 in the survey: 13, shown with its share.
    assert race["black"]["count"] == 13
    assert race["black"]["percent"] == round(13 * 100 / demographics["people"], 1)
    assert list(race) == list(baselines.RACE_COLUMNS)
    for name in TABLES:
        assert demographics[name]["total"] == demographics["people"]


def test_counts_from_1_to_10_are_hidden_everywhere_with_their_percentages(
    world: SimpleNamespace,
) -> None:
    demographics = world.data["demographics"]
    hidden_somewhere = 0
    for name in TABLES:
        table = demographics[name]
        for value in _values(table):
            assert value is None or value == 0 or value > MIN_CELL, (name, value)
        for row in table["rows"]:
            if row["count"] is None:
                hidden_somewhere += 1
                assert row["percent"] is None, (name, row)
            elif row["count"] == 0:
                assert row["percent"] == 0.0
        if table["not_said"] is None:
            assert table["not_said_percent"] is None
    assert hidden_somewhere >= 5
    race = {r["code"]: r["count"] for r in demographics["race"]["rows"]}
    # Latino 9, white 4, Asian 1, two or more races 1: all hidden; nobody answered "native".
    assert [race[c] for c in ("latino", "white", "asian", "multiple", "native")] == [
        None,
        None,
        None,
        None,
        0,
    ]


def test_no_hidden_count_can_be_worked_out_from_the_total_complementary_suppression(
    world: SimpleNamespace,
) -> None:
    """A one-column table gives the sum of its hidden cells away (total minus the shown ones):
    one hidden cell alone would be disclosed, so there are never fewer than two."""
    demographics = world.data["demographics"]
    for name in TABLES:
        table = demographics[name]
        cells = [r["count"] for r in table["rows"]] + [table["not_said"]]
        hidden = sum(1 for v in cells if v is None)
        if table["total"] is not None:
            assert hidden != 1, (name, cells)
    age = {r["code"]: r["count"] for r in demographics["age"]["rows"]}
    # 65 or older (3) is hidden, and so is the one person who did not say, which would
    # otherwise be the difference between the number of people and the shown counts.
    assert (age["20_34"], age["35_64"], age["65_up"]) == (14, 11, None)
    assert demographics["age"]["not_said"] is None
    assert demographics["age"]["total"] == demographics["people"]


def test_a_table_of_ten_people_or_fewer_shows_nothing_but_zeros() -> None:
    table = _protected_table({"black": 4, "latino": 3, "white": 0}, None, 2)
    assert [r["count"] for r in table["rows"]] == [None, None, 0]
    assert (table["total"], table["not_said"]) == (None, None)
    assert all(r["percent"] is None for r in table["rows"] if r["count"] is None)
    empty = _protected_table({"black": 0, "latino": 0}, {"black": 60.0, "latino": 40.0}, 0)
    assert empty["total"] == 0 and [r["baseline"] for r in empty["rows"]] == [60.0, 40.0]


def test_who_took_part_is_compared_with_the_districts_concerned_V_B(
    world: SimpleNamespace,
) -> None:
    demographics = world.data["demographics"]
    assert demographics["districts_concerned"] == sorted(
        {*f.ACTIVITY_DISTRICTS, f.MEETING_DISTRICT}
    )
    race_baseline = baselines.race_shares(demographics["districts_concerned"])
    for row in demographics["race"]["rows"]:
        assert row["baseline"] == round(race_baseline[row["code"]], 1)
    # Districts 2 and 3 are mostly Black, unlike the city as a whole.
    black = next(r for r in demographics["race"]["rows"] if r["code"] == "black")
    assert black["baseline"] > round(baselines.race_shares()["black"], 1) + 30
    assert [r["code"] for r in demographics["age"]["rows"]] == list(baselines.AGE_GROUPS)
    for row in demographics["age"]["rows"]:
        assert row["baseline"] == round(baselines.age_shares()[row["code"]], 1)
    district = {r["code"]: r for r in demographics["district"]["rows"]}
    assert set(district) == {str(n) for n in range(1, 26) if n not in (13, 21, 23)}
    assert district["2"]["count"] == 15 and district["3"]["count"] is None
    assert district["2"]["baseline"] == round(baselines.district_shares()["2"], 1)


# -- Campaigns, themes and quotes (V-D-3) --------------------------------------------------------


def test_campaign_copies_are_counted_apart_from_unique_comments_V_D_3(
    world: SimpleNamespace,
) -> None:
    (campaign,) = world.data["campaigns"]
    assert (campaign["posting_id"], campaign["size"], campaign["with_additions"]) == (
        world.posting.pk,
        len(f.CAMPAIGN),
        1,
    )
    assert "inordinate investment in the Chicago Police Department" in campaign["text"]
    assert campaign["first_seen"] == campaign["last_seen"]
    for name, _place, email, phone in f.CAMPAIGN:
        assert email not in campaign["text"] and phone not in campaign["text"]


def test_themes_come_with_their_size_quotes_and_disposition_VII_D_5(
    world: SimpleNamespace,
) -> None:
    themes = world.data["themes"]
    assert [t["size"] for t in themes] == sorted((t["size"] for t in themes), reverse=True)
    by_id = {t["id"]: t for t in themes}
    adopted = by_id[world.adopted_theme.pk]
    assert adopted["label"] == world.adopted_theme.label and adopted["size"] >= 1
    assert 1 <= len(adopted["quotes"]) <= 3
    assert (adopted["disposition"], adopted["reason"]) == ("adopted", f.ADOPTED_REASON)
    assert (adopted["revised_version_id"], adopted["revised_section"]) == (
        world.final_version.pk,
        f.ADDED_ITEM,
    )
    assert [
        (r["text"], r["disposition"], r["revised_section"]) for r in adopted["recommendations"]
    ] == [
        (world.partly_recommendation.text, "partly", f.CHANGED_ITEM),
        (world.unmatched_recommendation.text, "adopted", f.UNCHANGED_ITEM),
    ]
    not_adopted = by_id[world.not_adopted_theme.pk]
    assert (not_adopted["disposition"], not_adopted["reason"]) == (
        "not_adopted",
        f.NOT_ADOPTED_REASON,
    )
    assert not_adopted["revised_version_id"] is None
    assert by_id[world.future_theme.pk]["disposition"] == "future"
    for t in themes:
        assert isinstance(t["sections"], list) and all(isinstance(s, list) for s in t["sections"])


def test_quotes_never_carry_an_email_address_or_a_telephone_number(
    world: SimpleNamespace,
) -> None:
    # An item stored before its words were redacted (imported, or from an older release):
    # the report redacts its quotes again.
    theme = world.adopted_theme
    FeedbackItem.objects.filter(pk=theme.quotes[0]).update(
        text="Officers in schools need trauma training. Call me at (773) 555-0199 or write to "
        "dana.whitfield@example.org."
    )
    data = build(world.engagement)
    quote = next(t for t in data["themes"] if t["id"] == theme.pk)["quotes"][0]
    assert quote.startswith("Officers in schools need trauma training.")
    assert "555-0199" not in quote and "dana.whitfield" not in quote
    assert "[phone number removed]" in quote and "[email removed]" in quote
    # And no commenter's address, or the telephone number a commenter wrote, anywhere.
    raw = json.dumps(data, ensure_ascii=False)
    assert not re.search(r"[\w.]+@example\.org", raw)
    assert "555-0142" not in raw


# -- Recommendations and responses (V-C-1, V-C-11, V-D-3) ----------------------------------------


def test_the_working_groups_recommendation_comes_with_its_vote_and_response_V_D_3(
    world: SimpleNamespace,
) -> None:
    (rec,) = world.data["body_recommendations"]
    assert rec["id"] == world.recommendation.pk and rec["code"] == "R-1"
    assert (rec["body"], rec["body_id"]) == (world.body.name, world.body.pk)
    assert (
        rec["title"] == "Add trauma-informed practices to the training of school resource officers"
    )
    assert rec["section"] == "IV-A"
    assert rec["forwarded_on"] == world.recommendation.forwarded_at.isoformat()[:10]
    assert rec["vote"] == {"for": 3, "against": 1, "abstentions": 1}
    assert (rec["disposition"], rec["reason"]) == ("adopted", f.BODY_REASONING)
    assert (rec["revised_version_id"], rec["revised_section"]) == (
        world.final_version.pk,
        f.ADDED_ITEM,
    )


def test_only_the_published_response_is_reported(world: SimpleNamespace) -> None:
    unit = ensure_persona_by_key("originating_unit")
    body_responses.response_save(
        actor=unit,
        recommendation=world.recommendation,
        disposition=BodyResponse.Disposition.CONSIDERING,
        reasoning="The Department will look at this again with the Education and Training Division.",
    )
    (rec,) = build(world.engagement)["body_recommendations"]
    assert rec["disposition"] == "adopted"


def test_a_recommendation_under_consideration_is_listed_for_the_future_V_D_3(
    world: SimpleNamespace,
) -> None:
    unit = ensure_persona_by_key("originating_unit")
    reasoning = "The Department will look at this again with the Education and Training Division."
    draft = body_responses.response_save(
        actor=unit,
        recommendation=world.recommendation,
        disposition=BodyResponse.Disposition.CONSIDERING,
        reasoning=reasoning,
    )
    body_responses.response_submit(actor=unit, response=draft)
    body_responses.response_approve(actor=ensure_persona_by_key("rd"), response=draft)
    data = build(world.engagement, final_version=world.final_version)
    assert {"kind": "body_recommendation", "id": world.recommendation.pk} in [
        {"kind": x["kind"], "id": x["id"]} for x in data["future"]
    ]
    assert next(x for x in data["future"] if x["kind"] == "body_recommendation")["reason"] == (
        reasoning
    )
    # No longer adopted: the added item keeps only the theme that led to it.
    kinds = [b["kind"] for b in _change(data, f.ADDED_ITEM)["because"]]
    assert kinds == ["theme"]


# -- What changed: the redline, each change linked to its feedback (V-D-3, VII-D-5) ---------------


def test_the_redline_compares_the_final_version_with_the_posted_draft_V_D_3(
    world: SimpleNamespace,
) -> None:
    revisions = world.data["revisions"]
    assert revisions["posted"]["id"] == world.posted_version.pk
    assert revisions["final"]["id"] == world.final_version.pk
    assert revisions["final"]["status"] == "draft"
    summary = revisions["summary"]
    assert (summary["changed"], summary["added"], summary["removed"], summary["moved"]) == (
        1,
        1,
        0,
        0,
    )
    assert [c["kind"] for c in revisions["changes"]] == ["added", "changed"]
    changed = _change(world.data, f.CHANGED_ITEM)
    assert ["delete", "Patrol and "] in changed["tokens"]
    inserted = "".join(t for op, t in changed["tokens"] if op == "insert")
    assert "students, parents and guardians" in inserted
    added = _change(world.data, f.ADDED_ITEM)
    assert added["old_anchor"] == "" and added["tokens"] == [
        ["insert", "trauma-informed practices."]
    ]


def test_each_change_is_linked_to_the_theme_and_recommendation_that_led_to_it_VII_D_5(
    world: SimpleNamespace,
) -> None:
    added = _change(world.data, f.ADDED_ITEM)
    assert [(b["kind"], b["id"]) for b in added["because"]] == [
        ("theme", world.adopted_theme.pk),
        ("body_recommendation", world.recommendation.pk),
    ]
    assert added["because"][1]["label"] == (
        "School Resource Officer Community Working Group R-1: Add trauma-informed practices to "
        "the training of school resource officers"
    )
    changed = _change(world.data, f.CHANGED_ITEM)
    assert [(b["kind"], b["id"]) for b in changed["because"]] == [
        ("recommendation", world.partly_recommendation.pk)
    ]


def test_a_disposition_naming_an_item_that_did_not_change_is_listed_not_lost(
    world: SimpleNamespace,
) -> None:
    assert world.data["revisions"]["unmatched"] == [
        {
            "kind": "recommendation",
            "id": world.unmatched_recommendation.pk,
            "label": world.unmatched_recommendation.text,
            "anchor": f.UNCHANGED_ITEM,
        }
    ]


def test_the_revised_version_defaults_to_the_one_the_dispositions_point_to(
    world: SimpleNamespace,
) -> None:
    assert default_final_version(world.engagement) == world.final_version
    assert build(world.engagement, final_version=world.posted_version)["revisions"] is None


def test_comments_on_a_changed_item_are_counted_with_the_change(world: SimpleNamespace) -> None:
    review.theme_decide(
        actor=ensure_persona_by_key("oee"),
        theme=world.not_adopted_theme,
        disposition=Disposition.PARTLY,
        reason="Students are named among those consulted on the curriculum.",
        revised_version=world.final_version,
        revised_section=f.CHANGED_ITEM,
    )
    data = build(world.engagement)
    changed = _change(data, f.CHANGED_ITEM)
    assert ("theme", world.not_adopted_theme.pk) in [
        (b["kind"], b["id"]) for b in changed["because"]
    ]
    # One resident commented on IV-B-1-b itself ("Involve them more in training").
    assert changed["comments_on_item"] == 1
    assert _change(data, f.ADDED_ITEM)["comments_on_item"] == 0  # a new item: none
    assert world.not_adopted_theme.pk not in [x["id"] for x in data["not_adopted"]]


# -- Not adopted, the future, follow-up (VII-D-5, V-D) ---------------------------------------------


def test_what_was_not_adopted_and_what_is_for_the_future_come_with_reasons_VII_D_5(
    world: SimpleNamespace,
) -> None:
    assert world.data["not_adopted"] == [
        {
            "kind": "theme",
            "id": world.not_adopted_theme.pk,
            "label": world.not_adopted_theme.label,
            "disposition": "not_adopted",
            "reason": f.NOT_ADOPTED_REASON,
        }
    ]
    assert world.data["future"] == [
        {
            "kind": "theme",
            "id": world.future_theme.pk,
            "label": world.future_theme.label,
            "disposition": "future",
            "reason": f.FUTURE_REASON,
        }
    ]
    # Adopted: a theme, a recommendation drawn from it, and the working group's.
    decided = {d: n for d, n in dispositions_count(world.data).items() if d}
    assert decided == {"adopted": 3, "partly": 1, "not_adopted": 1, "future": 1}


def test_follow_up_counts_the_step_3_activities_V_D(world: SimpleNamespace) -> None:
    assert world.data["follow_up"] == {
        "planned": 1,
        "done": 0,
        "satisfaction_responses": 0,
        "satisfaction_mean": None,
    }


def _post_engagement_survey(world: SimpleNamespace, ratings: list[int]) -> Survey:
    oee = ensure_persona_by_key("oee")
    activity = engagements.activity_add(
        actor=oee, engagement=world.engagement, method=Activity.Method.POST_ENGAGEMENT_SURVEY
    )
    from django.utils import timezone

    now = timezone.now()
    survey = surveys.survey_create(
        actor=oee,
        activity=activity,
        kind=Survey.Kind.POST_ENGAGEMENT,
        details=surveys.SurveyDetails(
            title={"en": "How was the engagement on school resource officers?"},
            intro={},
            audience=Survey.Audience.PUBLIC,
            access=Survey.Access.OPEN,
            languages=["en"],
            opens_at=now + datetime.timedelta(hours=1),
            closes_at=now + datetime.timedelta(days=14),
            min_cell=10,
        ),
    )
    rating = surveys.question_add(
        actor=oee,
        survey=survey,
        details=surveys.QuestionDetails(
            kind=Question.Kind.RATING,
            text={"en": "How satisfied are you with how the Department engaged you?"},
        ),
    )
    survey = surveys.survey_open(
        actor=oee, survey=surveys.survey_schedule(actor=oee, survey=survey)
    )
    for value in ratings:
        survey_responses.response_submit(
            survey=survey, raw=form(survey, **{rating.key: value}), language="en"
        )
    return survey


def test_satisfaction_of_the_post_engagement_survey_shows_over_ten_answers_V_D_4(
    world: SimpleNamespace,
) -> None:
    ratings = [5, 4, 4, 3, 5, 2, 4, 5, 4, 3, 4, 5]
    _post_engagement_survey(world, ratings)
    follow_up = build(world.engagement)["follow_up"]
    assert (follow_up["planned"], follow_up["satisfaction_responses"]) == (2, len(ratings))
    assert follow_up["satisfaction_mean"] == round(sum(ratings) / len(ratings), 2)


def test_satisfaction_of_ten_answers_or_fewer_is_hidden_V_D_4(world: SimpleNamespace) -> None:
    _post_engagement_survey(world, [5, 1, 4])
    follow_up = build(world.engagement)["follow_up"]
    assert (follow_up["satisfaction_responses"], follow_up["satisfaction_mean"]) == (None, None)


# -- Reproducible (the issue: regenerating gives the same numbers) -------------------------------


def test_building_twice_gives_the_same_data_and_hash(world: SimpleNamespace) -> None:
    again = build(world.engagement)
    assert again == world.data
    assert data_hash(again) == data_hash(world.data)
    assert len(data_hash(again)) == 64


def test_the_data_is_plain_json(world: SimpleNamespace) -> None:
    raw = json.dumps(world.data, sort_keys=True, allow_nan=False)
    assert json.loads(raw) == world.data  # no tuples, dates or decimals that come back changed


def test_report_regenerated_from_same_data_gives_same_numbers(world: SimpleNamespace) -> None:
    report, version = f.report_published(ensure_persona_by_key, world)
    assert version.data_hash == data_hash(world.data)
    again = report_generate(actor=ensure_persona_by_key("oee"), report=report)
    assert again.data == version.data
    assert data_hash(again.data) == version.data_hash


def test_a_changed_record_gives_a_new_hash(world: SimpleNamespace) -> None:
    review.theme_decide(
        actor=ensure_persona_by_key("oee"),
        theme=world.future_theme,
        disposition=Disposition.OUT_OF_SCOPE,
        reason="Police oversight in London is outside the Department's directives.",
    )
    data = build(world.engagement)
    assert data_hash(data) != data_hash(world.data)
    assert world.future_theme.pk in [x["id"] for x in data["not_adopted"]]
