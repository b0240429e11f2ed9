"""Each class of field check listed in issue 22 gives a finding at the field's exact path."""

from __future__ import annotations

from typing import Any

import pytest

from capi_desktop.domain.lint import lint
from capi_desktop.domain.lint.rule_examples import EXAMPLE_NOW, clean_request
from capi_desktop.domain.request.event_model import CapiRequest

APP = {"action_source": "app", "app_data": {"advertiser_tracking_enabled": 1,
       "application_tracking_enabled": 1, "extinfo": ["a2"] + ["1"] * 15}}  # fmt: skip
MSG = {"action_source": "business_messaging", "messaging_channel": "whatsapp"}
E, C, U = "data[0].", "data[0].custom_data.", "data[0].user_data."

CASES: list[tuple[str, dict[str, Any], str, str]] = [
    # URLs
    ("url", {"event_source_url": "example.com/x"}, E + "event_source_url", "field.bad_format"),
    ("url", {"event_source_url": "not a url"}, E + "event_source_url", "field.bad_format"),
    ("url", {"event_source_url": True}, E + "event_source_url", "field.wrong_type"),
    ("url", {"referrer_url": "example.com/x"}, E + "referrer_url", "field.bad_format"),
    # booleans and enums of the wrong type
    ("enum", {"opt_out": "true"}, E + "opt_out", "field.wrong_type"),
    ("enum", {**APP, "app_data": "ios"}, E + "app_data", "field.wrong_type"),
    ("enum", {"custom_data.content_type": "sku"}, C + "content_type", "field.not_allowed_value"),
    (
        "enum",
        {"custom_data.delivery_category": "pickup"},
        C + "delivery_category",
        "field.not_allowed_value",
    ),
    # custom_data types
    ("custom", {"custom_data.num_items": "3"}, C + "num_items", "field.wrong_type"),
    ("custom", {"custom_data.order_id": ""}, C + "order_id", "field.empty"),
    ("custom", {"custom_data.order_id": 1001}, C + "order_id", "field.wrong_type"),
    ("custom", {"custom_data.search_string": ""}, C + "search_string", "field.empty"),
    ("custom", {"custom_data.predicted_ltv": "300"}, C + "predicted_ltv", "field.wrong_type"),
    ("custom", {"custom_data.value": "49.99"}, C + "value", "field.wrong_type"),
    ("custom", {"custom_data.content_ids": ["", "SKU-1"]}, C + "content_ids[0]", "field.empty"),
    (
        "custom",
        {"custom_data.contents": [{"id": "A", "quantity": 1.5}]},
        C + "contents[0].quantity",
        "field.wrong_type",
    ),
    (
        "custom",
        {"custom_data.contents": [{"id": 7, "quantity": 1}]},
        C + "contents[0].id",
        "field.wrong_type",
    ),
    (
        "custom",
        {"custom_data.contents": [{"id": "A", "quantity": 1, "item_price": "9.99"}]},
        C + "contents[0].item_price",
        "field.wrong_type",
    ),
    # user_data identifiers of the wrong shape
    ("ids", {"user_data.lead_id": "12345"}, U + "lead_id", "field.bad_format"),
    ("ids", {"user_data.fb_login_id": 1234567}, U + "fb_login_id", "field.wrong_type"),
    ("ids", {"user_data.subscription_id": 42}, U + "subscription_id", "field.wrong_type"),
    ("ids", {**APP, "user_data.madid": 42}, U + "madid", "field.wrong_type"),
    ("ids", {**APP, "user_data.anon_id": 42}, U + "anon_id", "field.wrong_type"),
    # PII where it must not be
    (
        "pii",
        {"user_data.external_id": ["jane.doe@example.com"]},
        U + "external_id[0]",
        "field.pii_in_identifier",
    ),
    (
        "pii",
        {"custom_data.order_id": "jane.doe@example.com"},
        C + "order_id",
        "field.pii_in_identifier",
    ),
    ("pii", {"event_id": "jane.doe@example.com"}, E + "event_id", "field.pii_in_identifier"),
    (
        "pii",
        {"event_source_url": "https://shop.example.com/t?email=jane.doe%40example.com"},
        E + "event_source_url",
        "field.pii_in_identifier",
    ),
    # the SDK's typed fields
    (
        "sdk",
        {**APP, "app_data.advertiser_tracking_enabled": "yes"},
        E + "app_data.advertiser_tracking_enabled",
        "field.wrong_type",
    ),
    (
        "sdk",
        {**APP, "app_data.extinfo": ["android"] + ["1"] * 15},
        E + "app_data.extinfo[0]",
        "field.not_allowed_value",
    ),
    (
        "sdk",
        {**APP, "app_data.extinfo": ["a2"] + ["1"] * 8 + ["wide"] + ["1"] * 6},
        E + "app_data.extinfo[9]",
        "field.bad_format",
    ),
    (
        "sdk",
        {"original_event_data": {"event_time": "yesterday"}},
        E + "original_event_data.event_time",
        "field.wrong_type",
    ),
    (
        "sdk",
        {"attribution_data": {"attribution_share": 1.5}},
        E + "attribution_data.attribution_share",
        "field.out_of_range",
    ),
    (
        "sdk",
        {**MSG, "messaging_channel": "sms"},
        E + "messaging_channel",
        "field.not_allowed_value",
    ),
    (
        "sdk",
        {"advanced_measurement_table": 5},
        E + "advanced_measurement_table",
        "field.wrong_type",
    ),
    ("sdk", {"custom_data.net_revenue": "12.5"}, C + "net_revenue", "field.wrong_type"),
    ("sdk", {"custom_data.content_name": 42}, C + "content_name", "field.wrong_type"),
]


def _apply(edits: dict[str, Any]) -> dict[str, Any]:
    body = clean_request()
    event = body["data"][0]
    for key, value in edits.items():
        node = event
        *parents, last = key.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[last] = value
    return body


@pytest.mark.parametrize(
    ("kind", "edits", "path", "rule"), CASES, ids=[c[2] + ":" + c[0] for c in CASES]
)
def test_issue_22_class_has_a_finding_at_the_exact_path(
    kind: str, edits: dict[str, Any], path: str, rule: str
) -> None:
    findings = lint(CapiRequest(_apply(edits)), now=EXAMPLE_NOW)
    assert any(f.rule == rule and f.path == path for f in findings), [
        (f.rule, f.path) for f in findings
    ]


def test_messaging_fields_are_known_for_business_messaging() -> None:
    body = _apply({**MSG, "user_data": {"whatsapp_business_account_id": "104928377512345",
                   "ctwa_clid": "ARAkLkA8rmlFeiCk", "page_id": "1234567890"}})  # fmt: skip
    rules = {f.rule for f in lint(CapiRequest(body), now=EXAMPLE_NOW)}
    assert not rules & {"user_data.unknown_key", "field.not_for_action_source"}
    body["data"][0]["action_source"] = "website"
    findings = lint(CapiRequest(body), now=EXAMPLE_NOW)
    kind = [f for f in findings if f.rule == "field.not_for_action_source"]
    assert {f.path for f in kind} == {
        E + "messaging_channel",
        U + "whatsapp_business_account_id",
        U + "ctwa_clid",
    }
    assert all(f.severity == "info" for f in kind)
