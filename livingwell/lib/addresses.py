"""Who is calling: the client's address behind trusted proxies, and the key a limit counts it under.

Django-free so that it can be tested on its own. X-Forwarded-For can be written by anyone, so it is
read only when the connection comes from a proxy we were told to trust, and then only as far back as
the chain of trusted proxies goes: the right-most address that is not a trusted proxy is the client.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Sequence
from functools import lru_cache

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network

# One household or office is usually given a whole IPv6 /64, and can pick any address inside it: a
# limit keyed on the full address would be as many limits as the sender likes.
IPV6_LIMIT_PREFIX = 64


def parse_networks(entries: Iterable[str]) -> tuple[Network, ...]:
    """Parse proxy addresses or CIDR networks, raising ValueError naming any that is not one."""
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError:
            raise ValueError(f"{entry!r} is not an IP address or network") from None
    return tuple(networks)


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    return parse_networks(entries)


def parse_address(text: str) -> Address | None:
    """Read one address as a proxy writes it (perhaps with a port or brackets); None if it is not one."""
    text = text.strip()
    if text.startswith("["):  # [2001:db8::1]:443
        text = text[1:].partition("]")[0]
    elif text.count(":") == 1:  # 203.0.113.7:5678
        text = text.partition(":")[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    # A dual-stack proxy may hand on an IPv4 client as ::ffff:a.b.c.d; it is the same client.
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def client_address(remote_addr: str | None, forwarded_for: str | None, trusted: Sequence[str]) -> str | None:
    """Return the client's address: REMOTE_ADDR, or behind trusted proxies the right-most untrusted hop."""
    peer = parse_address(remote_addr or "")
    if peer is None:
        return None
    networks = _networks(tuple(trusted))
    if not networks:
        return str(peer)
    hops = [part for part in (forwarded_for or "").split(",") if part.strip()]
    current = peer
    while _is_trusted(current, networks):
        if not hops:
            break  # the request came from the proxy itself, or it forwarded no chain
        previous = parse_address(hops.pop())
        if previous is None:
            break  # a trusted proxy passed on something that is not an address: stop at that proxy
        current = previous
    return str(current)


def _is_trusted(address: Address, networks: tuple[Network, ...]) -> bool:
    return any(address.version == network.version and address in network for network in networks)


def limit_key_for_address(address: str | None) -> str:
    """Return the key a limit counts an address under: an IPv4 address, or an IPv6 address's /64."""
    parsed = parse_address(address or "")
    if parsed is None:
        return "-"
    if isinstance(parsed, ipaddress.IPv6Address):
        return str(ipaddress.IPv6Network((parsed, IPV6_LIMIT_PREFIX), strict=False))
    return str(parsed)
