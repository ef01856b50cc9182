"""Typed settings from the environment that fail loudly."""

from __future__ import annotations

import datetime as dt

import pytest

from livingwell.lib.env import (
    SettingError,
    env_bool,
    env_instant,
    env_int,
    env_list,
    env_str,
    load_env_file,
)


def test_it_reads_a_string_or_its_default():
    assert env_str("NAME", environ={"NAME": "value"}) == "value"
    assert env_str("NAME", "fallback", environ={}) == "fallback"


def test_it_raises_when_a_required_setting_is_missing():
    with pytest.raises(SettingError, match="SECRET_KEY must be set"):
        env_str("SECRET_KEY", environ={})


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1", True),
        ("TRUE", True),
        (" yes ", True),
        ("on", True),
        ("0", False),
        ("false", False),
        ("No", False),
        ("", False),
    ],
)
def test_it_reads_yes_no_words(raw, expected):
    assert env_bool("DEBUG", not expected, environ={"DEBUG": raw}) is expected


def test_it_uses_the_default_when_a_bool_is_unset():
    assert env_bool("DEBUG", True, environ={}) is True


@pytest.mark.parametrize("raw", ["ture", "2", "enabled", "yes please"])
def test_it_raises_on_a_bad_bool_rather_than_reading_false(raw):
    with pytest.raises(SettingError, match="DEBUG must be true or false"):
        env_bool("DEBUG", False, environ={"DEBUG": raw})


def test_it_reads_whole_numbers_and_raises_on_anything_else():
    assert env_int("N", 3, environ={"N": "42"}) == 42
    assert env_int("N", 3, environ={"N": " "}) == 3
    assert env_int("N", 3, environ={}) == 3
    with pytest.raises(SettingError, match="N must be a whole number"):
        env_int("N", 3, environ={"N": "4.5"})


def test_it_reads_comma_separated_lists():
    assert env_list("HOSTS", ["a"], environ={"HOSTS": " x.org, ,y.org "}) == ["x.org", "y.org"]
    assert env_list("HOSTS", ["a"], environ={}) == ["a"]


def test_it_reads_an_instant_with_its_offset():
    default = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    got = env_instant("NOW", default, environ={"NOW": "2027-03-28T00:30:00Z"})
    assert got == dt.datetime(2027, 3, 28, 0, 30, tzinfo=dt.UTC)
    assert env_instant("NOW", default, environ={"NOW": "2027-07-01T09:00+01:00"}) == dt.datetime(
        2027, 7, 1, 8, 0, tzinfo=dt.UTC
    )
    assert env_instant("NOW", default, environ={}) is default


@pytest.mark.parametrize("raw", ["2027-03-28T00:30:00", "2027-03-28", "next tuesday", "2027-02-30T12:00Z"])
def test_it_refuses_an_instant_without_an_offset_or_that_is_not_a_date(raw):
    with pytest.raises(SettingError, match="NOW must"):
        env_instant("NOW", dt.datetime(2026, 1, 1, tzinfo=dt.UTC), environ={"NOW": raw})


def test_it_loads_an_env_file_without_overriding_what_is_set(tmp_path):
    path = tmp_path / ".env"
    path.write_text(
        "# comment\n\nDEBUG=true\nSECRET_KEY=\"from-file\"\nALLOWED_HOSTS='a.org'\n", encoding="utf-8"
    )
    environ = {"DEBUG": "false"}
    load_env_file(path, environ)
    assert environ == {"DEBUG": "false", "SECRET_KEY": "from-file", "ALLOWED_HOSTS": "a.org"}


def test_it_refuses_a_malformed_env_file_line(tmp_path):
    path = tmp_path / ".env"
    path.write_text("GOOD=1\njust words\n", encoding="utf-8")
    with pytest.raises(SettingError, match=":2: expected KEY=VALUE"):
        load_env_file(path, {})
