from django.urls import path

from livingwell.mine import signin_views, views

app_name = "mine"
urlpatterns = [
    path("", views.home, name="home"),
    path("sign-in/", signin_views.sign_in, name="sign_in"),
    path("sign-in/code/", signin_views.enter_code, name="enter_code"),
    path("sign-out/", signin_views.sign_out, name="sign_out"),
    path("signed-out/", signin_views.signed_out, name="signed_out"),
    path("questionnaires/<int:pk>/", views.start_questionnaire, name="start_questionnaire"),
    path("plan/", views.plan, name="plan"),
    path("plan/comments/", views.add_comment, name="add_comment"),
    path("plan/goals/", views.add_goal, name="add_goal"),
    path("choices/", views.choices, name="choices"),
    path("choices/contact/", views.change_contact, name="change_contact"),
    path("choices/sharing/", views.change_sharing, name="change_sharing"),
    path("choices/planning-data/", views.change_planning, name="change_planning"),
    path("data/", views.data, name="data"),
    path("data/download/", views.data_json, name="data_json"),
    path("data/who-looked/", views.who_looked, name="who_looked"),
    path("data/correction/", views.ask_correction, name="ask_correction"),
]
