"""The results' charts and tables (charts.py): bar geometry that fits a phone and mirrors for
right-to-left languages, and figures that show "hidden" wherever results.compute hid one."""

from __future__ import annotations

from typing import Any

from django.utils.translation import override

from townhall.surveys import charts


def _table(
    cells: list[list[int | None]], col_totals: list[int | None], labels: list[str]
) -> dict[str, Any]:
    percents = [
        [
            None if c is None or col_totals[j] in (None, 0) else round(c / col_totals[j] * 100, 1)  # type: ignore[operator]
            for j, c in enumerate(row)
        ]
        for row in cells
    ]
    return {
        "rows": [{"key": str(i), "label": label} for i, label in enumerate(labels)],
        "columns": [{"key": "all", "label": ""}],
        "cells": cells,
        "percents": percents,
        "row_totals": [None if None in row else sum(row) for row in cells],  # type: ignore[arg-type]
        "col_totals": col_totals,
        "total": col_totals[0],
        "hidden": 0,
    }


def _result(**extra: Any) -> dict[str, Any]:
    question = {
        "key": "q1",
        "text": "Have you seen or been part of a foot pursuit by Chicago police?",
        "kind": "single",
        "standard": "",
        "conditional": False,
        "overall": _table([[40], [None], [None]], [52], ["Yes", "No", "Not sure"]),
    }
    result = {
        "audience": "public",
        "min_cell": 10,
        "respondents": 52,
        "dimension": "",
        "dimension_available": False,
        "groups": [],
        "questions": [question],
    }
    result.update(extra)
    return result


def test_bars_fit_320_units_and_scale_with_percentages() -> None:
    chart = charts.bar_chart([("Yes", 100.0), ("No", 50.0), ("Not sure", 0.0)], hidden_text="h")
    assert chart.width == 320
    widths = [b.width for b in chart.bars]
    assert widths[0] == charts.TRACK and widths[1] == charts.TRACK / 2 and widths[2] == 0
    for bar in chart.bars:
        assert 0 <= bar.x and bar.x + bar.width <= 320
        assert bar.value_x <= 320
    assert chart.height == 2 * charts.PAD + 3 * charts.ROW_HEIGHT


def test_a_hidden_value_is_an_empty_outlined_bar_with_words_not_a_length() -> None:
    chart = charts.bar_chart(
        [("No", None)], hidden_text="hidden (1 to 10, or to protect such a count)"
    )
    bar = chart.bars[0]
    assert bar.hidden and bar.value.startswith("hidden (1 to 10")
    assert bar.width == 318  # across the track: its length says nothing


def test_right_to_left_mirrors_the_bars_to_grow_from_the_right_edge() -> None:
    ltr = charts.bar_chart([("نعم", 25.0)], hidden_text="h")
    rtl = charts.bar_chart([("نعم", 25.0)], hidden_text="h", rtl=True)
    assert rtl.direction == "rtl" and ltr.direction == "ltr"
    assert rtl.bars[0].x + rtl.bars[0].width == 320
    assert rtl.bars[0].label_x == 320 and ltr.bars[0].label_x == 0
    assert rtl.bars[0].value_x == 320 - ltr.bars[0].value_x


def test_long_labels_are_shortened_in_the_chart_but_kept_whole_in_the_table() -> None:
    long = "Whether the person can be found later another way, by a warrant or a visit"
    view = charts.result_view(
        _result(
            questions=[
                {**_result()["questions"][0], "overall": _table([[30], [22]], [52], [long, "No"])}
            ]
        )
    )
    part = view.questions[0].parts[0]
    assert (
        part.chart.bars[0].label.endswith("…")
        and len(part.chart.bars[0].label) <= charts.LABEL_CHARS
    )
    assert part.table.rows[0].label == long


def test_hidden_counts_read_hidden_in_the_table_and_chart_and_no_number_is_derived() -> None:
    with override("en"):
        view = charts.result_view(_result())
    part = view.questions[0].parts[0]
    yes, no, unsure = part.table.rows
    assert yes.cells[0].count == "40" and yes.cells[0].percent == "76.9%"
    assert no.cells[0].count == "hidden" and no.cells[0].hidden
    assert unsure.cells[0].count == "hidden"
    assert [b.hidden for b in part.chart.bars] == [False, True, True]
    assert part.table.hidden and view.any_hidden
    assert "1 to 10" in view.hidden_note


