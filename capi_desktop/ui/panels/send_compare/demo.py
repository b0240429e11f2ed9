"""Synthetic demo content for screenshots: no real person, pixel, token or trace."""

from __future__ import annotations

import json
import logging
import time
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from capi_desktop.backend.history import HistoryRow

if TYPE_CHECKING:
    from capi_desktop.ui.panels.send_compare.panel import SendComparePanel

log = logging.getLogger(__name__)
PIXEL = "123456789012345"
FBP = "fb.1.1767225600000.1234567890"
EXTERNAL_ID = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"


def demo_pair(now: int) -> tuple[str, dict[str, Any]]:
    """A Pixel URL and a matching server request that differ only in value (→ at risk)."""
    params = {
        "id": PIXEL,
        "ev": "Purchase",
        "eid": "order-10042",
        "ts": str(now * 1000),
        "dl": "https://shop.example.com/checkout/thank-you",
        "fbp": FBP,
        "ud[external_id]": EXTERNAL_ID,
        "cd[value]": "49.90",
        "cd[currency]": "EUR",
        "cd[content_ids]": '["sku-1","sku-2"]',
    }
    url = "https://www.facebook.com/tr/?" + urlencode(params)
    server = {
        "data": [
            {
                "event_name": "Purchase",
                "event_time": now + 4,
                "event_id": "order-10042",
                "action_source": "website",
                "event_source_url": "https://shop.example.com/checkout/thank-you",
                "user_data": {
                    "external_id": [EXTERNAL_ID],
                    "fbp": FBP,
                    "client_ip_address": "2001:db8::17",
                    "client_user_agent": "Mozilla/5.0 (X11; Linux x86_64) DemoBrowser/1.0",
                },
                "custom_data": {
                    "value": 44.90,
                    "currency": "EUR",
                    "content_ids": ["sku-1", "sku-2"],
                },
            }
        ],
        "test_event_code": "TEST12345",
    }
    return url, server


def _row(index: int, now: float, name: str, result: str, code: str | None) -> HistoryRow:
    ok = result == "accepted"
    return HistoryRow(
        id=index, created_at=now - index * 431, profile_id="demo", profile_name="Demo shop",
        pixel_id=PIXEL, event_names=(name,), test_event_code=code,
        request={"data": [{"event_name": name, "event_id": f"demo-{index}"}]},
        raw_request=None,
        response_text=f'{{"events_received":1,"messages":[],"fbtrace_id":"DemoTrace{index}"}}'
        if ok else '{"error":{"message":"Invalid parameter","code":100,"error_subcode":2804003}}',
        http_status=200 if ok else 400, events_sent=1, events_received=1 if ok else 0,
        fbtrace_id=f"DemoTrace{index}", attempts=1, duration_s=0.31 + index / 50,
        result=result, error_message="" if ok else "Meta rejected the events (#100/2804003)",  # type: ignore[arg-type]
    )  # fmt: skip


def demo_send_result(now: float) -> Any:
    """A synthetic accepted send, shaped like the Graph client's result."""
    from capi_desktop.backend.graph_models import ChunkResult, SendResult

    _url, body = demo_pair(int(now))
    request = json.dumps({**body, "test_event_code": "TEST12345"})
    chunk = ChunkResult(
        index=0, events=1, ok=True, http_status=200, events_received=1, messages=(),
        fbtrace_id="ADemoTraceId42", error=None, attempts=1, duration_s=0.284,
        request_body_redacted=request,
        response_text='{"events_received":1,"messages":[],"fbtrace_id":"ADemoTraceId42"}',
    )  # fmt: skip
    return SendResult(ok=True, chunks=[chunk], events_sent=1, events_received=1, duration_s=0.29)


def demo_audit_report(now: int) -> Any:
    """A small synthetic audit: matched, at-risk, double-counted and one-sided events."""
    from capi_desktop.domain.audit.har_audit import ServerEvent, audit_events
    from capi_desktop.domain.pixel.hit import hit_from_params

    hits = []
    servers = []
    plan = [("Purchase", 14, "ok"), ("AddToCart", 31, "ok"), ("Lead", 6, "case"),
            ("Purchase", 3, "value"), ("ViewContent", 22, "browser"), ("Lead", 4, "server")]  # fmt: skip
    for name, count, kind in plan:
        for i in range(count):
            eid = f"{name.lower()}-{kind}-{i}"
            params = [("id", PIXEL), ("ev", name), ("eid", eid), ("ts", str(now * 1000)),
                      ("fbp", FBP), ("cd[value]", "10"), ("cd[currency]", "EUR")]  # fmt: skip
            if kind != "server":
                hits.append(hit_from_params(params, "har"))
            if kind == "browser":
                continue
            event = {
                "event_name": name, "event_time": now + 2, "action_source": "website",
                "event_id": eid.upper() if kind == "case" else eid,
                "user_data": {"fbp": FBP},
                "custom_data": {"value": 12 if kind == "value" else 10, "currency": "EUR"},
            }  # fmt: skip
            servers.append(ServerEvent(event, PIXEL, "demo"))
    return audit_events(hits, servers, default_pixel_id=PIXEL)


def fill(panel: SendComparePanel) -> None:
    now = int(time.time())
    url, server = demo_pair(now)
    panel.send_tab.set_request(server)
    compare = panel.compare_tab
    compare.pixel_edit.setText(PIXEL)
    compare.set_browser_text(url)
    compare.set_server_body(server)
    compare.compare_now()
    names = ["Purchase", "AddToCart", "Lead", "PageView", "Purchase", "ViewContent"]
    results = ["accepted", "accepted", "rejected", "accepted", "error", "accepted"]
    rows = [
        _row(i + 1, now, n, r, None if i == 3 else "TEST12345")
        for i, (n, r) in enumerate(zip(names, results, strict=True))
    ]
    panel.history_tab.fill_filters({"profiles": ["demo\tDemo shop"], "events": sorted(set(names))})
    panel.history_tab.show_rows(rows)
    panel.history_tab.table.selectRow(2)
    from capi_desktop.domain.profile import Profile

    panel.send_tab.controller.profiles.show([Profile(id="demo", name="Demo shop", pixel_id=PIXEL)])
    panel.send_tab.form.test_code.setText("TEST12345")
    panel.send_tab.result_view.show_result(demo_send_result(now), sent_at=now)
    try:
        panel.audit_tab.har_path.setText("/home/demo/captures/checkout-session.har")
        panel.audit_tab.server_path.setText("/home/demo/captures/capi-server-log.jsonl")
        panel.audit_tab.show_report(demo_audit_report(now))
    except Exception:  # the demo must never break a screenshot
        log.exception("audit demo failed")
    panel.tabs.setCurrentWidget(compare)
