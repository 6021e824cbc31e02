"""A survey's results as protected count tables (seed 002 V-C-2, V-D-3; the issue's small-cell
rule): with skewed answers, no count from 1 to the threshold appears anywhere, in any question
kind, overall or by a demographic group; small groups merge into "Other groups or not stated";
a mean hides with its counts; too few respondents show nothing."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from townhall.surveys import responses, services
from townhall.surveys.models import Question, Response, Survey
from townhall.surveys.results import DIMENSIONS, OTHER, compute, relabel
from townhall.surveys.tests.factories import draft_survey, form

pytestmark = pytest.mark.django_db

COUNT_KEYS = ("cells", "row_totals", "col_totals", "total", "respondents", "written")
HEARD = [
    {"key": "web", "label": {"en": "The website", "es": "El sitio web", "pl": "Strona"}},
    {"key": "social", "label": {"en": "Social media", "es": "Redes", "pl": "Media"}},
    {"key": "friends", "label": {"en": "Friends", "es": "Amigos", "pl": "Znajomi"}},
]


def skewed_survey(persona: Any, *, n: int = 40, min_cell: int = 10, **kw: Any) -> Survey:
    """The foot pursuit survey plus a multiple choice (q11), a rating (q12) and a short text
    (q13), open, with `n` public answers whose distributions are lopsided on purpose: many
    counts from 1 to 10, and demographic groups of every size."""
    oee = persona("oee")
    survey = draft_survey(persona, min_cell=min_cell, **kw)
    for details in (
        services.QuestionDetails(
            kind=Question.Kind.MULTIPLE,
            text={"en": "How did you hear?", "es": "¿Cómo?", "pl": "Jak?"},
            options=HEARD,
        ),
        services.QuestionDetails(
            kind=Question.Kind.RATING, text={"en": "Rate", "es": "Valore", "pl": "Oceń"}
        ),
        services.QuestionDetails(
            kind=Question.Kind.SHORT_TEXT, text={"en": "Why?", "es": "¿Por qué?", "pl": "Czemu?"}
        ),
    ):
        services.question_add(actor=oee, survey=survey, details=details)
    survey = services.survey_open(
        actor=oee, survey=services.survey_schedule(actor=oee, survey=survey)
    )
    for i in range(n):
        answer_skewed(survey, i)
    return survey


def answer_skewed(survey: Survey, i: int, *, audience: str = "public", member: Any = None) -> None:
    fields: dict[str, Any] = {
        "q1": "yes" if i < 28 else "no",
        "q3": "5" if i < 25 else "4" if i < 35 else "2" if i < 38 else "1" if i < 39 else "",
        "q5-s31": "4" if i < 35 else "2",
        "q5-s30": "5",
        "q5-s34": "3" if i < 12 else "",
        "q6": "25_34" if i < 22 else "35_44" if i < 35 else "18_24",
        "q7": "black" if i < 20 else "latino" if i < 32 else "white",
        "q8": "woman" if i < 38 else "",
        "q9": "7" if i < 35 else "",
        "q10": "yes" if i % 2 else "no",
        "q11": ["web", "social"] if i < 33 else ["friends"] if i < 36 else [],
        "q12": "4" if i % 2 else "5",
        "q13": "Slow down." if i < 4 else "",
    }
    if i < 28:
        fields["q2"] = f"Answer {i}: the chase went through an alley off Cermak Road."
    if i < 30:
        fields.update({"q4-life": "1", "q4-offense": "2", "q4-alternatives": "3"})
    elif i < 34:
        fields.update({"q4-offense": "1"})
    responses.response_submit(
        survey=survey,
        raw=form(survey, **{k: v for k, v in fields.items() if v != ""}),
        language="en",
        member=member,
    )


def counts(value: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    """Every count in a computed result (or a published snapshot), with where it is."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key in COUNT_KEYS:
                yield from _numbers(item, f"{path}.{key}")
            else:
                yield from counts(item, f"{path}.{key}")
    elif isinstance(value, list):
        for n, item in enumerate(value):
            yield from counts(item, f"{path}[{n}]")