def test_too_few_answers_show_nothing_but_the_reason_V_C_2() -> None:
    with override("en"):
        view = charts.result_view(
            {
                "audience": "public",
                "min_cell": 12,
                "respondents": None,
                "too_few": True,
                "questions": [],
            }
        )
    assert view.too_few and not view.questions
    assert "Fewer than 13 people answered" in view.too_few_text


def test_a_group_filter_keeps_all_and_that_group_and_charts_the_group() -> None:
    by = _table([[14, 26], [0, 12]], [14, 38], ["Yes", "No"])
    by["columns"] = [{"key": "25_34", "label": "25–34"}, {"key": "_other", "label": "Other"}]
    question = {
        **_result()["questions"][0],
        "overall": _table([[40], [12]], [52], ["Yes", "No"]),
        "by": by,
    }
    result = _result(
        dimension="age",
        dimension_available=True,
        groups=[{"key": "25_34", "label": "25–34"}, {"key": "_other", "label": "Other"}],
        questions=[question],
    )
    with override("en"):
        everyone = charts.result_view(result)
        one = charts.result_view(result, group="25_34")
    assert everyone.questions[0].parts[0].table.columns == ("All", "25–34", "Other")
    table = one.questions[0].parts[0].table
    assert table.columns == ("All", "25–34")
    chart = one.questions[0].parts[0].chart
    assert chart.bars[0].width == charts.TRACK  # 14 of 14 in 25–34
    assert "25–34" in one.column


def test_a_multiple_choice_shows_who_chose_each_and_hides_a_total_the_choices_disagree_on() -> None:
    def option(key: str, yes: int | None, no: int | None, total: int | None) -> dict[str, Any]:
        return {
            "key": key,
            "label": key.title(),
            "overall": _table([[yes], [no]], [total], ["Chose it", "Did not"]),
        }

    question = {
        "key": "q11",
        "text": "What would make foot pursuits safer?",
        "kind": "multiple",
        "standard": "",
        "conditional": False,
        "options": [option("supervisor", 26, 3, 29), option("perimeter", None, None, None)],
    }
    with override("en"):
        view = charts.result_view(_result(questions=[question]))
    table = view.questions[0].parts[0].table
    assert [r.label for r in table.rows] == ["Supervisor", "Perimeter"]
    assert table.rows[0].cells[0].percent == "89.7%"
    assert table.rows[1].cells[0].count == "hidden"
    assert table.totals[0].count == "hidden"


def test_text_questions_say_how_many_wrote_and_where_the_words_go() -> None:
    question = {
        "key": "q2",
        "text": "What happened?",
        "kind": "long_text",
        "standard": "",
        "conditional": True,
        "written": 14,
    }
    hidden = {**question, "written": None}
    with override("en"):
        view = charts.result_view(_result(questions=[question, hidden]))
    assert view.questions[0].written.startswith(
        "14 written answers (they go to the feedback pool for themes"
    )
    assert "hidden" in view.questions[1].written
    assert not view.questions[0].parts


def test_the_mean_of_a_scale_is_shown_when_nothing_of_it_is_hidden() -> None:
    labels = ["1", "2", "3", "4", "5"]
    question = {
        "key": "q3",
        "text": "Foot pursuits carry inherent risk.",
        "kind": "likert",
        "standard": "",
        "conditional": False,
        "overall": _table([[0], [12], [0], [14], [0]], [26], labels),
        "mean": 3.08,
    }
    rating = {**question, "key": "q12", "kind": "rating", "mean": 4.5}
    with override("en"):
        view = charts.result_view(_result(questions=[question, rating]))
    assert view.questions[0].parts[0].mean.startswith("Average: 3.08 on the scale from 1")
    assert view.questions[1].parts[0].mean == "Average rating: 4.50 out of 5."
