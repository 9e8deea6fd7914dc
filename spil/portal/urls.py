from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("plan/", views.plan, name="plan"),
    path("afspraken/", views.appointments, name="appointments"),
    path("team/", views.team, name="team"),
    path("overleggen/", views.meetings, name="meetings"),
    path("leefgebieden/", views.scores, name="scores"),
    path("toestemming/", views.consents, name="consents"),
    path("wie-keek/", views.who_looked, name="who_looked"),
    path("woorden/", views.words, name="words"),
]

# --- Who logs in, and how; the member's own settings (issue 14) ---------------------------
from . import account_views  # noqa: E402

urlpatterns += [
    # The invitation link: no login (the member has no password yet).
    path("welkom/<str:token>/", account_views.welcome, name="welcome"),
    path("instellingen/", account_views.portal_settings, name="settings"),
]
# --- End of who logs in, and how -------------------------------------------------------------
