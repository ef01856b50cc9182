"""The client's address is believed from X-Forwarded-For only behind a trusted proxy; IPv6 counts per /64."""

from __future__ import annotations

import pytest

from livingwell.lib.addresses import client_address, limit_key_for_address, parse_networks

PROXY = ["10.0.0.0/8"]


def test_it_uses_the_connection_address_when_no_proxy_is_trusted():
    assert client_address("203.0.113.7", "198.51.100.1", []) == "203.0.113.7"


def test_it_ignores_a_forwarded_for_header_from_a_connection_it_does_not_trust():
    assert client_address("203.0.113.7", "198.51.100.1", PROXY) == "203.0.113.7"


def test_it_takes_the_client_named_by_a_trusted_proxy():
    assert client_address("10.1.2.3", "198.51.100.1", PROXY) == "198.51.100.1"


def test_it_takes_the_right_most_untrusted_address_so_a_forged_start_of_the_chain_is_ignored():
    # The sender wrote "192.0.2.99" themselves; the proxy appended the address it really saw.
    assert client_address("10.1.2.3", "192.0.2.99, 198.51.100.1", PROXY) == "198.51.100.1"


def test_it_walks_back_through_a_chain_of_trusted_proxies():
    trusted = ["10.0.0.0/8", "172.16.0.5"]
    assert client_address("10.1.2.3", "192.0.2.99, 198.51.100.1, 172.16.0.5", trusted) == "198.51.100.1"


def test_it_stops_at_the_proxy_when_the_chain_is_empty_or_garbled():
    assert client_address("10.1.2.3", None, PROXY) == "10.1.2.3"
    assert client_address("10.1.2.3", "", PROXY) == "10.1.2.3"
    assert client_address("10.1.2.3", "not-an-address", PROXY) == "10.1.2.3"
    assert client_address("10.1.2.3", "10.9.9.9", PROXY) == "10.9.9.9"  # all trusted: the furthest one


def test_it_reads_addresses_with_ports_and_brackets_and_mapped_ipv4():
    assert client_address("10.1.2.3", "198.51.100.1:5678", PROXY) == "198.51.100.1"
    assert client_address("10.1.2.3", "[2001:db8::1]:443", PROXY) == "2001:db8::1"
    assert client_address("::ffff:203.0.113.7", None, []) == "203.0.113.7"


def test_it_trusts_ipv6_proxies_by_network():
    assert client_address("2001:db8:ffff::1", "2001:db8:1:2::3", ["2001:db8:ffff::/48"]) == "2001:db8:1:2::3"


def test_it_gives_no_address_when_the_connection_has_none():
    assert client_address(None, "198.51.100.1", PROXY) is None
    assert client_address("", None, []) is None


def test_it_keys_ipv6_on_its_64_and_ipv4_on_the_address():
    assert limit_key_for_address("2001:db8:1:2:aaaa::1") == "2001:db8:1:2::/64"
    assert limit_key_for_address("2001:db8:1:2:ffff:ffff:ffff:ffff") == "2001:db8:1:2::/64"
    assert limit_key_for_address("2001:db8:1:3::1") == "2001:db8:1:3::/64"
    assert limit_key_for_address("203.0.113.7") == "203.0.113.7"
    assert limit_key_for_address(None) == "-"


def test_it_names_a_proxy_entry_that_is_not_an_address():
    assert [str(n) for n in parse_networks(["10.0.0.1", "2001:db8::/32"])] == ["10.0.0.1/32", "2001:db8::/32"]
    with pytest.raises(ValueError, match=r"'proxy\.internal' is not an IP address or network"):
        parse_networks(["proxy.internal"])
