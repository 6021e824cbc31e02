"""The community request form and its receipt (IV-B-7 NOTE), under /get-involved/request/.
Included without a namespace of its own, so the names are engagements:request and
engagements:request-receipt."""

from django.urls import path

from townhall.engagements import request_views

urlpatterns = [
    path("", request_views.request_create, name="request"),
    path("<str:receipt>/", request_views.request_receipt, name="request-receipt"),
]
