from django.urls import path

from townhall.feedback.staff import analysis_views, review_views, views

app_name = "feedback"
urlpatterns = [
    path("posting/<int:pk>/", views.comment_inbox, name="inbox"),
    path("posting/<int:pk>/moderate/", views.comment_moderate, name="moderate"),
    path("posting/<int:pk>/new/", views.comment_new, name="new"),
    path("posting/<int:pk>/import/", views.import_new, name="import-new"),
    path("imports/<int:pk>/", views.import_detail, name="import"),
    path("<int:pk>/", views.comment_detail, name="comment"),
    path("<int:pk>/hide/", views.comment_hide, name="hide"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("posting/<int:pk>/analysis/", analysis_views.analysis_overview, name="analysis"),
    path(
        "posting/<int:pk>/analysis/progress/",
        analysis_views.analysis_progress,
        name="analysis-progress",
    ),
    path("posting/<int:pk>/analysis/run/", analysis_views.analysis_start, name="analysis-run"),
    path("campaigns/<int:pk>/", analysis_views.campaign_detail, name="campaign"),
    path("themes/<int:pk>/", analysis_views.theme_detail, name="theme"),
    path("themes/<int:pk>/rename/", review_views.theme_rename, name="theme-rename"),
    path("themes/<int:pk>/merge/", review_views.theme_merge, name="theme-merge"),
    path("themes/<int:pk>/decide/", review_views.theme_decide, name="theme-decide"),
    path("themes/<int:pk>/items/", review_views.theme_items, name="theme-items"),
    path("posting/<int:pk>/themes/new/", review_views.theme_create, name="theme-new"),
    path(
        "themes/<int:pk>/recommendations/new/",
        review_views.recommendation_new,
        name="recommendation-new",
    ),
    path(
        "recommendations/<int:pk>/decide/",
        review_views.recommendation_decide,
        name="recommendation-decide",
    ),
    path("posting/<int:pk>/analysis/review/", review_views.review_queue, name="review"),
    path("posting/<int:pk>/analysis/agreement/", review_views.agreement, name="agreement"),
    path(
        "posting/<int:pk>/analysis/agreement/new/",
        review_views.agreement_new,
        name="agreement-new",
    ),
]
