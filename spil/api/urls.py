from django.contrib.auth.decorators import login_not_required
from django.urls import path, re_path
from oauth2_provider import views as oauth2_views

from . import views

app_name = "api"

urlpatterns = [
    # OAuth2 client credentials: POST client id and secret, get a bearer token.
    path("oauth/token/", login_not_required(oauth2_views.TokenView.as_view()), name="token"),
    path("schema/", views.SchemaView.as_view(), name="schema"),
    path("docs/", views.DocsView.as_view(url_name="api:schema"), name="docs"),
    path("referrals/", views.ReferralCreateView.as_view(), name="referrals"),
    path("referrals/<uuid:uuid>/", views.ReferralDetailView.as_view(), name="referral_detail"),
    re_path(r"^(?P<rest>.*)$", views.NotFoundView.as_view(), name="not_found"),
]
