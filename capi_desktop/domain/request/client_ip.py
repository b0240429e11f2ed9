"""Is a client_ip_address usable: a valid address, and not a private/loopback one from inside a network."""

from __future__ import annotations

import ipaddress
from functools import lru_cache
from typing import Literal

IpState = Literal["public", "internal", "invalid"]

# Addresses that are never a browser's public IP. Documentation ranges (192.0.2.0/24,
# 203.0.113.0/24, 2001:db8::/32) stay "public" on purpose: synthetic test data uses them.
_INTERNAL = tuple(
    ipaddress.ip_network(n)
    for n in (
        "10.0.0.0/8",
        "172.16.0.0/12",
        "192.168.0.0/16",
        "100.64.0.0/10",
        "fc00::/7",
    )
)


def ip_state(value: object) -> IpState:
    """ "public" (usable), "internal" (private/loopback: not the browser's IP) or "invalid"."""
    if not isinstance(value, str):
        return "invalid"
    return _state_of(value)


@lru_cache(maxsize=4096)  # a batch often repeats a few addresses; parsing is the costly part
def _state_of(value: str) -> IpState:
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return "invalid"
    if (
        address.is_loopback
        or address.is_link_local
        or address.is_unspecified
        or address.is_multicast
        or any(address.version == net.version and address in net for net in _INTERNAL)
    ):
        return "internal"
    return "public"
