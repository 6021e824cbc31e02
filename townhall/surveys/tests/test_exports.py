"""Exports of a survey's results and answers (exports.py, through the staff download views):
a breakdown never holds a count from 1 to the threshold (the issue's small-cell rule), and
the file of answers says nothing about when or in which order people answered (V-C-2)."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from townhall.surveys import exports
from townhall.surveys.models import Response
from townhall.surveys.results import DIMENSIONS, compute
from townhall.surveys.tests import factories as f
from townhall.surveys.tests.results_helpers import GROUPS, answered_survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(persona: Any) -> Any:
    return answered_survey(persona)


def _csv(response: Any) -> list[list[str]]:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def _xlsx(response: Any) -> list[list[Any]]:
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]


def _small_counts(rows: list[list[Any]], t: int) -> list[Any]:
    """Every value in a count column that is a number from 1 to t."""
    header = rows[0]
    columns = [j for j, h in enumerate(header) if str(h).endswith(": count")]
    found = []
    for row in rows[1:]:
        for j in columns:
            value = row[j] if j < len(row) else None
            if isinstance(value, str) and re.fullmatch(r"\d+", value):
                value = int(value)
            if isinstance(value, int) and 1 <= value <= t:
                found.append((row[:4], header[j], value))
    return found


def test_no_exported_breakdown_holds_a_count_from_1_to_10_csv_or_xlsx(
    client_as: Any, survey: Any
) -> None:
    client = client_as("oee")
    for by in ["", *DIMENSIONS]:
        for fmt, read in (("csv", _csv), ("xlsx", _xlsx)):
            url = reverse("staff:surveys:results-export", kwargs={"pk": survey.pk, "fmt": fmt})
            response = client.get(url, {"by": by} if by else {})
            assert response.status_code == 200, (by, fmt)
            assert "attachment" in response["Content-Disposition"]
            rows = read(response)
            assert _small_counts(rows, survey.min_cell) == [], (by, fmt)
            # The Likert question's 12 "disagree" and 3 "strongly agree" are hidden, in words.
            assert any("hidden" in [str(v) for v in row] for row in rows[1:]), (by, fmt)


def test_the_breakdown_by_age_has_a_count_and_a_percent_for_each_group(
    client_as: Any, survey: Any
) -> None:
    url = reverse("staff:surveys:results-export", kwargs={"pk": survey.pk, "fmt": "csv"})
    response = client_as("rd").get(url, {"by": "age"})
    rows = _csv(response)
    assert rows[0][:4] == ["Question", "Question text", "Part", "Answer"]
    assert rows[0][4:] == [
        "All: count",
        "All: percent",
        "25–34: count",
        "25–34: percent",
        "Other groups or not stated: count",
        "Other groups or not stated: percent",
    ]
    assert f"survey-{survey.pk}-results-public-by-age.csv" in response["Content-Disposition"]
    yes = next(r for r in rows if r[0] == "q1" and r[3] == "Yes")
    assert yes[4:8] == ["14", "48.3", "14", "100.0"]
    likert = {r[3]: r[4] for r in rows if r[0] == "q3"}
    assert likert["Disagree"] == "hidden" and likert["Strongly agree"] == "hidden"
    assert likert["Agree"] == "14"
    chose = {r[3]: r[4] for r in rows if r[0] == "q11"}
    assert chose["Body-worn cameras are always on"] == "14"
    # 26 chose it and 3 did not: the 3 is hidden, and with it the 26 that would give it away.
    assert chose["A supervisor monitors every pursuit"] == "hidden"
    assert chose["Set up a perimeter instead of chasing"] == "hidden"
    written = next(r for r in rows if r[0] == "q2")
    assert written[3:5] == ["Written answers", "14"]


def test_the_breakdown_rows_write_hidden_for_every_suppressed_value(survey: Any) -> None:
    result = compute(survey, audience="public", dimension="age")
    rows = exports.breakdown_rows(result)
    hidden = sum(str(v) == "hidden" for row in rows for v in row)
    assert hidden > 0
    assert _small_counts(rows, survey.min_cell) == []


def test_too_few_answers_export_only_the_reason(persona: Any) -> None:
    survey = f.open_survey(persona)
    for _i in range(4):
        f.answer(survey, f.form(survey, q1="no"))
    rows = exports.breakdown_rows(compute(survey, audience="public"))
    assert len(rows) == 2 and "Fewer than 11 people answered" in rows[1][1]


def test_the_answers_file_has_the_day_but_no_time_and_rows_out_of_submission_order_V_C_2(
    client_as: Any, survey: Any
) -> None:
    url = reverse("staff:surveys:answers-export", kwargs={"pk": survey.pk, "fmt": "csv"})
    rows = _csv(client_as("oee").get(url))
    header = rows[0]
    assert header[:4] == ["Audience", "Channel", "Language", "Received on"]
    assert not any(re.search(r"time|submitted|created|ip|session", h, re.I) for h in header)
    assert len(rows) == 1 + sum(n for n, _a in GROUPS)
    for row in rows[1:]:
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", row[3])
    saw = header.index("q1: Have you seen or been part of a foot pursuit by Chicago police?")
    in_order = [("Yes" if a["q1"] == "yes" else "No") for n, a in GROUPS for _i in range(n)]
    assert sorted(r[saw] for r in rows[1:]) == sorted(in_order)
    assert [r[saw] for r in rows[1:]] != in_order
    # The rows follow the random keys, not the order of arrival.
    ids = list(Response.objects.filter(survey=survey).values_list("id", flat=True).order_by("id"))
    assert len(ids) == len(rows) - 1


def test_the_answers_file_writes_choices_in_english_rankings_in_order_and_a_matrix_per_statement(
    client_as: Any, persona: Any
) -> None:
    survey = f.open_survey(persona)
    f.answer(
        survey,
        f.form(
            survey,
            q1="yes",
            q2='=HYPERLINK("http://example.com")',
            q3="4",
            **{"q4-offense": "1", "q4-life": "2", "q5-s31": "5", "q6": "25_34"},
        ),
        language="pl",
    )
    url = reverse("staff:surveys:answers-export", kwargs={"pk": survey.pk, "fmt": "xlsx"})
    response = client_as("oee").get(url)
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    header, row = _xlsx(response)
    answer = dict(zip(header, row, strict=True))
    assert answer["Audience"] == "The public" and answer["Channel"] == "Online"
    assert answer["Language"] == "pl"
    assert answer["q1: Have you seen or been part of a foot pursuit by Chicago police?"] == "Yes"
    assert str(answer[next(h for h in header if h.startswith("q2:"))]).startswith("'=HYPERLINK")
    assert answer[next(h for h in header if h.startswith("q3:"))] == "Agree"
    assert answer[next(h for h in header if h.startswith("q4:"))] == (
        "How serious the suspected offense is > The sanctity of all human life"
    )
    s31 = next(h for h in header if h.startswith("q5:") and "Create a new policing system" in h)
    s34 = next(h for h in header if h.startswith("q5:") and "Global transparency" in h)
    assert answer[s31] == "Strongly agree" and answer[s34] in ("", None)
    assert answer["q6: What is your age?"] == "25–34"


def test_multiple_choices_are_joined_with_semicolons(survey: Any) -> None:
    rows = exports.answers_rows(survey)
    column = next(j for j, h in enumerate(rows[0]) if str(h).startswith("q11:"))
    assert "A supervisor monitors every pursuit; Body-worn cameras are always on" in {
        r[column] for r in rows[1:]
    }


def test_an_unknown_format_is_not_found(client_as: Any, survey: Any) -> None:
    client = client_as("oee")
    for name in ("staff:surveys:results-export", "staff:surveys:answers-export"):
        url = reverse(name, kwargs={"pk": survey.pk, "fmt": "pdf"})
        assert client.get(url).status_code == 404


def test_the_answers_file_is_for_those_who_manage_the_survey_the_breakdown_for_readers_of_results(
    client_as: Any, survey: Any
) -> None:
    answers = reverse("staff:surveys:answers-export", kwargs={"pk": survey.pk, "fmt": "csv"})
    breakdown = reverse("staff:surveys:results-export", kwargs={"pk": survey.pk, "fmt": "csv"})
    rd = client_as("rd")
    assert rd.get(breakdown).status_code == 200
    assert rd.get(answers).status_code == 403
    member = client_as("department_member")
    assert member.get(breakdown).status_code == 403
    assert member.get(answers).status_code == 403
