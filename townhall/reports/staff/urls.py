from django.urls import path

from townhall.reports.staff import annual_views, evaluation_views, records_views, views

app_name = "reports"

urlpatterns = [
    # The "what we heard" reports (V-D-3, VII-D-5).
    path("", views.index, name="index"),
    path("new/<int:engagement_pk>/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/preview/", views.preview, name="preview"),
    path("<int:pk>/generate/", views.generate, name="generate"),
    path("<int:pk>/narrative/<str:section>/", views.narrative, name="narrative"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/return/", views.return_, name="return"),
    path("<int:pk>/approve/", views.approve, name="approve"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    # Evaluation (VI-B-1, VIII-A).
    path("evaluation/", evaluation_views.dashboard, name="evaluation"),
    path(
        "evaluation/engagements/<int:pk>/",
        evaluation_views.engagement,
        name="evaluation_engagement",
    ),
    path("evaluation/data.csv", evaluation_views.csv_download, name="evaluation_csv"),
    # The annual report section (VI-B-7, VIII-B).
    path("annual/", annual_views.index, name="annual"),
    path("annual/<int:year>/", annual_views.year, name="annual_year"),
    path("annual/<int:year>/section.pdf", annual_views.pdf, name="annual_pdf"),
    path("annual/<int:year>/section.docx", annual_views.docx, name="annual_docx"),
    # Records exports (public-records requests, the monitor).
    path("records/", records_views.index, name="records"),
    path("records/new/", records_views.create, name="records_create"),
    path("records/<int:pk>/", records_views.detail, name="records_detail"),
    path("records/<int:pk>/download/", records_views.download, name="records_download"),
]
