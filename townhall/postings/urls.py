from django.urls import path

from townhall.postings import views

app_name = "postings"
urlpatterns = [
    path("", views.posting_list, name="list"),
    path("<int:pk>/", views.posting_detail, name="detail"),
    path("<int:pk>/materials/<int:material_id>/", views.material_download, name="material"),
]
