"""The public pages of subscriptions (seed 002 V-B-1, VII-C-3): anyone follows all postings,
topics, districts or directives by email, with no account.

- subscribe: the form (protected like the comment form: rate limit held only in the cache,
  signed one-time token, honeypot, proof of work or a question). The page that follows says
  the same whatever the address, so nobody learns who is subscribed.
- confirm: the link of the double opt-in mail. A GET confirms: that is what the link is for,
  and confirming twice is harmless.
- manage: one signed link changes everything or stops it.
- unsubscribe: GET shows what stops and a button (link scanners must not unsubscribe
  anyone); POST stops it, including the RFC 8058 one-click POST of mail clients.
No address of the visitor is stored.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from townhall.core.forms import add_errors
from townhall.engagements.selectors import registry_numbers
from townhall.feedback import antispam
from townhall.outreach import selectors, subscriptions, tokens
from townhall.outreach.feeds import feed_links
from townhall.outreach.forms import SERVICE_FIELDS, SubscribeForm, SubscriptionChoicesForm
from townhall.outreach.models import Contact, Subscriber, Subscription
from townhall.outreach.subscriptions import Selection, SubscriptionInvalid

RATE_SCOPE = "outreach.subscribe"


def _rate() -> tuple[int, int]:
    return (
        int(getattr(settings, "TOWNHALL_SUBSCRIBE_RATE_LIMIT", 10)),
        int(getattr(settings, "TOWNHALL_SUBSCRIBE_RATE_WINDOW", 3600)),
    )


def _page_language() -> str:
    current = get_language() or settings.LANGUAGE_CODE
    codes = {code for code, _name in settings.LANGUAGES}
    return current if current in codes else settings.LANGUAGE_CODE


def _initial(selections: list[Selection], *, language: str, frequency: str) -> dict[str, Any]:
    """The choices form filled in with a selection."""
    return {
        "language": language,
        "frequency": frequency,
        "everything": any(s.kind == Subscription.Kind.ALL for s in selections),
        "topics": [s.topic_id for s in selections if s.topic_id is not None],
        "districts": [s.district for s in selections if s.district is not None],
        "directives": ", ".join(selectors.directive_numbers(selections)),
    }


def _chosen_language(form: SubscriptionChoicesForm, default: str) -> str:
    value = form["language"].value()
    codes = {code for code, _name in settings.LANGUAGES}
    return value if isinstance(value, str) and value in codes else default


def _bad_link(request: HttpRequest, what: str) -> HttpResponse:
    """An altered, expired or unknown link: a clear page, never an error of the server."""
    return render(
        request, "outreach/public/subscribe_link_invalid.html", {"what": what}, status=400
    )


def _links(subscriber: Subscriber) -> dict[str, str]:
    return {
        "manage_url": reverse(
            "outreach:manage", kwargs={"token": tokens.make("manage", "s", subscriber.pk)}
        ),
        "unsubscribe_url": reverse(
            "outreach:unsubscribe",
            kwargs={"token": tokens.make("unsubscribe", "s", subscriber.pk)},
        ),
    }


# --- Subscribe ----------------------------------------------------------------------------------


def _render_subscribe(
    request: HttpRequest,
    *,
    form: SubscribeForm | None = None,
    selections: list[Selection],
    problem: str = "",
    status: int = 200,
) -> HttpResponse:
    language = _page_language()
    if form is None:
        form = SubscribeForm(
            initial=_initial(
                selections, language=language, frequency=Subscriber.Frequency.IMMEDIATE
            )
        )
    # A fresh token on every render; the service answers a double click the same way twice.
    return render(
        request,
        "outreach/public/subscribe_form.html",
        {
            "form": form,
            "token": antispam.issue_form_token(),
            "needs_challenge": not request.user.is_authenticated,
            "problem": problem,
            "directives": registry_numbers(),
            "followed": selectors.describe(selections) if selections else [],
            "feeds": feed_links(selections, _chosen_language(form, language)),
        },
        status=status,
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def subscribe(request: HttpRequest) -> HttpResponse:
    """Follow all postings, or topics, districts and directives, by email. ?district=11,
    ?topic=<id> and ?directive=<number> choose them in advance."""
    if request.method != "POST":
        selections, _unknown = selectors.selection_from_query(request.GET)
        return _render_subscribe(request, selections=selections)
    form = SubscribeForm(request.POST)
    if not form.is_valid():
        return _render_subscribe(request, form=form, selections=[], status=400)
    data = form.cleaned_data
    selections = form.selections()
    limit, window = _rate()
    rate, check = antispam.screen(request, scope=RATE_SCOPE, limit=limit, window_seconds=window)
    if check is None:
        response = _render_subscribe(
            request,
            form=form,
            selections=selections,
            status=429,
            problem=_(
                "Too many requests from this connection in a short time. Your choices are kept "
                "below; please send them again in %(minutes)d minutes."
            )
            % {"minutes": max(1, rate.retry_after // 60)},
        )
        response["Retry-After"] = str(rate.retry_after)
        return response
    if not check.ok:
        return _render_subscribe(
            request, form=form, selections=selections, problem=check.message, status=400
        )
    try:
        subscriptions.subscription_request(
            email=data["email"],
            language=data["language"],
            frequency=data["frequency"],
            selections=selections,
        )
    except SubscriptionInvalid as exc:
        add_errors(form, exc, SERVICE_FIELDS)
        return _render_subscribe(request, form=form, selections=selections, status=400)
    # The same page whatever the address: new, waiting, or already subscribed.
    return redirect("outreach:subscribe-sent")


@never_cache
def subscribe_sent(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "outreach/public/subscribe_sent.html",
        {"days": tokens.CONFIRM_MAX_AGE.days},
    )


# --- Confirm and manage -------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The double opt-in link: opening it confirms (again, harmlessly, when opened twice)."""
    try:
        subscriber = subscriptions.subscription_confirm(token=token)
    except tokens.BadToken:
        return _bad_link(request, "confirm")
    selections = selectors.selections_of(subscriber)
    return render(
        request,
        "outreach/public/confirm_done.html",
        {
            "subscriber": subscriber,
            "followed": selectors.describe(selections),
            "feeds": feed_links(selections, subscriber.language),
            **_links(subscriber),
        },
    )


