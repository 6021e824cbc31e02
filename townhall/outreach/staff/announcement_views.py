"""Staff pages of audiences, announcements and their dispatches (seed 002 VII-B-4, VII-C-1..3,
VII-C NOTE), and the subscribers' overview.

- Audiences: R&D, OEE and Communications agree the target audiences (VII-B-4); the page shows
  whom an audience reaches now, in counts and organisation names, never a person's address.
- Announcements: composed once per channel and language, each sent at the posting's opening,
  midway and shortly before closing (VII-C NOTE); the worker sends them (sending.py).
- A dispatch's page shows its progress while it sends (refreshed by townhall.js, with a
  Refresh link without JavaScript), each recipient's status with the address masked for those
  who may not see contacts, and the social posts that the Communications Division copies and
  records (VII-C-2).
- Subscribers: counts and the suppression list, for OEE and administrators.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from townhall.accounts.selectors import signed_in_user
from townhall.core.districts import districts_of
from townhall.core.errors import DomainError, FieldsInvalid, IllegalTransition, NotAllowed
from townhall.core.forms import add_errors
from townhall.engagements.models import Engagement, Topic
from townhall.outreach import announcement_selectors as selectors
from townhall.outreach import announcements, audiences, permissions
from townhall.outreach.announcement_forms import (
    AnnouncementFilterForm,
    AnnouncementForm,
    AudienceForm,
    ContextForm,
    DeliveryFilterForm,
    DispatchForm,
    SocialPostForm,
    TextForm,
    language_name,
    posting_label,
)
from townhall.outreach.models import Announcement, Audience, Channel, Dispatch, Organization
from townhall.postings.models import Posting
from townhall.surveys.charts import bar_chart, percent_text

A = Announcement.Status
DEFAULT_CHANNELS = [
    Channel.EMAIL,
    Channel.AMC,
    Channel.X,
    Channel.FACEBOOK,
    Channel.INSTAGRAM,
    Channel.BLUESKY,
]
SUPPRESSIONS_PER_PAGE = 100


# -- Who may ---------------------------------------------------------------------------------


def _can_manage_audiences(request: HttpRequest) -> None:
    if not permissions.can_manage_audiences(request.user):
        raise PermissionDenied


def _can_announce(request: HttpRequest) -> None:
    if not permissions.can_announce(request.user):
        raise PermissionDenied


def _status(exc: DomainError) -> int:
    if isinstance(exc, NotAllowed):
        return 403
    if isinstance(exc, IllegalTransition):
        return 409
    return 400


def _number(value: Any) -> int | None:
    text = str(value or "").strip()
    return int(text) if text.isdigit() else None


def _subject_of(request: HttpRequest) -> tuple[Posting | None, Engagement | None]:
    """The posting or engagement a new audience or announcement is for (?posting= or
    ?engagement=): a number that is not one is a page that does not exist."""
    posting = engagement = None
    raw_posting, raw_engagement = request.GET.get("posting"), request.GET.get("engagement")
    if raw_posting:
        pk = _number(raw_posting)
        if pk is None:
            raise Http404
        posting = get_object_or_404(Posting.objects.select_related("version__directive"), pk=pk)
    elif raw_engagement:
        pk = _number(raw_engagement)
        if pk is None:
            raise Http404
        engagement = get_object_or_404(Engagement, pk=pk)
    return posting, engagement


def _about(posting: Posting | None, engagement: Engagement | None) -> dict[str, Any]:
    """For the templates: what it is about, with the staff page's address."""
    if posting is not None:
        return {
            "label": posting_label(posting),
            "url": reverse("staff:postings:detail", args=[posting.pk]),
            "query": f"posting={posting.pk}",
        }
    if engagement is not None:
        return {
            "label": engagement.title,
            "url": reverse("staff:engagements:detail", args=[engagement.pk]),
            "query": f"engagement={engagement.pk}",
        }
    return {}


# -- Audiences -------------------------------------------------------------------------------


