"""A "what we heard" report as a reader sees it (seed 002 V-D-3, VII-D-5): the data of
build.py and the staff's narrative, shaped for `reports/_report_body.html` in one language.

The data holds codes and numbers, so everything machine-made (labels of methods, levels,
dispositions, groups of people, table headings, charts) is looked up here in the reader's
language, always. The narrative is staff's Markdown per section and language: the reader's
language when staff wrote it, else the English text, marked as English and said to be not yet
translated.

Pure: works on the data and the narrative alone, reads no table. The same context serves the
public page, the staff preview and the PDF, so the three show the same content. `report_tables`
gives every table of the report as plain rows for the CSV download.
"""

from __future__ import annotations

import datetime
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.formats import date_format, number_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from townhall.bodies.models import Response as BodyResponse
from townhall.core.demographics import Race
from townhall.core.districts import district as district_of
from townhall.directives.redline import RedlineSummary, Token
from townhall.directives.redline_view import summary_text, tokens_html
from townhall.engagements.models import Activity, ExternalComment, Level
from townhall.engagements.public import render_markdown
from townhall.feedback.analysis_models import Disposition
from townhall.reports.build import MIN_CELL
from townhall.reports.models import SECTIONS

__all__ = [
    "DataTable",
    "for_print",
    "report_context",
    "report_tables",
    "section_titles",
    "visual_rtl",
]


# --- Labels ---------------------------------------------------------------------------------


def section_titles() -> dict[str, str]:
    """The sections' headings in the active language, in the report's order."""
    return {key: str(label) for key, label in SECTIONS}


def _step_label(step: int) -> str:
    return {
        1: _("Step 1: outreach (V-B)"),
        2: _("Step 2: engagement (V-C)"),
        3: _("Step 3: follow-up (V-D)"),
    }.get(step, str(step))


def _choice_label(choices: Any, code: Any) -> str:
    try:
        return str(choices(code).label)
    except ValueError:
        return str(code)


def _level_label(level: Any) -> str:
    if level in (None, ""):
        return _("Not determined")
    return _choice_label(Level, int(level))


def _factor_label(key: str) -> str:
    labels = {
        "new": _("The policy or training is new (IV-B-1)"),
        "populations": _("Specific populations it affects significantly (IV-B-2)"),
        "prior_engagement": _(
            "Prior engagement, community input or transparency on the topic (IV-B-3)"
        ),
        "national_attention": _("National attention or expanded interest (IV-B-5)"),
        "command_request": _("Command staff requested engagement (IV-B-6)"),
        "community_request": _(
            "The community requests revisions, discussions or to lead or co-produce the "
            "engagement (IV-B-7)"
        ),
        "consent_decree": _("Review required by the consent decree (IV-B-8)"),
    }
    if key in labels:
        return labels[key]
    try:
        entity = str(ExternalComment.Entity(key).label)
    except ValueError:
        return key
    return _("Earlier comments from: %(entity)s (IV-B-4)") % {"entity": entity}


def _disposition_label(kind: str, code: str) -> str:
    if kind == "body_recommendation":
        if not code:
            return _("No published response yet")
        return _choice_label(BodyResponse.Disposition, code)
    return _choice_label(Disposition, code)


def _kind_label(kind: str) -> str:
    return {
        "theme": _("Theme"),
        "recommendation": _("Recommendation from the analysis"),
        "body_recommendation": _("Recommendation of an advisory body"),
    }.get(kind, kind)


def _anchor_id(kind: str, pk: Any) -> str:
    prefix = {"theme": "theme", "recommendation": "rec", "body_recommendation": "bodyrec"}
    return f"{prefix.get(kind, kind)}-{pk}"


def _race_label(code: str) -> str:
    return _choice_label(Race, code)


def _age_label(code: str) -> str:
    return {
        "under_20": _("Under 20"),
        "20_34": _("20 to 34"),
        "35_64": _("35 to 64"),
        "65_up": _("65 or older"),
    }.get(code, code)


def _district_label(code: str) -> str:
    try:
        d = district_of(int(code))
    except (TypeError, ValueError):
        d = None
    if d is None:
        return str(code)
    return _("District %(number)s (%(name)s)") % {"number": d.number, "name": d.name}


def _stance_label(key: str) -> str:
    return {
        "supports": _("supports"),
        "opposes": _("opposes"),
        "suggests": _("suggests a change"),
        "unclear": _("unclear"),
    }.get(key, key)


def _measure_text(key: str, n: int) -> str:
    value = number_format(n)
    texts = {
        "comments": ngettext("%(n)s comment", "%(n)s comments", n),
        "meetings": ngettext("%(n)s meeting", "%(n)s meetings", n),
        "attendance": ngettext("%(n)s person attended", "%(n)s people attended", n),
        "survey_responses": ngettext("%(n)s survey response", "%(n)s survey responses", n),
        "members": ngettext("%(n)s member", "%(n)s members", n),
        "recommendations": ngettext(
            "%(n)s recommendation forwarded", "%(n)s recommendations forwarded", n
        ),
    }
    return texts.get(key, f"{key}: %(n)s") % {"n": value}


