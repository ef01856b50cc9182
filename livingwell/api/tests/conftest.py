from __future__ import annotations

import copy
import uuid
from typing import Any

import pytest

from livingwell.accounts.administrators import grant_admin_site
from livingwell.accounts.models import Role
from livingwell.api import services
from livingwell.api.schemas import INTRODUCTION_EXAMPLE
from livingwell.testing import factories

URL = "/api/v1/introductions"


@pytest.fixture
def administrator(db):
    return grant_admin_site(factories.user(Role.ADMINISTRATOR, username="admin"))


@pytest.fixture
def issued(gp_practice, administrator):
    """A token for the GP practice, and its secret."""
    return services.issue_token(None, organisation=gp_practice, name="EMIS (test)", by=administrator)


@pytest.fixture
def bearer(issued) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {issued[1]}"}


def body(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = copy.deepcopy(INTRODUCTION_EXAMPLE)
    for name, value in changes.items():
        if "__" in name:
            outer, inner = name.split("__")
            data[outer][inner] = value
        else:
            data[name] = value
    return data


def post(client, headers: dict[str, str], data: Any, key: str | None = None, **extra: Any):
    if key is None:
        key = str(uuid.uuid4())
    if key:
        extra["HTTP_IDEMPOTENCY_KEY"] = key
    return client.post(URL, data=data, content_type="application/json", **headers, **extra)
