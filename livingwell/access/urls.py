from django.urls import path

from livingwell.access import public_views, referrer_views, views

app_name = "access"
urlpatterns = [
    path("", public_views.start, name="start"),
    path("urgent-help/", public_views.urgent_help_page, name="urgent_help"),
    path("accessibility/", public_views.accessibility, name="accessibility"),
    path("introduce/", public_views.safety, name="safety"),
    path("introduce/help-now/", public_views.help_now, name="help_now"),
    path("introduce/about-you/", public_views.self_introduction, name="self_introduction"),
    path("introduce/sent/<str:key>/", public_views.sent, name="sent"),
    path("hub/", views.home, name="home"),
    path("hub/queue/", views.queue_page, name="queue"),
    # "Hub in numbers" was retired for the hub dashboard (issue 12): its address redirects there.
    path("hub/summary/", views.summary),
    path("hub/response-standards/", views.response_standards, name="response_standards"),
    path("hub/introductions/<str:reference>/", views.introduction_page, name="introduction"),
    path("hub/introductions/<str:reference>/allocate/", views.allocate, name="allocate"),
    path("hub/introductions/<str:reference>/reallocate/", views.reallocate, name="reallocate"),
    path("hub/introductions/<str:reference>/contact/", views.contact_attempt, name="contact_attempt"),
    path("hub/introductions/<str:reference>/conversation/", views.conversation, name="conversation"),
    path("hub/introductions/<str:reference>/decision/", views.decision, name="decision"),
    path("hub/introductions/<str:reference>/apply-sent/", views.apply_submitted, name="apply_submitted"),
    path("refer/", referrer_views.introductions, name="referrer_introductions"),
    path("refer/introduce/", referrer_views.introduce, name="referrer_introduce"),
    path("refer/introductions/<str:reference>/", referrer_views.introduction, name="referrer_introduction"),
]
