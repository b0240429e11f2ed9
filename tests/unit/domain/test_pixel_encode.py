"""A server event turned into the matching Pixel URL round-trips to a `deduplicated` verdict."""

from __future__ import annotations

from typing import Any

from capi_desktop.domain.dedup.compare import compare
from capi_desktop.domain.pixel.encode import pixel_url_for_event
from capi_desktop.domain.pixel.request import PixelHit, parse_browser_input

EVENT: dict[str, Any] = {
    "event_name": "Purchase",
    "event_id": "ord-77",
    "event_time": 1_790_000_000,
    "action_source": "website",
    "event_source_url": "https://shop.example/thanks",
    "user_data": {
        "em": ["Jane.Doe@Example.com"],
        "external_id": ["a" * 64],
        "fbp": "fb.1.1789990000000.42",
        "client_user_agent": "Mozilla/5.0",
    },
    "custom_data": {
        "value": 25.5,
        "currency": "USD",
        "content_ids": ["sku-9"],
        "contents": [{"id": "sku-9", "quantity": 2, "item_price": 12.75}],
    },
    "data_processing_options": ["LDU"],
    "data_processing_options_country": 1,
    "data_processing_options_state": 1000,
}


def test_round_trip() -> None:
    url = pixel_url_for_event(EVENT, "42")
    assert "Jane" not in url  # raw values are hashed like the pixel would
    hit = parse_browser_input(url)
    assert isinstance(hit, PixelHit)
    assert (hit.pixel_id, hit.event_name, hit.event_id, hit.event_time) == (
        "42",
        "Purchase",
        "ord-77",
        1_790_000_000,
    )
    assert hit.data_processing_options == ("LDU",) and hit.data_processing_options_state == 1000
    server = {**EVENT, "user_data": {**EVENT["user_data"], "em": []}}
    result = compare(hit, EVENT, server_pixel_id="42")
    assert result.verdict == "at_risk"  # the server sent em unhashed: flagged, hashes equal
    assert result.row("user_data.em").reason.startswith("Same value once hashed")  # type: ignore[union-attr]
    assert compare(hit, server, server_pixel_id="42").verdict == "deduplicated"


def test_changing_the_event_id_case_breaks_it() -> None:
    hit = parse_browser_input(pixel_url_for_event({**EVENT, "event_id": "ORD-77"}, "42"))
    assert isinstance(hit, PixelHit)
    assert compare(hit, EVENT, server_pixel_id="42").verdict == "double_counted"
