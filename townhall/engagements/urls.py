from django.urls import include, path

from townhall.engagements import views
from townhall.engagements.feeds import GetInvolvedFeed

app_name = "engagements"
urlpatterns = [
    path("", views.home, name="home"),
    path("opportunities/", views.opportunity_list, name="opportunities"),
    path("calendar.ics", views.calendar, name="calendar"),
    path("feed.atom", GetInvolvedFeed(), name="feed"),
    path("districts/", views.district_list, name="districts"),
    path("districts/<int:number>/", views.district_detail, name="district"),
    path("engagements/<int:pk>/", views.engagement_detail, name="detail"),
    path("request/", include("townhall.engagements.request_urls")),  # IV-B-7 NOTE
    path(
        "engagements/<int:pk>/calendar.ics",
        views.engagement_calendar,
        name="engagement-calendar",
    ),
    path(
        "engagements/<int:pk>/materials/<int:version_id>/",
        views.material_download,
        name="material",
    ),
    path(
        "engagements/<int:pk>/resources/<int:resource_id>/",
        views.resource_download,
        name="resource",
    ),
]
