"""The coach's pages about a family's portal, under `/gezinnen/<uuid>/portaal/` (namespace
`portal_staff`): each view takes the family's `access` (`core.access.family_view`)."""

from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "portal_staff"

urlpatterns: list[URLPattern | URLResolver] = []

# === Messages, corrections, "bekijk als gezin" (issue 14: the family's voice) ===============
urlpatterns += [
    path("berichten/", views.staff_messages, name="messages"),
    path("berichten/<uuid:member_uuid>/", views.staff_messages, name="young_messages"),
    path("correcties/", views.staff_corrections, name="corrections"),
    path("bekijk/<uuid:member_uuid>/", views.preview, name="preview"),
    path("bekijk/<uuid:member_uuid>/<path:pagina>", views.preview, name="preview_page"),
]
