"""Staff side of the public "Get involved" content (V-B-1): publication, the contact address,
the text in each language, the resources, and what the public sees of each activity."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from townhall.accounts.selectors import signed_in_user
from townhall.core.districts import districts_of
from townhall.core.errors import DomainError
from townhall.engagements import content, permissions
from townhall.engagements.forms import (
    ActivityPublicForm,
    ContactForm,
    EngagementTextForm,
    PublishForm,
    ResourceForm,
    ResourceWithdrawForm,
)
from townhall.engagements.models import Activity, Engagement, Resource
from townhall.engagements.selectors import public_content_of


def _engagement(request: HttpRequest, pk: int, *, edit: bool = False) -> Engagement:
    allowed = (
        permissions.can_edit_public_pages(request.user)
        if edit
        else permissions.can_view_engagements(request.user)
    )
    if not allowed:
        raise PermissionDenied
    engagement = get_object_or_404(
        Engagement.objects.select_related("directive", "training"), pk=pk
    )
    if edit and not permissions.can_edit_public_page(request.user, engagement):
        raise PermissionDenied  # another unit's engagement
    return engagement


def _language(value: str | None) -> str:
    return value if value in content.language_codes() else "en"


def _page(
    request: HttpRequest,
    engagement: Engagement,
    *,
    language: str = "en",
    text_form: EngagementTextForm | None = None,
    contact_form: ContactForm | None = None,
    resource_form: ResourceForm | None = None,
    problem: str = "",
) -> HttpResponse:
    data = public_content_of(engagement)
    texts = data["texts"]
    if text_form is None:
        current = texts.get(language)
        text_form = EngagementTextForm(
            initial={
                "title": current.title
                if current
                else (engagement.title if language == "en" else ""),
                "summary": current.summary if current else "",
                "narrative": current.narrative if current else "",
            },
            prefix="t",
        )
    # The fields hold text in the language being written, whatever the page's language.
    direction = "rtl" if get_language_info(language)["bidi"] else "ltr"
    for name in ("title", "summary", "narrative"):
        text_form.fields[name].widget.attrs.update({"lang": language, "dir": direction})
    can_edit = permissions.can_edit_public_page(request.user, engagement)
    context: dict[str, Any] = {
        "engagement": engagement,
        "languages": [(code, name, code in texts) for code, name in settings.LANGUAGES],
        "missing": [name for code, name in settings.LANGUAGES if code not in texts],
        "language": language,
        "language_name": dict(settings.LANGUAGES)[language],
        "direction": direction,
        "text": texts.get(language),
        "text_form": text_form,
        "contact_form": contact_form
        or ContactForm(initial={"contact_email": engagement.contact_email}),
        "resource_form": resource_form or ResourceForm(prefix="r"),
        "resources": data["resources"],
        "activities": [(a, districts_of(a.districts)) for a in data["activities"]],
        "can_edit": can_edit,
        "can_publish": can_edit
        and not engagement.is_public
        and engagement.status != Engagement.Status.ASSESSING,
        "has_english": "en" in texts,
        "assessing": engagement.status == Engagement.Status.ASSESSING,
        "public_url": reverse("engagements:detail", kwargs={"pk": engagement.pk})
        if engagement.is_public
        else None,
        "problem": problem,
    }
    return render(request, "engagements/staff/public_page.html", context)


def _back(engagement: Engagement, language: str = "en", anchor: str = "") -> HttpResponse:
    url = reverse("staff:engagements:public", kwargs={"pk": engagement.pk})
    if language != "en":
        url += f"?language={language}"
    return redirect(url + (f"#{anchor}" if anchor else ""))


def public_page(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = _engagement(request, pk)
    return _page(request, engagement, language=_language(request.GET.get("language")))


@require_POST
def public_publish(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = _engagement(request, pk, edit=True)
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to publish or to take the page down."))
        return _back(engagement)
    actor = signed_in_user(request)
    try:
        if form.cleaned_data["action"] == "publish":
            content.engagement_publish(actor=actor, engagement=engagement)
            messages.success(request, _("The engagement is on the public pages."))
        else:
            content.engagement_unpublish(
                actor=actor, engagement=engagement, reason=form.cleaned_data["reason"]
            )
            messages.success(request, _("The engagement was taken off the public pages."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return _back(engagement)


@require_POST
def public_contact(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = _engagement(request, pk, edit=True)
    form = ContactForm(request.POST)
    if form.is_valid():
        try:
            content.engagement_contact_set(
                actor=signed_in_user(request),
                engagement=engagement,
                email=form.cleaned_data["contact_email"],
            )
        except DomainError as exc:
            form.add_error("contact_email", exc.message)
        else:
            messages.success(request, _("The contact address was saved."))
            return _back(engagement, anchor="contact")
    return _page(request, engagement, contact_form=form)


@require_POST
def public_text(request: HttpRequest, pk: int, language: str) -> HttpResponse:
    engagement = _engagement(request, pk, edit=True)
    if language not in content.language_codes():
        raise Http404("No such language")
    form = EngagementTextForm(request.POST, prefix="t")
    if form.is_valid():
        data = form.cleaned_data
        try:
            content.engagement_text_save(
                actor=signed_in_user(request),
                engagement=engagement,
                language=language,
                title=data["title"],
                summary=data["summary"],
                narrative=data["narrative"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The text was saved."))
            return _back(engagement, language, "text")
    return _page(request, engagement, language=language, text_form=form)


@require_POST
def resource_add(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = _engagement(request, pk, edit=True)
    form = ResourceForm(request.POST, request.FILES, prefix="r")
    if form.is_valid():
        data = form.cleaned_data
        try:
            content.resource_add(
                actor=signed_in_user(request),
                engagement=engagement,
                kind=data["kind"],
                title=data["title"],
                titles=form.titles(),
                url=data["url"],
                file=data["file"],
                language=data["language"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The resource was added."))
            return _back(engagement, anchor="resources")
    return _page(request, engagement, resource_form=form)


@require_POST
def resource_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    if not permissions.can_edit_public_pages(request.user):
        raise PermissionDenied
    resource = get_object_or_404(Resource.objects.select_related("engagement"), pk=pk)
    if not permissions.can_edit_public_page(request.user, resource.engagement):
        raise PermissionDenied
    form = ResourceWithdrawForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        content.resource_withdraw(actor=signed_in_user(request), resource=resource, reason=reason)
        messages.success(request, _("The resource was withdrawn from the public page."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return _back(resource.engagement, anchor="resources")


def activity_public(request: HttpRequest, pk: int) -> HttpResponse:
    """What the public sees of one activity: where, when, and how to take part."""
    if not permissions.can_edit_public_pages(request.user):
        raise PermissionDenied
    activity = get_object_or_404(Activity.objects.select_related("engagement"), pk=pk)
    if not permissions.can_edit_public_page(request.user, activity.engagement):
        raise PermissionDenied
    if request.method == "POST":
        form = ActivityPublicForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                content.activity_describe(
                    actor=signed_in_user(request),
                    activity=activity,
                    is_public=data["is_public"],
                    description=data["description"],
                    districts=data["districts"],
                    mode=data["mode"],
                    place=data["place"],
                    online_url=data["online_url"],
                    call_in=data["call_in"],
                    time_from=data["time_from"],
                    time_to=data["time_to"],
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("The public details of the activity were saved."))
                return _back(activity.engagement, anchor="activities")
    else:
        form = ActivityPublicForm(
            initial={
                "is_public": activity.is_public,
                "description": activity.description,
                "districts": activity.districts,
                "mode": activity.mode,
                "place": activity.place,
                "online_url": activity.online_url,
                "call_in": activity.call_in,
                "time_from": activity.time_from,
                "time_to": activity.time_to,
            }
        )
    return render(
        request,
        "engagements/staff/activity_public.html",
        {"activity": activity, "engagement": activity.engagement, "form": form},
    )