def _numbers(value: Any, path: str) -> Iterator[tuple[str, Any]]:
    if isinstance(value, list):
        for n, item in enumerate(value):
            yield from _numbers(item, f"{path}[{n}]")
    else:
        yield path, value


def small_counts(result: Any, min_cell: int) -> list[tuple[str, Any]]:
    return [(p, v) for p, v in counts(result) if v is not None and 1 <= v <= min_cell]


def tables(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, dict):
        if "cells" in value and "percents" in value:
            yield value
        for item in value.values():
            yield from tables(item)
    elif isinstance(value, list):
        for item in value:
            yield from tables(item)


def entry(result: dict[str, Any], key: str) -> dict[str, Any]:
    return next(q for q in result["questions"] if q["key"] == key)


def test_no_count_from_1_to_the_threshold_is_computed_anywhere_V_C_2(persona) -> None:
    survey = skewed_survey(persona)
    results = [compute(survey, audience="public")]
    results += [compute(survey, audience="public", dimension=d) for d in DIMENSIONS]
    # The data really has small counts to hide, in several kinds of question.
    overall = results[0]
    assert overall["respondents"] == 40
    assert entry(overall, "q3")["overall"]["hidden"] > 0
    assert any(t["hidden"] for t in tables(entry(overall, "q4")))
    assert any(t["hidden"] for t in tables(entry(overall, "q11")))
    assert any(t["hidden"] for t in tables(entry(overall, "q5")))
    checked = 0
    for result in results:
        assert small_counts(result, survey.min_cell) == []
        checked += len(list(counts(result)))
    assert checked > 500
    assert entry(overall, "q13")["written"] is None  # four wrote something
    assert entry(overall, "q2")["written"] == 28


def test_a_higher_threshold_hides_counts_up_to_it(persona) -> None:
    survey = skewed_survey(persona, min_cell=20)
    for dimension in ("", *DIMENSIONS):
        result = compute(survey, audience="public", dimension=dimension)
        assert small_counts(result, 20) == []


def test_a_percentage_is_hidden_with_its_count(persona) -> None:
    survey = skewed_survey(persona)
    for dimension in ("", "age", "race"):
        for table in tables(compute(survey, audience="public", dimension=dimension)):
            for i, row in enumerate(table["cells"]):
                for j, cell in enumerate(row):
                    if cell is None or table["col_totals"][j] is None:
                        assert table["percents"][i][j] is None


def test_a_breakdown_keeps_the_overall_pattern_of_hidden_totals(persona) -> None:
    """Two tables of one question cannot be set against each other."""
    survey = skewed_survey(persona)
    overall = compute(survey, audience="public")
    by_age = compute(survey, audience="public", dimension="age")
    for key in ("q1", "q3", "q12"):
        whole, by = entry(overall, key)["overall"], entry(by_age, key)["by"]
        assert [c[0] is None for c in whole["cells"]] == [t is None for t in by["row_totals"]]
        assert (whole["total"] is None) == (by["total"] is None)


def test_small_groups_merge_into_other_groups_or_not_stated(persona) -> None:
    survey = skewed_survey(persona)
    # Age: 22 aged 25-34, 13 aged 35-44, 5 aged 18-24. The 5 alone would be a small "other",
    # so the next smallest group joins them.
    by_age = compute(survey, audience="public", dimension="age")
    assert by_age["dimension_available"]
    assert [g["key"] for g in by_age["groups"]] == ["25_34", OTHER]
    assert by_age["groups"][1]["label"] == "Other groups or not stated"
    # Everyone strongly agreed with the second statement: its columns are the group sizes.
    agreed = entry(by_age, "q5")["statements"][1]
    assert agreed["label"].startswith("We need more changes")
    assert agreed["by"]["col_totals"] == [22, 18]
    # Race: 20 Black, 12 Latino, 8 White.
    by_race = compute(survey, audience="public", dimension="race")
    assert [g["key"] for g in by_race["groups"]] == ["black", OTHER]
    # Lived experience: 20 and 20, nothing to merge.
    by_lived = compute(survey, audience="public", dimension="lived")
    assert [g["key"] for g in by_lived["groups"]] == ["yes", "no"]


