from django.urls import path

from livingwell.pathway import views

app_name = "pathway"
urlpatterns = [
    path("", views.index, name="index"),
    path("what-if/", views.plan, name="plan"),
    path("comparisons/<int:pk>/", views.comparison, name="comparison"),
    path("calibration/", views.calibration, name="calibration"),
]
