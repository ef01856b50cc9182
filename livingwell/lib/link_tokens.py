"""Tokens for links that need no account (a questionnaire link, a support plan's link).

256 bits from `secrets`, and only their SHA-256 kept: with that much entropy a fast hash is enough,
and a database leak gives no working link.
"""

from __future__ import annotations

import hashlib
import secrets


def new_token() -> str:
    """A new link token: 32 random bytes, URL-safe (shown once, never stored)."""
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    """What is stored of a token, and looked up by: its SHA-256, in hex."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
