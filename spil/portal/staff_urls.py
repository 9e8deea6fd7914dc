"""Staff pages about a family's portal, under `/gezinnen/<uuid>/portaal/` (namespace
`portal_staff`): only for those with the whole file (`access.family_view(edit=True)`).
Each part in its own marked section."""

from django.urls import path

from . import account_views

app_name = "portal_staff"

urlpatterns = [
    # --- Invitations (who logs in, and how) -------------------------------------------------
    path("uitnodigingen/", account_views.invitation_list, name="invitations"),
    path(
        "uitnodigingen/<uuid:invitation>/intrekken/",
        account_views.invitation_revoke,
        name="invitation_revoke",
    ),
    # --- End of invitations ---------------------------------------------------------------
]
