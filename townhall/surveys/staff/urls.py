from django.urls import path

from townhall.surveys.staff import results_views, views

app_name = "surveys"
urlpatterns = [
    path("", views.survey_list, name="list"),
    path("new/", views.survey_new, name="new"),
    path("post-engagement/", views.post_engagement_new, name="post-engagement"),
    path("<int:pk>/", views.survey_detail, name="detail"),
    path("<int:pk>/edit/", views.survey_edit, name="edit"),
    path("<int:pk>/schedule/", views.survey_schedule, name="schedule"),
    path("<int:pk>/unschedule/", views.survey_unschedule, name="unschedule"),
    path("<int:pk>/open/", views.survey_open, name="open"),
    path("<int:pk>/close/", views.survey_close, name="close"),
    path("<int:pk>/copy/", views.survey_copy, name="copy"),
    path("<int:pk>/preview/", views.survey_preview, name="preview"),
    path("<int:pk>/demographics/", views.demographics_add, name="demographics"),
    path("<int:pk>/questions/new/", views.question_new, name="question-new"),
    path("questions/<int:pk>/edit/", views.question_edit, name="question-edit"),
    path("questions/<int:pk>/fix/", views.question_fix, name="question-fix"),
    path("questions/<int:pk>/remove/", views.question_remove, name="question-remove"),
    path("questions/<int:pk>/move/", views.question_move, name="question-move"),
    # Answers and results: results_views.py
    path("<int:pk>/enter/", results_views.response_enter, name="enter"),
    path("<int:pk>/invitations/", results_views.invitations, name="invitations"),
    path("<int:pk>/results/", results_views.results, name="results"),
    path("<int:pk>/results.<str:fmt>", results_views.results_export, name="results-export"),
    path("<int:pk>/answers.<str:fmt>", results_views.answers_export, name="answers-export"),
    path("<int:pk>/publish/", results_views.results_publish, name="publish"),
]
