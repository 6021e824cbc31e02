"""Staff pages of the stakeholder directory (seed 002 V-B-3, V-B-4, V-D-2, VI-B-2, VI-B-6) and
the outreach home page.

- Organisations (not their people) are read by everyone who plans outreach with OEE
  (permissions.can_view_directory); their contact people, the contact log, the follow-ups and
  the exports only by OEE and administrators (can_see_contacts), who alone write
  (can_edit_directory). Someone who reads the directory but not its people sees the
  organisation's page with those parts replaced by a short note.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from townhall.accounts.selectors import signed_in_user
from townhall.core.districts import districts_of
from townhall.core.errors import DomainError, IllegalTransition, NotAllowed
from townhall.core.forms import add_errors
from townhall.engagements.models import Engagement
from townhall.outreach import directory, directory_selectors, permissions
from townhall.outreach.directory_forms import (
    ContactForm,
    LogForm,
    OrganizationFilterForm,
    OrganizationForm,
    WithdrawForm,
)
from townhall.outreach.models import Contact, ContactLog, Organization
from townhall.postings.permissions import can_read_comments

PER_PAGE = 50


# -- Who may ---------------------------------------------------------------------------------


def _can_view(request: HttpRequest) -> None:
    if not permissions.can_view_directory(request.user):
        raise PermissionDenied


def _can_see_contacts(request: HttpRequest) -> None:
    if not permissions.can_see_contacts(request.user):
        raise PermissionDenied


def _can_edit(request: HttpRequest) -> None:
    if not (
        permissions.can_edit_directory(request.user) and permissions.can_see_contacts(request.user)
    ):
        raise PermissionDenied


def _status(exc: DomainError) -> int:
    if isinstance(exc, NotAllowed):
        return 403
    if isinstance(exc, IllegalTransition):
        return 409
    return 400


# -- The outreach home -----------------------------------------------------------------------


@dataclass(frozen=True)
class AreaLink:
    url: str
    label: str
    description: str


# (URL name, may the person use it, label, what it is). Other areas of outreach are built
# beside this one: a name that does not resolve yet is left out rather than breaking the page.
_AREAS: tuple[tuple[str, Any, Any, Any], ...] = (
    (
        "staff:outreach:organizations",
        permissions.can_view_directory,
        gettext_lazy("Organizations"),
        gettext_lazy("The stakeholder directory: groups, organizations and their contacts."),
    ),
    (
        "staff:outreach:follow-ups",
        permissions.can_see_contacts,
        gettext_lazy("Follow-ups"),
        gettext_lazy("What OEE promised organizations, due or overdue (V-D-2)."),
    ),
    (
        "staff:outreach:audiences",
        permissions.can_manage_audiences,
        gettext_lazy("Audiences"),
        gettext_lazy("Target audiences for engagements and postings (VII-B-4)."),
    ),
    (
        "staff:outreach:announcements",
        permissions.can_announce,
        gettext_lazy("Announcements"),
        gettext_lazy("Messages on every channel, scheduled through the posting period (VII-C)."),
    ),
    (
        "staff:outreach:subscribers",
        permissions.can_view_subscribers,
        gettext_lazy("Subscribers"),
        gettext_lazy("People who asked for mail, and the addresses no longer mailed."),
    ),
    (
        "staff:outreach:dialogues",
        permissions.can_view_dialogues,
        gettext_lazy("Dialogue requests"),
        gettext_lazy("Requests for a dialogue with the Department (V-C-10-b)."),
    ),
    (
        "staff:outreach:inputs",
        permissions.can_view_inputs,
        gettext_lazy("Input on directives"),
        gettext_lazy("Feedback and proposed revisions sent at any time (VII-A-1, V-C-10-c)."),
    ),
)


def area_links(user: Any) -> list[AreaLink]:
    out = []
    for name, allowed, label, description in _AREAS:
        if not allowed(user):
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        out.append(AreaLink(url, str(label), str(description)))
    return out


def outreach_home(request: HttpRequest) -> HttpResponse:
    if not permissions.can_view_outreach(request.user):
        raise PermissionDenied
    sees_contacts = permissions.can_see_contacts(request.user)
    return render(
        request,
        "outreach/staff/directory_home.html",
        {
            "areas": area_links(request.user),
            "organization_count": Organization.objects.filter(is_archived=False).count()
            if permissions.can_view_directory(request.user)
            else None,
            "follow_ups_due": directory_selectors.follow_ups_due_count() if sees_contacts else None,
        },
    )


# -- Organisations ---------------------------------------------------------------------------


def _organization(pk: int) -> Organization:
    return get_object_or_404(Organization.objects.select_related("created_by"), pk=pk)


def organization_list(request: HttpRequest) -> HttpResponse:
    _can_view(request)
    form = OrganizationFilterForm(request.GET or None)
    found = directory_selectors.organization_search(**form.filters())
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    rows = [
        {
            "org": org,
            "districts": districts_of(org.districts),
            "languages": [directory.language_name(c) for c in org.languages],
        }
        for org in page.object_list
    ]
    return render(
        request,
        "outreach/staff/organization_list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "total": len(found),
            "sees_contacts": permissions.can_see_contacts(request.user),
            "can_edit": permissions.can_edit_directory(request.user)
            and permissions.can_see_contacts(request.user),
        },
    )


def _form_page(
    request: HttpRequest,
    form: OrganizationForm,
    *,
    organization: Organization | None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "outreach/staff/organization_form.html",
        {"form": form, "organization": organization},
        status=status,
    )


def organization_new(request: HttpRequest) -> HttpResponse:
    _can_view(request)
    _can_edit(request)
    if request.method != "POST":
        return _form_page(request, OrganizationForm(), organization=None)
    form = OrganizationForm(request.POST)
    if form.is_valid():
        try:
            org = directory.organization_create(
                actor=signed_in_user(request), details=form.details()
            )
        except DomainError as exc:
            add_errors(form, exc)
            return _form_page(request, form, organization=None, status=_status(exc))
        messages.success(
            request, _("“%(name)s” is in the directory. Add its contact people.") % {"name": org}
        )
        return redirect("staff:outreach:organization", pk=org.pk)
    return _form_page(request, form, organization=None, status=400)


def organization_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _can_view(request)
    _can_edit(request)
    org = _organization(pk)
    if request.method != "POST":
        form = OrganizationForm(initial=OrganizationForm.initial_for(org))
        return _form_page(request, form, organization=org)
    form = OrganizationForm(request.POST)
    if form.is_valid():
        try:
            directory.organization_update(
                actor=signed_in_user(request), organization=org, details=form.details()
            )
        except DomainError as exc:
            add_errors(form, exc)
            return _form_page(request, form, organization=org, status=_status(exc))
        messages.success(request, _("The organization was saved."))
        return redirect("staff:outreach:organization", pk=org.pk)
    return _form_page(request, form, organization=org, status=400)


@require_POST
def organization_archive(request: HttpRequest, pk: int) -> HttpResponse:
    _can_view(request)
    _can_edit(request)
    org = _organization(pk)
    try:
        directory.organization_archive(actor=signed_in_user(request), organization=org)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("The organization was archived: it is out of searches and audiences, and kept."),
        )
    return redirect("staff:outreach:organization", pk=org.pk)


@require_POST
def organization_restore(request: HttpRequest, pk: int) -> HttpResponse:
    _can_view(request)
    _can_edit(request)
    org = _organization(pk)
    try:
        directory.organization_restore(actor=signed_in_user(request), organization=org)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The organization is in use again."))
    return redirect("staff:outreach:organization", pk=org.pk)


def _optional_url(name: str, **kwargs: Any) -> str:
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return ""


def organization_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The relationship view (V-D-2, VI-B-6): the organisation across every engagement."""
    _can_view(request)
    org = _organization(pk)
    user = request.user
    sees_contacts = permissions.can_see_contacts(user)
    reads_comments = can_read_comments(user)
    sees_dialogues = permissions.can_view_dialogues(user)
    relationship = directory_selectors.organization_relationship(
        org, contacts=sees_contacts, comments=reads_comments, dialogues=sees_dialogues
    )
    announcements = [
        {
            "row": row,
            "url": _optional_url("staff:outreach:dispatch", pk=row.dispatch.pk)
            or _optional_url("staff:outreach:announcement", pk=row.announcement.pk),
        }
        for row in relationship.announcements
    ]
    dialogues = [
        {"item": d, "url": _optional_url("staff:outreach:dialogue", pk=d.pk)}
        for d in relationship.dialogues
    ]
    return render(
        request,
        "outreach/staff/organization_detail.html",
        {
            "org": org,
            "r": relationship,
            "announcements": announcements,
            "dialogues": dialogues,
            "districts": districts_of(org.districts),
            "community_areas": [directory.community_area_name(int(n)) for n in org.community_areas],
            "topics": list(org.topics.all()),
            "languages": [directory.language_name(c) for c in org.languages],
            "sees_contacts": sees_contacts,
            "reads_comments": reads_comments,
            "sees_dialogues": sees_dialogues,
            "can_edit": sees_contacts and permissions.can_edit_directory(user),
            "withdraw_form": WithdrawForm(),
            "today": timezone.localdate(),
        },
    )


