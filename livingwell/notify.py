"""Send a text message or an email through one small interface: console, memory or GOV.UK Notify.

The backend is chosen by ``LIVINGWELL_NOTIFY_BACKEND`` (settings.NOTIFY_BACKEND: console, memory
or govuk_notify; the test environment defaults to memory). GOV.UK Notify needs ``NOTIFY_API_KEY``
and the two template ids ``NOTIFY_SMS_TEMPLATE_ID`` and ``NOTIFY_EMAIL_TEMPLATE_ID``: each template
is a single ``((message))`` placeholder, so the wording stays in this repository and can be
reviewed here. Production refuses console and memory at start-up (they never reach the person),
and ``get_backend`` refuses them again in case settings were changed at run time.
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


def redact_recipient(to: str) -> str:
    """Return a phone number or email address with all but its last characters hidden."""
    if "@" in to:
        local, _, domain = to.partition("@")
        return f"{local[:1]}***@{domain}"
    return f"***{to[-3:]}" if len(to) > 3 else "***"


class ConsoleBackend:
    """Print the message for development and the demo, where nothing may leave the machine.

    The log gets one redacted line at INFO (channel, the recipient's last characters, reference):
    logs are kept and shipped, and a link in them is a working link. The message itself, link
    and all, goes only to this process's terminal, so someone running the demo can follow it.
    """

    def send(self, message: Message) -> str:
        to = redact_recipient(message.to)
        logger.info("console message: %s to %s, reference %s", message.channel, to, message.reference)
        print(f"[{message.channel} to {to}] {message.subject}\n{message.text}")
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
    """Return the configured backend; never one that sends nothing in production."""
    name = settings.NOTIFY_BACKEND
    if settings.PRODUCTION and name != "govuk_notify":
        raise NotificationError(
            f"The {name} backend sends nothing to the person: production needs govuk_notify"
        )
    if name == "memory":
        return _memory
    if name == "console":
        return ConsoleBackend()
    if name == "govuk_notify":
        return GovukNotifyBackend()
    raise NotificationError(
        f"LIVINGWELL_NOTIFY_BACKEND must be console, memory or govuk_notify, not {name!r}"
    )
