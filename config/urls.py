from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from spil.core import admin as spil_admin
from spil.core import views as core_views
from spil.workspace import urls as workspace_urls

# The workspace composes the families, trajectories and accounts namespaces with its own
# pages (start page, caseload, team screen, family list, overview, timeline).
urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("readyz", core_views.readyz, name="readyz"),
    # Switching language must work on the login page too.
    path("taal/", login_not_required(set_language), name="set_language"),
    path("beheer/", spil_admin.site.urls),
    path("api/v1/", include("spil.api.urls")),
    path("meldpunt/", include("spil.intake.urls")),
    path("", include("spil.contacts.urls")),  # gezinnen/<uuid>/contacten/…, agenda/…
    path("", include("spil.meetings.urls")),  # gezinnen/<uuid>/overleggen/…
    path("", include("spil.documents.urls")),  # gezinnen/<uuid>/documenten/…
    path("berichten/", include("spil.notifications.urls")),
    path("monitoring/", include("spil.reports.urls")),
    path("signalen/", include("spil.signals.urls")),
    path("werkbudget/", include("spil.budgets.urls")),
    path("samenwerkingsmonitor/", include("spil.surveys.urls")),
    path("begrippen/", include("spil.directory.glossary_urls")),
    path("sociale-kaart/", include("spil.directory.urls")),
    # The member's own rights (issue 18): the rights app, above the portal, with its layout.
    path("mijn-gezin/gegevens/", include("spil.rights.portal_urls")),
    path("mijn-gezin/", include("spil.portal.urls")),
    path("gezinnen/<uuid:uuid>/portaal/", include("spil.portal.staff_urls")),
    path("gezinnen/<uuid:uuid>/rechten/", include("spil.rights.urls")),
    path("gezinnen/", include(workspace_urls.families)),
    path("gezinnen/<uuid:uuid>/leefgebieden/", include("spil.assessments.urls")),
    path("trajecten/", include(workspace_urls.trajectories)),
    path("", include("spil.plans.urls")),  # gezinnen/<uuid>/plan/… and plannen/…
    path("", include(workspace_urls.accounts)),
]

# DigiD/eHerkenning-style login through OIDC: only when switched on (docs/adr/0013).
if settings.SPIL_OIDC_ENABLED:
    from spil.portal import oidc

    urlpatterns.append(path("oidc/", include(oidc.urlpatterns)))

handler400 = "spil.core.views.bad_request"
handler403 = "spil.core.views.permission_denied"
handler404 = "spil.core.views.page_not_found"
handler500 = "spil.core.views.server_error"