# -- Contacts --------------------------------------------------------------------------------


def _contact_page(
    request: HttpRequest,
    form: ContactForm,
    *,
    organization: Organization,
    contact: Contact | None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "outreach/staff/contact_form.html",
        {"form": form, "org": organization, "contact": contact},
        status=status,
    )


def contact_new(request: HttpRequest, pk: int) -> HttpResponse:
    _can_edit(request)
    org = _organization(pk)
    if request.method != "POST":
        return _contact_page(request, ContactForm(), organization=org, contact=None)
    form = ContactForm(request.POST)
    if form.is_valid():
        try:
            directory.contact_add(
                actor=signed_in_user(request), organization=org, details=form.details()
            )
        except DomainError as exc:
            add_errors(form, exc)
            return _contact_page(request, form, organization=org, contact=None, status=_status(exc))
        messages.success(request, _("The contact person was added."))
        return redirect(reverse("staff:outreach:organization", args=[org.pk]) + "#contacts")
    return _contact_page(request, form, organization=org, contact=None, status=400)


def _contact(pk: int) -> Contact:
    return get_object_or_404(Contact.objects.select_related("organization"), pk=pk)


def contact_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _can_edit(request)
    contact = _contact(pk)
    org = contact.organization
    if request.method != "POST":
        form = ContactForm(initial=ContactForm.initial_for(contact))
        return _contact_page(request, form, organization=org, contact=contact)
    form = ContactForm(request.POST)
    if form.is_valid():
        try:
            directory.contact_update(
                actor=signed_in_user(request), contact=contact, details=form.details()
            )
        except DomainError as exc:
            add_errors(form, exc)
            return _contact_page(
                request, form, organization=org, contact=contact, status=_status(exc)
            )
        messages.success(request, _("The contact person was saved."))
        return redirect(reverse("staff:outreach:organization", args=[org.pk]) + "#contacts")
    return _contact_page(request, form, organization=org, contact=contact, status=400)


