"""What counts as an answer (seed 002 V-C-2): answers.clean_answers for every kind of question,
required questions, choices that were never offered, rankings, matrices, text limits and
conditional questions. The questions are unsaved rows: the cleaning is pure."""

from __future__ import annotations

from typing import Any

import pytest

from townhall.surveys.answers import LONG_TEXT_MAX, SHORT_TEXT_MAX, AnswersInvalid, clean_answers
from townhall.surveys.models import Question

YES_NO = [{"key": "yes", "label": {"en": "Yes"}}, {"key": "no", "label": {"en": "No"}}]
PRIORITIES = [
    {"key": "life", "label": {"en": "The sanctity of all human life"}},
    {"key": "offense", "label": {"en": "How serious the suspected offense is"}},
    {"key": "alternatives", "label": {"en": "Whether the person can be found later"}},
]
STATEMENTS = [
    {"key": "s31", "label": {"en": "Create a new policing system with young people."}},
    {"key": "s34", "label": {"en": "Global transparency is a must."}},
]
HEARD = [
    {"key": "web", "label": {"en": "The Police Department's website"}},
    {"key": "social", "label": {"en": "Social media"}},
    {"key": "friends", "label": {"en": "Friends or family"}},
]


def q(n: int, kind: str, **kw: Any) -> Question:
    """An unsaved question with a primary key, so conditions can point at it."""
    return Question(pk=n, key=f"q{n}", position=n, kind=kind, text={"en": f"Question {n}"}, **kw)


def errors_of(questions: list[Question], raw: dict[str, list[str]]) -> dict[str, str]:
    with pytest.raises(AnswersInvalid) as err:
        clean_answers(questions, raw)
    return err.value.errors


# --- single, multiple, Likert, rating ----------------------------------------------------------


def test_single_choice_stores_the_option_key() -> None:
    assert clean_answers([q(1, "single", options=YES_NO)], {"q-q1": ["yes"]}) == {"q1": "yes"}


def test_single_choice_refuses_an_option_that_was_not_offered() -> None:
    errors = errors_of([q(1, "single", options=YES_NO)], {"q-q1": ["maybe"]})
    assert set(errors) == {"q-q1"}


def test_required_single_choice_left_empty_is_refused_and_optional_is_left_out() -> None:
    assert "q-q1" in errors_of([q(1, "single", options=YES_NO, required=True)], {"q-q1": [""]})
    assert clean_answers([q(1, "single", options=YES_NO)], {"q-q1": [""]}) == {}
    assert clean_answers([q(1, "single", options=YES_NO)], {}) == {}


def test_multiple_choice_keeps_the_offered_order_once_each() -> None:
    question = q(1, "multiple", options=HEARD)
    raw = {"q-q1": ["friends", "web", "friends", " "]}
    assert clean_answers([question], raw) == {"q1": ["web", "friends"]}


def test_multiple_choice_refuses_an_unknown_choice_and_needs_one_when_required() -> None:
    assert "q-q1" in errors_of([q(1, "multiple", options=HEARD)], {"q-q1": ["web", "tv"]})
    assert "q-q1" in errors_of([q(1, "multiple", options=HEARD, required=True)], {})
    assert clean_answers([q(1, "multiple", options=HEARD)], {}) == {}


@pytest.mark.parametrize("value", ["1", "2", "3", "4", "5"])
def test_likert_takes_the_five_scale_points(value: str) -> None:
    assert clean_answers([q(1, "likert")], {"q-q1": [value]}) == {"q1": value}


@pytest.mark.parametrize("value", ["0", "6", "agree", "4.5"])
def test_likert_refuses_anything_off_the_scale(value: str) -> None:
    assert "q-q1" in errors_of([q(1, "likert")], {"q-q1": [value]})


def test_rating_goes_from_one_to_its_top_mark() -> None:
    rating = q(1, "rating", scale_max=7)
    assert clean_answers([rating], {"q-q1": ["7"]}) == {"q1": "7"}
    assert clean_answers([rating], {"q-q1": ["1"]}) == {"q1": "1"}
    for value in ("0", "8", "-1"):
        assert "q-q1" in errors_of([rating], {"q-q1": [value]})


# --- standard demographics ----------------------------------------------------------------------


