"""Keyed pseudonyms: HMAC-SHA256's first 8 bytes as a signed 64-bit key, one namespace per kind of record."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from livingwell.analytics.kpis.pseudonym import NAMESPACES, pseudonym
from livingwell.analytics.kpis.schema import TABLES

SECRET = b"borough secret"


def test_it_is_the_first_8_bytes_of_the_hmac_read_as_a_signed_big_endian_integer():
    # Worked out apart from Python: printf 'person:1' | openssl dgst -sha256 -hmac 'borough secret'
    # gives 57a470aaae1cf27f..., and 'person:2' gives f0e581292ee20036... (top bit set: negative).
    assert pseudonym(SECRET, "person", 1) == 0x57A470AAAE1CF27F
    assert pseudonym(SECRET, "person", 2) == 0xF0E581292EE20036 - 2**64
    # 'introduction:1' gives 70471b33d0a38a8b...
    assert pseudonym(SECRET, "introduction", 1) == 0x70471B33D0A38A8B


def test_it_keeps_namespaces_and_keys_apart():
    assert pseudonym(SECRET, "person", 7) != pseudonym(SECRET, "introduction", 7)
    assert pseudonym(SECRET, "person", 7) != pseudonym(b"another borough's secret", "person", 7)
    assert pseudonym(SECRET, "person", 7) == pseudonym(SECRET, "person", 7)


@given(st.integers(min_value=0, max_value=2**63 - 1))
def test_it_always_fits_a_signed_64_bit_column(record_id):
    assert -(2**63) <= pseudonym(SECRET, "episode", record_id) < 2**63


def test_every_key_column_of_the_schema_has_a_namespace():
    key_columns = {f.name for schema in TABLES.values() for f in schema if f.name.endswith("_key")}
    assert key_columns == set(NAMESPACES)
    # One namespace per kind of record, none shared: a person's key and an introduction's key made
    # from the same id differ. (A kind's key is the same in every table, so the tables join on it.)
    assert len(set(NAMESPACES.values())) == len(NAMESPACES)
