from django.urls import path

# No app_name: django-ninja names its own namespace ("api-v1") and reverses its URLs with it.
from livingwell.api.v1 import api

urlpatterns = [path("v1/", api.urls)]
