"""The column charts over time of the evaluation dashboard (pure geometry)."""

from __future__ import annotations

from townhall.reports import timecharts


def test_columns_grow_with_their_values_up_to_the_top() -> None:
    chart = timecharts.column_chart(
        [("2022", 50.0, "50"), ("2023", 100.0, "100"), ("2024", 0.0, "0")]
    )
    a, b, c = chart.columns
    assert b.height == chart.axis_y - timecharts.TOP  # the largest fills the track
    assert a.height == round(b.height / 2, 1)
    assert c.height == 0.0
    assert all(round(col.y + col.height, 1) == chart.axis_y for col in chart.columns)
    assert a.x < b.x < c.x


def test_percentages_scale_to_100() -> None:
    chart = timecharts.column_chart([("2024", 25.0, "25%")], top=100.0)
    (col,) = chart.columns
    assert col.height == round((chart.axis_y - timecharts.TOP) / 4, 1)


def test_a_year_without_a_figure_is_drawn_empty_with_a_dash() -> None:
    chart = timecharts.column_chart([("2023", None, ""), ("2024", 4.0, "4")])
    empty = chart.columns[0]
    assert empty.empty and empty.value == "—"
    assert not chart.columns[1].empty


def test_right_to_left_time_runs_from_the_right() -> None:
    ltr = timecharts.column_chart([("2023", 1.0, "1"), ("2024", 2.0, "2")])
    rtl = timecharts.column_chart([("2023", 1.0, "1"), ("2024", 2.0, "2")], rtl=True)
    assert ltr.columns[0].x < ltr.columns[1].x
    assert rtl.columns[0].x > rtl.columns[1].x
    assert rtl.direction == "rtl"
    assert rtl.columns[0].x == ltr.columns[1].x


def test_all_zero_or_no_columns_does_not_divide_by_zero() -> None:
    assert timecharts.column_chart([("2024", 0.0, "0")]).columns[0].height == 0.0
    assert timecharts.column_chart([]).columns == ()
