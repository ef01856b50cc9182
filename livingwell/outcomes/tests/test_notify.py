"""The notification interface: GOV.UK Notify through its official client (a fake here), and console."""

from __future__ import annotations

import logging

import pytest

from livingwell.notify import (
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


def test_the_backend_is_chosen_by_setting(settings, capsys):
    settings.NOTIFY_BACKEND = "console"
    backend = get_backend()
    assert isinstance(backend, ConsoleBackend)
    backend.send(Message("sms", "07700900000", "Hello"))
    assert "Hello" in capsys.readouterr().out
    settings.NOTIFY_BACKEND = "pigeon"
    with pytest.raises(NotificationError, match="pigeon"):
        get_backend()


LINK_TEXT = "Answer them here: http://127.0.0.1:8000/outcomes/q/s3cr3t-token/"


def test_the_console_never_logs_the_recipient_or_the_link(caplog, capsys):
    with caplog.at_level(logging.DEBUG, logger="livingwell.notify"):
        ConsoleBackend().send(Message("sms", "07700900123", LINK_TEXT, reference="questionnaire-7"))
        ConsoleBackend().send(
            Message("email", "sam.jones@example.org", LINK_TEXT, reference="questionnaire-8")
        )
    logged = "\n".join(f"{r.levelname} {r.getMessage()}" for r in caplog.records)
    assert "questionnaire-7" in logged, "one redacted line per message"
    assert all(r.levelno <= logging.INFO for r in caplog.records), "nothing at WARNING"
    for secret in ("07700900123", "sam.jones", "s3cr3t-token", "/outcomes/q/"):
        assert secret not in logged
    printed = capsys.readouterr().out
    assert "s3cr3t-token" in printed, "the demo's terminal still shows the link to follow"
    assert "07700900123" not in printed
    assert "sam.jones@" not in printed


@pytest.mark.parametrize("name", ["console", "memory"])
def test_production_refuses_a_backend_that_sends_nothing(settings, name):
    settings.PRODUCTION = True
    settings.NOTIFY_BACKEND = name
    with pytest.raises(NotificationError, match="production needs govuk_notify"):
        get_backend()
