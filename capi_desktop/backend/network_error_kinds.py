"""Which kind of connection failure an httpx/OS exception chain is (catalogue keys http:*)."""

from __future__ import annotations

import ssl


def network_error_key(exc: BaseException, timeout: bool) -> str:
    """The catalogue key for a failed connection: timeout, TLS, DNS, else a reset."""
    if timeout:
        return "http:timeout"
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and len(chain) < 8:
        chain.append(current)
        current = current.__cause__ or current.__context__
    if any(isinstance(e, ssl.SSLError) for e in chain):
        return "http:tls"
    text = " ".join(str(e) for e in chain).lower()
    if (
        "name or service not known" in text
        or "nodename nor servname" in text
        or "getaddrinfo" in text
    ):
        return "http:dns"
    return "http:connection-reset"
