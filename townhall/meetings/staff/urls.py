from django.urls import path

from townhall.meetings.staff import clerk_views, input_views, views

app_name = "meetings"
urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("new/<int:activity>/", views.meeting_new, name="new"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/edit/", views.meeting_edit, name="edit"),
    path("<int:pk>/agenda/", views.agenda_add, name="agenda-add"),
    path("agenda/<int:pk>/withdraw/", views.agenda_withdraw, name="agenda-withdraw"),
    path("<int:pk>/publish/", views.meeting_publish, name="publish"),
    path("<int:pk>/cancel/", views.meeting_cancel, name="cancel"),
    path("<int:pk>/members/", views.member_add, name="member-add"),
    path("members/<int:pk>/attendance/", views.member_attendance, name="member-attendance"),
    path("<int:pk>/after/", views.meeting_after, name="after"),
    path("<int:pk>/minutes/", views.minutes_edit, name="minutes"),
    path("<int:pk>/minutes/approve/", views.minutes_approve, name="minutes-approve"),
    path("<int:pk>/minutes/post/", views.minutes_post, name="minutes-post"),
    # What the public sent: input_views.py
    path("<int:pk>/registrations/", input_views.registrations, name="registrations"),
    path("<int:pk>/speakers/", input_views.speakers, name="speakers"),
    path("<int:pk>/speakers/draw/", input_views.speakers_draw, name="speakers-draw"),
    path("<int:pk>/written/", input_views.written, name="written"),
    path("<int:pk>/written/send/", input_views.written_send, name="written-send"),
    path("<int:pk>/written.pdf", input_views.written_pdf, name="written-pdf"),
    path("<int:pk>/breakouts/", input_views.breakouts, name="breakouts"),
    path("<int:pk>/profiles/", input_views.profiles, name="profiles"),
    path("pool/<int:engagement>/", input_views.engagement_pool, name="pool"),
    # The clerk's screen during the meeting: clerk_views.py
    path("<int:pk>/clerk/", clerk_views.clerk, name="clerk"),
    path("<int:pk>/clerk/state.json", clerk_views.clerk_state, name="clerk-state"),
    path("<int:pk>/clerk/<str:action>/", clerk_views.clerk_action, name="clerk-action"),
]
