"""Subscriptions and feeds (public). Views in views.py and feeds.py."""

from django.urls import path

from townhall.outreach import feeds, views

urlpatterns = [
    path("subscribe/", views.subscribe, name="subscribe"),
    path("subscribe/sent/", views.subscribe_sent, name="subscribe-sent"),
    path("subscribe/confirm/<str:token>/", views.confirm, name="confirm"),
    path("subscribe/manage/<str:token>/", views.manage, name="manage"),
    # RFC 8058: GET shows a button (link scanners must not unsubscribe anyone); POST, with
    # or without the form, unsubscribes. Mail clients POST "List-Unsubscribe=One-Click".
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("feeds/announcements.rss", feeds.AnnouncementsRss(), name="feed-rss"),
    path("feeds/announcements.atom", feeds.AnnouncementsAtom(), name="feed-atom"),
]