def _measure_label(key: str) -> str:
    return {
        "comments": _("Comments"),
        "meetings": _("Meetings"),
        "attendance": _("Attendance"),
        "survey_responses": _("Survey responses"),
        "members": _("Members"),
        "recommendations": _("Recommendations forwarded"),
    }.get(key, key)


MEASURES = ("comments", "meetings", "attendance", "survey_responses", "members", "recommendations")


def _day(value: str | None) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _date_text(value: str | None) -> str:
    day = _day(value)
    return date_format(day, "DATE_FORMAT") if day else ""


def _num(value: Any) -> str:
    return "" if value is None else number_format(value)


def _pct(value: Any) -> str:
    if value is None:
        return ""
    return _("%(percent)s%%") % {"percent": number_format(round(float(value), 1), decimal_pos=1)}


def _hidden_words(min_cell: int) -> str:
    return _("hidden: fewer than %(n)d") % {"n": min_cell + 1}


def _version_url(subject: Mapping[str, Any], version_id: Any, anchor: str = "") -> str:
    if subject.get("kind") != "directive" or not version_id or not subject.get("number"):
        return ""
    try:
        url = reverse(
            "directives:version", kwargs={"number": subject["number"], "pk": int(version_id)}
        )
    except (NoReverseMatch, TypeError, ValueError):
        return ""
    return f"{url}#s-{anchor}" if anchor else url


# --- The narrative --------------------------------------------------------------------------


@dataclass(frozen=True)
class Narrative:
    html: SafeString | str
    lang: str  # the language of the text shown
    fallback: bool  # the English text, shown because this language has none yet

    @property
    def empty(self) -> bool:
        return not self.html


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    narrative: Narrative


def _narrative(narrative: Mapping[str, Any], key: str, language: str) -> Narrative:
    texts = narrative.get(key) or {}
    if not isinstance(texts, Mapping):
        texts = {}
    own = str(texts.get(language) or "").strip()
    if own:
        return Narrative(html=render_markdown(own, top=3), lang=language, fallback=False)
    english = str(texts.get("en") or "").strip()
    if english:
        return Narrative(html=render_markdown(english, top=3), lang="en", fallback=language != "en")
    return Narrative(html="", lang=language, fallback=False)


# --- Charts ---------------------------------------------------------------------------------

# Drawn 320 units wide and scaled to the room there is, like the surveys' charts
# (surveys/charts.py); right to left, everything is mirrored.
WIDTH = 320
FONT = 14
PAD = 4
BAR = 14
BAR_GAP = 3
GROUP_GAP = 12
VALUE_ROOM = 64
TRACK = WIDTH - VALUE_ROOM
LABEL_CHARS = 40


def _shorten(text: str, limit: int = LABEL_CHARS) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@dataclass(frozen=True)
class ChartBar:
    css: str  # chart-bar-a (took part), chart-bar-b (population), chart-bar-hidden
    hidden: bool
    value: str
    x: float
    y: float
    width: float
    height: float
    value_x: float
    value_y: float


@dataclass(frozen=True)
class ChartGroup:
    label: str
    label_x: float
    label_y: float
    bars: tuple[ChartBar, ...]


@dataclass(frozen=True)
class Chart:
    id: str
    title: str  # the SVG's <title>: what it shows, and that the table gives the figures
    caption: str  # under the chart: how to read it
    groups: tuple[ChartGroup, ...]
    width: int
    height: int
    rtl: bool

    @property
    def direction(self) -> str:
        return "rtl" if self.rtl else "ltr"


@dataclass(frozen=True)
class BarSpec:
    fraction: float | None  # of the track, 0..1; None: hidden
    value: str  # the words written after the bar
    css: str


def _chart(
    chart_id: str,
    title: str,
    caption: str,
    items: Sequence[tuple[str, Sequence[BarSpec]]],
    *,
    rtl: bool,
) -> Chart:
    groups = []
    top = float(PAD)
    for label, specs in items:
        label_y = top + FONT
        y = label_y + 5
        bars = []
        for spec in specs:
            if spec.fraction is None:
                x, width = 1.0, float(TRACK - 2)
                value_x = 6.0
                css, hidden = "chart-bar-hidden", True
            else:
                x = 0.0
                width = round(TRACK * max(0.0, min(1.0, spec.fraction)), 1)
                value_x = width + 4
                css, hidden = spec.css, False
            if rtl:
                x = round(WIDTH - x - width, 1)
                value_x = round(WIDTH - value_x, 1)
            bars.append(
                ChartBar(
                    css=css,
                    hidden=hidden,
                    value=spec.value,
                    x=x,
                    y=y,
                    width=width,
                    height=BAR,
                    value_x=value_x,
                    value_y=y + BAR - 3,
                )
            )
            y += BAR + BAR_GAP
        groups.append(
            ChartGroup(
                label=_shorten(label),
                label_x=float(WIDTH) if rtl else 0.0,
                label_y=label_y,
                bars=tuple(bars),
            )
        )
        top = y + GROUP_GAP - BAR_GAP
    height = int(top + PAD)
    return Chart(
        id=chart_id,
        title=title,
        caption=caption,
        groups=tuple(groups),
        width=WIDTH,
        height=height,
        rtl=rtl,
    )


