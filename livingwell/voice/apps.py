"""What people say: the Friends and Family Test, stories moderated and answered, redaction."""

from django.apps import AppConfig


class VoiceConfig(AppConfig):
    name = "livingwell.voice"
    label = "voice"
    verbose_name = "Feedback and stories"

    def ready(self) -> None:
        from livingwell.voice import signals

        signals.connect()
