"""The public side of bodies, under /bodies/: each body's page with its purpose, seats, roster,
meetings and open call; the application form; the recommendation chain (recommendation ->
vote -> response -> revision); and the members' pages behind their personal links."""

from django.urls import path

from townhall.bodies import member_views, views

app_name = "bodies"
urlpatterns = [
    path("", views.body_list, name="list"),
    path("application/<str:receipt>/", views.application_receipt, name="application-receipt"),
    # Members draft, amend and vote through the personal link they were sent.
    path("member/<str:token>/", member_views.home, name="member"),
    path("member/<str:token>/new/", member_views.draft, name="member-draft"),
    path(
        "member/<str:token>/<int:number>/",
        member_views.recommendation,
        name="member-recommendation",
    ),
    path("member/<str:token>/<int:number>/amend/", member_views.amend, name="member-amend"),
    path("member/<str:token>/<int:number>/vote/", member_views.vote, name="member-vote"),
    path("<slug:slug>/", views.body_detail, name="detail"),
    path("<slug:slug>/apply/", views.apply, name="apply"),
    path(
        "<slug:slug>/recommendations/<int:number>/",
        views.recommendation,
        name="recommendation",
    ),
]