@require_POST
def contact_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    _can_edit(request)
    contact = _contact(pk)
    form = WithdrawForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        directory.contact_withdraw(actor=signed_in_user(request), contact=contact, note=note)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("%(name)s has withdrawn: they will not be mailed again.") % {"name": contact.name},
        )
    return redirect(
        reverse("staff:outreach:organization", args=[contact.organization_id]) + "#contacts"
    )


# -- The log ---------------------------------------------------------------------------------


def _engagement_choices() -> list[Engagement]:
    return list(Engagement.objects.only("pk", "title").order_by("-created_at", "-id")[:500])


def _log_form(org: Organization, data: Any = None) -> LogForm:
    return LogForm(
        data,
        contacts=list(Contact.objects.filter(organization=org).order_by("name", "id")),
        engagements=_engagement_choices(),
    )


def log_new(request: HttpRequest, pk: int) -> HttpResponse:
    _can_edit(request)
    org = _organization(pk)
    if request.method != "POST":
        form = _log_form(org)
        engagement = request.GET.get("engagement", "")
        if engagement.isdigit():
            form.initial["engagement"] = int(engagement)
        return render(request, "outreach/staff/contact_log_form.html", {"form": form, "org": org})
    form = _log_form(org, request.POST)
    status = 400
    if form.is_valid():
        try:
            directory.contact_log_add(
                actor=signed_in_user(request), organization=org, details=form.details()
            )
        except DomainError as exc:
            add_errors(form, exc)
            status = _status(exc)
        else:
            messages.success(request, _("The contact was logged."))
            return redirect(reverse("staff:outreach:organization", args=[org.pk]) + "#log")
    return render(
        request,
        "outreach/staff/contact_log_form.html",
        {"form": form, "org": org},
        status=status,
    )


@require_POST
def log_done(request: HttpRequest, pk: int) -> HttpResponse:
    _can_edit(request)
    entry = get_object_or_404(ContactLog, pk=pk)
    try:
        directory.contact_log_follow_up_done(actor=signed_in_user(request), entry=entry)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The follow-up is marked as done."))
    back = request.POST.get("next", "")
    if back == "follow-ups":
        return redirect("staff:outreach:follow-ups")
    return redirect(reverse("staff:outreach:organization", args=[entry.organization_id]) + "#log")


def follow_ups(request: HttpRequest) -> HttpResponse:
    """Every follow-up not done yet, overdue first (V-D-2)."""
    _can_see_contacts(request)
    today = timezone.localdate()
    rows = directory_selectors.follow_ups_open()
    return render(
        request,
        "outreach/staff/directory_follow_ups.html",
        {
            "rows": rows,
            "today": today,
            "overdue": sum(1 for r in rows if r.follow_up_due and r.follow_up_due < today),
            "can_edit": permissions.can_edit_directory(request.user),
        },
    )


# -- Export ----------------------------------------------------------------------------------


def directory_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The directory with its contact people, as a file: personal information, so OEE and
    administrators only, and audited each time."""
    _can_see_contacts(request)
    if fmt not in directory.EXPORT_FORMATS:
        raise Http404
    filename, content_type, content = directory.directory_export(
        actor=signed_in_user(request), fmt=fmt
    )
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "no-store, private"
    return response