def _is_rtl_word(word: str) -> bool:
    return any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in word)


def _is_ltr_word(word: str) -> bool:
    return any(unicodedata.bidirectional(ch) == "L" for ch in word)


def visual_rtl(text: str) -> str:
    """`text` of a right-to-left language in the visual order, left to right, of its words.

    WeasyPrint shapes each word of an SVG text but places the words left to right in logical
    order, which reverses the words of an Arabic label in the PDF (browsers do it right).
    Given the words already in visual order, it draws them as a browser would: each Arabic
    word one unit, each run of left-to-right words (a district's name) one unit in its own
    order, numbers and an ellipsis their own units; the units reversed."""
    words = text.split()
    if not any(_is_rtl_word(w) for w in words):
        return text
    units: list[list[str]] = []
    for word in words:
        tail = ""
        if word.endswith("…") and len(word) > 1:
            word, tail = word[:-1], "…"
        for piece in (word, tail):
            if not piece:
                continue
            if _is_ltr_word(piece) and units and _is_ltr_word(units[-1][-1]):
                units[-1].append(piece)
            else:
                units.append([piece])
    return " ".join(" ".join(unit) for unit in reversed(units))


def _print_chart(chart: Chart) -> Chart:
    groups = tuple(
        replace(
            g,
            label=visual_rtl(g.label),
            bars=tuple(replace(b, value=visual_rtl(b.value)) for b in g.bars),
        )
        for g in chart.groups
    )
    return replace(chart, groups=groups)


def for_print(context: dict[str, Any]) -> dict[str, Any]:
    """The context of report_context made ready for the PDF renderer: in a right-to-left
    language, the charts' words are given in visual order (see visual_rtl)."""
    if not context.get("rtl"):
        return context
    out = dict(context)
    if out.get("themes_chart"):
        out["themes_chart"] = _print_chart(out["themes_chart"])
    demographics = out.get("demographics")
    if demographics is not None:
        out["demographics"] = replace(
            demographics,
            tables=tuple(
                replace(t, chart=_print_chart(t.chart) if t.chart else None)
                for t in demographics.tables
            ),
        )
    return out


# --- The engagement -------------------------------------------------------------------------


@dataclass(frozen=True)
class Reason:
    label: str
    item: str
    points: int


@dataclass(frozen=True)
class EngagementView:
    title: str
    subject_kind: str
    subject: str  # "Directive S04-01-02: School Resource Officers ..." in the reader's words
    subject_title: str
    subject_number: str
    originating_unit: str
    level: str
    recommended_level: str
    comparison: str  # how the determination compares with the recommendation (IV-C)
    below: bool
    level_reason: str
    reasons: tuple[Reason, ...]
    determined_on: str


def _engagement(e: Mapping[str, Any]) -> EngagementView:
    subject = e.get("subject") or {}
    kind = str(subject.get("kind") or "other")
    title = str(subject.get("title") or "")
    number = str(subject.get("number") or "")
    if kind == "directive":
        subject_text = _("Directive %(number)s") % {"number": number}
    elif kind == "training":
        subject_text = _("Training")
    else:
        subject_text = _("Other subject")
    level, recommended = e.get("level"), e.get("recommended_level")
    below = False
    if level is None or recommended is None:
        comparison = ""
    elif int(level) == int(recommended):
        comparison = _("The level determined is the level the rule recommended (IV-D).")
    elif int(level) > int(recommended):
        comparison = _(
            "The level determined is above the level the rule recommended: IV-C encourages "
            "going beyond the minimum."
        )
    else:
        below = True
        comparison = _(
            "The level determined is below the level the rule recommended, which IV-C allows "
            "only with a written reason."
        )
    reasons = tuple(
        Reason(
            label=_factor_label(str(r.get("factor", ""))),
            item=str(r.get("item", "")),
            points=int(r.get("points") or 0),
        )
        for r in e.get("recommended_reasons") or []
        if isinstance(r, Mapping)
    )
    return EngagementView(
        title=str(e.get("title") or ""),
        subject_kind=kind,
        subject=subject_text,
        subject_title=title,
        subject_number=number,
        originating_unit=str(e.get("originating_unit") or ""),
        level=_level_label(level),
        recommended_level=_level_label(recommended),
        comparison=comparison,
        below=below,
        level_reason=str(e.get("level_reason") or ""),
        reasons=reasons,
        determined_on=_date_text(e.get("determined_on")),
    )


