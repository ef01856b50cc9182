"""URL configuration."""

from django.contrib import admin
from django.urls import include, path

from livingwell.support.plan_link_views import plan_by_link

urlpatterns = [
    path("", include("livingwell.access.urls")),
    path("staff/", include("livingwell.accounts.urls")),
    path("people/", include("livingwell.people.urls")),
    path("services/", include("livingwell.network.urls")),
    path("support/", include("livingwell.support.urls")),
    path("plan/<str:token>/", plan_by_link, name="plan_by_link"),
    path("outcomes/", include("livingwell.outcomes.urls")),
    # The person's own view and the carer's (signed in with a one-time code, never a staff account).
    path("my/", include("livingwell.mine.urls")),
    path("hub/corrections/", include("livingwell.mine.hub_urls")),
    path("carers/", include("livingwell.carers.urls")),
    # Feedback, stories (public once moderated) and their answers.
    path("voice/", include("livingwell.voice.urls")),
    # Themes, decisions and actions ("you said, we did"), co-production and the breakfast pack.
    path("together/", include("livingwell.together.urls")),
    path("insight/", include("livingwell.insight.urls")),
    path("pathway/", include("livingwell.pathway.urls")),
    path("api/", include("livingwell.api.urls")),
    path("openreferral/", include("livingwell.network.oruk_urls")),
    path("admin/", admin.site.urls),
]

handler400 = "livingwell.error_pages.bad_request"
handler403 = "livingwell.error_pages.permission_denied"
handler404 = "livingwell.error_pages.page_not_found"
handler500 = "livingwell.error_pages.server_error"
