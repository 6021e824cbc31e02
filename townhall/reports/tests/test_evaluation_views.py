"""The evaluation dashboard, the engagement's measures page and the CSV (seed 002 VI-B-1,
VIII-A): who may read them, the filters, the charts with their tables, the export."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from townhall.engagements import services as engagements
from townhall.engagements.models import Engagement, Topic
from townhall.engagements.tests.helpers import determined
from townhall.reports import evaluation

pytestmark = pytest.mark.django_db

DASHBOARD = "staff:reports:evaluation"


@pytest.fixture
def engagement(persona: Any, d22_draft: Any) -> Engagement:
    e = determined(persona, 2, unit="Bureau of Patrol", title="Revising D22-08 with residents")
    e.topics.add(Topic.objects.get(slug="use-of-force"))
    return e


@pytest.mark.parametrize("key", ["oee", "ocpr_chief", "ocpr", "rd", "training", "pscd", "admin"])
def test_evaluation_readable_by_evaluators_VI_B_1_VIII_A(
    client_as: Any, engagement: Engagement, key: str
) -> None:
    client = client_as(key)
    assert client.get(reverse(DASHBOARD)).status_code == 200
    page = reverse("staff:reports:evaluation_engagement", args=[engagement.pk])
    assert client.get(page).status_code == 200
    assert client.get(reverse("staff:reports:evaluation_csv")).status_code == 200


@pytest.mark.parametrize("key", ["communications", "originating_unit", "department_member"])
def test_evaluation_refused_to_other_staff_roles_VIII_A(
    client_as: Any, engagement: Engagement, key: str
) -> None:
    client = client_as(key)
    assert client.get(reverse(DASHBOARD)).status_code == 403
    page = reverse("staff:reports:evaluation_engagement", args=[engagement.pk])
    assert client.get(page).status_code == 403
    assert client.get(reverse("staff:reports:evaluation_csv")).status_code == 403


def test_evaluation_not_shown_to_the_public(client_as: Any, engagement: Engagement) -> None:
    response = client_as(None).get(reverse(DASHBOARD))
    assert response.status_code in (302, 403, 404)


def test_dashboard_lists_the_years_engagements_with_totals_and_links_VIII_A(
    client_as: Any, engagement: Engagement
) -> None:
    html = client_as("oee").get(reverse(DASHBOARD)).content.decode()
    assert engagement.title in html
    assert reverse("staff:reports:evaluation_engagement", args=[engagement.pk]) in html
    assert "<tfoot>" in html
    assert html.count("<h1") == 1
    assert f"{reverse('staff:reports:evaluation_csv')}?year={timezone.localdate().year}" in html


def test_dashboard_charts_over_time_are_svg_with_a_title_and_a_table_VIII_A(
    client_as: Any, engagement: Engagement
) -> None:
    html = client_as("oee").get(reverse(DASHBOARD)).content.decode()
    charts = re.findall(r'<svg[^>]*role="img"[^>]*aria-labelledby="([^"]+)"', html)
    assert len(charts) >= 2
    year = timezone.localdate().year
    for title_id in charts:
        assert f'<title id="{title_id}">' in html
        chart_id = title_id.removesuffix("-title")
        assert f'<caption id="{chart_id}-caption">' in html
    # Five years, each a row of each chart's table.
    assert html.count(f'<th scope="row">{year - 4}</th>') >= 2
    assert 'style="' not in html and "<style" not in html and "<script" not in html


def test_dashboard_filters_by_topic_unit_and_district_VIII_A(
    client_as: Any, persona: Any, engagement: Engagement
) -> None:
    other = determined(persona, 1, unit="OEE", title="Training on crisis response")
    client = client_as("oee")
    by_topic = client.get(reverse(DASHBOARD), {"topic": "use-of-force"}).content.decode()
    assert engagement.title in by_topic and other.title not in by_topic
    by_unit = client.get(reverse(DASHBOARD), {"unit": "OEE"}).content.decode()
    assert other.title in by_unit and engagement.title not in by_unit
    by_district = client.get(reverse(DASHBOARD), {"district": "7"}).content.decode()
    assert other.title not in by_district and engagement.title not in by_district
    last_year = client.get(reverse(DASHBOARD), {"year": timezone.localdate().year - 1})
    assert engagement.title not in last_year.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"year": "abc"},
        {"year": "1850"},
        {"district": "99"},
        {"district": "seven"},
        {"topic": "not-a-topic"},
        {"unit": "Nobody"},
    ],
)
def test_dashboard_ignores_bad_filters_with_a_message_never_a_500(
    client_as: Any, engagement: Engagement, params: dict[str, str]
) -> None:
    response = client_as("oee").get(reverse(DASHBOARD), params)
    assert response.status_code == 200
    html = response.content.decode()
    assert "was not understood and was ignored" in html
    assert 'aria-invalid="true"' in html
    assert re.search(r'aria-describedby="id_\w+-error"', html)
    # The filter is dropped, the rest of the page is the default one.
    assert engagement.title in html
    csv_response = client_as("oee").get(reverse("staff:reports:evaluation_csv"), params)
    assert csv_response.status_code == 200


def test_dashboard_answers_a_null_byte_in_a_filter_without_a_500(
    client_as: Any, engagement: Engagement
) -> None:
    for view in (DASHBOARD, "staff:reports:evaluation_csv"):
        response = client_as("oee").get(reverse(view), {"year": "2025\x00"})
        assert response.status_code in (200, 400)


def test_engagement_page_lists_every_measure_with_how_and_item_VI_B_1(
    client_as: Any, engagement: Engagement
) -> None:
    page = reverse("staff:reports:evaluation_engagement", args=[engagement.pk])
    html = client_as("oee").get(page).content.decode()
    for measure in evaluation.MEASURES:
        assert f'id="{measure.key}"' in html
        assert str(measure.label) in html or str(measure.label).replace("“", "&ldquo;") in html
        assert f"Serves: {measure.items}" in html
    assert "How it is computed:" in html
    assert html.count("<h1") == 1


def test_engagement_page_404_for_unknown_engagement(client_as: Any, engagement: Engagement) -> None:
    page = reverse("staff:reports:evaluation_engagement", args=[engagement.pk + 1000])
    assert client_as("oee").get(page).status_code == 404


def _rows(response: Any) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_csv_exports_the_filtered_table_VIII_A(
    client_as: Any, persona: Any, engagement: Engagement
) -> None:
    determined(persona, 1, unit="OEE", title="Training on crisis response")
    response = client_as("oee").get(
        reverse("staff:reports:evaluation_csv"), {"unit": "Bureau of Patrol"}
    )
    assert response["Content-Type"].startswith("text/csv")
    year = timezone.localdate().year
    assert f'filename="evaluation-{year}.csv"' in response["Content-Disposition"]
    header, *rows = _rows(response)
    assert header[:3] == ["year", "engagement_id", "title"]
    assert "representativeness_index" in header and "posting_15_days" in header
    assert [r[2] for r in rows] == [engagement.title]
    assert len(rows[0]) == len(header)
    measures = evaluation.engagement_measures(engagement)
    row = dict(zip(header, rows[0], strict=True))
    assert row["participants"] == str(measures["participation"]["participants"])
    assert row["level_comparison"] == (measures["level"]["comparison"] or "")


def test_csv_is_formula_safe(client_as: Any, persona: Any, d22_draft: Any) -> None:
    from townhall.directives.models import Directive

    e = engagements.engagement_create(
        actor=persona("oee"),
        title='=HYPERLINK("https://example.org","Open")',
        originating_unit="@Bureau of Patrol",
        directive=Directive.objects.get(number="D22-08"),
    )
    engagements.engagement_assess(actor=persona("oee"), engagement=e, **_no_factors())
    engagements.engagement_determine(
        actor=persona("ocpr_chief"), engagement=e, level=1, consulted=["oee"]
    )
    header, *rows = _rows(client_as("oee").get(reverse("staff:reports:evaluation_csv")))
    row = dict(zip(header, rows[0], strict=True))
    assert row["title"].startswith("'=")
    assert row["originating_unit"] == "'@Bureau of Patrol"


def _no_factors() -> dict[str, Any]:
    from townhall.engagements.demo_public import NO_FACTORS

    return dict(NO_FACTORS)
