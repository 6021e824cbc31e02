"""The revisions of the directive: the redline of the posted draft against the final version."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.formats import number_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from townhall.directives.redline import RedlineSummary, Token
from townhall.directives.redline_view import summary_text, tokens_html
from townhall.reports.present.labels import _anchor_id, _date_text, _kind_label, _version_url
from townhall.reports.present.themes import Link

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