def audience_list(request: HttpRequest) -> HttpResponse:
    _can_manage_audiences(request)
    posting, engagement = _subject_of(request)
    rows = selectors.audiences_list(
        posting_id=posting.pk if posting else None,
        engagement_id=engagement.pk if engagement else None,
    )
    return render(
        request,
        "outreach/staff/audience_list.html",
        {
            "audiences": list(rows[:500]),
            "about": _about(posting, engagement),
            "can_announce": permissions.can_announce(request.user),
        },
    )


def _audience_page(
    request: HttpRequest,
    form: AudienceForm,
    *,
    audience: Audience | None,
    posting: Posting | None,
    engagement: Engagement | None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "outreach/staff/audience_form.html",
        {
            "form": form,
            "audience": audience,
            "about": _about(posting, engagement),
            "groups": [form[name] for name in AudienceForm.CHECKBOX_GROUPS],
            "flags": [form[name] for name in AudienceForm.FLAGS],
        },
        status=status,
    )


def audience_new(request: HttpRequest) -> HttpResponse:
    """VII-B-4: a new target audience, for a posting or an engagement when given."""
    _can_manage_audiences(request)
    posting, engagement = _subject_of(request)
    if request.method != "POST":
        form = AudienceForm(initial=AudienceForm.initial_for(None))
        return _audience_page(request, form, audience=None, posting=posting, engagement=engagement)
    form = AudienceForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            audience = audiences.audience_create(
                actor=signed_in_user(request),
                name=form.cleaned_data["name"],
                criteria=form.criteria(),
                posting=posting,
                engagement=engagement,
            )
        except DomainError as exc:
            add_errors(form, exc)
            status = _status(exc)
        else:
            messages.success(request, _("The audience was saved. Here is whom it reaches now."))
            return redirect("staff:outreach:audience", pk=audience.pk)
    return _audience_page(
        request, form, audience=None, posting=posting, engagement=engagement, status=status
    )


def _audience(pk: int) -> Audience:
    return get_object_or_404(
        Audience.objects.select_related("posting__version__directive", "engagement", "created_by"),
        pk=pk,
    )


@dataclass(frozen=True)
class LanguageRow:
    code: str
    label: str
    count: str
    percent: str
    share: float


def _language_chart(by_language: dict[str, int], total: int) -> dict[str, Any]:
    """The reach by language as bars (drawn by surveys/charts.py, as the survey results are)
    with the table of figures beside them."""
    codes = [code for code, _name in settings.LANGUAGES]
    codes += sorted(code for code in by_language if code not in codes)  # no longer offered
    rows = []
    for code in codes:
        count = by_language.get(code, 0)
        share = 100.0 * count / total if total else 0.0
        rows.append(
            LanguageRow(
                code=code,
                label=language_name(code),
                count=number_format(count),
                percent=percent_text(share) if total else "",
                share=share,
            )
        )
    chart = bar_chart([(r.label, r.share) for r in rows], hidden_text="", rtl=get_language_bidi())
    return {"rows": rows, "chart": chart, "total": number_format(total)}


