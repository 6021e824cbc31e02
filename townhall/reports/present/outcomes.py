"""What was not adopted or is left for the future, and the follow-up."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from townhall.reports.build import MIN_CELL
from townhall.reports.present.engagement import Fact
from townhall.reports.present.labels import _anchor_id, _disposition_label, _kind_label

# --- Outcomes and follow-up -----------------------------------------------------------------


@dataclass(frozen=True)
class OutcomeView:
    kind: str
    kind_label: str
    href: str
    label: str
    disposition: str
    reason: str


def _outcomes(rows: Iterable[Mapping[str, Any]]) -> list[OutcomeView]:
    return [
        OutcomeView(
            kind=str(o.get("kind") or ""),
            kind_label=_kind_label(str(o.get("kind") or "")),
            href=f"#{_anchor_id(str(o.get('kind') or ''), o.get('id'))}",
            label=str(o.get("label") or ""),
            disposition=_disposition_label(
                str(o.get("kind") or ""), str(o.get("disposition") or "")
            ),
            reason=str(o.get("reason") or ""),
        )
        for o in rows
    ]


@dataclass(frozen=True)
class FollowUp:
    planned: str
    done: str
    satisfaction: str
    facts: tuple[Fact, ...]


def _follow_up(data: Mapping[str, Any]) -> FollowUp | None:
    f = data.get("follow_up")
    if not f:
        return None
    responses = f.get("satisfaction_responses")
    mean = f.get("satisfaction_mean")
    if mean is not None:
        satisfaction = _("Average satisfaction: %(mean)s, from %(n)s answers.") % {
            "mean": number_format(mean, decimal_pos=2),
            "n": number_format(responses or 0),
        }
    elif responses is None:
        satisfaction = _(
            "Average satisfaction: hidden, because fewer than %(n)d people answered."
        ) % {"n": MIN_CELL + 1}
    else:
        satisfaction = _("No one has answered the post-engagement survey yet.")
    planned, done = int(f.get("planned") or 0), int(f.get("done") or 0)
    return FollowUp(
        planned=number_format(planned),
        done=number_format(done),
        satisfaction=satisfaction,
        facts=(
            Fact(_("Follow-up activities planned"), number_format(planned), planned),
            Fact(_("Follow-up activities done"), number_format(done), done),
        ),
    )
