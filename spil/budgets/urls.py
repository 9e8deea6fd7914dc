"""Mounted at /werkbudget/ (config/urls.py). Objects are named by uuid."""

from django.urls import path

from . import views

app_name = "budgets"

urlpatterns = [
    path("", views.home, name="home"),
    path("vaststellen/", views.budget_new, name="budget_new"),
    path("<uuid:uuid>/", views.budget_detail, name="budget"),
    path("<uuid:uuid>/wijzigen/", views.budget_change, name="budget_change"),
    path("<uuid:uuid>/uitgave/", views.spending_new, name="spending_new"),
    path("<uuid:uuid>/terugvordering/", views.recovery_new, name="recovery_new"),
    path("uitgaven/<uuid:uuid>/besluiten/", views.spending_decide, name="spending_decide"),
]
