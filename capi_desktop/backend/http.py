"""The app's only httpx import: client factory with our timeouts and a plain-http token guard."""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

import httpx

from capi_desktop import config
from capi_desktop.domain.netloc import is_loopback_host

# httpx logs every request URL at INFO; a debug_token URL carries a token, so keep it quiet.
logging.getLogger("httpx").setLevel(logging.WARNING)
logging.getLogger("httpcore").setLevel(logging.WARNING)

# Re-exported so the rest of the app never imports httpx itself.
AsyncClient = httpx.AsyncClient
Response = httpx.Response
Request = httpx.Request
MockTransport = httpx.MockTransport
AsyncBaseTransport = httpx.AsyncBaseTransport
TimeoutException = httpx.TimeoutException
TransportError = httpx.TransportError
__all__ = ["PlainHttpRefused", "check_url_allowed", "is_loopback_host", "make_client"]
HTTPError = httpx.HTTPError
Headers = httpx.Headers

_TOKEN_PARAMS = ("access_token", "input_token")


class PlainHttpRefused(ValueError):
    """Raised before a token would travel unencrypted to a host that is not this machine."""


def check_url_allowed(url: str) -> None:
    """Raise PlainHttpRefused for an http:// URL to a non-loopback host (https is always fine)."""
    parts = urlsplit(url)
    if parts.scheme == "http" and not is_loopback_host(parts.hostname or ""):
        raise PlainHttpRefused(
            f"Refusing to send an access token over plain http:// to {parts.hostname}; "
            "use https:// (plain http is only allowed to this machine, e.g. the emulator)."
        )


def _carries_token(request: httpx.Request) -> bool:
    if "authorization" in request.headers:
        return True
    if any(name in request.url.params for name in _TOKEN_PARAMS):
        return True
    try:
        content = request.content
    except httpx.RequestNotRead:
        return True  # a streamed body might carry one: stay on the safe side
    return b"access_token" in content


class GuardedTransport(httpx.AsyncBaseTransport):
    """Wraps a transport; the last line of defence if a caller forgets `check_url_allowed`."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self._inner = inner

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.scheme == "http" and _carries_token(request):
            check_url_allowed(str(request.url.copy_with(query=None)))
        return await self._inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self._inner.aclose()


def default_timeout() -> httpx.Timeout:
    # httpx has no overall deadline; the graph client adds one (TOTAL_TIMEOUT_S) around each call.
    return httpx.Timeout(config.TOTAL_TIMEOUT_S, connect=config.CONNECT_TIMEOUT_S)


def make_client(
    transport: httpx.AsyncBaseTransport | None = None, *, max_connections: int = 8
) -> httpx.AsyncClient:
    inner = transport or httpx.AsyncHTTPTransport(
        limits=httpx.Limits(
            max_connections=max_connections, max_keepalive_connections=max_connections
        ),
        retries=0,
    )
    return httpx.AsyncClient(
        transport=GuardedTransport(inner),
        timeout=default_timeout(),
        follow_redirects=False,
        headers={"User-Agent": f"{config.APP_NAME.replace(' ', '')}/{config.VERSION}"},
    )