def _render_manage(
    request: HttpRequest,
    subscriber: Subscriber,
    *,
    form: SubscriptionChoicesForm | None = None,
    status: int = 200,
) -> HttpResponse:
    selections = selectors.selections_of(subscriber)
    if form is None:
        form = SubscriptionChoicesForm(
            initial=_initial(
                selections, language=subscriber.language, frequency=subscriber.frequency
            )
        )
    return render(
        request,
        "outreach/public/manage_form.html",
        {
            "form": form,
            "subscriber": subscriber,
            "directives": registry_numbers(),
            "followed": selectors.describe(selections),
            "feeds": feed_links(selections, subscriber.language),
            **_links(subscriber),
        },
        status=status,
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def manage(request: HttpRequest, token: str) -> HttpResponse:
    """Change what is followed, the language and how often; the link proves the address."""
    try:
        subscriber = subscriptions.subscriber_for_manage(token=token)
    except tokens.BadToken:
        return _bad_link(request, "manage")
    if request.method != "POST":
        return _render_manage(request, subscriber)
    form = SubscriptionChoicesForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            subscriptions.subscription_update(
                subscriber=subscriber,
                language=data["language"],
                frequency=data["frequency"],
                selections=form.selections(),
            )
        except SubscriptionInvalid as exc:
            add_errors(form, exc, SERVICE_FIELDS)
        else:
            messages.success(request, _("Your choices are saved. They apply from now on."))
            return redirect(request.path)
    return _render_manage(request, subscriber, form=form, status=400)


# --- Unsubscribe --------------------------------------------------------------------------------


def _target_context(target: Subscriber | Contact) -> dict[str, Any]:
    if isinstance(target, Subscriber):
        return {
            "target": target,
            "is_subscriber": True,
            "followed": selectors.describe(selectors.selections_of(target)),
            **_links(target),
        }
    return {"target": target, "is_subscriber": False, "organization": target.organization.name}


# RFC 8058 one-click unsubscribe: a mail client POSTs "List-Unsubscribe=One-Click" to the
# address in the List-Unsubscribe header, with no cookie and no CSRF token, and must get a
# success. CSRF protection guards a signed-in session against requests forged by other sites;
# nothing here rests on a session: the signed token in the address is the whole authority (it
# names one subscriber or contact and cannot be forged or changed), and anyone holding it can
# unsubscribe with the page's own button anyway. So this view alone is exempt; the worst a
# forged request can do is what the link's owner asked mail clients to be able to do.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows who stops receiving what, and a button: link scanners that open every link
    in a mail must not unsubscribe anyone. POST (the button, or a mail client's one-click)
    unsubscribes; again is harmless."""
    try:
        target = subscriptions.unsubscribe_target(token=token)
    except tokens.BadToken:
        return _bad_link(request, "unsubscribe")
    if request.method != "POST":
        return render(
            request,
            "outreach/public/unsubscribe_form.html",
            {**_target_context(target), "token": token},
        )
    everything = request.POST.get("everything") == "1"
    target = subscriptions.unsubscribe(token=token, everything=everything)
    return render(
        request,
        "outreach/public/unsubscribe_done.html",
        {**_target_context(target), "everything": everything},
    )
