from django.urls import path

from townhall.accounts.staff import views

app_name = "accounts"
urlpatterns = [
    path("", views.user_list, name="users"),
    path("<int:pk>/roles/", views.user_roles_change, name="roles"),
]