def test_standard_question_takes_its_keys_and_empty_means_prefer_not_to_say() -> None:
    age = q(6, "single", standard="age")
    district = q(9, "single", standard="district")
    assert clean_answers([age, district], {"q-q6": ["25_34"], "q-q9": ["7"]}) == {
        "q6": "25_34",
        "q9": "7",
    }
    assert clean_answers([age, district], {"q-q6": [""], "q-q9": [""]}) == {}
    errors = errors_of([age, district], {"q-q6": ["twenty"], "q-q9": ["99"]})
    assert set(errors) == {"q-q6", "q-q9"}


# --- text ---------------------------------------------------------------------------------------


def test_short_text_is_limited_to_its_maximum() -> None:
    short = q(1, "short_text")
    assert clean_answers([short], {"q-q1": ["x" * SHORT_TEXT_MAX]}) == {"q1": "x" * SHORT_TEXT_MAX}
    assert "q-q1" in errors_of([short], {"q-q1": ["x" * (SHORT_TEXT_MAX + 1)]})


def test_long_text_is_limited_to_its_maximum() -> None:
    long = q(1, "long_text")
    assert clean_answers([long], {"q-q1": ["y" * LONG_TEXT_MAX]}) == {"q1": "y" * LONG_TEXT_MAX}
    assert "q-q1" in errors_of([long], {"q-q1": ["y" * (LONG_TEXT_MAX + 1)]})


def test_text_is_trimmed_with_line_ends_normalised_and_blank_counts_as_unanswered() -> None:
    long = q(1, "long_text", required=True)
    cleaned = clean_answers([long], {"q-q1": ["  The officer ran.\r\nNobody was hurt.\x00  "]})
    assert cleaned == {"q1": "The officer ran.\nNobody was hurt."}
    assert "q-q1" in errors_of([long], {"q-q1": ["   \r\n  "]})


# --- ranking ------------------------------------------------------------------------------------


def ranks(**places: str) -> dict[str, list[str]]:
    return {f"q-q1-{item}": [place] for item, place in places.items()}


def test_ranking_is_stored_as_the_items_from_first_to_last() -> None:
    ranking = q(1, "ranking", options=PRIORITIES)
    cleaned = clean_answers([ranking], ranks(life="2", offense="3", alternatives="1"))
    assert cleaned == {"q1": ["alternatives", "life", "offense"]}


def test_a_partial_ranking_keeps_the_places_given() -> None:
    ranking = q(1, "ranking", options=PRIORITIES)
    cleaned = clean_answers([ranking], ranks(life="1", offense="", alternatives="2"))
    assert cleaned == {"q1": ["life", "alternatives"]}


def test_a_ranking_with_a_gap_is_refused() -> None:
    ranking = q(1, "ranking", options=PRIORITIES)
    assert "q-q1" in errors_of([ranking], ranks(life="1", alternatives="3"))
    assert "q-q1" in errors_of([ranking], ranks(life="2"))


def test_a_ranking_with_two_items_in_one_place_is_refused() -> None:
    ranking = q(1, "ranking", options=PRIORITIES)
    assert "q-q1" in errors_of([ranking], ranks(life="1", offense="1", alternatives="2"))


@pytest.mark.parametrize("place", ["0", "4", "-1", "first", "1.5"])
def test_a_ranking_place_out_of_range_is_refused(place: str) -> None:
    ranking = q(1, "ranking", options=PRIORITIES)
    assert "q-q1" in errors_of([ranking], ranks(life=place))


def test_a_required_ranking_needs_a_first_choice_and_an_optional_one_may_stay_empty() -> None:
    assert "q-q1" in errors_of([q(1, "ranking", options=PRIORITIES, required=True)], {})
    assert clean_answers([q(1, "ranking", options=PRIORITIES)], ranks(life="")) == {}


# --- matrix -------------------------------------------------------------------------------------


def test_matrix_stores_a_scale_point_per_statement() -> None:
    matrix = q(1, "matrix", options=STATEMENTS)
    raw = {"q-q1-s31": ["4"], "q-q1-s34": ["5"]}
    assert clean_answers([matrix], raw) == {"q1": {"s31": "4", "s34": "5"}}


def test_an_optional_matrix_may_be_partly_answered_and_a_required_one_may_not() -> None:
    raw = {"q-q1-s31": ["2"]}
    assert clean_answers([q(1, "matrix", options=STATEMENTS)], raw) == {"q1": {"s31": "2"}}
    assert "q-q1" in errors_of([q(1, "matrix", options=STATEMENTS, required=True)], raw)


