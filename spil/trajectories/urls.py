from django.urls import path

from . import views

app_name = "trajectories"

urlpatterns = [
    # The caseload ("") and the team screen ("team/") are the workspace's (spil.workspace.urls).
    path("verlenging/<uuid:uuid>/", views.decide_extension, name="decide_extension"),
    path("<uuid:uuid>/", views.detail, name="detail"),
    path("<uuid:uuid>/opdracht/", views.edit_details, name="edit"),
    path("<uuid:uuid>/fase/", views.move_phase, name="phase"),
    path("<uuid:uuid>/verlenging/", views.request_extension, name="request_extension"),
    path("<uuid:uuid>/afsluiten/", views.close, name="close"),
    path("<uuid:uuid>/nazorg/<uuid:checkin_uuid>/", views.checkin_done, name="checkin"),
    path("<uuid:uuid>/nazorg-einde/", views.end_aftercare, name="end_aftercare"),
    path("<uuid:uuid>/heropenen/", views.reopen, name="reopen"),
]
