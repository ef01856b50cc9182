from django.urls import path

from livingwell.mine import hub_views

app_name = "corrections"
urlpatterns = [
    path("", hub_views.corrections, name="list"),
    path("<int:pk>/close/", hub_views.close, name="close"),
]
