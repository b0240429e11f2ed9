"""One example per lint rule: a clean Purchase changed one way, for docs/lint-rules.md and its test."""

from __future__ import annotations

import copy
from typing import Any

from capi_desktop.domain.request.json_locate import split_path

EXAMPLE_NOW = 1_790_000_000  # fixed clock so the examples' age rules are deterministic
DROP: Any = object()
_SHA_EM = "62a14e44f765419d10fea99367361a727c12365e2520f32218d505ed9aa0f62f"  # Meta's doc example
_SHA_PH = "e323ec626319ca94ee8bff2e4c87cf613be6ea19919ed1364124e16807ab3176"
_MS = (EXAMPLE_NOW - 3600) * 1000


def clean_request() -> dict[str, Any]:
    """A Purchase Meta accepts with no finding but the test-code info."""
    return {
        "data": [
            {
                "event_name": "Purchase",
                "event_time": EXAMPLE_NOW - 30,
                "action_source": "website",
                "event_source_url": "https://shop.example.com/checkout/thank-you",
                "event_id": "order-10042-purchase",
                "user_data": {
                    "em": [_SHA_EM],
                    "ph": [_SHA_PH],
                    "external_id": ["customer-0001"],
                    "client_ip_address": "203.0.113.10",
                    "client_user_agent": "Mozilla/5.0 (X11; Linux x86_64) Example/1.0",
                    "fbp": f"fb.1.{_MS}.1234567890",
                    "fbc": f"fb.1.{_MS}.IwAR0exampleClickId",
                },
                "custom_data": {"value": 49.99, "currency": "USD", "content_ids": ["SKU-1001"]},
            }
        ]
    }


