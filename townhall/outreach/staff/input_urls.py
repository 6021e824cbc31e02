"""R&D's queue of input on directives (VII-A-2-b), under /staff/outreach/inputs/."""

from django.urls import path

from townhall.outreach.staff import input_views

urlpatterns = [
    path("", input_views.input_list, name="inputs"),
    path("<int:pk>/", input_views.input_detail, name="input"),
    path("<int:pk>/review/", input_views.input_review, name="input-review"),
    path("<int:pk>/consider/", input_views.input_consider, name="input-consider"),
]
