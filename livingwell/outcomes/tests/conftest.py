"""Fixtures for the outcomes tests: an episode at the practitioner's organisation, and the outbox."""

from __future__ import annotations

import re

import pytest

from livingwell import notify
from livingwell.testing import factories

LINK = re.compile(r"/outcomes/q/([A-Za-z0-9_-]+)/")


@pytest.fixture
def episode(short_term_support):
    item = factories.service_introduction(service_=short_term_support)
    return factories.episode(item)


@pytest.fixture
def outbox():
    box = notify.memory_outbox()
    box.clear()
    yield box
    box.clear()


def token_from(message: notify.Message) -> str:
    found = LINK.search(message.text)
    assert found, message.text
    return found.group(1)
