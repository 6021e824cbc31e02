"""Reads of the directive registry."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils.translation import get_language

from townhall.directives.models import Directive, DirectiveVersion, Section
from townhall.directives.parsing import search_words
from townhall.directives.redline import Redline, SectionInput, compute_redline
from townhall.directives.redline_view import RedlineRow, redline_rows, summary_text


class DirectiveStatusFilter:
    CURRENT = "current"
    DRAFT = "draft"
    RESCINDED = "rescinded"


def directive_list(
    *, q: str = "", doc_type: str = "", index_category: str = "", status: str = ""
) -> QuerySet[Directive]:
    qs = Directive.objects.annotate(
        has_current=Exists(
            DirectiveVersion.objects.filter(directive=OuterRef("pk"), status="current")
        ),
        has_draft=Exists(DirectiveVersion.objects.filter(directive=OuterRef("pk"), status="draft")),
        version_count=Count("versions"),
    ).order_by("number")
    if doc_type:
        qs = qs.filter(doc_type=doc_type)
    if index_category:
        qs = qs.filter(index_category=index_category)
    if status == DirectiveStatusFilter.CURRENT:
        qs = qs.filter(has_current=True)
    elif status == DirectiveStatusFilter.DRAFT:
        qs = qs.filter(has_draft=True)
    elif status == DirectiveStatusFilter.RESCINDED:
        qs = qs.filter(has_current=False, has_draft=False)
    terms = search_words(q).split()
    for term in terms[:8]:
        qs = qs.filter(search_text__contains=f" {term}")
    if terms:
        # Number and title hits first: someone typing "G03-02" or "foot pursuit" wants that one.
        phrase = q.strip()
        qs = qs.annotate(
            exact_hit=Count("pk", filter=Q(number__iexact=phrase) | Q(title__icontains=phrase))
        ).order_by("-exact_hit", "number")
    return qs


def index_categories() -> list[str]:
    return list(
        Directive.objects.exclude(index_category="")
        .order_by("index_category")
        .values_list("index_category", flat=True)
        .distinct()
    )


def directive_get(*, number: str) -> Directive:
    try:
        return Directive.objects.get(number=number)
    except Directive.DoesNotExist:
        raise Http404("No such directive") from None


def directive_versions(directive: Directive) -> list[DirectiveVersion]:
    return list(
        directive.versions.defer("body_text", "preamble", "trailer").order_by(
            "issue_date", "effective_date", "id"
        )
    )


def version_get(*, number: str, pk: int) -> DirectiveVersion:
    try:
        return DirectiveVersion.objects.select_related("directive").get(
            pk=pk, directive__number=number
        )
    except DirectiveVersion.DoesNotExist:
        raise Http404("No such version") from None


def version_sections(version: DirectiveVersion) -> list[Section]:
    return list(version.sections.order_by("position"))


def current_version(directive: Directive) -> DirectiveVersion | None:
    return directive.versions.filter(status=DirectiveVersion.Status.CURRENT).first()


@dataclass(frozen=True)
class RedlinePage:
    summary: str
    rows: tuple[RedlineRow, ...]


def _inputs(version: DirectiveVersion) -> list[SectionInput]:
    rows = (
        Section.objects.filter(version_id=version.pk)
        .order_by("position")
        .values_list("anchor", "level", "heading", "text")
    )
    return [SectionInput(anchor=a, level=lvl, heading=h, text=t) for a, lvl, h, t in rows]


def redline_between(old: DirectiveVersion, new: DirectiveVersion) -> Redline:
    return compute_redline(_inputs(old), _inputs(new))


def redline_page(old: DirectiveVersion, new: DirectiveVersion) -> RedlinePage:
    """The redline as shown to a reader, in the current language. Cached by both versions'
    content, so editing a draft gives a fresh one and immutable versions stay cached."""
    key = (
        f"redline-page:v2:{get_language()}:{old.pk}:{old.content_hash}:{new.pk}:{new.content_hash}"
    )
    cached = cache.get(key)
    if isinstance(cached, RedlinePage):
        return cached
    result = redline_between(old, new)
    page = RedlinePage(summary=summary_text(result.summary), rows=tuple(redline_rows(result)))
    cache.set(key, page, timeout=24 * 3600)
    return page
