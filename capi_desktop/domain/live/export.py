"""Export a live session as the audit report (report.py) or a HAR, PII redacted like the report."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

from capi_desktop.domain.audit.har_audit import AuditReport, ServerEvent, audit_events
from capi_desktop.domain.audit.report import ReportFormat, render_report
from capi_desktop.domain.audit.report_redact import redact_cell
from capi_desktop.domain.live.session import LiveSession
from capi_desktop.domain.pixel.request import query_pairs
from capi_desktop.domain.redact import redact

_CREATOR = {"name": "CAPI Desktop live session", "version": "1"}


def session_audit(session: LiveSession) -> AuditReport:
    """The session's hits and server events through the same audit as a HAR + server log."""
    events = [ServerEvent(dict(s.event), s.pixel_id, s.origin) for s in session.server]
    return audit_events([b.hit for b in session.browser], events)


def session_report(session: LiveSession, fmt: ReportFormat) -> str:
    return render_report(session_audit(session), fmt)


def _redact_value(value: Any) -> Any:
    if isinstance(value, str):
        return redact_cell(redact(value))
    if isinstance(value, Mapping):
        return {str(k): _redact_value(v) for k, v in value.items() if k != "access_token"}
    if isinstance(value, list | tuple):
        return [_redact_value(v) for v in value]
    return value


def _redact_url(url: str) -> str:
    parts = urlsplit(url)
    pairs = [(k, redact_cell(redact(v))) for k, v in query_pairs(parts.query)]
    return urlunsplit(parts._replace(query=urlencode(pairs), fragment=""))


def _iso(at: float) -> str:
    return datetime.fromtimestamp(at, UTC).isoformat().replace("+00:00", "Z")


def _entry(
    at: float, method: str, url: str, post: dict[str, Any] | None, status: int
) -> dict[str, Any]:
    request: dict[str, Any] = {
        "method": method,
        "url": url,
        "httpVersion": "HTTP/1.1",
        "cookies": [],
        "headers": [],
        "queryString": [{"name": k, "value": v} for k, v in query_pairs(urlsplit(url).query)],
        "headersSize": -1,
        "bodySize": len(post["text"]) if post else 0,
    }
    if post:
        request["postData"] = post
    return {
        "startedDateTime": _iso(at),
        "time": 0,
        "request": request,
        "response": {
            "status": status,
            "statusText": "",
            "httpVersion": "HTTP/1.1",
            "cookies": [],
            "headers": [],
            "content": {"size": 0, "mimeType": "text/plain"},
            "redirectURL": "",
            "headersSize": -1,
            "bodySize": -1,
        },
        "cache": {},
        "timings": {"send": 0, "wait": 0, "receive": 0},
    }


def session_har(session: LiveSession) -> dict[str, Any]:
    """Browser Pixel requests and relayed server requests as HAR 1.2 entries, in time order.

    Values are redacted per parameter with the report's rules (short hashes, no cookie values,
    no query strings inside values, no e-mail/phone/IP), so a Pixel hit stays readable; cookies
    and headers are never written, the token never reached the session.
    """
    entries: list[tuple[float, dict[str, Any]]] = []
    for captured in session.captured:
        post = None
        if captured.body:
            pairs = [(k, redact_cell(redact(v))) for k, v in query_pairs(captured.body)]
            post = {
                "mimeType": captured.content_type or "application/x-www-form-urlencoded",
                "text": urlencode(pairs),
            }
        entries.append(
            (
                captured.at,
                _entry(captured.at, captured.method, _redact_url(captured.url), post, 200),
            )
        )
    for request in session.requests:
        body: dict[str, Any] = {"data": [_redact_value(dict(e)) for e in request.events]}
        if request.test_event_code:
            body["test_event_code"] = request.test_event_code
        post = {"mimeType": "application/json", "text": json.dumps(body, ensure_ascii=False)}
        url = f"http://127.0.0.1{request.path}"
        entries.append((request.at, _entry(request.at, "POST", url, post, request.status)))
    entries.sort(key=lambda item: item[0])
    return {"log": {"version": "1.2", "creator": _CREATOR, "entries": [e for _, e in entries]}}
