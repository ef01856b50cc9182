"""Send a text message or an email through one small interface: console, memory or GOV.UK Notify.

The backend is chosen by ``LIVINGWELL_NOTIFY_BACKEND`` (console, memory or govuk_notify; the test
environment defaults to memory). GOV.UK Notify needs ``NOTIFY_API_KEY`` and the two template
ids ``NOTIFY_SMS_TEMPLATE_ID`` and ``NOTIFY_EMAIL_TEMPLATE_ID``: each template is a single
``((message))`` placeholder, so the wording stays in this repository and can be reviewed here.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.conf import settings

from livingwell.lib.env import env_str

logger = logging.getLogger(__name__)


class NotificationError(Exception):
    """The message could not be sent (bad configuration or the provider refused it)."""


@dataclass(frozen=True)
class Message:
    channel: str  # "sms" or "email"
    to: str
    text: str
    subject: str = ""
    reference: str = ""


class NotificationBackend(Protocol):
    def send(self, message: Message) -> str:
        """Send the message and return the provider's id for it."""


class ConsoleBackend:
    """Log the message: for development and the demo, where nothing may leave the machine."""

    def send(self, message: Message) -> str:
        logger.warning("[%s to %s] %s %s", message.channel, message.to, message.subject, message.text)
        print(f"[{message.channel} to {message.to}] {message.subject}\n{message.text}")
        return f"console-{message.reference}"


@dataclass
class MemoryBackend:
    """Keep messages in ``outbox`` (tests and browser journeys read the link from it)."""

    outbox: list[Message] = field(default_factory=list)

    def send(self, message: Message) -> str:
        self.outbox.append(message)
        return f"memory-{len(self.outbox)}"


class GovukNotifyBackend:
    """Send through GOV.UK Notify's official client (``notifications_python_client``)."""

    def __init__(self, client: Any = None) -> None:
        if client is None:
            from notifications_python_client.notifications import NotificationsAPIClient

            api_key = env_str("NOTIFY_API_KEY", "")
            if not api_key:
                raise NotificationError("NOTIFY_API_KEY is not set")
            client = NotificationsAPIClient(api_key)
        self.client = client

    def send(self, message: Message) -> str:
        personalisation = {"message": message.text, "subject": message.subject}
        try:
            if message.channel == "sms":
                result = self.client.send_sms_notification(
                    phone_number=message.to,
                    template_id=_template("NOTIFY_SMS_TEMPLATE_ID"),
                    personalisation=personalisation,
                    reference=message.reference,
                )
            else:
                result = self.client.send_email_notification(
                    email_address=message.to,
                    template_id=_template("NOTIFY_EMAIL_TEMPLATE_ID"),
                    personalisation=personalisation,
                    reference=message.reference,
                )
        except NotificationError:
            raise
        except Exception as error:  # the client raises HTTPError subclasses; keep the reason
            raise NotificationError(f"GOV.UK Notify refused the message: {error}") from error
        return str(result.get("id", ""))


def _template(name: str) -> str:
    value = env_str(name, "")
    if not value:
        raise NotificationError(f"{name} is not set")
    return value


_memory = MemoryBackend()


def memory_outbox() -> list[Message]:
    """Return the memory backend's outbox (tests only)."""
    return _memory.outbox


def get_backend() -> NotificationBackend:
    """Return the configured backend."""
    default = "memory" if getattr(settings, "ENVIRONMENT", "") == "test" else "console"
    name = env_str("LIVINGWELL_NOTIFY_BACKEND", default)
    if name == "memory":
        return _memory
    if name == "console":
        return ConsoleBackend()
    if name == "govuk_notify":
        return GovukNotifyBackend()
    raise NotificationError(
        f"LIVINGWELL_NOTIFY_BACKEND must be console, memory or govuk_notify, not {name!r}"
    )
