"""The stakeholder directory and the outreach home, under /staff/outreach/."""

from django.urls import URLPattern, path

from townhall.outreach.staff import directory_views as views

urlpatterns: list[URLPattern] = [
    path("", views.outreach_home, name="home"),
    path("organizations/", views.organization_list, name="organizations"),
    path("organizations/new/", views.organization_new, name="organization-new"),
    path("organizations/export.<str:fmt>", views.directory_export, name="directory-export"),
    path("organizations/<int:pk>/", views.organization_detail, name="organization"),
    path("organizations/<int:pk>/edit/", views.organization_edit, name="organization-edit"),
    path(
        "organizations/<int:pk>/archive/",
        views.organization_archive,
        name="organization-archive",
    ),
    path(
        "organizations/<int:pk>/restore/",
        views.organization_restore,
        name="organization-restore",
    ),
    path("organizations/<int:pk>/contacts/new/", views.contact_new, name="contact-new"),
    path("contacts/<int:pk>/edit/", views.contact_edit, name="contact-edit"),
    path("contacts/<int:pk>/withdraw/", views.contact_withdraw, name="contact-withdraw"),
    path("organizations/<int:pk>/log/new/", views.log_new, name="log-new"),
    path("log/<int:pk>/done/", views.log_done, name="log-done"),
    path("follow-ups/", views.follow_ups, name="follow-ups"),
]