def test_matrix_refuses_a_point_off_the_scale() -> None:
    matrix = q(1, "matrix", options=STATEMENTS)
    assert "q-q1" in errors_of([matrix], {"q-q1-s31": ["6"], "q-q1-s34": ["3"]})


def test_matrix_ignores_statements_that_do_not_exist() -> None:
    matrix = q(1, "matrix", options=STATEMENTS)
    assert clean_answers([matrix], {"q-q1-s99": ["3"], "q-q1-s34": ["3"]}) == {"q1": {"s34": "3"}}


# --- several questions at once ------------------------------------------------------------------


def test_every_field_at_fault_is_named_at_once() -> None:
    questions = [
        q(1, "single", options=YES_NO, required=True),
        q(2, "likert"),
        q(3, "ranking", options=PRIORITIES),
    ]
    errors = errors_of(questions, {"q-q2": ["9"], "q-q3-life": ["2"]})
    assert set(errors) == {"q-q1", "q-q2", "q-q3"}


# --- conditional display ------------------------------------------------------------------------


def conditional() -> list[Question]:
    """q1 yes/no; q2 (long text, required when shown) only on "yes"; q3 likert for everyone."""
    saw = q(1, "single", options=YES_NO, required=True)
    happened = q(2, "long_text", required=True, show_if_id=1, show_if_values=["yes"])
    return [saw, happened, q(3, "likert")]


def test_answer_to_a_question_whose_condition_is_unmet_is_dropped_V_C_2() -> None:
    raw = {"q-q1": ["no"], "q-q2": ["Typed without JavaScript anyway."], "q-q3": ["4"]}
    assert clean_answers(conditional(), raw) == {"q1": "no", "q3": "4"}


def test_conditional_question_is_required_only_when_shown() -> None:
    assert clean_answers(conditional(), {"q-q1": ["no"]}) == {"q1": "no"}
    assert "q-q2" in errors_of(conditional(), {"q-q1": ["yes"]})
    cleaned = clean_answers(conditional(), {"q-q1": ["yes"], "q-q2": ["He fell."]})
    assert cleaned == {"q1": "yes", "q2": "He fell."}


def test_condition_unanswered_hides_the_question() -> None:
    saw = q(1, "single", options=YES_NO)
    happened = q(2, "long_text", required=True, show_if_id=1, show_if_values=["yes"])
    assert clean_answers([saw, happened], {"q-q2": ["Dropped."]}) == {}


def test_nested_conditions_drop_the_whole_branch() -> None:
    saw = q(1, "single", options=YES_NO)
    where = q(
        2,
        "single",
        options=[
            {"key": "street", "label": {"en": "Street"}},
            {"key": "cta", "label": {"en": "CTA"}},
        ],
        show_if_id=1,
        show_if_values=["yes"],
    )
    which_line = q(3, "short_text", required=True, show_if_id=2, show_if_values=["cta"])
    questions = [saw, where, which_line]
    # The second question is hidden, so the third is too, whatever the raw form says.
    raw = {"q-q1": ["no"], "q-q2": ["cta"], "q-q3": ["Red Line"]}
    assert clean_answers(questions, raw) == {"q1": "no"}
    raw = {"q-q1": ["yes"], "q-q2": ["street"], "q-q3": ["Red Line"]}
    assert clean_answers(questions, raw) == {"q1": "yes", "q2": "street"}
    raw = {"q-q1": ["yes"], "q-q2": ["cta"], "q-q3": ["Red Line"]}
    assert clean_answers(questions, raw) == {"q1": "yes", "q2": "cta", "q3": "Red Line"}
    assert "q-q3" in errors_of(questions, {"q-q1": ["yes"], "q-q2": ["cta"]})


def test_a_condition_on_a_multiple_choice_shows_when_the_answer_includes_a_value() -> None:
    heard = q(1, "multiple", options=HEARD)
    who = q(2, "short_text", show_if_id=1, show_if_values=["friends"])
    cleaned = clean_answers([heard, who], {"q-q1": ["web", "friends"], "q-q2": ["My aunt"]})
    assert cleaned == {"q1": ["web", "friends"], "q2": "My aunt"}
    assert clean_answers([heard, who], {"q-q1": ["web"], "q-q2": ["My aunt"]}) == {"q1": ["web"]}
