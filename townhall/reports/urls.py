from django.urls import path

from townhall.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:engagement_pk>/", views.detail, name="detail"),
    path("<int:engagement_pk>/v<int:number>/", views.version, name="version"),
    path("<int:engagement_pk>/v<int:number>/report-<str:language>.pdf", views.pdf, name="pdf"),
    path("<int:engagement_pk>/v<int:number>/data.csv", views.csv_download, name="csv"),
    path("<int:engagement_pk>/v<int:number>/data.json", views.json_download, name="json"),
]
