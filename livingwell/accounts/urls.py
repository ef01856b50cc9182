from django.urls import path

from livingwell.accounts import two_step_views, views

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.sign_in, name="sign_in"),
    path("sign-out/", views.sign_out, name="sign_out"),
    path("sign-in/code/", two_step_views.two_step, name="two_step"),
    path("two-step-verification/", two_step_views.two_step_set_up, name="two_step_set_up"),
]
