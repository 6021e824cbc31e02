from django.urls import path

from townhall.feedback import views

app_name = "feedback"
urlpatterns = [
    path("postings/<int:pk>/comment/", views.comment_create, name="comment"),
    path("receipts/", views.receipt_lookup, name="receipt-lookup"),
    path("receipts/<str:receipt>/", views.receipt_detail, name="receipt"),
]
