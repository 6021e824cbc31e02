"""Staff pages of dialogue requests (seed 002 V-C-10-b), under /staff/outreach/dialogues/.
Names are staff:outreach:<name>."""

from django.urls import path

from townhall.outreach.staff import dialogue_views

urlpatterns = [
    path("", dialogue_views.dialogue_list, name="dialogues"),
    path("<int:pk>/", dialogue_views.dialogue_detail, name="dialogue"),
    path("<int:pk>/schedule/", dialogue_views.dialogue_schedule, name="dialogue-schedule"),
    path("<int:pk>/refer/", dialogue_views.dialogue_refer, name="dialogue-refer"),
    path("<int:pk>/decline/", dialogue_views.dialogue_decline, name="dialogue-decline"),
]
