"""The emulator's HTTP handler: routes Graph paths, applies faults, answers like Meta."""

from __future__ import annotations

import json
import logging
import re
import socket
import struct
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from capi_desktop.backend.emulator import bodies, quality
from capi_desktop.backend.emulator.multipart import parse_multipart
from capi_desktop.backend.emulator.state import EmulatorState, Fault
from capi_desktop.backend.emulator.validate import decode_data, validate_events
from capi_desktop.domain.redact import redact

log = logging.getLogger(__name__)
_VERSION_RE = re.compile(r"^v\d+\.\d+$")
_QUERY_RE = re.compile(r"\?[^\s\"]*")
MAX_BODY = 50 * 1024 * 1024


class EmulatorServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], state: EmulatorState) -> None:
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        self.state = state
        super().__init__(address, GraphHandler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that hangs up (cancelled send, timeout) is normal here, not a traceback.
        import sys

        exc = sys.exc_info()[1]
        if isinstance(exc, ConnectionError | TimeoutError):
            log.debug("emulator: client %s went away: %s", client_address, exc)
            return
        log.exception("emulator: request from %s failed", client_address)


class GraphHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as Meta's front ends do
    server: EmulatorServer
    server_version = "CapiDesktopEmulator"

    def log_message(self, format: str, *args: Any) -> None:
        # Request lines carry query strings (debug_token?input_token=...): drop them.
        text = _QUERY_RE.sub("?…", format % args)
        log.debug("emulator: %s", redact(text, *self.server.state.tokens))

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def do_DELETE(self) -> None:
        self._dispatch("DELETE")

    # -- plumbing ---------------------------------------------------------------------------

    def _read_body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            raise ValueError("body too large")
        return self.rfile.read(length) if length > 0 else b""

    def _send(
        self,
        status: int,
        payload: Any,
        *,
        content_type: str = "application/json; charset=UTF-8",
        headers: dict[str, str] | None = None,
    ) -> None:
        raw = (
            payload
            if isinstance(payload, bytes)
            else (payload.encode() if isinstance(payload, str) else json.dumps(payload).encode())
        )
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(raw)))
        if isinstance(payload, dict) and isinstance(payload.get("error"), dict):
            self.send_header("x-fb-trace-id", str(payload["error"].get("fbtrace_id", "")))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(raw)

    def _reset_connection(self) -> None:
        # SO_LINGER 0 turns close() into a TCP RST: what a crashed proxy looks like.
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close_connection = True
        self.connection.close()

    def _truncated(self) -> None:
        raw = json.dumps(bodies.success(1)).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json; charset=UTF-8")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw[: len(raw) // 2])
        self.close_connection = True
        self.connection.shutdown(socket.SHUT_RDWR)

    def _apply_fault(self, fault: Fault) -> bool:
        """Play the fault; True when the request was answered (or the connection dropped)."""
        if fault.kind == "latency":
            self.server.state.latency_started()
            try:
                time.sleep(fault.latency_s)
            finally:
                self.server.state.latency_ended()
            return False
        if fault.kind in ("http_500", "http_502"):
            status = 500 if fault.kind == "http_500" else 502
            self._send(status, bodies.html_page(status), content_type="text/html")
        elif fault.kind == "reset":
            self._reset_connection()
        elif fault.kind == "truncated":
            self._truncated()
        elif fault.kind == "throttle":
            self._send(fault.status, bodies.throttled(fault.code), headers=_throttle_headers(fault))
        else:
            body = bodies.graph_error(
                fault.code,
                fault.message or "Injected error",
                subcode=fault.subcode,
                is_transient=fault.is_transient,
            )
            self._send(fault.status, body, headers=_throttle_headers(fault))
        return True

    # -- routing ----------------------------------------------------------------------------

    def _dispatch(self, method: str) -> None:
        state = self.server.state
        url = urlsplit(self.path)
        query = {k: v[-1] for k, v in parse_qs(url.query).items()}
        try:
            raw = self._read_body()
        except ValueError:
            self._send(413, bodies.param_error("request body too large"))
            return
        if url.path.startswith("/_emulator/"):
            self._control(method, url.path, raw)
            return
        state.record_hit(method, url.path)
        fault = state.take_fault(url.path)
        if fault is not None and self._apply_fault(fault):
            return
        form = _parse_body(self.headers.get("Content-Type", ""), raw)
        if form is None:
            self._send(400, bodies.param_error("the request body is not valid JSON"))
            return
        token = _token(self.headers.get("Authorization", ""), query, form)
        if not token:
            self._send(400, bodies.missing_token())
            return
        if token in state.expired_tokens:
            self._send(400, bodies.expired_token())
            return
        if token not in state.tokens:
            self._send(400, bodies.invalid_token())
            return
        parts = [p for p in url.path.split("/") if p]
        version = parts.pop(0) if parts and _VERSION_RE.match(parts[0]) else ""
        reply = quality.answer(state, method, parts, query, token)
        if reply is not None:
            self._send(reply[0], reply[1], headers=reply[2])
            return
        self._route(method, parts, version, query, form)

    def _route(
        self, method: str, parts: list[str], version: str, query: dict[str, str], form: Any
    ) -> None:
        state = self.server.state
        if method == "POST" and len(parts) == 2 and parts[1] == "events":
            pixel = parts[0]
            if pixel not in state.pixels:
                self._send(400, bodies.unknown_object(pixel, method))
                return
            data = decode_data(form.get("data"))
            problem = validate_events(data)
            if problem is not None:
                self._send(400, problem)
                return
            state.record_events(pixel, version, form, data)
            self._send(200, bodies.success(len(data)))
        elif method == "GET" and parts == ["me"]:
            self._send(200, {"id": "100000000000001", "name": "Emulator System User"})
        elif method == "GET" and parts == ["debug_token"]:
            self._send(200, _debug_token(query.get("input_token", ""), state))
        elif method == "GET" and len(parts) == 1:
            pixel = parts[0]
            if pixel not in state.pixels:
                self._send(400, bodies.unknown_object(pixel, method))
                return
            self._send(200, _pixel(pixel, query.get("fields", "id,name")))
        else:
            self._send(400, bodies.unknown_path("/" + "/".join(parts)))

    def _control(self, method: str, path: str, raw: bytes) -> None:
        state = self.server.state
        if method == "GET" and path == "/_emulator/received":
            self._send(200, {"requests": state.received()})
        elif method == "POST" and path == "/_emulator/faults":
            try:
                data = json.loads(raw or b"{}")
                items = data.get("faults", []) if isinstance(data, dict) else data
                state.set_faults([Fault.from_json(item) for item in items])
            except (ValueError, TypeError, AttributeError) as exc:
                self._send(400, {"error": f"bad faults: {exc}"})
                return
            self._send(200, {"ok": True, "faults": len(items)})
        elif method in ("POST", "DELETE") and path == "/_emulator/reset":
            state.reset()
            self._send(200, {"ok": True})
        else:
            self._send(404, {"error": "unknown emulator control path"})


