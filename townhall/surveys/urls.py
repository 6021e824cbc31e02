"""The public side of surveys, under /surveys/: the open surveys, each survey's form (for
anyone, through a single-use invitation link, or for a signed-in Department member), the
thank-you page, and published results."""

from django.urls import path

from townhall.surveys import views

app_name = "surveys"
urlpatterns = [
    path("", views.survey_list, name="list"),
    path("<slug:slug>/", views.survey_form, name="detail"),
    path("<slug:slug>/i/<str:token>/", views.survey_form, name="invited"),
    path("<slug:slug>/thanks/", views.thanks, name="thanks"),
    path("<slug:slug>/results/", views.results, name="results"),
]
