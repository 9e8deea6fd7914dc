"""The workspace's pages keep the paths and names they had in the apps they came from
(`families:overview`, `families:timeline`, `families:list`, `trajectories:caseload`,
`trajectories:team`, `accounts:start`): each namespace is the workspace's pages plus the
app's own, so no link in any template or test changes."""

from django.urls import URLPattern, URLResolver, path

from spil.accounts import urls as account_urls
from spil.families import urls as family_urls
from spil.trajectories import urls as trajectory_urls

from . import views

Patterns = list[URLPattern | URLResolver]

_family_pages: Patterns = [
    path("", views.family_list, name="list"),
    path("<uuid:uuid>/", views.family_overview, name="overview"),
    path("<uuid:uuid>/tijdlijn/", views.family_timeline, name="timeline"),
]
_trajectory_pages: Patterns = [
    path("", views.caseload, name="caseload"),
    path("team/", views.team, name="team"),
]
_account_pages: Patterns = [
    path("", views.start, name="start"),
]

# include() these: (patterns, application namespace).
families = (_family_pages + family_urls.urlpatterns, family_urls.app_name)
trajectories = (_trajectory_pages + trajectory_urls.urlpatterns, trajectory_urls.app_name)
accounts = (_account_pages + account_urls.urlpatterns, account_urls.app_name)
