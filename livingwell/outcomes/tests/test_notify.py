"""The notification interface: GOV.UK Notify through its official client (a fake here), and console."""

from __future__ import annotations

import pytest

from livingwell.outcomes.notify import (
    ConsoleBackend,
    GovukNotifyBackend,
    Message,
    NotificationError,
    get_backend,
)


class FakeNotifyClient:
    def __init__(self, fail: bool = False) -> None:
        self.calls: list[tuple[str, dict]] = []
        self.fail = fail

    def send_sms_notification(self, **kwargs):
        if self.fail:
            raise RuntimeError("400 BadRequestError: phone_number Not a UK mobile number")
        self.calls.append(("sms", kwargs))
        return {"id": "sms-1"}

    def send_email_notification(self, **kwargs):
        self.calls.append(("email", kwargs))
        return {"id": "email-1"}


@pytest.fixture
def templates(monkeypatch):
    monkeypatch.setenv("NOTIFY_SMS_TEMPLATE_ID", "sms-template")
    monkeypatch.setenv("NOTIFY_EMAIL_TEMPLATE_ID", "email-template")


def test_notify_sends_text_and_email_through_the_templates(templates):
    client = FakeNotifyClient()
    backend = GovukNotifyBackend(client)
    assert backend.send(Message("sms", "07700900000", "Hello", reference="r1")) == "sms-1"
    assert backend.send(Message("email", "a@example.org", "Hello", subject="S")) == "email-1"
    kind, sms = client.calls[0]
    assert kind == "sms"
    assert sms["template_id"] == "sms-template"
    assert sms["phone_number"] == "07700900000"
    assert sms["personalisation"]["message"] == "Hello"
    assert sms["reference"] == "r1"
    assert client.calls[1][1]["template_id"] == "email-template"


def test_a_refusal_or_missing_setting_is_a_clear_error(templates, monkeypatch):
    with pytest.raises(NotificationError, match="refused"):
        GovukNotifyBackend(FakeNotifyClient(fail=True)).send(Message("sms", "1", "x"))
    monkeypatch.delenv("NOTIFY_SMS_TEMPLATE_ID")
    with pytest.raises(NotificationError, match="NOTIFY_SMS_TEMPLATE_ID"):
        GovukNotifyBackend(FakeNotifyClient()).send(Message("sms", "1", "x"))
    monkeypatch.delenv("NOTIFY_API_KEY", raising=False)
    with pytest.raises(NotificationError, match="NOTIFY_API_KEY"):
        GovukNotifyBackend()


def test_the_backend_is_chosen_by_setting(monkeypatch, capsys):
    monkeypatch.setenv("LIVINGWELL_NOTIFY_BACKEND", "console")
    backend = get_backend()
    assert isinstance(backend, ConsoleBackend)
    backend.send(Message("sms", "07700900000", "Hello"))
    assert "Hello" in capsys.readouterr().out
    monkeypatch.setenv("LIVINGWELL_NOTIFY_BACKEND", "pigeon")
    with pytest.raises(NotificationError, match="pigeon"):
        get_backend()
