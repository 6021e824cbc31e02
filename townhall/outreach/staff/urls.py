"""The staff side of outreach, under /staff/outreach/. Names are staff:outreach:<name>."""

from django.urls import include, path

app_name = "outreach"
urlpatterns = [
    path("", include("townhall.outreach.staff.directory_urls")),
    path("", include("townhall.outreach.staff.announcement_urls")),
    path("dialogues/", include("townhall.outreach.staff.dialogue_urls")),
    path("inputs/", include("townhall.outreach.staff.input_urls")),
]
