"""Deny-by-default for the staff area, and headers that the security middleware does not set."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from townhall.accounts.selectors import is_staff_member


class StaffAreaMiddleware:
    """Any view in a URL namespace named "staff" needs a staff role, whatever the view does.

    Views still check their own permission policy; this is the floor under them, so a view
    that forgets to check is refused rather than exposed.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        match = request.resolver_match
        if match is None or "staff" not in match.namespaces:
            return None
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_staff_member(request.user):
            raise PermissionDenied("Staff only")
        return None


class PrivacyHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()"
        )
        if request.user.is_authenticated:
            # Staff pages can show personal data: keep them out of shared caches.
            response.headers.setdefault("Cache-Control", "private, no-store")
        return response


class RejectNulMiddleware:
    """A NUL character in an address or a query is never meaningful, and PostgreSQL refuses to
    store or compare it: answer 400 before any view runs, instead of a 500 after."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from urllib.parse import unquote

        query = unquote(request.META.get("QUERY_STRING", ""))
        if "\x00" in request.path or "\x00" in query:
            from django.http import HttpResponseBadRequest, JsonResponse
            from django.utils.translation import gettext as _

            message = _("The address contains a character that is not allowed.")
            if request.path.startswith("/api/"):
                return JsonResponse({"message": message}, status=400)
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
