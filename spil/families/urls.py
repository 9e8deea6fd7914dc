from django.urls import path

from . import views

app_name = "families"

urlpatterns = [
    # The list (""), the overview ("<uuid>/") and the timeline ("<uuid>/tijdlijn/") are the
    # workspace's (spil.workspace.urls).
    path("<uuid:uuid>/wie-keek/", views.who_looked, name="who_looked"),
    path("<uuid:uuid>/veiligheidsnotitie/", views.safety_note_edit, name="safety_note_edit"),
    # Break-the-glass (issue 18): the offer to open a family one may not see, and the
    # beheerder's weekly list of such openings.
    path("<uuid:uuid>/noodtoegang/", views.emergency_access, name="emergency_access"),
    path("noodtoegang/", views.emergency_list, name="emergency_list"),
    path("<uuid:uuid>/leden/nieuw/", views.member_edit, name="member_add"),
    path("<uuid:uuid>/leden/<uuid:member_uuid>/", views.member_edit, name="member_edit"),
    path("<uuid:uuid>/relaties/nieuw/", views.relation_add, name="relation_add"),
    path(
        "<uuid:uuid>/relaties/<uuid:relation_uuid>/verwijderen/",
        views.relation_remove,
        name="relation_remove",
    ),
    path("<uuid:uuid>/netwerk/nieuw/", views.network_edit, name="network_add"),
    path("<uuid:uuid>/netwerk/<uuid:contact_uuid>/", views.network_edit, name="network_edit"),
    path(
        "<uuid:uuid>/netwerk/<uuid:contact_uuid>/verwijderen/",
        views.network_remove,
        name="network_remove",
    ),
    path("<uuid:uuid>/team/nieuw/", views.involvement_add, name="involvement_add"),
    path(
        "<uuid:uuid>/team/<uuid:involvement_uuid>/regie/",
        views.involvement_make_coordinator,
        name="involvement_coordinator",
    ),
    path(
        "<uuid:uuid>/team/<uuid:involvement_uuid>/wissel/",
        views.involvement_change_worker,
        name="involvement_change",
    ),
    path(
        "<uuid:uuid>/team/<uuid:involvement_uuid>/einde/",
        views.involvement_end,
        name="involvement_end",
    ),
    path("<uuid:uuid>/toestemming/nieuw/", views.consent_add, name="consent_add"),
    path(
        "<uuid:uuid>/toestemming/<uuid:consent_uuid>/intrekken/",
        views.consent_withdraw,
        name="consent_withdraw",
    ),
]
