from django.urls import path

from townhall.directives.staff import views

app_name = "directives"
urlpatterns = [
    path("", views.draft_list, name="drafts"),
    path("new/", views.draft_new, name="new"),
    path("versions/<int:pk>/edit/", views.draft_edit, name="edit"),
    path("versions/<int:pk>/schedule/", views.draft_schedule, name="schedule"),
    path("versions/<int:pk>/publish/", views.draft_publish, name="publish"),
]
