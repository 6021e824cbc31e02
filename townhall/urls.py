from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from django.views.i18n import set_language

from townhall.api import api
from townhall.core import views as core_views

staff_patterns = [
    path("", include("townhall.core.staff.urls")),
    path("directives/", include("townhall.directives.staff.urls")),
    path("accounts/", include("townhall.accounts.staff.urls")),
    path("postings/", include("townhall.postings.staff.urls")),
    path("comments/", include("townhall.feedback.staff.urls")),
    path("engagements/", include("townhall.engagements.staff.urls")),
    path("meetings/", include("townhall.meetings.staff.urls")),
    path("bodies/", include("townhall.bodies.staff.urls")),
    path("surveys/", include("townhall.surveys.staff.urls")),
    path("outreach/", include("townhall.outreach.staff.urls")),
    path("reports/", include("townhall.reports.staff.urls")),
]

urlpatterns = [
    path("i18n/setlang/", set_language, name="set_language"),
    path("healthz", core_views.healthz, name="healthz"),
    path("api/v1/", api.urls),
    *i18n_patterns(
        path("", include("townhall.core.urls")),
        path("directives/", include("townhall.directives.urls")),
        path("accounts/", include("townhall.accounts.urls")),
        path("postings/", include("townhall.postings.urls")),
        path("", include("townhall.feedback.urls")),
        path("get-involved/", include("townhall.engagements.urls")),
        path("meetings/", include("townhall.meetings.urls")),
        path("bodies/", include("townhall.bodies.urls")),
        path("surveys/", include("townhall.surveys.urls")),
        path("", include("townhall.outreach.urls")),
        path("reports/", include("townhall.reports.urls")),
        path("staff/", include((staff_patterns, "staff"))),
        prefix_default_language=False,
    ),
]

handler403 = "townhall.core.views.error_403"
handler404 = "townhall.core.views.error_404"
handler500 = "townhall.core.views.error_500"
