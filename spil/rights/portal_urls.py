"""The family member's own rights in the portal, under /mijn-gezin/gegevens/ (namespace
`portal_rights`; included before the portal's own `mijn-gezin/`)."""

from django.urls import path

from . import portal_views

app_name = "portal_rights"

urlpatterns = [
    path("", portal_views.overview, name="overview"),
    path("inzage.json", portal_views.export_json, name="export_json"),
    path("inzage.pdf", portal_views.export_pdf, name="export_pdf"),
    path("verzoek/", portal_views.request_create, name="request"),
]
