from django.urls import path

from livingwell.support import views

app_name = "support"
urlpatterns = [
    path("episodes/<int:pk>/", views.episode_page, name="episode"),
    path("episodes/<int:pk>/sessions/new/", views.record_session, name="record_session"),
    path("episodes/<int:pk>/discharge/", views.discharge, name="discharge"),
]
