"""The coach's pages about a family's portal, under `/gezinnen/<uuid>/portaal/` (namespace
`portal_staff`): only for those with the whole file (`access.family_view(edit=True)`).
Each part in its own marked section."""

from django.urls import URLPattern, URLResolver, path

from . import account_views, views

app_name = "portal_staff"

urlpatterns: list[URLPattern | URLResolver] = [
    # --- Invitations (who logs in, and how) -------------------------------------------------
    path("uitnodigingen/", account_views.invitation_list, name="invitations"),
    path(
        "uitnodigingen/<uuid:invitation>/intrekken/",
        account_views.invitation_revoke,
        name="invitation_revoke",
    ),
    # --- End of invitations ---------------------------------------------------------------
]
# === Messages, corrections, "bekijk als gezin" (issue 14: the family's voice) ===============
urlpatterns += [
    path("berichten/", views.staff_messages, name="messages"),
    path("berichten/<uuid:member_uuid>/", views.staff_messages, name="young_messages"),
    path("correcties/", views.staff_corrections, name="corrections"),
    path("bekijk/<uuid:member_uuid>/", views.preview, name="preview"),
    path("bekijk/<uuid:member_uuid>/<path:pagina>", views.preview, name="preview_page"),
]
