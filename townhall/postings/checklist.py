"""VII-B-3: before a posting is scheduled, R&D reviews it for completeness, "including the
functionality of the posting, the posting dates, and comment fields"."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from townhall.directives.models import DirectiveVersion
from townhall.postings.models import Posting
from townhall.postings.services import min_days


@dataclass(frozen=True)
class CheckItem:
    code: str
    label: str
    ok: bool
    detail: str = ""


class _DryRunRollback(Exception):
    pass


def _comment_fields_work(posting: Posting) -> tuple[bool, str]:
    """Send a test comment through the real intake, on a whole-posting and a section target,
    inside a transaction that is always rolled back."""
    from townhall.feedback.services import create_comment_record, validate_comment

    first = posting.version.sections.order_by("position").first()
    try:
        with transaction.atomic():
            for section in ("", first.anchor if first else ""):
                clean = validate_comment(
                    posting=posting, body="Completeness check comment.", section=section
                )
                create_comment_record(posting=posting, clean=clean, channel="web")
            raise _DryRunRollback
    except _DryRunRollback:
        return True, ""
    except Exception as exc:  # any failure is what this check exists to find
        return False, str(exc)


def _page_renders(posting: Posting) -> tuple[bool, str]:
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    from townhall.postings.views import detail_context

    request = RequestFactory().get(posting.get_absolute_url())
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    try:
        render_to_string("postings/detail.html", detail_context(request, posting), request)
    except Exception as exc:  # a broken page is exactly what the review must catch
        return False, str(exc)
    return True, ""


def completeness(
    posting: Posting, *, now: datetime.datetime | None = None, functional: bool = True
) -> list[CheckItem]:
    """The review's items. `functional=False` leaves out the two checks that run the real
    intake and page (they write, inside a rolled-back transaction), for screens that only
    show progress; scheduling always runs them."""
    now = now or timezone.now()
    texts = {t.language: t for t in posting.texts.all()}
    english = texts.get("en")
    items = [
        CheckItem(
            "narrative",
            _("Introductory narrative (VII-B-2-a)"),
            bool(english and english.narrative.strip()),
        ),
        CheckItem(
            "summary", _("Plain-language summary"), bool(english and english.summary.strip())
        ),
        CheckItem(
            "version",
            _("The directive to be reviewed (VII-B-2-b)"),
            posting.version.sections.exists(),
        ),
    ]
    current = (
        posting.version.directive.versions.filter(status=DirectiveVersion.Status.CURRENT)
        .exclude(pk=posting.version_id)
        .first()
    )
    items.append(
        CheckItem(
            "current_link",
            _("Title, number and link to the existing current directive, if any (VII-B-2-c)"),
            current is None or posting.current_version_id == current.pk,
            "" if current is None else current.label,
        )
    )
    dates_ok, detail = True, ""
    if posting.opens_at is None:
        dates_ok, detail = False, _("The opening date and time are missing.")
    elif posting.kind == Posting.Kind.PERIOD and posting.opens_at < now - datetime.timedelta(
        minutes=5
    ):
        dates_ok, detail = False, _("The opening time is in the past.")
    elif posting.kind == Posting.Kind.PERIOD:
        if posting.closes_at is None:
            dates_ok, detail = False, _("The closing date and time are missing.")
        elif posting.closes_at - posting.opens_at < datetime.timedelta(days=min_days()):
            dates_ok = False
            detail = _("The period is shorter than %(days)d days.") % {"days": min_days()}
    items.append(
        CheckItem(
            "dates", _("Beginning and ending dates of the period (VII-B-2-d)"), dates_ok, detail
        )
    )
    missing = [
        code
        for code in settings.TOWNHALL_POSTING_LANGUAGES
        if not (code in texts and texts[code].narrative.strip() and texts[code].summary.strip())
    ]
    items.append(
        CheckItem(
            "translations",
            _("Narrative and summary in every configured language"),
            not missing,
            ", ".join(missing),
        )
    )
    if not functional:
        return items
    ok, detail = _comment_fields_work(posting)
    items.append(CheckItem("comment_fields", _("Comment fields work (VII-B-3)"), ok, detail))
    ok, detail = _page_renders(posting)
    items.append(CheckItem("page", _("The public page works (VII-B-3)"), ok, detail))
    return items
