from django.urls import path

from . import glossary_views

app_name = "glossary"

urlpatterns = [
    path("", glossary_views.term_list, name="list"),
]
