"""The loopback recording relay: speaks Graph `/{version}/{pixel}/events`, records, forwards on request."""

from __future__ import annotations

import json
import logging
import re
import sys
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import httpx

from capi_desktop.backend.emulator import bodies
from capi_desktop.backend.relay_request import read_request, with_test_code
from capi_desktop.domain.live.records import RelayedRequest
from capi_desktop.domain.netloc import is_loopback_host
from capi_desktop.domain.redact import redact

log = logging.getLogger(__name__)
MAX_BODY = 50 * 1024 * 1024  # far above any CAPI batch (1,000 events); beyond it: 413
_VERSION = re.compile(r"^v\d+\.\d+$")
_PIXEL = re.compile(r"^\d{1,20}$")
DEFAULT_GRAPH_URL = "https://graph.facebook.com"
RELAY_HEADER = "X-Capi-Desktop-Relay"


class ForwardRefused(ValueError):
    """The Graph URL would send a token over plain HTTP to another machine."""


def check_graph_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme == "https" or (
        parts.scheme == "http" and is_loopback_host(parts.hostname or "")
    ):
        return url.rstrip("/")
    raise ForwardRefused(f"refusing to forward tokens to {url}: use https (or a loopback address)")


class RelayServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    # socketserver's default backlog of 5 resets connections when a container flushes a burst.
    request_queue_size = 256

    def __init__(self, port: int, relay: RecordingRelay) -> None:
        self.relay = relay
        super().__init__(("127.0.0.1", port), RelayHandler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            return  # a sender that hung up is not an error of the relay
        log.exception("relay: request from %s failed", client_address)


class RelayHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: RelayServer
    server_version = "CapiDesktopRelay"

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("relay: %s", redact(re.sub(r"\?\S*", "?…", format % args)))

    def do_GET(self) -> None:
        self._answer(400, bodies.unknown_path(urlsplit(self.path).path), recorded=False)

    def do_POST(self) -> None:
        relay = self.server.relay
        url = urlsplit(self.path)
        parts = [p for p in url.path.split("/") if p]
        if parts and _VERSION.match(parts[0]):
            parts.pop(0)
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            self.close_connection = True
            self._answer(413, bodies.param_error("request body too large"), recorded=False)
            return
        raw = self.rfile.read(length) if length > 0 else b""
        if len(parts) != 2 or parts[1] != "events":
            self._answer(400, bodies.unknown_path(url.path), recorded=False)
            return
        pixel = parts[0]
        if not _PIXEL.match(pixel):
            self._answer(400, bodies.unknown_object(pixel, "POST"), recorded=False)
            return
        content_type = self.headers.get("Content-Type", "")
        query = dict(parse_qsl(url.query))
        read = read_request(content_type, raw, self.headers.get("Authorization", ""), query)
        code = relay.test_event_code or read.body.get("test_event_code")
        base = dict(
            at=relay.clock(),
            path=url.path,
            pixel_id=pixel,
            events=read.events,
            findings=read.findings,
            token_present=bool(read.token),
            test_event_code=code if isinstance(code, str) else None,
        )
        if read.problem is not None:
            relay.record(RelayedRequest(status=400, error=read.problem["error"], **base))  # type: ignore[arg-type]
            self._answer(400, read.problem)
            return
        if not relay.forward:
            answer = bodies.success(len(read.events))
            relay.record(RelayedRequest(status=200, answer=answer, **base))  # type: ignore[arg-type]
            self._answer(200, answer)
            return
        status, answer = relay.forward_request(url, content_type, raw, self.headers)
        error = answer.get("error") if isinstance(answer, dict) else None
        relay.record(
            RelayedRequest(
                status=status,
                error=error if isinstance(error, dict) else None,
                forwarded=True,
                answer=answer if isinstance(answer, dict) else None,
                **base,  # type: ignore[arg-type]
            )
        )
        self._answer(status, answer)

    def _answer(self, status: int, payload: Any, *, recorded: bool = True) -> None:
        raw = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=UTF-8")
        self.send_header("Content-Length", str(len(raw)))
        relay = self.server.relay
        state = "forwarded" if relay.forward else "recorded, not forwarded"
        self.send_header(RELAY_HEADER, state if recorded else "not an events request")
        self.end_headers()
        self.wfile.write(raw)


class RecordingRelay:
    """A started relay on 127.0.0.1; `records` hold every events request (never a token)."""

    def __init__(
        self,
        port: int = 0,
        *,
        forward: bool = False,
        graph_url: str = DEFAULT_GRAPH_URL,
        test_event_code: str | None = None,
        on_record: Callable[[RelayedRequest], None] | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.graph_url = check_graph_url(graph_url)
        self.forward = forward
        self.test_event_code = test_event_code or None
        self.on_record = on_record
        self.clock = clock
        self.records: list[RelayedRequest] = []
        self._lock = threading.Lock()
        self._client = httpx.Client(timeout=httpx.Timeout(30.0, connect=10.0))
        self._server = RelayServer(port, self)
        self.port = int(self._server.server_address[1])
        self.url = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    def events_url(self, pixel_id: str, version: str = "v21.0") -> str:
        return f"{self.url}/{version}/{pixel_id}/events"

    def record(self, request: RelayedRequest) -> None:
        with self._lock:
            self.records.append(request)
        if self.on_record is not None:
            try:
                self.on_record(request)
            except Exception:  # the recording is kept even if a listener fails
                log.exception("relay: listener failed")

    def forward_request(
        self, url: Any, content_type: str, raw: bytes, headers: Any
    ) -> tuple[int, Any]:
        """Send the request on unchanged (plus the session's test code); Meta's answer back."""
        target = f"{self.graph_url}{url.path}" + (f"?{url.query}" if url.query else "")
        sent_headers = {"Content-Type": content_type or "application/json"}
        if headers.get("Authorization"):
            sent_headers["Authorization"] = headers["Authorization"]
        try:
            body = with_test_code(content_type, raw, self.test_event_code)
            response = self._client.post(target, content=body, headers=sent_headers)
        except httpx.HTTPError as exc:
            message = f"the relay could not reach {self.graph_url}: {type(exc).__name__}"
            return 502, bodies.graph_error(2, message, error_type="RelayError", is_transient=True)
        try:
            return response.status_code, response.json()
        except ValueError:
            message = f"{self.graph_url} answered HTTP {response.status_code} without JSON"
            return 502, bodies.graph_error(1, message, error_type="RelayError")

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
        self._client.close()

    def __enter__(self) -> RecordingRelay:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
