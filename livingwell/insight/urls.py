from django.urls import path

from livingwell.insight import views, views_alliance, views_feedback, views_outcomes

app_name = "insight"
urlpatterns = [
    path("hub/", views.hub_dashboard, name="hub_dashboard"),
    path("hub/<slug:measure_id>/", views.hub_measure, name="hub_measure"),
    path("hub/<slug:measure_id>.csv", views.hub_measure_csv, name="hub_measure_csv"),
    path("alliance/", views_alliance.dashboard, name="alliance"),
    # Before the KPI pages: "board-pack" would otherwise be read as a KPI id.
    path("alliance/board-pack/", views_alliance.board_pack, name="board_pack"),
    path("alliance/<slug:kpi_id>/", views_alliance.kpi_page, name="alliance_kpi"),
    path("alliance/<slug:kpi_id>.csv", views_alliance.kpi_csv, name="alliance_kpi_csv"),
    path("boroughs/", views_alliance.boroughs, name="boroughs"),
    path("network/", views_alliance.network, name="network"),
    path("boroughs/<slug:kpi_id>.csv", views_alliance.boroughs_csv, name="boroughs_csv"),
    path("outcomes/", views_outcomes.summary, name="outcomes_summary"),
    path("feedback/", views_feedback.numbers, name="feedback"),
    path("feedback/return/", views_feedback.monthly_return, name="feedback_return"),
    path("feedback/return.csv", views_feedback.monthly_return_csv, name="feedback_return_csv"),
]
