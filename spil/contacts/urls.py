"""Mounted at the root (config/urls.py): the family's daily work lives under its file;
the coach's agenda and the figures stand on their own."""

from django.urls import path

from . import views

app_name = "contacts"

FAMILY = "gezinnen/<uuid:uuid>/"
CONTACT = f"{FAMILY}contacten/<uuid:contact_uuid>/"
APPOINTMENT = f"{FAMILY}afspraken/<uuid:appointment_uuid>/"
PROMISE = f"{FAMILY}toezeggingen/<uuid:promise_uuid>/"

urlpatterns = [
    path(f"{FAMILY}contacten/", views.contact_list, name="list"),
    path(f"{FAMILY}contacten/nieuw/", views.contact_new, name="new"),
    path(CONTACT, views.contact_detail, name="detail"),
    path(f"{CONTACT}werkaantekening/", views.working_note, name="working_note"),
    path(f"{FAMILY}afspraken/", views.appointment_list, name="appointments"),
    path(f"{FAMILY}afspraken/nieuw/", views.appointment_new, name="appointment_new"),
    path(f"{APPOINTMENT}status/", views.appointment_status, name="appointment_status"),
    path(f"{FAMILY}toezeggingen/", views.promise_list, name="promises"),
    path(f"{FAMILY}toezeggingen/nieuw/", views.promise_new, name="promise_new"),
    path(f"{PROMISE}afsluiten/", views.promise_close, name="promise_close"),
    path(f"{PROMISE}opnieuw/", views.promise_renegotiate, name="promise_renegotiate"),
    path(f"{FAMILY}crisislog/", views.crisis_log, name="crises"),
    path(f"{FAMILY}crisislog/nieuw/", views.crisis_new, name="crisis_new"),
    path(f"{FAMILY}crisislog/<uuid:crisis_uuid>/", views.crisis_change, name="crisis_change"),
    path(f"{FAMILY}crisislog/wat-als/nieuw/", views.what_if_new, name="what_if_new"),
    path(
        f"{FAMILY}crisislog/wat-als/<uuid:agreement_uuid>/beeindigen/",
        views.what_if_end,
        name="what_if_end",
    ),
    path("agenda/", views.agenda, name="agenda"),
    path("agenda/cijfers/", views.figures_page, name="figures"),
    path("toezeggingen/cijfers/", views.promise_report, name="promise_report"),
]
