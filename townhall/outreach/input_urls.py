"""Continuous input on directives (III-B-3, VII-A-1, V-C-10-c), under /directives/: the form
on any directive in effect, and the receipt. Directive numbers are matched as the directives
app matches them (<str:number>: "G03-02-01", "S04-01-02")."""

from django.urls import path

from townhall.outreach import input_views

urlpatterns = [
    path("<str:number>/input/", input_views.input_create, name="input"),
    path("input/<str:receipt>/", input_views.input_receipt, name="input-receipt"),
]
