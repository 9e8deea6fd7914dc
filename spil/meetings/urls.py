"""Mounted at the root (config/urls.py): the meetings live under the family's file."""

from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "meetings"

FAMILY = "gezinnen/<uuid:uuid>/overleggen/"
MEETING = f"{FAMILY}<uuid:meeting_uuid>/"

urlpatterns: list[URLPattern | URLResolver] = [
    path(FAMILY, views.meeting_list, name="list"),
    path(f"{FAMILY}nieuw/", views.meeting_new, name="new"),
    path(f"{FAMILY}ritme/", views.rhythm_edit, name="rhythm"),
    path(MEETING, views.meeting_page, name="meeting"),
    path(f"{MEETING}wijzigen/", views.meeting_edit, name="edit"),
    path(f"{MEETING}agenda/", views.agenda_refresh, name="agenda_refresh"),
    path(f"{MEETING}afgelasten/", views.meeting_cancel, name="cancel"),
    path(f"{MEETING}verslag/", views.minutes, name="minutes"),
    path(f"{MEETING}besluit/", views.decision_new, name="decision"),
]
