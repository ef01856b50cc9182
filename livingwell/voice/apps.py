from django.apps import AppConfig


class VoiceConfig(AppConfig):
    name = "livingwell.voice"
    label = "voice"
    verbose_name = "Feedback and stories"
