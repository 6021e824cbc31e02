"""What the public "Get involved" pages show (V-B-1), shaped for the templates: the staff's
Markdown made safe, an engagement's text in the reader's language, and the activities with
their districts (pure: works on what the selectors fetched)."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from markdown_it import MarkdownIt

from townhall.accounts.models import Role
from townhall.core.districts import District, districts_of
from townhall.engagements import plan
from townhall.engagements.models import Activity, Engagement, EngagementText, Resource
from townhall.postings.models import Posting
from townhall.postings.selectors import is_public

__all__ = [
    "ActivityRow",
    "EngagementCard",
    "ResourceRow",
    "activity_rows",
    "consulted_labels",
    "district_label",
    "engagement_card",
    "get_involved_title",
    "render_markdown",
    "resources_by_kind",
    "steps_of",
]


def _image_as_link(self: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
    """No image is loaded from anywhere (no third-party resources): an image becomes a link
    to it, named by its alternative text."""
    token = tokens[idx]
    alt = self.renderInlineAsText(token.children or [], options, env) or token.attrGet("src")
    return f'<a href="{escape(token.attrGet("src") or "")}">{escape(alt)}</a>'


_MD = MarkdownIt("commonmark", {"html": False})
_MD.add_render_rule("image", _image_as_link)
_HEADING = re.compile(r"h([1-6])")


def render_markdown(text: str, *, top: int = 3) -> SafeString:
    """Staff-written Markdown as HTML, with raw HTML disabled (it shows as text) and unsafe
    link schemes refused by markdown-it. Headings are shifted so the highest is `top`, which
    keeps the page's heading order whatever level the writer started at."""
    tokens = _MD.parse(text or "")
    levels = [int(t.tag[1]) for t in tokens if t.type == "heading_open"]
    shift = top - min(levels) if levels else 0
    for token in tokens:
        if token.type in ("heading_open", "heading_close") and _HEADING.fullmatch(token.tag):
            token.tag = f"h{max(1, min(6, int(token.tag[1]) + shift))}"
    # Safe: markdown-it escapes all text, and raw HTML is off.
    html: str = _MD.renderer.render(tokens, _MD.options, {})
    return mark_safe(html)


def text_in(engagement: Engagement, language: str) -> tuple[EngagementText | None, bool]:
    """The engagement's text in `language`, else the English one. Second value: is it a
    fallback (the page then says so and marks the text as English). Reads the prefetched
    texts, so a list of engagements costs one query."""
    texts = {t.language: t for t in engagement.texts.all()}
    if language in texts:
        return texts[language], False
    return texts.get("en"), language != "en"


@dataclass(frozen=True)
class EngagementCard:
    engagement: Engagement
    text: EngagementText | None
    is_fallback: bool

    @property
    def title(self) -> str:
        return self.text.title if self.text and self.text.title else self.engagement.title

    @property
    def title_is_english(self) -> bool:
        """The title shown is not in the reader's language (a fallback, or no text at all)."""
        return self.is_fallback or self.text is None

    @property
    def summary(self) -> str:
        return self.text.summary if self.text else ""


def engagement_card(engagement: Engagement, language: str) -> EngagementCard:
    text, is_fallback = text_in(engagement, language)
    return EngagementCard(engagement, text, is_fallback)


@dataclass(frozen=True)
class ActivityRow:
    """An activity as the public sees it: when, how, where, for which districts."""

    activity: Activity
    engagement: EngagementCard
    districts: tuple[District, ...] = field(default=())
    # Its meetings with a posted agenda (meetings.selectors.public_meetings).
    meetings: tuple[Any, ...] = field(default=())

    @property
    def is_cancelled(self) -> bool:
        return self.activity.status == Activity.Status.CANCELLED

    @property
    def is_citywide(self) -> bool:
        return not self.districts

    @property
    def posting(self) -> Posting | None:
        """The linked posting, when the public may see it."""
        posting = self.activity.posting
        return posting if posting is not None and is_public(posting) else None

    @property
    def first_day(self) -> datetime.date | None:
        return self.activity.starts_on or self.activity.ends_on

    @property
    def last_day(self) -> datetime.date | None:
        return self.activity.ends_on or self.activity.starts_on

    @property
    def anchor(self) -> str:
        return f"activity-{self.activity.pk}"


def get_involved_title() -> str:
    """The name of the "Get involved" pages in feeds and calendars."""
    return _("Get involved: %(department)s") % {"department": settings.TOWNHALL_DEPARTMENT_NAME}


def district_label(d: District) -> str:
    return _("District %(number)s (%(name)s)") % {"number": d.number, "name": d.name}


def activity_rows(
    activities: Iterable[Activity],
    language: str,
    meetings: Mapping[int, Sequence[Any]] | None = None,
) -> list[ActivityRow]:
    rows = []
    cards: dict[int, EngagementCard] = {}
    for activity in activities:
        card = cards.get(activity.engagement_id)
        if card is None:
            card = cards[activity.engagement_id] = engagement_card(activity.engagement, language)
        rows.append(
            ActivityRow(
                activity,
                card,
                districts_of(activity.districts),
                tuple((meetings or {}).get(activity.pk, ())),
            )
        )
    return rows


def steps_of(rows: Sequence[ActivityRow]) -> list[tuple[int, str, list[ActivityRow]]]:
    """The three steps of V-A, each with its activities (empty steps included)."""
    return [
        (step, item, [r for r in rows if r.activity.step == step])
        for step, item in plan.STEPS.items()
    ]


@dataclass(frozen=True)
class ResourceRow:
    resource: Resource
    title: str
    title_is_english: bool


def resources_by_kind(
    resources: Iterable[Resource], language: str
) -> list[tuple[str, list[ResourceRow]]]:
    """Resources grouped by kind, in the order of the kinds, each group in its own order, with
    the title in the reader's language where staff gave one."""
    groups: dict[str, list[ResourceRow]] = {}
    for resource in resources:
        translated = bool(resource.titles.get(language)) or language == "en"
        row = ResourceRow(resource, resource.title_in(language), not translated)
        groups.setdefault(resource.kind, []).append(row)
    return [(str(kind.label), groups[kind.value]) for kind in Resource.Kind if kind.value in groups]


def consulted_labels(engagement: Engagement) -> list[str]:
    """IV-D: the units OCPR consulted, by name."""
    return [str(Role(c).label) for c in engagement.consulted or () if c in Role.values]
