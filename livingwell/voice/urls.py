from django.urls import path

from livingwell.voice import feedback_views, moderation_views, story_views

app_name = "voice"
urlpatterns = [
    path("feedback/thanks/", feedback_views.feedback_thanks, name="feedback_thanks"),
    path("feedback/<str:token>/", feedback_views.feedback_link, name="feedback_link"),
    path("my-feedback/", feedback_views.my_feedback, name="my_feedback"),
    path("stories/", story_views.story_list, name="stories"),
    path("stories/tell/", story_views.tell, name="tell"),
    path("stories/told/", story_views.told, name="told"),
    path("stories/<int:pk>/", story_views.story_detail, name="story"),
    path("stories/<int:pk>/me-too/", story_views.me_too, name="me_too"),
    path("stories/<int:pk>/answer/", moderation_views.answer, name="answer"),
    path("moderation/", moderation_views.moderation, name="moderation"),
    path("moderation/<int:pk>/", moderation_views.moderate, name="moderate"),
]
