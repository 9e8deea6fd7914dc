from django.urls import path

from . import views

app_name = "directory"

urlpatterns = [
    path("", views.search, name="search"),
    path("export.csv", views.export, name="export"),
    path("interventies/", views.interventions, name="interventions"),
    path("interventies/<uuid:uuid>/", views.intervention, name="intervention"),
]
