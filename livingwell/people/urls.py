from django.urls import path

from livingwell.people import views

app_name = "people"
urlpatterns = [
    path("<int:pk>/", views.person_page, name="detail"),
    path("<int:pk>/merge/<int:other>/", views.merge, name="merge"),
    path("<int:pk>/withdraw-consent/", views.withdraw_consent, name="withdraw_consent"),
]