def audience_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Whom the audience reaches if it were sent now: organisations by name, how many people,
    who is left out and why, and the languages they read (VII-C-3)."""
    _can_manage_audiences(request)
    audience = _audience(pk)
    subject = audiences.subject_of(
        posting=audience.posting, engagement=audience.engagement, criteria=audience.criteria
    )
    preview = audiences.preview(audience.criteria, subject)
    criteria = audience.criteria or {}
    kinds = dict(Organization.Kind.choices)
    orgs_by_id = dict(
        Organization.objects.filter(
            pk__in=[*criteria.get("organizations", []), *criteria.get("excluded", [])]
        ).values_list("pk", "name")
    )
    summary = {
        "kinds": [str(kinds.get(k, k)) for k in criteria.get("kinds", [])],
        "districts": [d.ordinal_label for d in districts_of(criteria.get("districts", []))],
        "topics": [
            f"{t.item} {t.name}".strip()
            for t in Topic.objects.filter(pk__in=criteria.get("topics", []))
        ],
        "languages": [language_name(c) for c in criteria.get("languages", [])],
        "organizations": [
            orgs_by_id[i] for i in criteria.get("organizations", []) if i in orgs_by_id
        ],
        "excluded": [orgs_by_id[i] for i in criteria.get("excluded", []) if i in orgs_by_id],
    }
    return render(
        request,
        "outreach/staff/audience_detail.html",
        {
            "audience": audience,
            "about": _about(audience.posting, audience.engagement),
            "criteria": criteria,
            "summary": summary,
            "preview": preview,
            "languages": _language_chart(preview.by_language, preview.total),
            "announcements": list(audience.announcements.order_by("-created_at")[:50]),
            "can_announce": permissions.can_announce(request.user),
        },
    )


def audience_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _can_manage_audiences(request)
    audience = _audience(pk)
    if request.method != "POST":
        form = AudienceForm(initial=AudienceForm.initial_for(audience))
        return _audience_page(
            request,
            form,
            audience=audience,
            posting=audience.posting,
            engagement=audience.engagement,
        )
    form = AudienceForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            audiences.audience_update(
                actor=signed_in_user(request),
                audience=audience,
                name=form.cleaned_data["name"],
                criteria=form.criteria(),
            )
        except DomainError as exc:
            add_errors(form, exc)
            status = _status(exc)
        else:
            messages.success(
                request,
                _("The audience was saved. Dispatches not sent yet will reach it as it is now."),
            )
            return redirect("staff:outreach:audience", pk=audience.pk)
    return _audience_page(
        request,
        form,
        audience=audience,
        posting=audience.posting,
        engagement=audience.engagement,
        status=status,
    )


# -- Announcements ---------------------------------------------------------------------------


def announcement_list(request: HttpRequest) -> HttpResponse:
    _can_announce(request)
    postings = selectors.announcement_postings()
    asked = _number(request.GET.get("posting"))
    if asked is not None and all(p.pk != asked for p in postings):
        # A posting's page links here before it has any announcement.
        postings += list(Posting.objects.filter(pk=asked).select_related("version__directive"))
    form = AnnouncementFilterForm(request.GET or None, postings=postings)
    data = form.cleaned_data if form.is_valid() else {}
    status = data.get("status") or ""
    rows = selectors.announcements_list(status=status, posting_id=data.get("posting"))
    return render(
        request,
        "outreach/staff/announcement_list.html",
        {
            "form": form,
            "announcements": list(rows[:500]),
            "filtered": bool(status or data.get("posting")),
        },
    )


def _same_subject(
    audience: Audience, posting: Posting | None, engagement: Engagement | None
) -> bool:
    return (posting is not None and audience.posting_id == posting.pk) or (
        engagement is not None and audience.engagement_id == engagement.pk
    )


def _audience_choices(posting: Posting | None, engagement: Engagement | None) -> list[Audience]:
    """The audiences built for the same subject first, then the others."""
    rows = list(Audience.objects.order_by("-updated_at", "-id")[:300])
    same = [a for a in rows if _same_subject(a, posting, engagement)]
    return same + [a for a in rows if a not in same]


def _announcement_page(
    request: HttpRequest,
    form: AnnouncementForm,
    *,
    announcement: Announcement | None,
    posting: Posting | None,
    engagement: Engagement | None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "outreach/staff/announcement_form.html",
        {
            "form": form,
            "announcement": announcement,
            "about": _about(posting, engagement),
            "can_build_audience": permissions.can_manage_audiences(request.user),
        },
        status=status,
    )


def announcement_new(request: HttpRequest) -> HttpResponse:
    """A draft announcement about a posting (VII-C) or an engagement (V-B)."""
    _can_announce(request)
    posting, engagement = _subject_of(request)
    if posting is None and engagement is None:
        return render(
            request,
            "outreach/staff/announcement_form.html",
            {"context_form": ContextForm(), "announcement": None, "about": {}},
        )
    choices = _audience_choices(posting, engagement)
    if request.method != "POST":
        initial: dict[str, Any] = {"channels": DEFAULT_CHANNELS}
        if posting is not None:
            initial["title"] = _("Posting: %(posting)s") % {"posting": posting_label(posting)}
        elif engagement is not None:
            initial["title"] = engagement.title
        wanted = _number(request.GET.get("audience"))
        if wanted is not None and any(a.pk == wanted for a in choices):
            initial["audience"] = wanted
        elif choices and _same_subject(choices[0], posting, engagement):
            initial["audience"] = choices[0].pk  # the latest built for it
        form = AnnouncementForm(initial=initial, audiences=choices)
        return _announcement_page(
            request, form, announcement=None, posting=posting, engagement=engagement
        )
    form = AnnouncementForm(request.POST, audiences=choices)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            announcement = announcements.announcement_create(
                actor=signed_in_user(request),
                title=data["title"],
                channels=list(data["channels"]),
                posting=posting,
                engagement=engagement,
                audience=next((a for a in choices if a.pk == data["audience"]), None),
                link=data["link"],
            )
        except DomainError as exc:
            add_errors(form, exc)
            status = _status(exc)
        else:
            messages.success(
                request,
                _(
                    "The announcement was saved as a draft. Write its texts, then add when to send it."
                ),
            )
            return redirect("staff:outreach:announcement", pk=announcement.pk)
    return _announcement_page(
        request, form, announcement=None, posting=posting, engagement=engagement, status=status
    )


def _announcement(pk: int) -> Announcement:
    return get_object_or_404(
        Announcement.objects.select_related(
            "posting__version__directive", "engagement", "audience", "created_by"
        ),
        pk=pk,
    )


def announcement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _can_announce(request)
    announcement = _announcement(pk)
    posting, engagement = announcement.posting, announcement.engagement
    if announcement.status in (A.DONE, A.CANCELLED):
        messages.error(request, _("This announcement can no longer be changed."))
        return redirect("staff:outreach:announcement", pk=announcement.pk)
    choices = _audience_choices(posting, engagement)
    if request.method != "POST":
        form = AnnouncementForm(
            initial=AnnouncementForm.initial_for(announcement), audiences=choices
        )
        return _announcement_page(
            request, form, announcement=announcement, posting=posting, engagement=engagement
        )
    form = AnnouncementForm(request.POST, audiences=choices)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            updated = announcements.announcement_update(
                actor=signed_in_user(request),
                announcement=announcement,
                title=data["title"],
                channels=list(data["channels"]),
                audience=next((a for a in choices if a.pk == data["audience"]), None),
                link=data["link"],
            )
        except DomainError as exc:
            add_errors(form, exc)
            status = _status(exc)
        else:
            if announcement.status == A.SCHEDULED and updated.status == A.DRAFT:
                messages.warning(
                    request,
                    _(
                        "Saved. A channel needs texts before it can be sent, so the "
                        "announcement is a draft again: write them, then schedule it."
                    ),
                )
            else:
                messages.success(request, _("The announcement was saved."))
            return redirect("staff:outreach:announcement", pk=announcement.pk)
    return _announcement_page(
        request,
        form,
        announcement=announcement,
        posting=posting,
        engagement=engagement,
        status=status,
    )


def _dispatch_rows(announcement: Announcement) -> list[dict[str, Any]]:
    return [
        {"dispatch": d, "progress": selectors.dispatch_progress(d)}
        for d in announcement.dispatches.order_by("send_at", "id")
    ]


def _detail(
    request: HttpRequest,
    announcement: Announcement,
    *,
    problem: str = "",
    status: int = 200,
) -> HttpResponse:
    editable = announcement.status in (A.DRAFT, A.SCHEDULED)
    missing = announcements.missing_texts(announcement)
    return render(
        request,
        "outreach/staff/announcement_detail.html",
        {
            "announcement": announcement,
            "about": _about(announcement.posting, announcement.engagement),
            "channels": selectors.channel_texts(announcement),
            "missing": [
                {"channel": str(Channel(c).label), "language": language_name(lang)}
                for c, lang in missing
            ],
            "dispatches": _dispatch_rows(announcement),
            "editable": editable,
            "can_schedule": announcement.status == A.DRAFT,
            "can_cancel": editable,
            "needs_audience": Channel.EMAIL in announcement.channels
            and announcement.audience_id is None,
            "can_build_audience": permissions.can_manage_audiences(request.user),
            "problem": problem,
        },
        status=status,
    )


def announcement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _can_announce(request)
    return _detail(request, _announcement(pk))


def _text_forms(announcement: Announcement, channel: str, data: Any = None) -> list[TextForm]:
    texts = {t.language: t for t in announcement.texts.filter(channel=channel)}
    forms = []
    for language in announcements.required_languages(channel):
        text = texts.get(language)
        initial = {"subject": text.subject, "body": text.body} if text else {}
        forms.append(
            TextForm(
                data,
                channel=channel,
                language=language,
                link=announcement.link,
                initial=initial,
            )
        )
    return forms


def _unchanged(form: TextForm, announcement: Announcement) -> bool:
    text = announcement.texts.filter(channel=form.channel, language=form.language).first()
    if text is None:
        return False
    subject = " ".join((form.cleaned_data.get("subject") or "").split())
    body = (form.cleaned_data.get("body") or "").replace("\r\n", "\n").strip()
    return subject == text.subject and body == text.body


def announcement_texts(request: HttpRequest, pk: int, channel: str) -> HttpResponse:
    """One channel's text in each language it needs (VII-C): every language is saved
    through the service on its own; a refused one keeps what was typed, with its reason."""
    _can_announce(request)
    announcement = _announcement(pk)
    if channel not in announcement.channels:
        raise Http404
    editable = announcement.status in (A.DRAFT, A.SCHEDULED)
    status = 200
    if request.method == "POST":
        if not editable:
            messages.error(request, _("This announcement can no longer be changed."))
            return redirect("staff:outreach:announcement", pk=announcement.pk)
        forms = _text_forms(announcement, channel, request.POST)
        saved: list[str] = []
        refused = False
        actor = signed_in_user(request)
        for form in forms:
            if not form.is_valid():
                refused = True
                continue
            has_text = announcement.texts.filter(channel=channel, language=form.language).exists()
            if form.is_blank and not has_text:
                continue  # not written yet: listed as missing on the announcement's page
            if _unchanged(form, announcement):
                continue
            try:
                announcements.announcement_text_set(
                    actor=actor,
                    announcement=announcement,
                    channel=channel,
                    language=form.language,
                    subject=form.cleaned_data.get("subject") or "",
                    body=form.cleaned_data.get("body") or "",
                )
            except FieldsInvalid as exc:
                add_errors(form, exc)
                refused = True
            except DomainError as exc:
                form.add_error(None, exc.message)
                refused = True
                status = _status(exc)
            else:
                saved.append(form.language_name)
        if not refused:
            if saved:
                messages.success(
                    request,
                    _("Saved: %(languages)s.") % {"languages": ", ".join(saved)},
                )
            else:
                messages.info(request, _("Nothing was changed."))
            return redirect(
                reverse("staff:outreach:announcement", args=[announcement.pk]) + "#texts"
            )
        status = status if status != 200 else 400
    else:
        forms = _text_forms(announcement, channel)
        saved = []
    for form in forms:
        form.describe()
    return render(
        request,
        "outreach/staff/announcement_texts.html",
        {
            "announcement": announcement,
            "about": _about(announcement.posting, announcement.engagement),
            "channel": channel,
            "channel_label": Channel(channel).label,
            "forms": forms,
            "saved": saved,
            "editable": editable,
            "errors": [f for f in forms if f.errors],
        },
        status=status,
    )


def _dispatch_page(
    request: HttpRequest, announcement: Announcement, form: DispatchForm, *, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "outreach/staff/dispatch_new.html",
        {
            "announcement": announcement,
            "about": _about(announcement.posting, announcement.engagement),
            "form": form,
            "scheduled": [
                d
                for d in announcement.dispatches.order_by("send_at", "id")
                if d.status in (Dispatch.Status.SCHEDULED, Dispatch.Status.SENDING)
            ],
        },
        status=status,
    )


def dispatch_new(request: HttpRequest, pk: int) -> HttpResponse:
    """VII-C NOTE: when to send it, repeated through the posting period: at opening, midway,
    shortly before closing, or at a time of one's own. Each ticked one is a dispatch; if one
    is refused, none is added and everything ticked stays ticked."""
    _can_announce(request)
    announcement = _announcement(pk)
    if announcement.status not in (A.DRAFT, A.SCHEDULED):
        messages.error(request, _("This announcement can no longer be changed."))
        return redirect("staff:outreach:announcement", pk=announcement.pk)
    posting = announcement.posting
    if request.method != "POST":
        return _dispatch_page(request, announcement, DispatchForm(posting=posting))
    form = DispatchForm(request.POST, posting=posting)
    status = 400
    if form.is_valid():
        chosen = form.chosen()
        if not chosen:
            form.add_error(None, _("Tick at least one moment, or give a date and time."))
        else:
            actor = signed_in_user(request)
            with transaction.atomic():
                for moment, send_at in chosen:
                    field = "send_at" if moment == Dispatch.Moment.CUSTOM else moment
                    try:
                        announcements.dispatch_add(
                            actor=actor, announcement=announcement, moment=moment, send_at=send_at
                        )
                    except FieldsInvalid as exc:
                        for message in exc.errors.values():
                            form.add_error(field, message)
                    except DomainError as exc:
                        form.add_error(None, exc.message)
                        status = _status(exc)
                if form.errors:
                    transaction.set_rollback(True)
            if not form.errors:
                messages.success(
                    request,
                    _("%(n)d time(s) to send it were added.") % {"n": len(chosen)},
                )
                return redirect(
                    reverse("staff:outreach:announcement", args=[announcement.pk]) + "#dispatches"
                )
    return _dispatch_page(request, announcement, form, status=status)


@require_POST
def announcement_schedule(request: HttpRequest, pk: int) -> HttpResponse:
    """Draft -> scheduled: refused, with every reason, while a text, a time or the email's
    audience is missing."""
    _can_announce(request)
    announcement = _announcement(pk)
    try:
        announcements.announcement_schedule(
            actor=signed_in_user(request), announcement=announcement
        )
    except DomainError as exc:
        return _detail(request, announcement, problem=exc.message, status=_status(exc))
    messages.success(
        request, _("The announcement is scheduled: each dispatch goes out at its time.")
    )
    return redirect("staff:outreach:announcement", pk=announcement.pk)


@require_POST
def announcement_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    _can_announce(request)
    announcement = _announcement(pk)
    try:
        announcements.announcement_cancel(actor=signed_in_user(request), announcement=announcement)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("The announcement was cancelled; what was already sent stays on record.")
        )
    return redirect("staff:outreach:announcement", pk=announcement.pk)


# -- Dispatches ------------------------------------------------------------------------------


def _dispatch(pk: int) -> Dispatch:
    return get_object_or_404(
        Dispatch.objects.select_related(
            "announcement__posting__version__directive",
            "announcement__engagement",
            "announcement__audience",
        ),
        pk=pk,
    )


def _progress_context(dispatch: Dispatch) -> dict[str, Any]:
    progress = selectors.dispatch_progress(dispatch)
    return {"dispatch": dispatch, "progress": progress, "polling": progress.sending}


def _dispatch_detail(
    request: HttpRequest,
    dispatch: Dispatch,
    *,
    social_forms: dict[str, SocialPostForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    sees_addresses = permissions.can_see_contacts(user)
    filter_form = DeliveryFilterForm(request.GET or None)
    wanted = filter_form.cleaned_data["status"] if filter_form.is_valid() else ""
    page = selectors.deliveries_page(dispatch, status=wanted, page=request.GET.get("page") or 1)
    rows = [
        {
            "delivery": d,
            "address": d.email if sees_addresses else selectors.mask_email(d.email),
            "error": d.error if sees_addresses else selectors.mask_emails_in(d.error),
        }
        for d in page.object_list
    ]
    can_record = permissions.can_record_social_post(user) and dispatch.status in (
        Dispatch.Status.SENDING,
        Dispatch.Status.SENT,
    )
    forms = social_forms or {}
    posts = [
        {
            "item": item,
            "form": forms.get(item.channel) or SocialPostForm(prefix=item.channel),
            "can_record": can_record and item.post is None,
        }
        for item in selectors.social_texts(dispatch)
    ]
    return render(
        request,
        "outreach/staff/dispatch_detail.html",
        {
            **_progress_context(dispatch),
            "announcement": dispatch.announcement,
            "about": _about(dispatch.announcement.posting, dispatch.announcement.engagement),
            "filter_form": filter_form,
            "status_filter": wanted,
            "page": page,
            "rows": rows,
            "counts": selectors.delivery_status_counts(dispatch) if dispatch.started_at else {},
            "sees_addresses": sees_addresses,
            "posts": posts,
            "can_cancel": dispatch.status == Dispatch.Status.SCHEDULED,
        },
        status=status,
    )


def dispatch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _can_announce(request)
    return _dispatch_detail(request, _dispatch(pk))


def dispatch_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress block alone, for townhall.js to swap in every two seconds."""
    _can_announce(request)
    return render(
        request, "outreach/staff/dispatch_progress.html", _progress_context(_dispatch(pk))
    )


