"""Audiences, announcements, dispatches, subscribers and suppressions (staff)."""

from django.urls import path

from townhall.outreach.staff import announcement_views as views

urlpatterns = [
    path("audiences/", views.audience_list, name="audiences"),
    path("audiences/new/", views.audience_new, name="audience-new"),
    path("audiences/<int:pk>/", views.audience_detail, name="audience"),
    path("audiences/<int:pk>/edit/", views.audience_edit, name="audience-edit"),
    path("announcements/", views.announcement_list, name="announcements"),
    path("announcements/new/", views.announcement_new, name="announcement-new"),
    path("announcements/<int:pk>/", views.announcement_detail, name="announcement"),
    path("announcements/<int:pk>/edit/", views.announcement_edit, name="announcement-edit"),
    path(
        "announcements/<int:pk>/texts/<str:channel>/",
        views.announcement_texts,
        name="announcement-texts",
    ),
    path(
        "announcements/<int:pk>/dispatches/new/",
        views.dispatch_new,
        name="dispatch-new",
    ),
    path(
        "announcements/<int:pk>/schedule/",
        views.announcement_schedule,
        name="announcement-schedule",
    ),
    path("announcements/<int:pk>/cancel/", views.announcement_cancel, name="announcement-cancel"),
    path("dispatches/<int:pk>/", views.dispatch_detail, name="dispatch"),
    path("dispatches/<int:pk>/progress/", views.dispatch_progress, name="dispatch-progress"),
    path("dispatches/<int:pk>/cancel/", views.dispatch_cancel, name="dispatch-cancel"),
    path("dispatches/<int:pk>/social/<str:channel>/", views.social_post, name="social-post"),
    path("subscribers/", views.subscriber_overview, name="subscribers"),
]
