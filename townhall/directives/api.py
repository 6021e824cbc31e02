"""Public API of the registry: directives, with versions and their sections."""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.params.functions import Query

from townhall.core.schemas import ErrorOut
from townhall.directives.models import Directive
from townhall.directives.selectors import directive_list, directive_versions, version_sections

router = Router(tags=["directives"])


class SectionOut(Schema):
    anchor: str
    marker: str
    level: int
    heading: str
    text: str


class VersionOut(Schema):
    id: int
    status: str
    title: str
    issue_date: datetime.date | None
    effective_date: datetime.date | None
    rescinds: str
    url: str


class VersionDetailOut(VersionOut):
    sections: list[SectionOut]


class DirectiveOut(Schema):
    number: str
    title: str
    type: str
    index_category: str
    url: str


class DirectiveDetailOut(DirectiveOut):
    versions: list[VersionDetailOut]


def _directive(d: Directive) -> dict[str, object]:
    return {
        "number": d.number,
        "title": d.title,
        "type": d.doc_type,
        "index_category": d.index_category,
        "url": d.get_absolute_url(),
    }


@router.get("", response={400: ErrorOut, 200: list[DirectiveOut], 422: ErrorOut})
def list_directives(
    request: HttpRequest,
    q: str = Query("", max_length=200),
    type: str = Query("", max_length=40),
    status: str = Query("", max_length=20),
    offset: int = Query(0, ge=0, le=10_000_000),
    limit: int = Query(50, ge=1, le=200),
) -> list[dict[str, object]]:
    qs = directive_list(q=q[:200], doc_type=type[:40], status=status[:20])
    return [_directive(d) for d in qs[offset : offset + limit]]


@router.get(
    "/{number}", response={400: ErrorOut, 200: DirectiveDetailOut, 404: ErrorOut, 422: ErrorOut}
)
def get_directive(request: HttpRequest, number: str) -> dict[str, object]:
    directive = Directive.objects.filter(number=number).first()
    if directive is None:
        raise HttpError(404, "No directive with that number.")
    versions = []
    for v in directive_versions(directive):
        versions.append(
            {
                "id": v.pk,
                "status": v.status,
                "title": v.title,
                "issue_date": v.issue_date,
                "effective_date": v.effective_date,
                "rescinds": v.rescinds_text,
                "url": v.get_absolute_url(),
                "sections": [
                    {
                        "anchor": s.anchor,
                        "marker": s.marker,
                        "level": s.level,
                        "heading": s.heading,
                        "text": s.text,
                    }
                    for s in version_sections(v)
                ],
            }
        )
    return {**_directive(directive), "versions": versions}
