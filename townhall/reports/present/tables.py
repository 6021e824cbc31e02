"""Every table of the report as plain rows, for the CSV download."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from townhall.engagements.models import Activity
from townhall.reports.present.engagement import _participation
from townhall.reports.present.labels import (
    MEASURES,
    _age_label,
    _choice_label,
    _disposition_label,
    _district_label,
    _factor_label,
    _level_label,
    _measure_label,
    _race_label,
    _stance_label,
    _step_label,
)
from townhall.reports.present.outcomes import _outcomes
from townhall.reports.present.revisions import _because_link, _change_kind_label

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
