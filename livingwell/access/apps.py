from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "livingwell.access"
    label = "access"
    verbose_name = "The front door"

    def ready(self) -> None:
        # The referrer hears back when a service accepts and when support ends.
        from livingwell.access import referrer_messages
        from livingwell.network import signals as network_signals
        from livingwell.support import signals as support_signals

        network_signals.accepted.connect(referrer_messages.on_accepted, dispatch_uid="referrer-accepted")
        support_signals.ended.connect(referrer_messages.on_ended, dispatch_uid="referrer-ended")
