from django.urls import path

from . import views

app_name = "intake"

urlpatterns = [
    path("", views.worklist, name="worklist"),
    path("nieuw/", views.referral_new, name="new"),
    path("cijfers/", views.report, name="report"),
    path("<uuid:uuid>/", views.referral_detail, name="detail"),
    path("<uuid:uuid>/gezin/", views.referral_family, name="family"),
    path("<uuid:uuid>/weging/", views.referral_weigh, name="weigh"),
    path("<uuid:uuid>/toestemming/", views.referral_consent, name="consent"),
    path("<uuid:uuid>/beoordeling/", views.referral_assess, name="assess"),
    path("<uuid:uuid>/besluit/", views.referral_decide, name="decide"),
    path("<uuid:uuid>/koppelen/", views.referral_match, name="match"),
    path(
        "<uuid:uuid>/koppelen/<uuid:proposal_uuid>/antwoord/",
        views.proposal_respond,
        name="respond",
    ),
]