def test_a_breakdown_with_fewer_than_two_groups_is_not_offered(persona) -> None:
    survey = skewed_survey(persona)
    # Gender: 38 women and 2 who did not say; district: 35 in the 7th and 5 not stated.
    for dimension in ("gender", "district"):
        result = compute(survey, audience="public", dimension=dimension)
        assert result["dimension_available"] is False
        assert result["groups"] == []
        assert not any("by" in q for q in result["questions"])


def test_a_breakdown_by_a_question_the_survey_does_not_ask_is_not_offered(persona) -> None:
    oee = persona("oee")
    survey = draft_survey(persona, questions=False)
    services.question_add(
        actor=oee,
        survey=survey,
        details=services.QuestionDetails(
            kind=Question.Kind.LIKERT, text={"en": "a", "es": "b", "pl": "c"}
        ),
    )
    survey = services.survey_open(
        actor=oee, survey=services.survey_schedule(actor=oee, survey=survey)
    )
    for _i in range(12):
        responses.response_submit(survey=survey, raw=form(survey, q1="4"), language="en")
    result = compute(survey, audience="public", dimension="age")
    assert result["dimension_available"] is False and result["respondents"] == 12


def test_a_mean_is_shown_only_when_no_count_of_its_question_is_hidden(persona) -> None:
    survey = skewed_survey(persona)
    overall = compute(survey, audience="public")
    likert = entry(overall, "q3")  # 25, 10, 3, 1 and one who skipped it: small counts
    assert likert["overall"]["hidden"] > 0 and "mean" not in likert
    rating = entry(overall, "q12")  # 20 fours and 20 fives
    assert rating["overall"]["hidden"] == 0 and rating["mean"] == 4.5
    for statement in entry(overall, "q5")["statements"]:
        if statement["overall"]["hidden"]:
            assert "mean" not in statement


def test_too_few_respondents_show_nothing_not_even_their_number(persona) -> None:
    survey = skewed_survey(persona, n=10)
    result = compute(survey, audience="public")
    assert result["too_few"] is True
    assert result["respondents"] is None and result["questions"] == []
    answer_skewed(survey, 10)
    result = compute(survey, audience="public")
    assert "too_few" not in result and result["respondents"] == 11
    assert small_counts(result, 10) == []


def test_no_answers_is_zero_not_hidden(persona) -> None:
    survey = skewed_survey(persona, n=0)
    result = compute(survey, audience="public")
    assert result["respondents"] == 0 and "too_few" not in result


def test_public_and_department_answers_are_counted_apart_V_C_2(persona) -> None:
    survey = skewed_survey(persona, n=12, audience=Survey.Audience.BOTH)
    for n, key in enumerate(("department_member", "rd", "oee")):
        answer_skewed(survey, n, member=persona(key))
    assert Response.objects.filter(survey=survey).count() == 15
    public = compute(survey, audience="public")
    department = compute(survey, audience="department")
    assert public["respondents"] == 12
    assert department["too_few"] is True and department["respondents"] is None


def test_relabel_changes_the_words_not_the_figures(persona) -> None:
    survey = skewed_survey(persona)
    english = compute(survey, audience="public", dimension="age")
    polish = relabel(english, survey, "pl")
    assert list(counts(polish)) == list(counts(english))
    q1 = entry(polish, "q1")
    assert q1["text"].startswith("Czy widziałeś pościg pieszy")
    assert [r["label"] for r in q1["overall"]["rows"]] == ["Tak", "Nie"]
    assert entry(english, "q1")["overall"]["rows"][0]["label"] == "Yes"
