from django.urls import path

from . import views

app_name = "surveys"

urlpatterns = [
    path("", views.survey_list, name="list"),
    path("nieuw/", views.survey_new, name="new"),
    path("<uuid:uuid>/", views.survey_detail, name="detail"),
    path("<uuid:uuid>/bewerken/", views.survey_edit, name="edit"),
    path("<uuid:uuid>/versturen/", views.survey_send, name="send"),
    path("<uuid:uuid>/sluiten/", views.survey_close, name="close"),
    # The public link: no login, the token is the only key (ADR 0018).
    path("antwoord/<str:token>/", views.answer, name="answer"),
]
