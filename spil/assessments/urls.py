"""Mounted at gezinnen/<uuid>/leefgebieden/ (config/urls.py)."""

from django.urls import path

from . import views

app_name = "assessments"

urlpatterns = [
    path("", views.assessments_page, name="overview"),
    path("meting/nieuw/", views.measurement_choose, name="measurement_choose"),
    path("meting/nieuw/<uuid:instrument>/", views.measurement_new, name="measurement_new"),
    path("vergelijk/", views.compare, name="compare"),
    path(
        "meting/<uuid:measurement_uuid>/delen/",
        views.measurement_share,
        name="measurement_share",
    ),
    path("veiligheid/", views.safety_page, name="safety"),
    path("veiligheid/zorg/nieuw/", views.concern_new, name="concern_new"),
    path("veiligheid/zorg/<uuid:concern_uuid>/stap/", views.concern_step, name="concern_step"),
    path("veiligheid/zorg/<uuid:concern_uuid>/weging/", views.concern_weigh, name="concern_weigh"),
    path(
        "veiligheid/zorg/<uuid:concern_uuid>/besluit/",
        views.concern_decide,
        name="concern_decide",
    ),
    path(
        "veiligheid/zorg/<uuid:concern_uuid>/afsluiten/",
        views.concern_close,
        name="concern_close",
    ),
    path("veiligheid/signs-of-safety/nieuw/", views.mapping_new, name="mapping_new"),
    path("veiligheid/schaal/nieuw/", views.rating_new, name="rating_new"),
    path("veiligheid/opschaling/nieuw/", views.escalation_new, name="escalation_new"),
    path(
        "veiligheid/opschaling/<uuid:escalation_uuid>/",
        views.escalation_update,
        name="escalation_update",
    ),
]
