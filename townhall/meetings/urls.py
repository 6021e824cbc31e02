"""The public side of meetings, under /meetings/: the meeting's page, registration, requests
to speak, written comments, the anonymous attendee profile, the calendar file, the room's
display of the public comment period, and the facilitators' notes page."""

from django.urls import path

from townhall.meetings import display_views, views

app_name = "meetings"
urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/calendar.ics", views.meeting_ical, name="ical"),
    path("<int:pk>/register/", views.register, name="register"),
    path("registration/<str:token>/", views.registration_detail, name="registration"),
    path(
        "registration/<str:token>/cancel/",
        views.registration_cancel,
        name="registration-cancel",
    ),
    path("<int:pk>/speak/", views.speak, name="speak"),
    path("speak/<str:receipt>/", views.speak_receipt, name="speak-receipt"),
    path("<int:pk>/write/", views.write, name="write"),
    path("written/<str:receipt>/", views.written_receipt, name="written-receipt"),
    path("<int:pk>/about-you/", views.profile, name="profile"),
    # The room's (or the stream's) display of the public comment period.
    path("<int:pk>/display/", display_views.display, name="display"),
    path("<int:pk>/display/state.json", display_views.display_state, name="display-state"),
    # Facilitators write their group's notes through the secret link they were given.
    path("notes/<str:token>/", views.notes, name="notes"),
]