@require_POST
def dispatch_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    _can_announce(request)
    dispatch = _dispatch(pk)
    try:
        announcements.dispatch_cancel(actor=signed_in_user(request), dispatch=dispatch)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("This sending was cancelled."))
    back = request.POST.get("next", "")
    if back == "announcement":
        return redirect(
            reverse("staff:outreach:announcement", args=[dispatch.announcement_id]) + "#dispatches"
        )
    return redirect("staff:outreach:dispatch", pk=dispatch.pk)


@require_POST
def social_post(request: HttpRequest, pk: int, channel: str) -> HttpResponse:
    """VII-C-2: Communications records that it posted the text, with the post's link."""
    if not permissions.can_record_social_post(request.user):
        raise PermissionDenied
    dispatch = _dispatch(pk)
    if channel not in announcements.SOCIAL or channel not in dispatch.announcement.channels:
        raise Http404
    form = SocialPostForm(request.POST, prefix=channel)
    if form.is_valid():
        try:
            announcements.social_post_record(
                actor=signed_in_user(request),
                dispatch=dispatch,
                channel=channel,
                post_url=form.cleaned_data["post_url"],
            )
        except FieldsInvalid as exc:
            add_errors(form, exc)
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect(reverse("staff:outreach:dispatch", args=[dispatch.pk]) + "#social")
        else:
            messages.success(
                request,
                _("The %(platform)s post was recorded.") % {"platform": Channel(channel).label},
            )
            return redirect(reverse("staff:outreach:dispatch", args=[dispatch.pk]) + "#social")
    return _dispatch_detail(request, dispatch, social_forms={channel: form}, status=400)


# -- Subscribers -----------------------------------------------------------------------------


def subscriber_overview(request: HttpRequest) -> HttpResponse:
    """How many people asked for mail and what they follow; the addresses no longer mailed
    (bounced twice, or unsubscribed from everything)."""
    if not permissions.can_view_subscribers(request.user):
        raise PermissionDenied
    overview = selectors.subscriber_overview()
    page = Paginator(overview.suppressions, SUPPRESSIONS_PER_PAGE).get_page(
        request.GET.get("page") or 1
    )
    return render(
        request,
        "outreach/staff/subscribers.html",
        {"overview": overview, "page": page},
    )
