"""The person's rights, under /gezinnen/<uuid>/rechten/ (namespace `rights`)."""

from django.urls import path

from . import views

app_name = "rights"

urlpatterns = [
    path("", views.requests, name="requests"),
    path("verzoeken/<uuid:request_uuid>/", views.request_decide, name="request_decide"),
    path("leden/<uuid:member_uuid>/inzage.json", views.export_json, name="export_json"),
    path("leden/<uuid:member_uuid>/inzage.pdf", views.export_pdf, name="export_pdf"),
]
