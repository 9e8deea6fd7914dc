from django.urls import path

app_name = "signals"

urlpatterns: list = []
