"""The evaluation dashboard (seed 002 VI-B-1: OEE evaluates the engagements; VIII-A: the Chief
of OCPR ensures the reviews): the measures of every engagement active in a year, filterable by
topic, originating unit and police district, with charts over the last five years, each with
its table; one page per engagement explaining every measure; the table as CSV.

Read only. permissions.can_view_evaluation, else 403. A filter value that is not understood
is ignored, with a message and the error beside its field, never a 500.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone, translation
from django.utils.http import content_disposition_header, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from townhall.core.districts import district, district_choices
from townhall.core.text import spreadsheet_safe
from townhall.engagements.models import Engagement, Level
from townhall.reports import evaluation, permissions, timecharts
from townhall.reports.build import MIN_CELL
from townhall.reports.models import Report
from townhall.reports.numbers import number as _number
from townhall.reports.numbers import percent as _percent

#: The charts look back this many years, the chosen one included.
YEARS_SHOWN = 5


def _can_view(request: HttpRequest) -> None:
    if not permissions.can_view_evaluation(request.user):
        raise PermissionDenied


# --- The filters -----------------------------------------------------------------------------


class EvaluationFilterForm(forms.Form):
    """The dashboard's filters (GET). A value that is not understood is ignored."""

    year = forms.TypedChoiceField(
        label=gettext_lazy("Year"), required=False, coerce=int, empty_value=None, choices=()
    )
    topic = forms.ChoiceField(label=gettext_lazy("Topic"), required=False, choices=())
    unit = forms.ChoiceField(label=gettext_lazy("Originating unit"), required=False, choices=())
    district = forms.TypedChoiceField(
        label=gettext_lazy("Police district"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=(),
    )

    def __init__(
        self,
        *args: Any,
        years: list[int],
        topics: list[tuple[str, str]],
        units: list[str],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["year"]).choices = [
            (y, str(y)) for y in sorted(years, reverse=True)
        ]
        cast(forms.ChoiceField, self.fields["topic"]).choices = [
            ("", _("Any topic")),
            *topics,
        ]
        cast(forms.ChoiceField, self.fields["unit"]).choices = [
            ("", _("Any unit")),
            *((u, u) for u in units),
        ]
        cast(forms.ChoiceField, self.fields["district"]).choices = [
            ("", _("Any district")),
            *district_choices(),
        ]


@dataclass(frozen=True)
class Filters:
    year: int
    topic: str
    unit: str
    district: int | None

    def query(self) -> str:
        params: dict[str, Any] = {"year": self.year}
        if self.topic:
            params["topic"] = self.topic
        if self.unit:
            params["unit"] = self.unit
        if self.district is not None:
            params["district"] = self.district
        return urlencode(params)


def _filters(request: HttpRequest, *, warn: bool = True) -> tuple[EvaluationFilterForm, Filters]:
    choices = evaluation.filter_choices()
    current = timezone.localdate().year
    years = sorted(set(choices["years"]) | set(range(current - YEARS_SHOWN + 1, current + 1)))
    form = EvaluationFilterForm(
        request.GET or None, years=years, topics=choices["topics"], units=choices["units"]
    )
    values: dict[str, Any] = {"year": current, "topic": "", "unit": "", "district": None}
    if form.is_bound:
        form.is_valid()
        for name in values:
            if name in form.errors:
                if warn:
                    messages.warning(
                        request,
                        _("The filter “%(filter)s” was not understood and was ignored.")
                        % {"filter": form.fields[name].label},
                    )
            elif form.cleaned_data.get(name) not in (None, ""):
                values[name] = form.cleaned_data[name]
    return form, Filters(**values)


# --- Formatting ------------------------------------------------------------------------------


def _of(part: int, whole: int) -> str:
    return _("%(part)s of %(whole)s") % {"part": _number(part), "whole": _number(whole)}


_RULE_WORDS = {
    evaluation.KEPT: gettext_lazy("Kept"),
    evaluation.BROKEN: gettext_lazy("Broken"),
    evaluation.NOT_APPLICABLE: gettext_lazy("Not applicable"),
}
_COMPARISON_WORDS = {
    "above": gettext_lazy("Above the recommendation"),
    "same": gettext_lazy("As recommended"),
    "below": gettext_lazy("Below the recommendation"),
}


def _rule_text(rule: dict[str, Any]) -> str:
    word = str(_RULE_WORDS[rule["status"]])
    if rule["status"] == evaluation.NOT_APPLICABLE:
        return word
    return _("%(word)s (kept %(kept)s, broken %(broken)s)") % {
        "word": word,
        "kept": _number(rule["kept"]),
        "broken": _number(rule["broken"]),
    }


def _level_label(code: int | None) -> str:
    return str(Level(code).label) if code in Level.values else "—"


def _satisfaction_text(s: dict[str, Any]) -> str:
    if s["mean"] is None:
        return _("hidden (too few answers)") if s["responses"] is None else "—"
    if s.get("scale_max"):
        return _("%(mean)s out of %(top)s") % {
            "mean": _number(s["mean"], 2),
            "top": _number(s["scale_max"]),
        }
    return _number(s["mean"], 2)


@dataclass(frozen=True)
class Row:
    """One engagement in the dashboard's table, as written."""

    id: int
    title: str
    status: str
    unit: str
    participants: str
    commenters: str
    deliveries: str
    social: str
    representativeness: str
    review: str
    dispositions: str
    days: str
    follow_up: str
    tasks: str
    satisfaction: str
    level: str
    rules: tuple[tuple[str, str], ...]  # (status code, words)


def _row(m: dict[str, Any]) -> Row:
    e = m["engagement"]
    fu = m["follow_up"]
    s = m["satisfaction"]
    return Row(
        id=e["id"],
        title=e["title"],
        status=str(Engagement.Status(e["status"]).label),
        unit=e["originating_unit"],
        participants=_number(m["participation"]["participants"]),
        commenters=_number(m["participation"]["commenters"]),
        deliveries=_number(m["reach"]["deliveries_sent"]),
        social=_number(m["reach"]["social_posts"]),
        representativeness=_number(m["representativeness"]["index"], 2),
        review=_percent(m["review"]["share"]),
        dispositions=_percent(m["dispositions"]["share"]),
        days=_number(m["days_to_report"]["days"]),
        follow_up=_of(fu["activities_done"], fu["activities_planned"])
        if fu["activities_planned"]
        else "—",
        tasks=_percent(fu["tasks_share"]),
        satisfaction=_number(s["mean"], 2)
        if s["mean"] is not None
        else (_("hidden") if s["responses"] is None else "—"),
        level=str(_COMPARISON_WORDS.get(m["level"]["comparison"] or "", "—")),
        rules=tuple((m["rules"][r]["status"], _rule_text(m["rules"][r])) for r in evaluation.RULES),
    )


def _totals_row(t: dict[str, Any]) -> Row:
    fu = t["follow_up"]
    levels = t["level"]
    return Row(
        id=0,
        title=ngettext("All %(n)s engagement", "All %(n)s engagements", int(t["engagements"]))
        % {"n": _number(t["engagements"])},
        status="",
        unit="",
        participants=_number(t["participants"]),
        commenters=_number(t["commenters"]),
        deliveries=_number(t["deliveries_sent"]),
        social=_number(t["social_posts"]),
        representativeness=_number(t["representativeness"]["mean"], 2),
        review=_percent(t["review"]["share"]),
        dispositions=_percent(t["dispositions"]["share"]),
        days=_number(t["days_to_report"]["median"], 1),
        follow_up=_of(fu["activities_done"], fu["activities_planned"])
        if fu["activities_planned"]
        else "—",
        tasks=_percent(fu["tasks_share"]),
        satisfaction=_number(t["satisfaction"]["mean"], 2),
        level=_("above %(above)s, as recommended %(same)s, below %(below)s")
        % {k: _number(levels[k]) for k in ("above", "same", "below")},
        rules=tuple((t["rules"][r]["status"], _rule_text(t["rules"][r])) for r in evaluation.RULES),
    )


# --- The charts ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChartView:
    id: str
    heading: str
    title: str
    chart: timecharts.ColumnChart
    caption: str
    value_heading: str
    detail_heading: str
    rows: tuple[tuple[str, str, str], ...]  # (year, value, detail)


def _charts(series: list[dict[str, Any]], rtl: bool) -> list[ChartView]:
    years = [str(p["year"]) for p in series]
    first, last = years[0], years[-1]
    participants = [
        (str(p["year"]), float(p["participants"]), _number(p["participants"])) for p in series
    ]
    dispositions = [
        (
            str(p["year"]),
            None if p["dispositions"]["share"] is None else p["dispositions"]["share"] * 100,
            _percent(p["dispositions"]["share"]),
        )
        for p in series
    ]
    days = [
        (
            str(p["year"]),
            None if p["days_to_report"]["median"] is None else float(p["days_to_report"]["median"]),
            _number(p["days_to_report"]["median"], 1),
        )
        for p in series
    ]
    span = {"first": first, "last": last}
    return [
        ChartView(
            id="chart-participants",
            heading=_("Participants per year"),
            title=_(
                "Participants in the engagements active each year, %(first)s to %(last)s. "
                "Columns: participants; the table beside gives the figures."
            )
            % span,
            chart=timecharts.column_chart(participants, rtl=rtl),
            caption=_("Participants per year, %(first)s to %(last)s") % span,
            value_heading=_("Participants"),
            detail_heading=_("Engagements"),
            rows=tuple(
                (str(p["year"]), _number(p["participants"]), _number(p["engagements"]))
                for p in series
            ),
        ),
        ChartView(
            id="chart-dispositions",
            heading=_("Themes and recommendations with a disposition"),
            title=_(
                "Share of the themes and recommendations with a disposition, per year, "
                "%(first)s to %(last)s. Columns: percentages; the table beside gives the "
                "figures."
            )
            % span,
            chart=timecharts.column_chart(dispositions, top=100.0, rtl=rtl),
            caption=_("Share with a disposition per year, %(first)s to %(last)s") % span,
            value_heading=_("With a disposition"),
            detail_heading=_("Decided of all"),
            rows=tuple(
                (
                    str(p["year"]),
                    _percent(p["dispositions"]["share"]),
                    _of(p["dispositions"]["decided"], p["dispositions"]["total"]),
                )
                for p in series
            ),
        ),
        ChartView(
            id="chart-days",
            heading=_("Days from the close of comment to the report"),
            title=_(
                "Median days from the close of comment to the first published report, per "
                "year, %(first)s to %(last)s. Columns: days; the table beside gives the "
                "figures."
            )
            % span,
            chart=timecharts.column_chart(days, rtl=rtl),
            caption=_("Median days to the report per year, %(first)s to %(last)s") % span,
            value_heading=_("Median days"),
            detail_heading=_("Reports published; closed and waiting"),
            rows=tuple(
                (
                    str(p["year"]),
                    _number(p["days_to_report"]["median"], 1),
                    _("%(reported)s; %(pending)s")
                    % {
                        "reported": _number(p["days_to_report"]["reported"]),
                        "pending": _number(p["days_to_report"]["pending"]),
                    },
                )
                for p in series
            ),
        ),
    ]


# --- The pages -------------------------------------------------------------------------------


def _filter_summary(f: Filters, topics: dict[str, str]) -> list[str]:
    out = []
    if f.topic:
        out.append(_("topic: %(topic)s") % {"topic": topics.get(f.topic, f.topic)})
    if f.unit:
        out.append(_("originating unit: %(unit)s") % {"unit": f.unit})
    if f.district is not None:
        d = district(f.district)
        out.append(
            _("police district: %(district)s")
            % {"district": d.ordinal_label if d else str(f.district)}
        )
    return out


def dashboard(request: HttpRequest) -> HttpResponse:
    _can_view(request)
    form, f = _filters(request)
    years = list(range(f.year - YEARS_SHOWN + 1, f.year + 1))
    found = evaluation.periods(years=years, topic=f.topic, unit=f.unit, district=f.district)
    period = found[f.year]
    series = [{"year": y, **found[y]["totals"]} for y in years]
    rtl = translation.get_language_bidi()
    topics = {str(k): str(v) for k, v in form.fields["topic"].choices if k}  # type: ignore[attr-defined]
    return render(
        request,
        "reports/staff/evaluation_dashboard.html",
        {
            "form": form,
            "filters": f,
            "filter_summary": _filter_summary(f, topics),
            "query": f.query(),
            "rows": [_row(m) for m in period["rows"]],
            "totals": _totals_row(period["totals"]) if period["rows"] else None,
            "charts": _charts(series, rtl),
            "measures": [
                {"m": m, "how": evaluation.measure_how(m.key)} for m in evaluation.MEASURES
            ],
            "min_cell": MIN_CELL,
        },
    )


@dataclass(frozen=True)
class Item:
    """One measure on the engagement's page: its figures, how it is computed, what it serves."""

    key: str
    label: str
    items: str
    how: str
    figures: tuple[tuple[str, str], ...]  # (what, value)
    status: str = ""  # a rule's kept / broken / not_applicable


def _items(m: dict[str, Any]) -> list[Item]:
    def item(key: str, figures: list[tuple[str, str]], status: str = "") -> Item:
        measure = evaluation.MEASURES_BY_KEY[key]
        return Item(
            key=key,
            label=str(measure.label),
            items=measure.items,
            how=evaluation.measure_how(key),
            figures=tuple(figures),
            status=status,
        )

    p, r, rep = m["participation"], m["reach"], m["representativeness"]
    rv, d, days = m["review"], m["dispositions"], m["days_to_report"]
    fu, s, lv = m["follow_up"], m["satisfaction"], m["level"]
    out = [
        item("participants", [(_("Participants"), _number(p["participants"]))]),
        item("commenters", [(_("Unique commenters"), _number(p["commenters"]))]),
        item(
            "reach",
            [
                (_("Announcement emails sent"), _number(r["deliveries_sent"])),
                (_("Social media posts"), _number(r["social_posts"])),
            ],
        ),
        item(
            "representativeness",
            [
                (_("Index"), _number(rep["index"], 2)),
                (_("People who gave their race or ethnicity"), _number(rep["answered"])),
                (
                    _("Compared with"),
                    _("the whole city")
                    if rep["baseline"] == "city"
                    else _("the police districts %(districts)s")
                    % {"districts": ", ".join(str(n) for n in m["engagement"]["districts"])},
                ),
            ],
        ),
        item(
            "review",
            [
                (_("Reviewed"), _percent(rv["share"])),
                (_("Items reviewed of those to review"), _of(rv["reviewed"], rv["to_review"])),
                (_("Items in the pool (hidden comments left out)"), _number(rv["analysable"])),
            ],
        ),
        item(
            "dispositions",
            [
                (_("With a disposition"), _percent(d["share"])),
                (_("Decided of all"), _of(d["decided"], d["total"])),
            ],
        ),
        item(
            "days_to_report",
            [
                (_("Days"), _number(days["days"])),
                (_("Comment closed on"), days["closed_on"] or "—"),
                (_("First report published on"), days["published_on"] or "—"),
            ],
        ),
        item(
            "follow_up",
            [
                (
                    _("Step-3 activities done"),
                    _of(fu["activities_done"], fu["activities_planned"]),
                ),
                (_("Follow-up duties done"), _of(fu["tasks_done"], fu["tasks_total"])),
                (_("Follow-up duties waived"), _number(fu["tasks_waived"])),
            ],
        ),
        item(
            "satisfaction",
            [
                (_("Mean rating"), _satisfaction_text(s)),
                (
                    _("Answers"),
                    _("hidden") if s["responses"] is None else _number(s["responses"]),
                ),
            ],
        ),
        item(
            "level",
            [
                (_("Determined"), _level_label(lv["determined"])),
                (_("Recommended"), _level_label(lv["recommended"])),
                (
                    _("Comparison"),
                    str(_COMPARISON_WORDS.get(lv["comparison"] or "", "—")),
                ),
            ],
        ),
    ]
    for rule in evaluation.RULES:
        x = m["rules"][rule]
        out.append(
            item(
                rule,
                [
                    (_("Result"), str(_RULE_WORDS[x["status"]])),
                    (_("Kept"), _number(x["kept"])),
                    (_("Broken"), _number(x["broken"])),
                ],
                status=x["status"],
            )
        )
    return out


def engagement(request: HttpRequest, pk: int) -> HttpResponse:
    _can_view(request)
    e = get_object_or_404(Engagement, pk=pk)
    measures = evaluation.engagement_measures(e)
    report = Report.objects.filter(engagement=e).first()
    return render(
        request,
        "reports/staff/evaluation_engagement.html",
        {
            "engagement": e,
            "report": report,
            "items": _items(measures),
            "min_cell": MIN_CELL,
        },
    )


#: The CSV's columns: (header, how to read it from an engagement's measures).
_CSV_COLUMNS: tuple[tuple[str, tuple[str, str]], ...] = (
    ("participants", ("participation", "participants")),
    ("unique_commenters", ("participation", "commenters")),
    ("emails_sent", ("reach", "deliveries_sent")),
    ("social_posts", ("reach", "social_posts")),
    ("representativeness_index", ("representativeness", "index")),
    ("race_answered", ("representativeness", "answered")),
    ("feedback_to_review", ("review", "to_review")),
    ("feedback_reviewed", ("review", "reviewed")),
    ("feedback_reviewed_share", ("review", "share")),
    ("themes_and_recommendations", ("dispositions", "total")),
    ("with_disposition", ("dispositions", "decided")),
    ("with_disposition_share", ("dispositions", "share")),
    ("comment_closed_on", ("days_to_report", "closed_on")),
    ("report_published_on", ("days_to_report", "published_on")),
    ("days_to_report", ("days_to_report", "days")),
    ("follow_up_activities_planned", ("follow_up", "activities_planned")),
    ("follow_up_activities_done", ("follow_up", "activities_done")),
    ("follow_up_duties", ("follow_up", "tasks_total")),
    ("follow_up_duties_done", ("follow_up", "tasks_done")),
    ("satisfaction_answers", ("satisfaction", "responses")),
    ("satisfaction_mean", ("satisfaction", "mean")),
    ("satisfaction_scale_max", ("satisfaction", "scale_max")),
    ("level_determined", ("level", "determined")),
    ("level_recommended", ("level", "recommended")),
    ("level_comparison", ("level", "comparison")),
)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return spreadsheet_safe(value)
    return str(value)


def csv_download(request: HttpRequest) -> HttpResponse:
    """The dashboard's table for the chosen year and filters: one row per engagement, codes
    and plain numbers (shares from 0 to 1, dates as YYYY-MM-DD); a suppressed figure is
    empty."""
    _can_view(request)
    _form, f = _filters(request, warn=False)
    period = evaluation.period_measures(
        year=f.year, topic=f.topic, unit=f.unit, district=f.district
    )
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    rule_columns = [c for r in evaluation.RULES for c in (f"{r}_kept", f"{r}_broken", r)]
    writer.writerow(
        [
            "year",
            "engagement_id",
            "title",
            "status",
            "originating_unit",
            "active_from",
            "active_to",
            *(name for name, _path in _CSV_COLUMNS),
            *rule_columns,
        ]
    )
    for m in period["rows"]:
        e = m["engagement"]
        rules = []
        for r in evaluation.RULES:
            x = m["rules"][r]
            rules += [str(x["kept"]), str(x["broken"]), x["status"]]
        writer.writerow(
            [
                str(f.year),
                str(e["id"]),
                _cell(e["title"]),
                e["status"],
                _cell(e["originating_unit"]),
                m["active"]["from"],
                m["active"]["to"],
                *(_cell(m[part][key]) for _name, (part, key) in _CSV_COLUMNS),
                *rules,
            ]
        )
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, f"evaluation-{f.year}.csv")
    return response
