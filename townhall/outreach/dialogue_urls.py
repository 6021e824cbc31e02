"""Dialogue requests (seed 002 V-C-10-b), under /dialogue/: the form, the receipt lookup and
the receipt page. Names are outreach:<name>."""

from django.urls import path

from townhall.outreach import dialogue_views

urlpatterns = [
    path("", dialogue_views.dialogue_create, name="dialogue"),
    # Before the receipt pattern, which would otherwise take "follow" for a receipt.
    path("follow/", dialogue_views.dialogue_lookup, name="dialogue-lookup"),
    path("<str:receipt>/", dialogue_views.dialogue_receipt, name="dialogue-receipt"),
]
