from django.urls import path

from livingwell.carers import hub_views, my_views, public_views

app_name = "carers"
urlpatterns = [
    # The carer's form at the front door (source B2): the safety question first.
    path("introduce/", public_views.safety, name="safety"),
    path("introduce/help-now/", public_views.help_now, name="help_now"),
    path("introduce/about/", public_views.introduce, name="introduce"),
    path("introduce/sent/<str:key>/", public_views.sent, name="sent"),
    # The carer's own view, signed in with a one-time code.
    path("my/", my_views.home, name="my"),
    path("my/<int:pk>/plan/", my_views.plan, name="my_plan"),
    # The hub's pages.
    path("hub/", hub_views.carers, name="hub_carers"),
    path("hub/<int:pk>/", hub_views.carer, name="hub_carer"),
    path("hub/<int:pk>/change/", hub_views.change, name="hub_change"),
    path("hub/<int:pk>/confirm-contact/", hub_views.confirm_contact, name="hub_confirm_contact"),
    path("hub/<int:pk>/same-carer/", hub_views.same_carer, name="hub_same_carer"),
    path("hub/<int:pk>/link/", hub_views.link, name="hub_link"),
    path("hub/<int:pk>/own-needs/", hub_views.own_needs, name="hub_own_needs"),
    path("hub/caring/<int:pk>/confirm/", hub_views.confirm_link, name="hub_confirm_link"),
    path("hub/caring/<int:pk>/consent/", hub_views.consent, name="hub_consent"),
    path("hub/caring/<int:pk>/network/", hub_views.network, name="hub_network"),
]