# --- Activities and participation -----------------------------------------------------------


@dataclass(frozen=True)
class ActivityView:
    id: Any
    method: str
    step: str
    title: str
    starts_on: str
    ends_on: str
    status: str
    cancel_reason: str
    districts: str
    participants: str
    measured: tuple[str, ...]


def _districts_text(numbers: Iterable[Any]) -> str:
    labels = [_district_label(str(n)) for n in numbers]
    return ", ".join(labels) if labels else _("Citywide")


def _activities(rows: Sequence[Mapping[str, Any]]) -> list[ActivityView]:
    out = []
    for a in rows:
        measured = a.get("measured") or {}
        out.append(
            ActivityView(
                id=a.get("id"),
                method=_choice_label(Activity.Method, a.get("method")),
                step=_step_label(int(a.get("step") or 0)),
                title=str(a.get("title") or ""),
                starts_on=_date_text(a.get("starts_on")),
                ends_on=_date_text(a.get("ends_on")),
                status=_choice_label(Activity.Status, a.get("status")),
                cancel_reason=str(a.get("cancel_reason") or ""),
                districts=_districts_text(a.get("districts") or []),
                participants=_num(a.get("participants")),
                measured=tuple(
                    _measure_text(k, int(measured[k])) for k in MEASURES if k in measured
                ),
            )
        )
    return out


@dataclass(frozen=True)
class Fact:
    label: str
    value: str
    raw: Any = None


def _participation(data: Mapping[str, Any]) -> list[Fact]:
    p = data.get("participation") or {}
    postings = data.get("postings") or []
    external = sum(int(x.get("comments_external") or 0) for x in postings)
    internal = sum(int(x.get("comments_internal") or 0) for x in postings)
    rows = [
        (_("Comments from the public"), external),
        (_("Comments from Department members"), internal),
        (_("People who commented"), p.get("commenters")),
        (_("Unique comments"), p.get("unique_comments")),
        (_("Copies of campaigns, counted apart"), p.get("campaign_copies")),
        (_("Campaigns"), p.get("campaigns")),
        (_("Meetings"), p.get("meetings")),
        (_("Attendance at meetings"), p.get("attendance")),
        (_("Survey responses"), p.get("survey_responses")),
        (_("Members of advisory bodies"), p.get("members")),
        (_("Participants in all activities"), p.get("participants")),
    ]
    return [Fact(label=label, value=_num(v or 0), raw=int(v or 0)) for label, v in rows]


# --- Who took part --------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoRow:
    label: str
    count: str
    percent: str
    baseline: str
    hidden: bool  # the count (and so its percentage) is hidden
    raw_count: int | None
    raw_percent: float | None
    raw_baseline: float | None


@dataclass(frozen=True)
class DemoTable:
    id: str
    heading: str
    caption: str
    baseline_heading: str
    note: str
    rows: tuple[DemoRow, ...]
    total: str
    total_hidden: bool
    not_said: str
    not_said_hidden: bool
    chart: Chart | None
    empty: bool


def _demo_table(
    table_id: str,
    table: Mapping[str, Any],
    label_of: Any,
    *,
    heading: str,
    caption: str,
    baseline_heading: str,
    note: str,
    rtl: bool,
    min_cell: int,
    chart_filter: Any = None,
) -> DemoTable:
    hidden_words = _hidden_words(min_cell)
    rows = []
    items: list[tuple[str, list[BarSpec]]] = []
    for r in table.get("rows") or []:
        count, percent, baseline = r.get("count"), r.get("percent"), r.get("baseline")
        label = label_of(str(r.get("code")))
        rows.append(
            DemoRow(
                label=label,
                count=_num(count),
                percent=_pct(percent),
                baseline=_pct(baseline),
                hidden=count is None,
                raw_count=count,
                raw_percent=percent,
                raw_baseline=baseline,
            )
        )
        if chart_filter is not None and not chart_filter(r):
            continue
        took = BarSpec(
            fraction=None if count is None or percent is None else float(percent) / 100,
            value=hidden_words if count is None or percent is None else _pct(percent),
            css="chart-bar-a",
        )
        specs = [took]
        if baseline is not None:
            specs.append(
                BarSpec(fraction=float(baseline) / 100, value=_pct(baseline), css="chart-bar-b")
            )
        items.append((label, specs))
    total = table.get("total")
    not_said = table.get("not_said")
    empty = not total
    chart = None
    if not empty and items:
        chart = _chart(
            f"chart-{table_id}",
            _(
                "%(heading)s: percentage of those who took part and of the population, per group. "
                "The table beside gives the figures."
            )
            % {"heading": heading},
            _(
                "In each group, the first bar is the percentage of those who took part; the "
                "second, outlined bar is the percentage of the population."
            ),
            items,
            rtl=rtl,
        )
    return DemoTable(
        id=table_id,
        heading=heading,
        caption=caption,
        baseline_heading=baseline_heading,
        note=note,
        rows=tuple(rows),
        total=_num(total),
        total_hidden=total is None,
        not_said=_num(not_said),
        not_said_hidden=not_said is None,
        chart=chart,
        empty=empty,
    )


