"""The JSON API, v1 (django-ninja). OpenAPI at /api/v1/openapi.json.

Public routers need no sign-in; the staff router denies by default: every operation on it
requires a signed-in member of a staff unit.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import SessionAuth

from townhall.accounts.selectors import is_staff_member


class StaffSessionAuth(SessionAuth):
    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user is not None and is_staff_member(user):
            return user
        return None


api = NinjaAPI(
    title="Townhall API",
    version="1",
    description="Directives, postings and public feedback. Errors are JSON with a message.",
    urls_namespace="api-v1",
    docs_url="/docs",
)


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> Any:
    return api.create_response(
        request, {"message": "Invalid input.", "errors": exc.errors}, status=422
    )


@api.exception_handler(AuthenticationError)
def auth_error(request: HttpRequest, exc: AuthenticationError) -> Any:
    return api.create_response(request, {"message": "Staff sign-in required."}, status=401)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> Any:
    return api.create_response(request, {"message": str(exc)}, status=exc.status_code)


def _mount() -> None:
    from townhall.bodies.api import router as bodies_router
    from townhall.core.api import staff_router
    from townhall.directives.api import router as directives_router
    from townhall.feedback.api import router as receipts_router
    from townhall.meetings.api import router as meetings_router
    from townhall.outreach.api import router as outreach_router
    from townhall.outreach.api import staff_router as outreach_staff_router
    from townhall.postings.api import router as postings_router
    from townhall.reports.api import router as reports_router
    from townhall.reports.api import staff_router as reports_staff_router
    from townhall.surveys.api import router as surveys_router

    api.add_router("/directives", directives_router)
    api.add_router("/postings", postings_router)
    api.add_router("/receipts", receipts_router)
    api.add_router("/meetings", meetings_router)
    api.add_router("/bodies", bodies_router)
    api.add_router("/surveys", surveys_router)
    api.add_router("/outreach", outreach_router)
    api.add_router("/staff", staff_router)
    api.add_router("/staff/outreach", outreach_staff_router)
    api.add_router("/reports", reports_router)
    api.add_router("/staff/reports", reports_staff_router)


_mount()
