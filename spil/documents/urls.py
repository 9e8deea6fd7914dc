"""Mounted at the root (config/urls.py): the documents live under the family's file."""

from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "documents"

FAMILY = "gezinnen/<uuid:uuid>/documenten/"
DOCUMENT = f"{FAMILY}<uuid:document_uuid>/"

urlpatterns: list[URLPattern | URLResolver] = [
    path(FAMILY, views.document_list, name="list"),
    path(f"{FAMILY}toevoegen/", views.document_upload, name="upload"),
    path(f"{DOCUMENT}downloaden/", views.document_download, name="download"),
    path(f"{DOCUMENT}wijzigen/", views.document_edit, name="edit"),
    path(f"{DOCUMENT}verwijderen/", views.document_delete, name="delete"),
]
