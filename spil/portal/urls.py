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

# === Messages and corrections (issue 14: the family's voice) ================================
urlpatterns += [
    path("berichten/", views.thread, name="messages"),
    path("correctie/", views.corrections, name="corrections"),
]
