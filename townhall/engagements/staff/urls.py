from django.urls import path

from townhall.engagements.staff import views

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
]
