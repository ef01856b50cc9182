from django.urls import path

from livingwell.people import plan_views, views

app_name = "people"
urlpatterns = [
    path("<int:pk>/", views.person_page, name="detail"),
    path("<int:pk>/merge/<int:other>/", views.merge, name="merge"),
    path("<int:pk>/confirm-contact/", views.confirm_contact, name="confirm_contact"),
    path("<int:pk>/withdraw-consent/", views.withdraw_consent, name="withdraw_consent"),
    path("<int:pk>/plan/", plan_views.plan_page, name="plan"),
    path("<int:pk>/plan/actions/", plan_views.add_action, name="plan_add_action"),
    path("<int:pk>/plan/actions/<int:action>/done/", plan_views.tick_action, name="plan_tick_action"),
    path("<int:pk>/plan/network/", plan_views.add_network_member, name="plan_add_network_member"),
    path("<int:pk>/plan/link/", plan_views.plan_link, name="plan_link"),
]
