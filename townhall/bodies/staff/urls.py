from django.urls import path

from townhall.bodies.staff import recommendation_views, views

app_name = "bodies"
urlpatterns = [
    path("", views.body_list, name="list"),
    path("new/", views.body_new, name="new"),
    path("<int:pk>/", views.body_detail, name="detail"),
    path("<int:pk>/edit/", views.body_edit, name="edit"),
    path("<int:pk>/publish/", views.body_publish, name="publish"),
    path("<int:pk>/conclude/", views.body_conclude, name="conclude"),
    path("<int:pk>/seats/", views.seat_add, name="seat-add"),
    # Recruitment
    path("<int:pk>/calls/new/", views.call_new, name="call-new"),
    path("calls/<int:pk>/", views.call_detail, name="call"),
    path("calls/<int:pk>/open/", views.call_open, name="call-open"),
    path("calls/<int:pk>/close/", views.call_close, name="call-close"),
    path("applications/<int:pk>/", views.application_decide, name="application"),
    # Members
    path("<int:pk>/members/new/", views.member_new, name="member-new"),
    path("members/<int:pk>/end/", views.member_end, name="member-end"),
    path("members/<int:pk>/link/", views.member_link, name="member-link"),
    # Recommendations, ballots and responses: recommendation_views.py
    path(
        "recommendations/<int:pk>/",
        recommendation_views.recommendation,
        name="recommendation",
    ),
    path(
        "recommendations/<int:pk>/ballot/",
        recommendation_views.ballot_open,
        name="ballot-open",
    ),
    path(
        "recommendations/<int:pk>/withdraw/",
        recommendation_views.recommendation_withdraw,
        name="recommendation-withdraw",
    ),
    path("ballots/<int:pk>/record/", recommendation_views.ballot_record, name="ballot-record"),
    path("ballots/<int:pk>/close/", recommendation_views.ballot_close, name="ballot-close"),
    path(
        "recommendations/<int:pk>/response/",
        recommendation_views.response_save,
        name="response",
    ),
    path(
        "responses/<int:pk>/submit/", recommendation_views.response_submit, name="response-submit"
    ),
    path(
        "responses/<int:pk>/approve/",
        recommendation_views.response_approve,
        name="response-approve",
    ),
    path(
        "responses/<int:pk>/return/", recommendation_views.response_return, name="response-return"
    ),
]
