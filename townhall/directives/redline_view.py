"""Turns a computed redline into what the template shows, in the reader's language."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from townhall.directives.redline import Redline, RedlineSummary, SectionChange, Token


@dataclass(frozen=True)
class RedlineRow:
    """One item of the redline, ready to show. Plain strings only, so a page's rows cache
    cheaply (a computed `Redline` holds tens of thousands of tokens)."""

    kind: str
    level: int
    old_anchor: str
    new_anchor: str
    kind_label: str
    anchor: str
    dom_id: str
    html: SafeString


def kind_label(change: SectionChange) -> str:
    if change.kind == "moved":
        return _("Moved from %(old)s to %(new)s") % {
            "old": change.old_anchor,
            "new": change.new_anchor,
        }
    return {
        "unchanged": _("Unchanged"),
        "changed": _("Changed"),
        "added": _("Added"),
        "removed": _("Removed"),
    }[change.kind]


def summary_text(s: RedlineSummary) -> str:
    parts = []
    if s.changed:
        parts.append(
            ngettext("%(n)d item changed", "%(n)d items changed", s.changed) % {"n": s.changed}
        )
    if s.added:
        parts.append(ngettext("%(n)d added", "%(n)d added", s.added) % {"n": s.added})
    if s.removed:
        parts.append(ngettext("%(n)d removed", "%(n)d removed", s.removed) % {"n": s.removed})
    if s.moved:
        parts.append(ngettext("%(n)d moved", "%(n)d moved", s.moved) % {"n": s.moved})
    if not parts:
        return _("No differences in the text.")
    return ", ".join(parts)


def tokens_html(
    tokens: tuple[Token, ...], inserted: str, deleted: str, language: str = "en"
) -> SafeString:
    """Word-level changes as <ins>/<del>, each with visually hidden words so that colour and
    strike-through are never the only cue (WCAG 1.4.1). Built here rather than in a template
    loop: a large redline has tens of thousands of tokens."""
    # The marker words are in the reader's language; the directive text around them is English.
    lang = escape(language)
    ins_open = f'<ins><span class="visually-hidden" lang="{lang}">[{escape(inserted)}: </span>'
    del_open = f'<del><span class="visually-hidden" lang="{lang}">[{escape(deleted)}: </span>'
    close_hidden = '<span class="visually-hidden">]</span>'
    parts = []
    for token in tokens:
        text = escape(token.text)
        if token.op == "insert":
            parts.append(f"{ins_open}{text}{close_hidden}</ins>")
        elif token.op == "delete":
            parts.append(f"{del_open}{text}{close_hidden}</del>")
        else:
            parts.append(text)
    return mark_safe("".join(parts))


def redline_rows(redline: Redline, *, include_unchanged: bool = True) -> list[RedlineRow]:
    inserted, deleted = _("inserted"), _("deleted")
    language = get_language() or "en"
    rows = []
    for i, change in enumerate(redline.changes):
        anchor = change.new_anchor or change.old_anchor or ""
        if change.kind == "unchanged" and not include_unchanged:
            continue
        rows.append(
            RedlineRow(
                kind=change.kind,
                level=change.level,
                old_anchor=change.old_anchor or "",
                new_anchor=change.new_anchor or "",
                kind_label=kind_label(change),
                anchor=anchor,
                dom_id=f"c{i}-{anchor}",
                html=tokens_html(change.tokens, inserted, deleted, language),
            )
        )
    return rows