E = "data[0]."
U = E + "user_data."
C = E + "custom_data."
# rule → edits (path, value; DROP removes the key). "@event" stands for a copy of the clean event.
EXAMPLES: dict[str, list[tuple[str, Any]]] = {
    "request.no_data": [("data", DROP)],
    "values.placeholder": [("data[0].event_id", "{{DL - Event ID}}")],
    "request.empty_data": [("data", [])],
    "request.data_as_json_strings": [("data", ['{"event_name": "Lead"}'])],
    "request.too_many_events": [("data", ["@event"] * 1001)],
    "request.event_not_object": [("data", ["@event", "Purchase"])],
    "request.duplicate_event_id": [("data", ["@event", "@event"])],
    "request.test_event_code_present": [("test_event_code", "TEST12345")],
    "request.test_event_code_absent": [],
    "request.access_token_in_body": [("access_token", "EAAB-not-a-real-token")],
    "request.unknown_key": [("pixel_id", "1234567890")],
    "event.unknown_key": [(E + "eventName", "Purchase")],
    "event_time.missing": [(E + "event_time", DROP)],
    "event_time.not_integer": [(E + "event_time", "yesterday")],
    "event_time.milliseconds": [(E + "event_time", EXAMPLE_NOW * 1000)],
    "event_time.future": [(E + "event_time", EXAMPLE_NOW + 7200)],
    "event_time.too_old": [(E + "event_time", EXAMPLE_NOW - 8 * 86400)],
    "event_time.stale": [(E + "event_time", EXAMPLE_NOW - 3 * 3600)],
    "event_name.missing": [(E + "event_name", DROP)],
    "event_name.wrong_case": [(E + "event_name", "purchase")],
    "event_name.possible_typo": [(E + "event_name", "Purchse")],
    "action_source.missing": [(E + "action_source", DROP)],
    "action_source.invalid": [(E + "action_source", "Website")],
    "action_source.website_without_url": [(E + "event_source_url", DROP)],
    "action_source.website_without_user_agent": [(U + "client_user_agent", DROP)],
    "event_id.missing": [(E + "event_id", DROP)],
    "event_id.whitespace": [(E + "event_id", " order-10042 ")],
    "event_id.not_string": [(E + "event_id", 10042)],
    "event_id.too_long": [(E + "event_id", "x" * 300)],
    "user_data.missing": [(E + "user_data", {})],
    "user_data.not_object": [(E + "user_data", ["em"])],
    "user_data.bad_value_type": [(U + "zp", 94025)],
    "user_data.empty_value": [(U + "ln", "")],
    "user_data.unhashed_pii": [(U + "em", ["jane.doe@example.com"])],
    "user_data.not_sha256": [(U + "em", [_SHA_EM[:40]])],
    "user_data.uppercase_hash": [(U + "em", [_SHA_EM.upper()])],
    "user_data.md5_hash": [(U + "em", ["5d41402abc4b2a76b9719d911017c592"])],
    "user_data.hashed_never_hashed_key": [(U + "fbp", _SHA_EM)],
    "user_data.bad_fbp": [(U + "fbp", "fb.1.1790000000.123")],
    "user_data.bad_fbc": [(U + "fbc", "IwAR0exampleClickId")],
    "user_data.invalid_ip": [(U + "client_ip_address", "192.168.1.20")],
    "user_data.alias_key": [(U + "email", [_SHA_EM])],
    "user_data.unknown_key": [(U + "favourite_colour", "blue")],
    "user_data.broad_combination": [
        (E + "user_data", {"ct": "a" * 64, "country": "b" * 64, "client_user_agent": "UA/1"})
    ],
    "user_data.no_strong_key": [(E + "user_data", {"fn": "a" * 64, "ln": "b" * 64})],
    "custom_data.not_object": [(E + "custom_data", "49.99 USD")],
    "custom_data.purchase_missing_value": [(C + "value", DROP)],
    "custom_data.purchase_missing_currency": [(C + "currency", DROP)],
    "custom_data.currency_invalid": [(C + "currency", "US$")],
    "ldu.invalid_options": [(E + "data_processing_options", ["ldu"])],
    "ldu.missing_location": [(E + "data_processing_options", ["LDU"])],
    "ldu.incomplete_location": [
        (E + "data_processing_options", ["LDU"]),
        (E + "data_processing_options_country", 1),
    ],
    "ldu.invalid_location": [
        (E + "data_processing_options", ["LDU"]),
        (E + "data_processing_options_country", 2),
        (E + "data_processing_options_state", 1000),
    ],
    "ldu.location_without_ldu": [(E + "data_processing_options_country", 0)],
    "field.missing": [(C + "contents", [{"id": "SKU-1001"}])],
    "field.wrong_type": [(C + "num_items", "3")],
    "field.not_allowed_value": [(C + "content_type", "sku")],
    "field.bad_format": [(E + "event_source_url", "shop.example.com/thanks")],
    "field.empty": [(C + "order_id", "")],
    "field.out_of_range": [(E + "attribution_data", {"attribution_share": 1.5})],
    "field.pii_in_identifier": [(U + "external_id", ["jane.doe@example.com"])],
    "field.not_for_action_source": [(U + "madid", "38400000-8cf0-11bd-b23e-10b96e40000d")],
}
# Typed-value rules of the Composer (lint/value_verdicts.py): (key, what the user typed).
VALUE_EXAMPLES: dict[str, tuple[str, str]] = {
    "user_data.value_dropped": ("em", "not-an-email"),
    "user_data.value_unmatchable": ("ph", "(650) 555-0100"),
    "user_data.value_changed": ("db", "1990-02-16"),
}


def example_request(rule: str) -> dict[str, Any]:
    """The clean request with the rule's edits applied."""
    body = clean_request()
    event = body["data"][0]
    for path, value in EXAMPLES[rule]:
        parts = split_path(path) or [path]
        parent: Any = body
        for part in parts[:-1]:
            parent = parent[part]
        if value is DROP:
            parent.pop(parts[-1], None)
        elif isinstance(value, list) and "@event" in value:
            parent[parts[-1]] = [copy.deepcopy(event) if v == "@event" else v for v in value]
        else:
            parent[parts[-1]] = copy.deepcopy(value)
    return body
