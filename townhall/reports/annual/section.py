"""present(data): the charts, each engagement's view and the whole section, as shown."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from townhall.engagements.models import Activity, Engagement, Level
from townhall.reports import evaluation
from townhall.reports.annual.data import _SUBJECTS
from townhall.reports.annual.measures import _evaluation_facts, _measure_facts
from townhall.reports.annual.viewtypes import (
    Change,
    ChartView,
    EngagementView,
    Fact,
    Outcome,
    SectionView,
)
from townhall.reports.annual.wording import (
    _CHANGE_WORDS,
    _KIND_WORDS,
    _REASON_WORDS,
    _day,
    _disposition,
    _label,
    _level_text,
    _report_url,
    _subject_text,
    _words,
)
from townhall.reports.models import Report
from townhall.reports.numbers import number as _n
from townhall.surveys import charts

#: The bars a chart draws at most, so that it fits on a printed page; its table has every row.
CHART_BARS = 12


def _count_chart(
    *,
    id: str,
    heading: str,
    title: str,
    caption: str,
    columns: tuple[str, ...],
    items: Sequence[tuple[str, int, tuple[str, ...]]],
    rtl: bool,
) -> ChartView:
    """Horizontal bars of counts, the longest bar the largest count, each labelled with its
    count (surveys.charts.bar_chart draws the geometry). `items` come largest first; the chart
    draws the first CHART_BARS (so that it fits on a printed page), the table gives them all."""
    drawn = items[:CHART_BARS]
    top = max([count for _label, count, _rest in drawn] or [0])
    chart = charts.bar_chart(
        [(label, count * 100 / top if top else 0.0) for label, count, _rest in drawn],
        hidden_text="—",
        rtl=rtl,
    )
    bars = tuple(
        dataclasses.replace(bar, value=_n(count))
        for bar, (_label, count, _rest) in zip(chart.bars, drawn, strict=True)
    )
    if len(items) > len(drawn):
        title = _("%(title)s The chart shows the %(n)s largest; the table gives all %(all)s.") % {
            "title": title,
            "n": len(drawn),
            "all": len(items),
        }
    return ChartView(
        id=id,
        heading=heading,
        title=title,
        chart=dataclasses.replace(chart, bars=bars),
        caption=caption,
        columns=columns,
        rows=tuple((label, *rest) for label, _count, rest in items),
    )


def _engagement_view(row: dict[str, Any]) -> EngagementView:
    dates = row["dates"]
    facts = [
        Fact(_("Subject"), _subject_text(row["subject"])),
        Fact(_("Level of engagement"), _level_text(row["level"])),
        Fact(_("Status"), _label(Engagement.Status, row["status"])),
        Fact(_("Originating unit"), row["originating_unit"] or "—"),
        Fact(
            _("Active in the year"),
            "; ".join(_words(_REASON_WORDS, r) for r in row["because"]),
        ),
    ]
    if dates["first"]:
        facts.append(
            Fact(
                _("Activities in the year"),
                _("%(first)s to %(last)s")
                % {"first": _day(dates["first"]), "last": _day(dates["last"])},
            )
        )
    methods = tuple(
        Fact(
            _label(Activity.Method, m["method"]),
            ngettext("%(n)s activity", "%(n)s activities", m["activities"])
            % {"n": _n(m["activities"])},
        )
        for m in row["methods"]
    )
    p = row["participation"]
    participation = [
        Fact(_("Participants"), _n(p["participants"])),
        Fact(_("Unique commenters"), _n(p["commenters"])),
    ]
    report = row["report"]
    revisions = ""
    changes: tuple[Change, ...] = ()
    more = ""
    adopted: tuple[Outcome, ...] = ()
    outcomes: tuple[Fact, ...] = ()
    if report is None:
        status = row["report_status"]
        if status:
            line = _("No report has been published yet (report status: %(status)s).") % {
                "status": _label(Report.Status, status)
            }
        else:
            line = _("No report has been published yet.")
        url = ""
    else:
        line = _("From version %(number)s of the “what we heard” report, published on %(day)s.") % {
            "number": report["number"],
            "day": _day(report["published_on"]),
        }
        url = _report_url(row["id"])
        rp = report["participation"]
        for key, word in (
            ("comments", _("Comments (in the report)")),
            ("unique_comments", _("Unique comments, campaign copies apart")),
            ("campaign_copies", _("Copies of campaigns")),
            ("meetings", _("Meetings")),
            ("attendance", _("Attendance at meetings")),
            ("survey_responses", _("Survey responses")),
            ("members", _("Members of standing bodies")),
        ):
            if rp.get(key):
                participation.append(Fact(word, _n(rp[key])))
        rev = report["revisions"]
        if rev:
            s = rev["summary"]
            final = rev["final"]
            issued = (
                _("%(title)s, issued on %(day)s")
                % {"title": final["title"], "day": _day(final["issue_date"])}
                if final.get("issue_date")
                else final["title"]
            )
            revisions = _(
                "The revised directive (%(final)s) compared with the draft posted for comment: "
                "items changed: %(changed)s; added: %(added)s; removed: %(removed)s; moved: "
                "%(moved)s."
            ) % {
                "final": issued,
                "changed": _n(s["changed"]),
                "added": _n(s["added"]),
                "removed": _n(s["removed"]),
                "moved": _n(s["moved"]),
            }
            changes = tuple(
                Change(
                    item=c["item"] or "—",
                    kind=_words(_CHANGE_WORDS, c["kind"]),
                    heading=c["heading"],
                    because="; ".join(c["because"]),
                )
                for c in rev["changes"]
            )
            if rev["more_changes"]:
                more = ngettext(
                    "and %(n)s more changed item, in the report",
                    "and %(n)s more changed items, in the report",
                    rev["more_changes"],
                ) % {"n": _n(rev["more_changes"])}
        adopted = tuple(
            Outcome(
                kind=_words(_KIND_WORDS, o["kind"]),
                label=o["label"],
                disposition=_disposition(o["kind"], o["disposition"]),
                reason=o["reason"],
            )
            for o in report["adopted"]
        )
        outcomes = (
            Fact(_("Themes and recommendations"), _n(report["themes_and_recommendations"])),
            Fact(_("Adopted in whole or in part"), _n(report["changed"])),
            Fact(_("Not adopted or out of scope"), _n(report["not_adopted"])),
            Fact(_("Considered for the future"), _n(report["future"])),
        )
    return EngagementView(
        id=row["id"],
        anchor=f"engagement-{row['id']}",
        title=row["title"],
        facts=tuple(facts),
        methods=methods,
        participation=tuple(participation),
        report_line=line,
        report_url=url,
        revisions=revisions,
        changes=changes,
        more_changes=more,
        adopted=adopted,
        outcomes=outcomes,
        measures=_measure_facts(row["measures"]),
    )


def present(data: dict[str, Any], *, rtl: bool = False) -> SectionView:
    """What the section shows of `data` (gather()), in the active language."""
    year = data["year"]
    t = data["totals"]
    rows = data["engagements"]
    subjects = t["by_subject"]
    levels = t["by_level"]
    summary = (
        Fact(_("Engagements active in the year"), _n(t["engagements"])),
        Fact(
            _("About"),
            _("directives: %(directive)s; trainings: %(training)s; other subjects: %(other)s")
            % {k: _n(subjects[k]) for k in _SUBJECTS},
        ),
        *(Fact(_label(Level, int(code)), _n(n)) for code, n in levels.items() if code),
        Fact(_("Activities in the year"), _n(t["activities"])),
        Fact(_("Methods used"), _n(t["methods"])),
        Fact(_("Participants"), _n(t["participants"])),
        Fact(_("Unique commenters"), _n(t["commenters"])),
        Fact(_("Report versions published in the year"), _n(t["versions_published"])),
        Fact(_("Engagements with a published report"), _n(t["engagements_reported"])),
        Fact(_("Themes and recommendations adopted in whole or in part"), _n(t["adopted"])),
        Fact(_("Not adopted or out of scope"), _n(t["not_adopted"])),
        Fact(_("Considered for the future"), _n(t["future"])),
        Fact(_("Directives revised after engagement"), _n(t["directives_revised"])),
        Fact(_("Directive items changed, added or removed"), _n(t["items_changed"])),
    )
    chart_views: list[ChartView] = []
    if rows:
        by_participants = sorted(
            rows, key=lambda r: (-r["participation"]["participants"], r["title"])
        )
        chart_views.append(
            _count_chart(
                id="chart-participants",
                heading=_("Participants by engagement"),
                title=_(
                    "Participants in each engagement active in %(year)s. Bars: participants; "
                    "the table gives the figures."
                )
                % {"year": year},
                caption=_("Participants by engagement, %(year)s") % {"year": year},
                columns=(_("Engagement"), _("Participants"), _("Unique commenters")),
                items=[
                    (
                        r["title"],
                        r["participation"]["participants"],
                        (
                            _n(r["participation"]["participants"]),
                            _n(r["participation"]["commenters"]),
                        ),
                    )
                    for r in by_participants
                ],
                rtl=rtl,
            )
        )
    if data["methods"]:
        methods = sorted(data["methods"], key=lambda m: (-m["activities"], -m["engagements"]))
        chart_views.append(
            _count_chart(
                id="chart-methods",
                heading=_("Methods used"),
                title=_(
                    "Activities of each method in the engagements active in %(year)s. Bars: "
                    "activities; the table gives the figures."
                )
                % {"year": year},
                caption=_("Methods used, %(year)s: activities and engagements") % {"year": year},
                columns=(_("Method"), _("Activities"), _("Engagements")),
                items=[
                    (
                        _label(Activity.Method, m["method"]),
                        m["activities"],
                        (_n(m["activities"]), _n(m["engagements"])),
                    )
                    for m in methods
                ],
                rtl=rtl,
            )
        )
    return SectionView(
        year=year,
        title=_("Community engagement in %(year)s") % {"year": year},
        empty=not rows,
        summary=summary,
        charts=tuple(chart_views),
        engagements=tuple(_engagement_view(r) for r in rows),
        evaluation=_evaluation_facts(t["evaluation"]) if rows else (),
        measures=tuple(
            (str(m.label), m.items, evaluation.measure_how(m.key)) for m in evaluation.MEASURES
        ),
        notes=(
            _(
                "An engagement is listed in every year in which one of its activities took "
                "place, one of its postings was open for comment, or a version of its report was "
                "published. Engagements still being assessed are not listed."
            ),
            _(
                "Participation and the evaluation measures are those of the whole engagement, as "
                "the record holds them today; an engagement active in two years counts in both. "
                "An activity without dates is counted with its engagement."
            ),
            _(
                "What changed comes from the latest published version of each engagement's "
                "“what we heard” report, as it was published."
            ),
            _(
                "Small counts about who took part (from 1 to %(n)s) are hidden in the reports and "
                "in these measures."
            )
            % {"n": data["min_cell"]},
        ),
    )
