"""Keyed pseudonyms: the only way a person or record appears in an analytic extract.

A pseudonym is the first 8 bytes of HMAC-SHA256(secret, "<namespace>:<id>"), read big-endian as a
signed 64-bit integer (Parquet's and DuckDB's BIGINT). Keyed, so that nobody without the borough's
secret can turn a key back into a record by hashing every possible id; deterministic, so that the
same record has the same key in every batch, which is what lets an incremental extract say a row
changed rather than appeared.

The namespace is the kind of record, not the table a key sits in: a person's key is "person:<id>"
in `people`, `introductions`, `service_introductions`, `episodes` and `scores` alike, so the tables
join. Different namespaces keep person 7 and introduction 7 apart.

Sixty-four bits make a collision between two of a borough's records vanishingly unlikely (about
n² / 2⁶⁵: one in a million for six million records).
"""

from __future__ import annotations

import hashlib
import hmac

# Each key column of the extract and the namespace its pseudonyms are made in.
NAMESPACES: dict[str, str] = {
    "person_key": "person",
    "introduction_key": "introduction",
    "contact_key": "contact",
    "service_introduction_key": "service_introduction",
    "episode_key": "episode",
    "session_key": "session",
    "score_key": "score",
    "goal_key": "goal",
    "feedback_key": "feedback",
}


def pseudonym(secret: bytes, table: str, record_id: int) -> int:
    """Return the keyed pseudonym of record `record_id` in namespace `table`."""
    digest = hmac.digest(secret, f"{table}:{record_id}".encode(), hashlib.sha256)
    return int.from_bytes(digest[:8], "big", signed=True)
