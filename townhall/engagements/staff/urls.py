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
]
