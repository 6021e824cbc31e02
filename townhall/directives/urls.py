from django.urls import path

from townhall.directives import views

app_name = "directives"
urlpatterns = [
    path("", views.directive_index, name="list"),
    path("<str:number>/", views.directive_detail, name="detail"),
    path("<str:number>/versions/<int:pk>/", views.version_detail, name="version"),
    path("<str:number>/redline/", views.redline, name="redline"),
]
