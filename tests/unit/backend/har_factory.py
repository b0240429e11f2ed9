"""Synthetic HAR files and server logs for the audit tests (no real people, cookies or tokens)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

PIXEL = "1234567890123456"
BASE_TS_MS = 1_764_000_000_000
COOKIE_CANARY = "canary-cookie-value-xyz"


def pixel_url(event_name: str, event_id: str | None, ts_ms: int, **extra: str) -> str:
    params = {"id": PIXEL, "ev": event_name, "ts": str(ts_ms), "fbp": "fb.1.1763990000000.42"}
    if event_id is not None:
        params["eid"] = event_id
    params.update(extra)
    return "https://www.facebook.com/tr/?" + urlencode(params)


def har_entry(url: str, method: str = "GET", body: str | None = None) -> dict[str, Any]:
    request: dict[str, Any] = {
        "method": method,
        "url": url,
        "httpVersion": "HTTP/2",
        "headers": [{"name": "cookie", "value": f"xs={COOKIE_CANARY}"}],
        "cookies": [{"name": "xs", "value": COOKIE_CANARY}],
        "queryString": [],
    }
    if body is not None:
        request["postData"] = {"mimeType": "application/x-www-form-urlencoded", "text": body}
    return {
        "startedDateTime": "2025-11-24T16:00:00.000Z",
        "request": request,
        "response": {"status": 200, "content": {"size": 0, "text": "é" * 50}},
    }


def other_entry(index: int) -> dict[str, Any]:
    return har_entry(f"https://shop.example/static/app-{index}.js")


def write_har(path: Path, entries: list[dict[str, Any]]) -> Path:
    har = {"log": {"version": "1.2", "creator": {"name": "test"}, "pages": [], "entries": entries}}
    path.write_text(json.dumps(har, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def server_event(event_name: str, event_id: str | None, ts_s: int, **extra: Any) -> dict[str, Any]:
    event: dict[str, Any] = {
        "event_name": event_name,
        "event_time": ts_s,
        "action_source": "website",
        "user_data": {"fbp": "fb.1.1763990000000.42", "client_user_agent": "Mozilla/5.0"},
    }
    if event_id is not None:
        event["event_id"] = event_id
    event.update(extra)
    return event


def write_jsonl(path: Path, events: list[dict[str, Any]], pixel: str | None = PIXEL) -> Path:
    lines = [json.dumps({"pixel_id": pixel, "body": {"data": [e]}} if pixel else e) for e in events]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