@dataclass(frozen=True)
class Demographics:
    people: str
    min_cell: int
    hidden_words: str
    hidden_note: str
    tables: tuple[DemoTable, ...]
    any_hidden: bool


def _demographics(data: Mapping[str, Any], rtl: bool) -> Demographics | None:
    d = data.get("demographics")
    if not d:
        return None
    min_cell = int(d.get("min_cell") or MIN_CELL)
    concerned = [int(n) for n in d.get("districts_concerned") or []]
    if concerned:
        where = ", ".join(_district_label(str(n)) for n in concerned)
        race_base = _("Population of the districts concerned (2010 census)")
        race_caption = _(
            "Race and ethnicity of those who took part, compared with the population of the "
            "districts concerned: %(districts)s (2010 census)"
        ) % {"districts": where}
    else:
        race_base = _("Population of the city (2010 census)")
        race_caption = _(
            "Race and ethnicity of those who took part, compared with the population of the "
            "city (2010 census)"
        )
    tables = []
    if d.get("race"):
        tables.append(
            _demo_table(
                "race",
                d["race"],
                _race_label,
                heading=_("Race and ethnicity"),
                caption=race_caption,
                baseline_heading=race_base,
                note="",
                rtl=rtl,
                min_cell=min_cell,
            )
        )
    if d.get("age"):
        tables.append(
            _demo_table(
                "age",
                d["age"],
                _age_label,
                heading=_("Age"),
                caption=_(
                    "Age of those who took part, compared with the population of the city "
                    "(American Community Survey 2016–2020)"
                ),
                baseline_heading=_("Population of the city (ACS 2016–2020)"),
                note=_(
                    "The comparison by age is approximate: the age bands people choose (under "
                    "18, 18 to 24, 25 to 34, ...) do not match the census bins exactly, so "
                    "“under 20” and “20 to 34” overlap by two years."
                ),
                rtl=rtl,
                min_cell=min_cell,
            )
        )
    if d.get("district"):
        tables.append(
            _demo_table(
                "district",
                d["district"],
                _district_label,
                heading=_("Police district"),
                caption=_(
                    "Police district of those who took part, compared with each district's "
                    "share of the city's population (2010 census)"
                ),
                baseline_heading=_("Share of the city's population (2010 census)"),
                note=_(
                    "The chart shows the districts where someone took part; the table lists all 22."
                ),
                rtl=rtl,
                min_cell=min_cell,
                chart_filter=lambda r: r.get("count") != 0 or int(r.get("code") or 0) in concerned,
            )
        )
    return Demographics(
        people=_num(d.get("people") or 0),
        min_cell=min_cell,
        hidden_words=_hidden_words(min_cell),
        hidden_note=_(
            "A dash (–) marks a hidden count: from 1 to %(t)d people, or a larger count hidden "
            "so that a small one cannot be worked out from the totals. A small count could "
            "point at the few people in it."
        )
        % {"t": min_cell},
        tables=tuple(tables),
        any_hidden=any(r.hidden for t in tables for r in t.rows)
        or any(t.total_hidden or t.not_said_hidden for t in tables),
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


# --- Revisions ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChangeView:
    dom_id: str
    kind: str
    kind_label: str
    anchor: str
    heading: str
    level: int
    html: SafeString
    because: tuple[Link, ...]
    comments_on_item: str
    raw_comments: int


@dataclass(frozen=True)
class VersionRef:
    title: str
    label: str
    url: str


@dataclass(frozen=True)
class UnmatchedView:
    """A decision that names an item the redline shows unchanged: listed, not lost."""

    kind_label: str
    href: str  # its theme or recommendation in this report
    label: str
    item: Link  # the item in the revised directive ("" href when there is no page for it)


@dataclass(frozen=True)
class Revisions:
    posted: VersionRef
    final: VersionRef
    summary: str
    changes: tuple[ChangeView, ...]
    unmatched: tuple[UnmatchedView, ...]
    raw_summary: Mapping[str, int]


def _change_kind_label(change: Mapping[str, Any]) -> str:
    kind = change.get("kind")
    if kind == "moved":
        return _("Moved from %(old)s to %(new)s") % {
            "old": change.get("old_anchor"),
            "new": change.get("new_anchor"),
        }
    return {
        "unchanged": _("Unchanged"),
        "changed": _("Changed"),
        "added": _("Added"),
        "removed": _("Removed"),
    }.get(str(kind), str(kind))


def _version_ref(subject: Mapping[str, Any], v: Mapping[str, Any]) -> VersionRef:
    status = str(v.get("status") or "")
    if status == "draft":
        label = (
            _("Draft of %(date)s") % {"date": _date_text(v.get("issue_date"))}
            if v.get("issue_date")
            else _("Draft")
        )
    elif v.get("issue_date"):
        label = _("Issued %(date)s") % {"date": _date_text(v.get("issue_date"))}
    else:
        label = {"current": _("Current"), "rescinded": _("Rescinded")}.get(status, status)
    return VersionRef(
        title=str(v.get("title") or ""), label=label, url=_version_url(subject, v.get("id"))
    )


def _change_ids(data: Mapping[str, Any]) -> dict[str, str]:
    """Anchor (upper case) -> the dom id of its change in the redline."""
    out: dict[str, str] = {}
    for change in (data.get("revisions") or {}).get("changes") or []:
        anchor = str(change.get("new_anchor") or change.get("old_anchor") or "")
        if anchor:
            out.setdefault(anchor.upper(), f"change-{anchor}")
    return out


def _because_link(ref: Mapping[str, Any]) -> Link:
    kind = str(ref.get("kind") or "")
    return Link(
        href=f"#{_anchor_id(kind, ref.get('id'))}",
        text=_("%(kind)s: %(label)s")
        % {"kind": _kind_label(kind), "label": ref.get("label") or ""},
    )


def _revisions(
    data: Mapping[str, Any], subject: Mapping[str, Any], language: str
) -> Revisions | None:
    r = data.get("revisions")
    if not r:
        return None
    s = r.get("summary") or {}
    summary = RedlineSummary(
        changed=int(s.get("changed") or 0),
        added=int(s.get("added") or 0),
        removed=int(s.get("removed") or 0),
        moved=int(s.get("moved") or 0),
        unchanged=int(s.get("unchanged") or 0),
    )
    inserted, deleted = _("inserted"), _("deleted")
    changes = []
    seen: set[str] = set()
    for i, c in enumerate(r.get("changes") or []):
        anchor = str(c.get("new_anchor") or c.get("old_anchor") or "")
        dom_id = f"change-{anchor}" if anchor and anchor.upper() not in seen else f"change-{i}"
        seen.add(anchor.upper())
        tokens = tuple(
            Token(op=str(op), text=str(text))  # type: ignore[arg-type]
            for op, text in (c.get("tokens") or [])
        )
        n = int(c.get("comments_on_item") or 0)
        changes.append(
            ChangeView(
                dom_id=dom_id,
                kind=str(c.get("kind") or ""),
                kind_label=_change_kind_label(c),
                anchor=anchor,
                heading=str(c.get("heading") or ""),
                level=int(c.get("level") or 0),
                html=tokens_html(tokens, inserted, deleted, language),
                because=tuple(_because_link(b) for b in c.get("because") or []),
                comments_on_item=ngettext(
                    "%(n)s comment was made on this item of the posted draft.",
                    "%(n)s comments were made on this item of the posted draft.",
                    n,
                )
                % {"n": number_format(n)},
                raw_comments=n,
            )
        )
    final_id = (r.get("final") or {}).get("id")
    unmatched = tuple(
        UnmatchedView(
            kind_label=_kind_label(str(u.get("kind") or "")),
            href=f"#{_anchor_id(str(u.get('kind') or ''), u.get('id'))}",
            label=str(u.get("label") or ""),
            item=Link(
                href=_version_url(subject, final_id, str(u.get("anchor") or "")),
                text=_("Item %(item)s") % {"item": u.get("anchor") or ""},
            ),
        )
        for u in r.get("unmatched") or []
    )
    return Revisions(
        posted=_version_ref(subject, r.get("posted") or {}),
        final=_version_ref(subject, r.get("final") or {}),
        summary=summary_text(summary),
        changes=tuple(changes),
        unmatched=unmatched,
        raw_summary={
            "changed": summary.changed,
            "added": summary.added,
            "removed": summary.removed,
            "moved": summary.moved,
            "unchanged": summary.unchanged,
        },
    )


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


# --- The whole report -----------------------------------------------------------------------


def _direction(language: str) -> str:
    return "rtl" if language in settings.LANGUAGES_BIDI else "ltr"


def report_context(
    *, data: dict[str, Any], narrative: dict[str, Any], language: str
) -> dict[str, Any]:
    """Everything `reports/_report_body.html` shows, in `language`: the labels translated, the
    narrative rendered (or the English, marked), the charts and tables, the redline rows."""
    data = data or {}
    narrative = narrative or {}
    with translation.override(language):
        rtl = _direction(language) == "rtl"
        e = data.get("engagement") or {}
        subject = e.get("subject") or {}
        change_ids = _change_ids(data)
        sections = {
            key: Section(key=key, title=str(label), narrative=_narrative(narrative, key, language))
            for key, label in SECTIONS
        }
        themes = _themes(data, subject, change_ids)
        activities = _activities(data.get("activities") or [])
        return {
            "language": language,
            "direction": _direction(language),
            "rtl": rtl,
            "has_data": bool(data),
            "sections": sections,
            "section_list": list(sections.values()),
            "not_translated": _("This part is not yet translated; it is shown in English."),
            "engagement": _engagement(e),
            "activities": activities,
            "participation": _participation(data),
            "demographics": _demographics(data, rtl),
            "campaigns": _campaigns(data),
            "themes": themes,
            "themes_chart": _themes_chart(themes, rtl),
            "themes_with_recommendations": [t for t in themes if t.recommendations],
            "body_recommendations": _body_recs(data, subject, change_ids),
            "revisions": _revisions(data, subject, language),
            "not_adopted": _outcomes(data.get("not_adopted") or []),
            "future": _outcomes(data.get("future") or []),
            "follow_up": _follow_up(data),
        }


# --- The tables, for the CSV ----------------------------------------------------------------


@dataclass(frozen=True)
class DataRow:
    label: str
    values: tuple[Any, ...]


@dataclass(frozen=True)
class DataTable:
    section: str  # a key of SECTIONS
    caption: str
    columns: tuple[str, ...]
    rows: tuple[DataRow, ...] = field(default_factory=tuple)


def _hidden_cell(value: Any) -> Any:
    return _("hidden") if value is None else value


def _demo_csv_cells(row: Mapping[str, Any], total: Any) -> tuple[Any, ...]:
    count, percent = row.get("count"), row.get("percent")
    if count is None or (percent is None and total):
        shown: Any = _("hidden")
    else:
        shown = "" if percent is None else percent
    return (_hidden_cell(count), shown, row.get("baseline"))


def report_tables(data: dict[str, Any]) -> list[DataTable]:
    """Every table of the report, in the active language, as plain values (numbers, codes'
    labels, people's words): what the CSV download holds. A hidden count is "hidden"."""
    data = data or {}
    tables: list[DataTable] = []
    e = data.get("engagement") or {}
    if e:
        tables.append(
            DataTable(
                "introduction",
                _("Level of engagement"),
                (_("Level"), _("Description")),
                (
                    DataRow(_("Level determined"), (e.get("level"), _level_label(e.get("level")))),
                    DataRow(
                        _("Level recommended by the rule"),
                        (e.get("recommended_level"), _level_label(e.get("recommended_level"))),
                    ),
                ),
            )
        )
        tables.append(
            DataTable(
                "introduction",
                _("Why the rule recommended this level"),
                (_("Item"), _("Points")),
                tuple(
                    DataRow(
                        _factor_label(str(r.get("factor", ""))), (r.get("item"), r.get("points"))
                    )
                    for r in e.get("recommended_reasons") or []
                ),
            )
        )
    activity_columns = (
        _("Method"),
        _("Step"),
        _("Starts"),
        _("Ends"),
        _("Status"),
        _("Participants"),
        *(_measure_label(k) for k in MEASURES),
    )
    tables.append(
        DataTable(
            "activities",
            _("Activities"),
            activity_columns,
            tuple(
                DataRow(
                    str(a.get("title") or ""),
                    (
                        _choice_label(Activity.Method, a.get("method")),
                        _step_label(int(a.get("step") or 0)),
                        a.get("starts_on") or "",
                        a.get("ends_on") or "",
                        _choice_label(Activity.Status, a.get("status")),
                        a.get("participants"),
                        *((a.get("measured") or {}).get(k) for k in MEASURES),
                    ),
                )
                for a in data.get("activities") or []
            ),
        )
    )
    tables.append(
        DataTable(
            "participation",
            _("Participation"),
            (_("Number"),),
            tuple(DataRow(f.label, (f.raw,)) for f in _participation(data)),
        )
    )
    d = data.get("demographics") or {}
    for key, heading, label_of in (
        ("race", _("Race and ethnicity"), _race_label),
        ("age", _("Age"), _age_label),
        ("district", _("Police district"), _district_label),
    ):
        t = d.get(key)
        if not t:
            continue
        rows = [
            DataRow(label_of(str(r.get("code"))), _demo_csv_cells(r, t.get("total")))
            for r in t.get("rows") or []
        ]
        rows.append(DataRow(_("Total"), (_hidden_cell(t.get("total")), None, None)))
        rows.append(DataRow(_("Did not say"), (_hidden_cell(t.get("not_said")), None, None)))
        tables.append(
            DataTable(
                "participation",
                heading,
                (
                    _("People who took part"),
                    _("Percent of those who took part"),
                    _("Percent of the population"),
                ),
                tuple(rows),
            )
        )
    tables.append(
        DataTable(
            "themes",
            _("Campaigns"),
            (
                _("Copies"),
                _("Variants"),
                _("With additions"),
                _("First seen"),
                _("Last seen"),
                _("Text"),
            ),
            tuple(
                DataRow(
                    _("Campaign %(n)d") % {"n": i},
                    (
                        c.get("size"),
                        c.get("variants"),
                        c.get("with_additions"),
                        c.get("first_seen") or "",
                        c.get("last_seen") or "",
                        c.get("text") or "",
                    ),
                )
                for i, c in enumerate(data.get("campaigns") or [], start=1)
            ),
        )
    )
    stances = ("supports", "opposes", "suggests", "unclear")
    tables.append(
        DataTable(
            "themes",
            _("Themes"),
            (
                _("Comments"),
                _("Unique comments"),
                *(_stance_label(s) for s in stances),
                _("Disposition"),
                _("Reason"),
                _("Revised item"),
            ),
            tuple(
                DataRow(
                    str(t.get("label") or ""),
                    (
                        t.get("size"),
                        t.get("unique_count"),
                        *((t.get("stance") or {}).get(s, 0) for s in stances),
                        _disposition_label("theme", str(t.get("disposition") or "")),
                        t.get("reason") or "",
                        t.get("revised_section") or "",
                    ),
                )
                for t in data.get("themes") or []
            ),
        )
    )
    tables.append(
        DataTable(
            "recommendations",
            _("Recommendations from the analysis"),
            (_("Theme"), _("Disposition"), _("Reason"), _("Revised item")),
            tuple(
                DataRow(
                    str(r.get("text") or ""),
                    (
                        t.get("label") or "",
                        _disposition_label("recommendation", str(r.get("disposition") or "")),
                        r.get("reason") or "",
                        r.get("revised_section") or "",
                    ),
                )
                for t in data.get("themes") or []
                for r in t.get("recommendations") or []
            ),
        )
    )
    tables.append(
        DataTable(
            "recommendations",
            _("Recommendations of advisory bodies"),
            (
                _("Body"),
                _("Number"),
                _("Text"),
                _("For"),
                _("Against"),
                _("Abstentions"),
                _("Response"),
                _("Reason"),
                _("Revised item"),
            ),
            tuple(
                DataRow(
                    str(r.get("title") or ""),
                    (
                        r.get("body") or "",
                        r.get("code") or "",
                        r.get("text") or "",
                        (r.get("vote") or {}).get("for"),
                        (r.get("vote") or {}).get("against"),
                        (r.get("vote") or {}).get("abstentions"),
                        _disposition_label("body_recommendation", str(r.get("disposition") or "")),
                        r.get("reason") or "",
                        r.get("revised_section") or "",
                    ),
                )
                for r in data.get("body_recommendations") or []
            ),
        )
    )
    rev = data.get("revisions")
    if rev:
        s = rev.get("summary") or {}
        tables.append(
            DataTable(
                "revisions",
                _("Changes to the directive"),
                (_("Number"),),
                (
                    DataRow(_("Changed"), (s.get("changed"),)),
                    DataRow(_("Added"), (s.get("added"),)),
                    DataRow(_("Removed"), (s.get("removed"),)),
                    DataRow(_("Moved"), (s.get("moved"),)),
                    DataRow(_("Unchanged"), (s.get("unchanged"),)),
                ),
            )
        )
        tables.append(
            DataTable(
                "revisions",
                _("Changed items"),
                (_("Change"), _("Heading"), _("Comments on the item"), _("Why it changed")),
                tuple(
                    DataRow(
                        str(c.get("new_anchor") or c.get("old_anchor") or ""),
                        (
                            _change_kind_label(c),
                            c.get("heading") or "",
                            c.get("comments_on_item"),
                            "; ".join(_because_link(b).text for b in c.get("because") or []),
                        ),
                    )
                    for c in rev.get("changes") or []
                ),
            )
        )
    for key, caption, outcome_rows in (
        ("not_adopted", _("Not adopted"), data.get("not_adopted") or []),
        ("next_steps", _("Under consideration for the future"), data.get("future") or []),
    ):
        tables.append(
            DataTable(
                key,
                caption,
                (_("Kind"), _("Disposition"), _("Reason")),
                tuple(
                    DataRow(o.label, (o.kind_label, o.disposition, o.reason))
                    for o in _outcomes(outcome_rows)
                ),
            )
        )
    f = data.get("follow_up")
    if f:
        tables.append(
            DataTable(
                "next_steps",
                _("Follow-up"),
                (_("Number"),),
                (
                    DataRow(_("Follow-up activities planned"), (f.get("planned"),)),
                    DataRow(_("Follow-up activities done"), (f.get("done"),)),
                    DataRow(
                        _("Post-engagement survey answers"),
                        (_hidden_cell(f.get("satisfaction_responses")),),
                    ),
                    DataRow(
                        _("Average satisfaction"),
                        (
                            f.get("satisfaction_mean")
                            if f.get("satisfaction_mean") is not None
                            else (_("hidden") if f.get("satisfaction_responses") is None else ""),
                        ),
                    ),
                ),
            )
        )
    return tables
