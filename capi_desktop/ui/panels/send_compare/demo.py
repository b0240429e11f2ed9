"""Synthetic demo content for screenshots: no real person, pixel, token or trace."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from capi_desktop.backend.history import HistoryRow

if TYPE_CHECKING:
    from capi_desktop.ui.panels.send_compare.panel import SendComparePanel

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
    panel.history_tab.show_rows(rows)
    panel.tabs.setCurrentWidget(compare)
