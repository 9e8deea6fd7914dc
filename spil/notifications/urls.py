from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "notifications"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.inbox, name="inbox"),
    path("alles-gelezen/", views.mark_all_read, name="mark_all_read"),
    path("regels/", views.rules_page, name="rules"),
    path("<uuid:uuid>/gelezen/", views.mark_read, name="mark_read"),
    path("<uuid:uuid>/openen/", views.open_notice, name="open"),
    path("gezin/<uuid:uuid>/situatie/", views.situation, name="situation"),
]
