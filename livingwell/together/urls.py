from django.urls import path

from livingwell.together import views_log, views_pack, views_public, views_themes

app_name = "together"
urlpatterns: list = [
    path("decisions/", views_log.decisions, name="decisions"),
    path("decisions/<int:pk>/", views_log.decision, name="decision"),
    path("actions/", views_log.actions, name="actions"),
    path("actions/<int:pk>/done/", views_log.action_done, name="action_done"),
    path("co-production/", views_log.coproduction_log, name="coproduction"),
    path("themes/", views_themes.themes, name="themes"),
    path("themes/<int:pk>/", views_themes.theme, name="theme"),
    path("breakfast/", views_pack.packs, name="breakfast_packs"),
    path("breakfast/<int:pk>/", views_pack.pack, name="breakfast_pack"),
    path("you-said-we-did/", views_public.you_said_we_did, name="you_said_we_did"),
]
