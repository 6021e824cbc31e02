"""The campaigns, the themes, their recommendations and the advisory bodies' recommendations."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from townhall.reports.present.charts import BarSpec, Chart, _chart
from townhall.reports.present.labels import (
    _anchor_id,
    _date_text,
    _disposition_label,
    _num,
    _stance_label,
    _version_url,
)

# --- Campaigns and themes -------------------------------------------------------------------


@dataclass(frozen=True)
class CampaignView:
    number: int
    heading: str  # "Campaign 1: 5 copies"
    detail: str  # its variants and the copies with words of their own
    size: str
    variants: str
    with_additions: str
    text: str
    first_seen: str
    last_seen: str


@dataclass(frozen=True)
class Campaigns:
    summary: str
    rows: tuple[CampaignView, ...]


def _campaigns(data: Mapping[str, Any]) -> Campaigns:
    p = data.get("participation") or {}
    copies = int(p.get("campaign_copies") or 0)
    count = int(p.get("campaigns") or 0)
    unique = int(p.get("unique_comments") or 0)
    if count:
        summary = ngettext(
            "%(copies)s copies of %(count)s campaign were counted apart from the %(unique)s "
            "unique comments: a campaign is weighed once, with its size, not as many comments.",
            "%(copies)s copies of %(count)s campaigns were counted apart from the %(unique)s "
            "unique comments: a campaign is weighed once, with its size, not as many comments.",
            count,
        ) % {
            "copies": number_format(copies),
            "count": number_format(count),
            "unique": number_format(unique),
        }
    else:
        summary = _("No campaign was found among the %(unique)s comments.") % {
            "unique": number_format(unique)
        }
    rows = []
    for i, c in enumerate(data.get("campaigns") or [], start=1):
        size, variants = int(c.get("size") or 0), int(c.get("variants") or 0)
        additions = int(c.get("with_additions") or 0)
        detail = ngettext("%(n)s variant of the text.", "%(n)s variants of the text.", variants) % {
            "n": number_format(variants)
        }
        if additions:
            detail += " " + ngettext(
                "%(n)s copy adds words of its own, read with the unique comments.",
                "%(n)s copies add words of their own, read with the unique comments.",
                additions,
            ) % {"n": number_format(additions)}
        rows.append(
            CampaignView(
                number=i,
                heading=ngettext(
                    "Campaign %(number)d: %(n)s copy", "Campaign %(number)d: %(n)s copies", size
                )
                % {"number": i, "n": number_format(size)},
                detail=detail,
                size=_num(c.get("size")),
                variants=_num(c.get("variants")),
                with_additions=_num(c.get("with_additions")),
                text=str(c.get("text") or ""),
                first_seen=_date_text(c.get("first_seen")),
                last_seen=_date_text(c.get("last_seen")),
            )
        )
    return Campaigns(summary=summary, rows=tuple(rows))


@dataclass(frozen=True)
class Link:
    href: str
    text: str


@dataclass(frozen=True)
class RecView:
    kind: str
    id: Any
    anchor: str
    text: str
    disposition: str
    reason: str
    revised: Link | None


@dataclass(frozen=True)
class ThemeView:
    id: Any
    anchor: str
    label: str
    size: str
    unique_count: str
    stance: str
    key_phrases: str
    quotes: tuple[str, ...]
    disposition: str
    decided: bool
    reason: str
    revised: Link | None
    recommendations: tuple[RecView, ...]
    raw_size: int


def _revised_link(
    subject: Mapping[str, Any],
    version_id: Any,
    section: str,
    change_ids: Mapping[str, str],
) -> Link | None:
    """Where the revised item is: its change in this report's redline when it has one, else
    the item in the revised directive."""
    if not section:
        return None
    text = _("Revised item %(item)s") % {"item": section}
    local = change_ids.get(section.upper())
    if local:
        return Link(href=f"#{local}", text=text)
    url = _version_url(subject, version_id, section)
    return Link(href=url, text=text) if url else None


def _stance_text(stance: Mapping[str, Any]) -> str:
    parts = [
        _("%(stance)s: %(n)s") % {"stance": _stance_label(k), "n": number_format(int(v))}
        for k, v in stance.items()
        if v
    ]
    return ", ".join(parts)


def _themes(
    data: Mapping[str, Any], subject: Mapping[str, Any], change_ids: Mapping[str, str]
) -> list[ThemeView]:
    out = []
    for t in data.get("themes") or []:
        recs = tuple(
            RecView(
                kind="recommendation",
                id=r.get("id"),
                anchor=_anchor_id("recommendation", r.get("id")),
                text=str(r.get("text") or ""),
                disposition=_disposition_label("recommendation", str(r.get("disposition") or "")),
                reason=str(r.get("reason") or ""),
                revised=_revised_link(
                    subject,
                    r.get("revised_version_id"),
                    str(r.get("revised_section") or ""),
                    change_ids,
                ),
            )
            for r in t.get("recommendations") or []
        )
        out.append(
            ThemeView(
                id=t.get("id"),
                anchor=_anchor_id("theme", t.get("id")),
                label=str(t.get("label") or ""),
                size=_num(t.get("size") or 0),
                unique_count=_num(t.get("unique_count") or 0),
                stance=_stance_text(t.get("stance") or {}),
                key_phrases=", ".join(str(p) for p in t.get("key_phrases") or []),
                quotes=tuple(str(q) for q in t.get("quotes") or []),
                disposition=_disposition_label("theme", str(t.get("disposition") or "")),
                decided=bool(t.get("disposition")),
                reason=str(t.get("reason") or ""),
                revised=_revised_link(
                    subject,
                    t.get("revised_version_id"),
                    str(t.get("revised_section") or ""),
                    change_ids,
                ),
                recommendations=recs,
                raw_size=int(t.get("size") or 0),
            )
        )
    return out


def _themes_chart(themes: Sequence[ThemeView], rtl: bool) -> Chart | None:
    if not themes:
        return None
    top = max(t.raw_size for t in themes) or 1
    items = [
        (
            t.label,
            [BarSpec(fraction=t.raw_size / top, value=t.size, css="chart-bar-a")],
        )
        for t in themes
    ]
    return _chart(
        "chart-themes",
        _("Themes by the number of comments in each. The table beside gives the figures."),
        _("Each bar is the number of comments in the theme, the largest theme at full length."),
        items,
        rtl=rtl,
    )


@dataclass(frozen=True)
class BodyRecView:
    id: Any
    anchor: str
    heading: str
    body: str
    code: str
    title: str
    text: str
    section: str
    forwarded_on: str
    vote: str
    disposition: str
    responded: bool
    reason: str
    revised: Link | None


def _body_recs(
    data: Mapping[str, Any], subject: Mapping[str, Any], change_ids: Mapping[str, str]
) -> list[BodyRecView]:
    out = []
    for r in data.get("body_recommendations") or []:
        vote = r.get("vote")
        vote_text = (
            _("For: %(for)s, against: %(against)s, abstentions: %(abstentions)s")
            % {
                "for": number_format(vote.get("for") or 0),
                "against": number_format(vote.get("against") or 0),
                "abstentions": number_format(vote.get("abstentions") or 0),
            }
            if vote
            else _("No recorded vote")
        )
        code = str(r.get("code") or "")
        out.append(
            BodyRecView(
                id=r.get("id"),
                anchor=_anchor_id("body_recommendation", r.get("id")),
                heading=f"{r.get('body') or ''} {code}: {r.get('title') or ''}".strip(),
                body=str(r.get("body") or ""),
                code=code,
                title=str(r.get("title") or ""),
                text=str(r.get("text") or ""),
                section=str(r.get("section") or ""),
                forwarded_on=_date_text(r.get("forwarded_on")),
                vote=vote_text,
                disposition=_disposition_label(
                    "body_recommendation", str(r.get("disposition") or "")
                ),
                responded=bool(r.get("disposition")),
                reason=str(r.get("reason") or ""),
                revised=_revised_link(
                    subject,
                    r.get("revised_version_id"),
                    str(r.get("revised_section") or ""),
                    change_ids,
                ),
            )
        )
    return out