def _parse_body(content_type: str, raw: bytes) -> dict[str, Any] | None:
    if not raw:
        return {}
    if "application/x-www-form-urlencoded" in content_type:
        return {k: v[-1] for k, v in parse_qs(raw.decode("utf-8", "replace")).items()}
    if "multipart/form-data" in content_type:
        return parse_multipart(content_type, raw)
    try:
        body = json.loads(raw)
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


def _token(authorization: str, query: dict[str, str], form: dict[str, Any]) -> str:
    if authorization.lower().startswith("bearer "):
        return authorization[7:].strip()
    return str(query.get("access_token") or form.get("access_token") or "")


def _throttle_headers(fault: Fault) -> dict[str, str]:
    headers = {}
    if fault.retry_after_s is not None:
        headers["Retry-After"] = str(fault.retry_after_s)
    if fault.regain_minutes is not None:
        usage = {
            "000000000000001": [
                {
                    "type": "ads_management",
                    "call_count": 100,
                    "total_cputime": 30,
                    "total_time": 30,
                    "estimated_time_to_regain_access": fault.regain_minutes,
                }
            ]
        }
        headers["X-Business-Use-Case-Usage"] = json.dumps(usage)
    return headers


def _pixel(pixel_id: str, fields: str) -> dict[str, Any]:
    full = {
        "id": pixel_id,
        "name": f"Emulator pixel {pixel_id}",
        "creation_time": "2024-03-01T10:00:00+0000",
        "last_fired_time": time.strftime("%Y-%m-%dT%H:%M:%S+0000", time.gmtime()),
        "owner_business": {"id": "200000000000002", "name": "Emulator Business"},
        **quality.PIXEL_FIELDS,
    }
    wanted = [f.strip() for f in fields.split(",") if f.strip()] or ["id"]
    return {k: full[k] for k in wanted if k in full} | {"id": pixel_id}


def _debug_token(input_token: str, state: EmulatorState) -> dict[str, Any]:
    valid = input_token in state.tokens
    return {
        "data": {
            "app_id": "300000000000003",
            "type": "SYSTEM_USER",
            "application": "CAPI Desktop Emulator",
            "data_access_expires_at": 0,
            "expires_at": 0,
            "is_valid": valid,
            "scopes": list(state.quality.scopes_for(input_token)) if valid else [],
            "user_id": "100000000000001",
        }
    }
