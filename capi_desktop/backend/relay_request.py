"""Read one relayed Graph `/events` request: body, token (never kept), data, findings."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlencode

from capi_desktop.backend.emulator import bodies
from capi_desktop.backend.emulator.validate import decode_data, validate_events
from capi_desktop.domain.lint import Finding, lint
from capi_desktop.domain.request.event_model import CapiRequest


@dataclass(frozen=True)
class ReadRequest:
    """A parsed request body; `problem` is Meta's error body when it cannot be accepted."""

    body: dict[str, Any]
    events: tuple[dict[str, Any], ...]
    token: str  # used for forwarding only, never recorded
    problem: dict[str, Any] | None
    findings: tuple[Finding, ...] = ()


def parse_body(content_type: str, raw: bytes) -> dict[str, Any] | None:
    """A JSON object or a form body; None when it is neither (Meta answers code 100)."""
    if not raw:
        return {}
    if "application/x-www-form-urlencoded" in content_type.lower():
        return dict(parse_qsl(raw.decode("utf-8", "replace"), keep_blank_values=True))
    try:
        body = json.loads(raw)
    except (ValueError, RecursionError):
        return None
    return body if isinstance(body, dict) else None


def request_token(authorization: str, query: dict[str, str], body: dict[str, Any]) -> str:
    if authorization.lower().startswith("bearer "):
        return authorization[7:].strip()
    found = query.get("access_token") or body.get("access_token") or ""
    return found if isinstance(found, str) else ""


def read_request(
    content_type: str,
    raw: bytes,
    authorization: str,
    query: dict[str, str],
    now: float | None = None,
) -> ReadRequest:
    """Validate like the emulator (the same `validate_events`) and lint like the Composer."""
    now = time.time() if now is None else now
    body = parse_body(content_type, raw)
    if body is None:
        problem = bodies.param_error("the request body is not valid JSON")
        return ReadRequest({}, (), request_token(authorization, query, {}), problem)
    token = request_token(authorization, query, body)
    if not token:
        return ReadRequest(body, (), "", bodies.missing_token())
    data = decode_data(body.get("data"))
    rejected = validate_events(data, now)
    events = tuple(e for e in data if isinstance(e, dict)) if isinstance(data, list) else ()
    if rejected is not None:
        return ReadRequest(body, events, token, rejected)
    clean = {k: v for k, v in body.items() if k != "access_token"} | {"data": list(events)}
    findings = tuple(lint(CapiRequest(clean), now=int(now)))
    return ReadRequest(body, events, token, None, findings)


def with_test_code(content_type: str, raw: bytes, code: str | None) -> bytes:
    """The body to forward: unchanged, except the session's test_event_code when one is set."""
    if not code:
        return raw
    if "application/x-www-form-urlencoded" in content_type.lower():
        text = raw.decode("utf-8", "replace")
        pairs = [(k, v) for k, v in parse_qsl(text, keep_blank_values=True)]
        pairs = [(k, v) for k, v in pairs if k != "test_event_code"] + [("test_event_code", code)]
        return urlencode(pairs).encode()
    body = json.loads(raw)
    body["test_event_code"] = code
    return json.dumps(body, ensure_ascii=False).encode()
