from django.urls import path

from townhall.engagements.staff import (
    content_views,
    material_views,
    request_views,
    task_views,
    views,
)

app_name = "engagements"
urlpatterns = [
    path("", views.engagement_list, name="list"),
    path("new/", views.engagement_new, name="new"),
    path("<int:pk>/", views.engagement_detail, name="detail"),
    path("<int:pk>/assess/", views.engagement_assess, name="assess"),
    path("<int:pk>/external/", views.engagement_external, name="external"),
    path("<int:pk>/determine/", views.engagement_determine, name="determine"),
    path("<int:pk>/plan/template/", views.plan_template, name="plan-template"),
    path("<int:pk>/plan/add/", views.activity_add, name="activity-add"),
    path("activities/<int:pk>/", views.activity_move, name="activity-move"),
    # The public "Get involved" content (V-B-1): content_views.py
    path("<int:pk>/public/", content_views.public_page, name="public"),
    path("<int:pk>/public/publish/", content_views.public_publish, name="public-publish"),
    path("<int:pk>/public/contact/", content_views.public_contact, name="public-contact"),
    path("<int:pk>/public/text/<str:language>/", content_views.public_text, name="public-text"),
    path("<int:pk>/public/resources/", content_views.resource_add, name="resource-add"),
    path("resources/<int:pk>/withdraw/", content_views.resource_withdraw, name="resource-withdraw"),
    path("activities/<int:pk>/public/", content_views.activity_public, name="activity-public"),
    # Community requests (IV-B-7 NOTE): request_views.py
    path("requests/", request_views.request_list, name="requests"),
    path("requests/<int:pk>/", request_views.request_detail, name="request"),
    path("requests/<int:pk>/review/", request_views.request_review, name="request-review"),
    path("requests/<int:pk>/accept/", request_views.request_accept, name="request-accept"),
    path("requests/<int:pk>/decline/", request_views.request_decline, name="request-decline"),
    # Trainings and their course materials (III-A): material_views.py
    path("trainings/", material_views.training_list, name="trainings"),
    path("trainings/<int:pk>/", material_views.training_detail, name="training"),
    path("trainings/<int:pk>/update/", material_views.training_update, name="training-update"),
    path("trainings/<int:pk>/materials/", material_views.material_add, name="material-add"),
    path(
        "materials/<int:pk>/versions/",
        material_views.material_version_add,
        name="material-version-add",
    ),
    path(
        "materials/<int:pk>/visibility/",
        material_views.material_visibility,
        name="material-visibility",
    ),
    path(
        "materials/versions/<int:pk>/download/",
        material_views.version_download,
        name="material-download",
    ),
    path("<int:pk>/step/", task_views.engagement_step, name="step"),
    path("tasks/", task_views.task_list, name="tasks"),
    path("tasks/<int:pk>/", task_views.task_move, name="task-move"),
]
