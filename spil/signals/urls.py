from django.urls import path

from . import views

app_name = "signals"

urlpatterns = [
    path("", views.signal_list, name="list"),
    path("nieuw/", views.signal_new, name="new"),
    path("<uuid:uuid>/", views.signal_detail, name="detail"),
    path("<uuid:uuid>/wijzigen/", views.signal_edit, name="edit"),
    path("<uuid:uuid>/antwoorden/", views.signal_answer, name="answer"),
    path("bundels/nieuw/", views.bundle_new, name="bundle_new"),
    path("bundels/<uuid:uuid>/", views.bundle_detail, name="bundle_detail"),
    path("bundels/<uuid:uuid>/wijzigen/", views.bundle_edit, name="bundle_edit"),
    path("bundels/<uuid:uuid>/doorgeven/", views.bundle_pass, name="bundle_pass"),
    path("bundels/<uuid:uuid>/antwoorden/", views.bundle_answer, name="bundle_answer"),
    path("doorbraken/", views.breakthrough_list, name="breakthroughs"),
    path("doorbraken/nieuw/", views.breakthrough_new, name="breakthrough_new"),
    path("doorbraken/<uuid:uuid>/wijzigen/", views.breakthrough_edit, name="breakthrough_edit"),
]
