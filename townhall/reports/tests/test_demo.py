"""The reports demo (reports/demo.py): `load_demo` publishes the "what we heard" report of the
School Resource Officer engagement (seed 000) through the services, with every part the
report shows, and a second run adds nothing. One test, as the whole demo takes a while."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command

from townhall.core.models import AuditEvent
from townhall.reports.build import build, data_hash
from townhall.reports.demo import load_demo_reports
from townhall.reports.models import Report, ReportVersion

pytestmark = pytest.mark.django_db


def _load() -> str:
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def test_demo_publishes_the_sro_report_and_a_second_load_adds_nothing_V_D_3() -> None:
    output = _load()
    assert "Demo reports: 1 published." in output

    report = Report.objects.get()
    assert report.engagement.directive.number == "S04-01-02"
    assert report.engagement.status in ("follow_up", "concluded")
    assert report.status == Report.Status.PUBLISHED
    assert report.prepared_by.username == "oee.coordinator"
    assert report.approved_by is not None and report.approved_by.username == "rd.analyst"
    version = ReportVersion.objects.get(report=report)
    assert version.number == 1 and version.languages == ["en", "es"]
    # Published through the services, each step audited.
    actions = set(
        AuditEvent.objects.filter(
            object_type__icontains="report", object_id=str(report.pk)
        ).values_list("action", flat=True)
    )
    assert {"report.create", "report.submit", "report.approve", "report.publish"} <= actions

    data = version.data
    # The narrative is real: the working group's purpose in the seed's words, in English and
    # in Spanish.
    intro = version.narrative["introduction"]
    assert "community-focused policy working group" in intro["en"]
    assert "Grupo de Trabajo Comunitario" in intro["es"]
    assert all(version.narrative[s]["en"].strip() for s in version.narrative)
    # Comments with a campaign apart, a held meeting, the survey, the working group.
    p = data["participation"]
    assert p["comments"] > 40 and p["campaigns"] == 1 and p["campaign_copies"] >= 5
    assert p["meetings"] == 1 and p["attendance"] > 0
    assert p["survey_responses"] > 100 and p["members"] > 0
    # Small cells hidden, and shown as hidden.
    districts = data["demographics"]["district"]["rows"]
    assert any(row["count"] is None for row in districts)
    # Every theme decided; adopted, not adopted and future all present.
    assert data["themes"] and all(t["disposition"] for t in data["themes"])
    dispositions = {t["disposition"] for t in data["themes"]}
    assert {"adopted", "not_adopted", "future"} <= dispositions
    assert data["not_adopted"] and data["future"]
    assert any(r["disposition"] == "adopted" for r in data["body_recommendations"])
    # The redline: each change linked to the feedback that led to it.
    revisions = data["revisions"]
    assert revisions is not None and revisions["changes"]
    assert all(change["because"] for change in revisions["changes"])
    assert {c["new_anchor"] for c in revisions["changes"]} >= {"IV-A-13", "IV-B-1-b"}
    assert revisions["unmatched"] == []
    # Reproducible: regenerating from the record gives the same data.
    assert data_hash(build(report.engagement, final_version=report.final_version)) == (
        version.data_hash
    )

    # Loaded again (one test: the demo takes a while), nothing is added anywhere.
    counts = (Report.objects.count(), ReportVersion.objects.count(), AuditEvent.objects.count())
    second = _load()
    added = [int(n) for n in re.findall(r"^Demo [^:]+: (\d+)", second, re.M)]
    assert added and not any(added), second
    assert "Demo reports: 0 published." in second
    assert (
        Report.objects.count(),
        ReportVersion.objects.count(),
        AuditEvent.objects.count(),
    ) == counts
    assert load_demo_reports() == 0
