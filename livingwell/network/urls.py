from django.urls import path

from livingwell.network import views

app_name = "network"
urlpatterns = [
    path("introductions/", views.inbox, name="inbox"),
    path("introductions/<int:pk>/", views.service_introduction, name="service_introduction"),
]
