from django.urls import path

from livingwell.insight import views

app_name = "insight"
urlpatterns = [
    path("hub/", views.hub_dashboard, name="hub_dashboard"),
    path("hub/<slug:measure_id>/", views.hub_measure, name="hub_measure"),
    path("hub/<slug:measure_id>.csv", views.hub_measure_csv, name="hub_measure_csv"),
]
