"""The evaluation measures as facts: one engagement's, and the year's totals."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from townhall.reports import evaluation
from townhall.reports.annual.viewtypes import Fact
from townhall.reports.annual.wording import (
    _COMPARISON_WORDS,
    _of,
    _representativeness,
    _rule_text,
    _satisfaction,
    _share_of,
    _words,
)
from townhall.reports.numbers import number as _n
from townhall.reports.numbers import percent as _pct


def _rule_facts(rules: dict[str, Any]) -> list[Fact]:
    return [
        Fact(str(evaluation.MEASURES_BY_KEY[rule].label), _rule_text(rules[rule]))
        for rule in evaluation.RULES
    ]


def _measure_facts(m: dict[str, Any]) -> tuple[Fact, ...]:
    label = {k: str(x.label) for k, x in evaluation.MEASURES_BY_KEY.items()}
    rep, fu = m["representativeness"], m["follow_up"]
    comparison = m["level"]["comparison"]
    return (
        Fact(
            label["reach"],
            _("%(emails)s emails sent, %(posts)s social media posts")
            % {
                "emails": _n(m["reach"]["deliveries_sent"]),
                "posts": _n(m["reach"]["social_posts"]),
            },
        ),
        Fact(label["representativeness"], _representativeness(rep["index"], rep["answered"])),
        Fact(label["review"], _pct(m["review"]["share"])),
        Fact(label["dispositions"], _share_of(m["dispositions"])),
        Fact(label["days_to_report"], _n(m["days_to_report"]["days"])),
        Fact(
            label["follow_up"],
            _("activities: %(activities)s; duties: %(duties)s")
            % {
                "activities": _of(fu["activities_done"], fu["activities_planned"]),
                "duties": _of(fu["tasks_done"], fu["tasks_total"]),
            },
        ),
        Fact(label["satisfaction"], _satisfaction(m["satisfaction"])),
        Fact(label["level"], _words(_COMPARISON_WORDS, comparison) if comparison else "—"),
        *_rule_facts(m["rules"]),
    )


def _evaluation_facts(t: dict[str, Any]) -> tuple[Fact, ...]:
    label = {k: str(x.label) for k, x in evaluation.MEASURES_BY_KEY.items()}
    fu, days, sat, levels = t["follow_up"], t["days_to_report"], t["satisfaction"], t["level"]
    rep = t["representativeness"]
    return (
        Fact(
            label["reach"],
            _("%(emails)s emails sent, %(posts)s social media posts")
            % {"emails": _n(t["deliveries_sent"]), "posts": _n(t["social_posts"])},
        ),
        Fact(
            label["representativeness"],
            "—"
            if rep["mean"] is None
            else ngettext(
                "mean %(mean)s (from 0 to 1), over %(n)s engagement with enough answers",
                "mean %(mean)s (from 0 to 1), over %(n)s engagements with enough answers",
                rep["engagements"],
            )
            % {"mean": _n(rep["mean"], 2), "n": _n(rep["engagements"])},
        ),
        Fact(
            label["review"],
            "—"
            if t["review"]["share"] is None
            else _("%(share)s (%(of)s items)")
            % {
                "share": _pct(t["review"]["share"]),
                "of": _of(t["review"]["reviewed"], t["review"]["to_review"]),
            },
        ),
        Fact(label["dispositions"], _share_of(t["dispositions"])),
        Fact(
            label["days_to_report"],
            _(
                "median %(median)s, mean %(mean)s; reports published: %(reported)s; closed "
                "and waiting for a report: %(pending)s"
            )
            % {
                "median": _n(days["median"], 1),
                "mean": _n(days["mean"], 1),
                "reported": _n(days["reported"]),
                "pending": _n(days["pending"]),
            },
        ),
        Fact(
            label["follow_up"],
            _("activities: %(activities)s; duties: %(duties)s")
            % {
                "activities": _of(fu["activities_done"], fu["activities_planned"]),
                "duties": _of(fu["tasks_done"], fu["tasks_total"]),
            },
        ),
        Fact(
            label["satisfaction"],
            "—"
            if sat["mean"] is None
            else _("mean %(mean)s, over %(n)s answers in %(engagements)s engagements")
            % {
                "mean": _n(sat["mean"], 2),
                "n": _n(sat["responses"]),
                "engagements": _n(sat["engagements"]),
            },
        ),
        Fact(
            label["level"],
            _("above %(above)s, as recommended %(same)s, below %(below)s")
            % {k: _n(levels[k]) for k in ("above", "same", "below")},
        ),
        *_rule_facts(t["rules"]),
    )
