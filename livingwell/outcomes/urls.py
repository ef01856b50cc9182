from django.urls import path
from django.views.generic import RedirectView

from livingwell.outcomes import plan_goal_views, public_views, report_views, views

app_name = "outcomes"
urlpatterns = [
    path("episodes/<int:pk>/", views.episode_outcomes, name="episode"),
    path("episodes/<int:pk>/record/", views.choose_instrument, name="choose"),
    path("episodes/<int:pk>/record/<str:code>/", views.record, name="record"),
    path("episodes/<int:pk>/send/", views.send_link, name="send_link"),
    path("episodes/<int:pk>/goals/new/", views.add_goal, name="add_goal"),
    path("goals/<int:pk>/rate/", views.rate_goal, name="rate_goal"),
    path("responses/<int:pk>/review/", views.review_flag, name="review_flag"),
    path("responses/<int:pk>/fhir/", report_views.fhir_response, name="fhir_response"),
    path("fhir/Questionnaire/<str:code>/", report_views.fhir_questionnaire, name="fhir_questionnaire"),
    path("due/", report_views.due, name="due"),
    path("people/<int:pk>/", report_views.person_outcomes, name="person"),
    path("people/<int:pk>/plan-goals/new/", plan_goal_views.add_plan_goal, name="add_plan_goal"),
    path(
        "people/<int:pk>/plan-goals/<int:goal>/achieved/",
        plan_goal_views.plan_goal_achieved,
        name="plan_goal_achieved",
    ),
    # The summary is a page on the analytics catalogue, so it moved up to insight (issue 12): its old
    # address, bookmarks' choice of service and month included, is sent there by name.
    path(
        "summary/",
        RedirectView.as_view(pattern_name="insight:outcomes_summary", permanent=True, query_string=True),
        name="summary",
    ),
    path("q/<slug:token>/", public_views.start, name="answer_start"),
    path("q/<slug:token>/check/", public_views.check, name="answer_check"),
    path("q/<slug:token>/done/", public_views.done, name="answer_done"),
    path("q/<slug:token>/<int:number>/", public_views.question, name="answer_question"),
]
