"""The app's only httpx import: client factory with our timeouts and a plain-http token guard."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Mapping
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
ConnectError = httpx.ConnectError
ReadError = httpx.ReadError
RemoteProtocolError = httpx.RemoteProtocolError
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


# Failures before any byte of the request can have reached the server: safe to repeat.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.UnsupportedProtocol)


def nothing_was_sent(exc: BaseException) -> bool:
    """True for connect/DNS/TLS-handshake failures; False when the request may have arrived.

    httpx raises ConnectError for refused connections, DNS failures and TLS handshake errors;
    read/write errors, a reset or a closed reply mid-way and timeouts after connecting mean the
    server may have received (and processed) the request.
    """
    return isinstance(exc, _NOT_SENT)


# A Graph reply is a few KB; an error page can be anything. Read at most MAX_DOWNLOAD bytes,
# keep a body whole up to KEEP_WHOLE, else its head and tail with the size in between.
KEEP_WHOLE = 1_000_000
KEEP_HEAD = 64_000
KEEP_TAIL = 16_000
MAX_DOWNLOAD = 8_000_000


@dataclasses.dataclass(frozen=True)
class CappedReply:
    """A response read with a size cap: `text` is whole when `complete`, else head … tail."""

    status: int
    headers: httpx.Headers
    text: str
    size: int  # bytes received (or announced by Content-Length when we stopped early)
    complete: bool


async def request_capped(
    client: httpx.AsyncClient,
    method: str,
    url: str,
    *,
    params: Mapping[str, str] | None = None,
    content: bytes | None = None,
    headers: Mapping[str, str] | None = None,
    max_download: int = MAX_DOWNLOAD,
    keep_whole: int = KEEP_WHOLE,
) -> CappedReply:
    """Send and read the body, never holding more than head + tail of a large one."""
    from capi_desktop.domain.text_clip import clip_middle

    async with client.stream(method, url, params=params, content=content, headers=headers) as r:
        head = bytearray()
        tail = bytearray()
        size = 0
        stopped = False
        async for piece in r.aiter_bytes():
            size += len(piece)
            if len(head) < keep_whole:
                head += piece
            else:
                tail = (tail + piece)[-KEEP_TAIL:]
            if size >= max_download:
                stopped = True
                break
        announced = _content_length(r.headers)
        if stopped and announced and announced > size:
            size = announced
        whole = not stopped and size <= keep_whole
        encoding = r.encoding or "utf-8"
        if whole:
            text = bytes(head).decode(encoding, errors="replace")
        else:
            body = bytes(head[:KEEP_HEAD]).decode(encoding, errors="replace")
            end = bytes((head + tail)[-KEEP_TAIL:]).decode(encoding, errors="replace")
            text = clip_middle(body, end, size, stopped=stopped)
        return CappedReply(r.status_code, r.headers, text, size, whole)


def _content_length(headers: httpx.Headers) -> int | None:
    try:
        return int(headers.get("content-length", ""))
    except ValueError:
        return None
