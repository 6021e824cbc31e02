from django.urls import path

from townhall.core.staff import views

app_name = "core"
urlpatterns = [
    path("", views.staff_home, name="home"),
    path("audit/", views.audit_list, name="audit"),
]
