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
    # === plan and closing (issue 14) ===
    path("plan/antwoord/", views.plan_respond, name="plan_respond"),
    path("plan/evaluatie/", views.plan_scores, name="plan_scores"),
    path("afsluiten/", views.closing, name="closing"),
]

# --- Appointments and consents: what the family does (issue 14) -------------------------
urlpatterns += [
    path(
        "afspraken/<uuid:appointment_uuid>/bevestigen/",
        views.appointment_confirm,
        name="appointment_confirm",
    ),
    path(
        "afspraken/<uuid:appointment_uuid>/afzeggen/",
        views.appointment_cancel,
        name="appointment_cancel",
    ),
    path("toestemming/geven/", views.consent_give, name="consent_give"),
    path(
        "toestemming/<uuid:consent_uuid>/intrekken/",
        views.consent_withdraw,
        name="consent_withdraw",
    ),
]

# === Messages and corrections (issue 14: the family's voice) ================================
urlpatterns += [
    path("berichten/", views.thread, name="messages"),
    path("correctie/", views.corrections, name="corrections"),
]

# --- Who logs in, and how; the member's own settings (issue 14) ---------------------------
from . import account_views  # noqa: E402

urlpatterns += [
    # The invitation link: no login (the member has no password yet).
    path("welkom/<str:token>/", account_views.welcome, name="welcome"),
    path("instellingen/", account_views.portal_settings, name="settings"),
]
# --- End of who logs in, and how -------------------------------------------------------------
