from django.urls import path

from townhall.postings.staff import views

app_name = "postings"
urlpatterns = [
    path("", views.posting_list, name="list"),
    path("new/", views.posting_new, name="new"),
    path("continuous/", views.mark_continuous, name="continuous"),
    path("<int:pk>/", views.posting_detail, name="detail"),
    path("<int:pk>/update/", views.posting_update, name="update"),
    path("<int:pk>/text/<str:language>/", views.posting_text, name="text"),
    path("<int:pk>/materials/", views.material_add, name="material-add"),
    path(
        "<int:pk>/materials/<int:material_id>/remove/",
        views.material_remove,
        name="material-remove",
    ),
    path("<int:pk>/transition/", views.posting_transition, name="transition"),
    path("<int:pk>/extend/", views.posting_extend, name="extend"),
    path(
        "<int:pk>/compilations/<int:compilation_id>/<str:fmt>/",
        views.compilation_download,
        name="compilation",
    ),
]
