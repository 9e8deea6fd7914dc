"""Mounted at the root (config/urls.py): the family's plan lives under its file, the
overdue steps and the goal figures stand on their own."""

from django.urls import path

from . import views

app_name = "plans"

FAMILY = "gezinnen/<uuid:uuid>/plan/"

urlpatterns = [
    path(FAMILY, views.plan_page, name="plan"),
    path(f"{FAMILY}beginnen/", views.plan_start, name="start"),
    path(f"{FAMILY}afsluiten/", views.plan_close, name="close"),
    path(f"{FAMILY}afspraak/", views.agreement_new, name="agreement"),
    path(f"{FAMILY}versie/<int:number>/", views.version_page, name="version"),
    path(f"{FAMILY}afdrukken/", views.print_page, name="print"),
    path(f"{FAMILY}versie/<int:number>/afdrukken/", views.print_page, name="print_version"),
    path(f"{FAMILY}pdf/", views.plan_pdf, name="pdf"),
    path(f"{FAMILY}versie/<int:number>/pdf/", views.plan_pdf, name="pdf_version"),
    path(f"{FAMILY}doel/nieuw/", views.goal_new, name="goal_new"),
    path(f"{FAMILY}doel/formulering/", views.goal_hint, name="goal_hint"),
    path(f"{FAMILY}doel/<uuid:goal_uuid>/", views.goal_edit, name="goal_edit"),
    path(f"{FAMILY}doel/<uuid:goal_uuid>/status/", views.goal_status, name="goal_status"),
    path(f"{FAMILY}doel/<uuid:goal_uuid>/weghalen/", views.goal_remove, name="goal_remove"),
    path(f"{FAMILY}doel/<uuid:goal_uuid>/stap/nieuw/", views.step_new, name="step_new"),
    path(
        f"{FAMILY}doel/<uuid:goal_uuid>/bijdrage/",
        views.contribution_new,
        name="contribution",
    ),
    path(f"{FAMILY}stap/<uuid:step_uuid>/", views.step_edit, name="step_edit"),
    path(f"{FAMILY}stap/<uuid:step_uuid>/gedaan/", views.step_done, name="step_done"),
    path(f"{FAMILY}stap/<uuid:step_uuid>/weghalen/", views.step_remove, name="step_remove"),
    path(
        f"{FAMILY}bijdrage/<uuid:contribution_uuid>/",
        views.contribution_edit,
        name="contribution_change",
    ),
    path(
        f"{FAMILY}bijdrage/<uuid:contribution_uuid>/weghalen/",
        views.contribution_remove,
        name="contribution_remove",
    ),
    # Issue 20: a professional writes their own organisation's part; the coach decides.
    path(
        f"{FAMILY}doel/<uuid:goal_uuid>/stap-voorstellen/",
        views.step_propose,
        name="step_propose",
    ),
    path(f"{FAMILY}stap/<uuid:step_uuid>/afvinken/", views.own_step_done, name="own_step_done"),
    path(
        f"{FAMILY}voorstel/<uuid:proposal_uuid>/",
        views.step_proposal_decide,
        name="step_proposal_decide",
    ),
    path(f"{FAMILY}evaluatie/nieuw/", views.evaluation_new, name="evaluation_new"),
    path("plannen/te-laat/", views.overdue, name="overdue"),
    path("plannen/doelen/", views.goal_report, name="goal_report"),
]
