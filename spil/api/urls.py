from django.urls import path, re_path

from . import directory_views, family_views, token, views

app_name = "api"

urlpatterns = [
    # OAuth2 client credentials: POST client id and secret, get a bearer token.
    path("oauth/token/", token.TokenView.as_view(), name="token"),
    path("schema/", views.SchemaView.as_view(), name="schema"),
    path("docs/", views.DocsView.as_view(url_name="api:schema"), name="docs"),
    path("referrals/", views.ReferralCreateView.as_view(), name="referrals"),
    path("referrals/<uuid:uuid>/", views.ReferralDetailView.as_view(), name="referral_detail"),
    path("families/", family_views.FamilyListView.as_view(), name="families"),
    path("families/<uuid:uuid>/", family_views.FamilyDetailView.as_view(), name="family"),
    path("families/<uuid:uuid>/members/", family_views.MemberListView.as_view(), name="members"),
    path("families/<uuid:uuid>/team/", family_views.TeamView.as_view(), name="team"),
    path("families/<uuid:uuid>/plan/", family_views.PlanView.as_view(), name="plan"),
    path(
        "families/<uuid:uuid>/plan/steps/<uuid:step_uuid>/",
        family_views.StepView.as_view(),
        name="step",
    ),
    path(
        "families/<uuid:uuid>/appointments/",
        family_views.AppointmentListView.as_view(),
        name="appointments",
    ),
    path("families/<uuid:uuid>/contacts/", family_views.ContactListView.as_view(), name="contacts"),
    path("families/<uuid:uuid>/consents/", family_views.ConsentListView.as_view(), name="consents"),
    path("offers/", directory_views.OfferListView.as_view(), name="offers"),
    path("interventions/", directory_views.InterventionListView.as_view(), name="interventions"),
    path("monitoring/", directory_views.MonitoringView.as_view(), name="monitoring"),
    re_path(r"^(?P<rest>.*)$", views.NotFoundView.as_view(), name="not_found"),
]
