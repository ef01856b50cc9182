from django.urls import path

from livingwell.network import community_views, directory_views, views

app_name = "network"
urlpatterns = [
    path("introductions/", views.inbox, name="inbox"),
    path("introductions/<int:pk>/", views.service_introduction, name="service_introduction"),
    path("episodes/<int:pk>/introduce/", views.introduce_from_episode, name="introduce_from_episode"),
    path("directory/", directory_views.directory, name="directory"),
    path("directory/import/", directory_views.import_page, name="directory_import"),
    path("directory/<str:key>/", directory_views.service_page, name="directory_service"),
    path("directory/<str:key>/edit/", directory_views.edit, name="directory_edit"),
    path("directory/<str:key>/history/", directory_views.history, name="directory_history"),
    path("community/", community_views.offers, name="community"),
    path("community/<str:key>/", community_views.offer, name="community_offer"),
]
