from django.urls import path

from . import views

app_name = "corrections"

urlpatterns = [
    path("s/<slug:token>/", views.suggestion_status, name="status"),
]
