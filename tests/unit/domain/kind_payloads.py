"""Valid and invalid payloads per event kind (issue 15), built from Meta's docs; sources inline."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from capi_desktop.domain.event_kinds.starters import starter_event

Edit = Callable[[dict[str, Any]], None]
SHA = "a" * 64


def setp(path: str, value: Any) -> Edit:
    def edit(event: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node = event
        for part in parents:
            node = node.setdefault(part, {})
        node[last] = value

    return edit


def delp(path: str) -> Edit:
    def edit(event: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node = event
        for part in parents:
            node = node[part]
        node.pop(last, None)

    return edit


def build(kind: str, now: int, *edits: Edit) -> dict[str, Any]:
    event = copy.deepcopy(starter_event(kind, now=now))
    for edit in edits:
        edit(event)
    if isinstance(event.get("event_time"), int) and event["event_time"] < 0:
        event["event_time"] = now + event["event_time"] * 86_400 - 60  # -N means N days ago
    return event


# (label, edits) — each must lint with no error and be accepted by the emulator.
VALID: dict[str, list[tuple[str, list[Edit]]]] = {
    "website": [
        ("template", []),
        ("ViewContent", [setp("event_name", "ViewContent")]),
        ("no event_id (warning only)", [delp("event_id")]),
        ("only fbp + ip + ua", [delp("user_data.em"), delp("user_data.ph")]),
        ("hashed external_id", [setp("user_data.external_id", [SHA])]),
    ],
    "app": [
        ("template", []),
        ("iOS extinfo i2", [setp("app_data.extinfo", ["i2", *["" for _ in range(15)]])]),
        ("ATT declined, anon_id only (app-data: 0 = disabled)",
         [setp("app_data.advertiser_tracking_enabled", 0), delp("user_data.madid")]),
        ("empty-string slots (Meta: 'fill with an empty string')",
         [setp("app_data.extinfo", ["a2", "com.example.app", *[""] * 14])]),
        ("booleans for the flags", [setp("app_data.advertiser_tracking_enabled", True)]),
        ("optional app_data keys (App Data page)",
         [setp("app_data.install_referrer", "utm_source=example"),
          setp("app_data.url_schemes", ["exampleapp"]), setp("app_data.vendor_id", "V-1")]),
    ],
    "physical_store": [
        ("template", []),
        ("30 days old (62-day window)", [setp("event_time", -30)]),
        ("name + zip + country only", [delp("user_data.em"), delp("user_data.ph"),
                                       delp("user_data.external_id")]),
        ("external_id only", [setp("user_data", {"external_id": ["loyalty-7781"]})]),
        ("no event_id (no pairing expected)", [delp("event_id")]),
    ],
    "crm": [
        ("template", []),
        ("lead_id as a string", [setp("user_data.lead_id", "1234567890123456")]),
        ("stage name from Meta's example", [setp("event_name", "Sales Opportunity")]),
        ("lead_id only, no event_id", [setp("user_data", {"lead_id": 123456789012345}),
                                       delp("event_id")]),
        ("5 days old (7-day window)", [setp("event_time", -5)]),
    ],
    "business_messaging": [
        ("template (whatsapp)", []),
        ("messenger", [setp("messaging_channel", "messenger"),
                       setp("user_data", {"page_id": "100000000000002",
                                          "page_scoped_user_id": "6000000000000001"})]),
        ("instagram", [setp("messaging_channel", "instagram"),
                       setp("user_data", {"ig_account_id": "17840000000000001",
                                          "ig_sid": "1780000000000001"})]),
        ("LeadSubmitted", [setp("event_name", "LeadSubmitted")]),
        ("numeric WABA id", [setp("user_data.whatsapp_business_account_id", 100000000000001)]),
    ],
}  # fmt: skip
for _k in ("email", "phone_call", "chat", "other", "system_generated"):
    VALID[_k] = [
        ("template", []),
        ("em only", [setp("user_data", {"em": [SHA]})]),
        ("ph only", [setp("user_data", {"ph": [SHA]})]),
        ("external_id only", [setp("user_data", {"external_id": ["cust-1"]})]),
        ("no event_id", [delp("event_id")]),
    ]

VALID["system_generated"].append(
    ("subscription_id only (a renewal)", [setp("user_data", {"subscription_id": "sub-0042"})])
)

# (label, edits, expected lint rule, emulator error code or None when Meta accepts it)
INVALID: dict[str, list[tuple[str, list[Edit], str, int | None]]] = {
    "website": [
        ("no event_source_url", [delp("event_source_url")],
         "action_source.website_without_url", None),
        ("no event_name", [delp("event_name")], "event_name.missing", 100),
        ("8 days old", [setp("event_time", -8)], "event_time.too_old", 100),
        ("unhashed email", [setp("user_data.em", ["a@example.com"])],
         "user_data.unhashed_pii", None),
        ("app_data on a web event", [setp("app_data", {"extinfo": []})],
         "kind.app_data_on_non_app", None),
    ],
    "app": [
        ("extinfo with 3 slots (issue 15)", [setp("app_data.extinfo", ["a2", "x", "1"])],
         "app.extinfo_slot_count", 100),
        ("no app_data", [delp("app_data")], "app.app_data_missing", 100),
        ("slot 0 'a1'", [setp("app_data.extinfo", ["a1", *[""] * 15])], "app.extinfo_version", 100),
        ("ATT flag 'yes'", [setp("app_data.advertiser_tracking_enabled", "yes")],
         "app.tracking_flag_invalid", 100),
        ("screen width 'wide'",
         [setp("app_data.extinfo", ["a2", *[""] * 8, "wide", *[""] * 6])],
         "app.extinfo_slot_type", None),
        ("hashed madid", [setp("user_data.madid", SHA)], "kind.id_hashed", None),
        ("app_data key 'extInfo'", [setp("app_data.extInfo", [])], "app.unknown_app_data_key", None),
        ("url_schemes as a string", [setp("app_data.url_schemes", "exampleapp")],
         "app.app_data_value_type", None),
        ("iOS madid with ATT declined",
         [setp("app_data.extinfo", ["i2", *[""] * 15]),
          setp("app_data.advertiser_tracking_enabled", 0)],
         "app.madid_without_att", None),
    ],
    "physical_store": [
        ("63 days old", [setp("event_time", -63)], "event_time.too_old", 100),
        ("no match key (fn + ct)", [setp("user_data", {"fn": [SHA], "ct": [SHA]})],
         "kind.no_match_key", None),
        # Meta answers 100/2804010 (a real Graph body: docs/lint-rules.md, field contract).
        ("Purchase without currency", [delp("custom_data.currency")],
         "custom_data.purchase_missing_currency", 100),
        ("value as text", [setp("custom_data.value", "forty")],
         "field.wrong_type", None),  # the field contract's rule for custom_data.value
        ("unhashed phone", [setp("user_data.ph", ["+1 650 555 0142"])],
         "user_data.unhashed_pii", None),
    ],
    "crm": [
        ("hashed lead_id", [setp("user_data.lead_id", SHA)], "crm.lead_id_hashed", 100),
        ("lead_id 10 digits", [setp("user_data.lead_id", 1234567890)], "crm.lead_id_invalid", 100),
        ("no lead_event_source", [delp("custom_data.lead_event_source")],
         "crm.lead_event_source_missing", None),
        ("event_source 'web'", [setp("custom_data.event_source", "web")],
         "crm.event_source_missing", None),
        ("no lead_id", [delp("user_data.lead_id")], "crm.lead_id_missing", None),
        ("8 days old", [setp("event_time", -8)], "event_time.too_old", 100),
    ],
    "business_messaging": [
        ("no messaging_channel", [delp("messaging_channel")], "messaging.channel_missing", 100),
        ("channel 'sms'", [setp("messaging_channel", "sms")], "messaging.channel_invalid", 100),
        ("whatsapp without ctwa_clid", [delp("user_data.ctwa_clid")], "messaging.id_missing", 100),
        ("messenger without PSID", [setp("messaging_channel", "messenger"),
                                    setp("user_data", {"page_id": "100000000000002"})],
         "messaging.id_missing", 100),
        ("event name Lead", [setp("event_name", "Lead")], "messaging.event_name", None),
        ("hashed ctwa_clid", [setp("user_data.ctwa_clid", SHA)], "kind.id_hashed", None),
    ],
}  # fmt: skip
for _k in ("email", "phone_call", "chat", "other", "system_generated"):
    INVALID[_k] = [
        ("no match key (fn + ct)", [setp("user_data", {"fn": [SHA], "ct": [SHA]})], "kind.no_match_key", None),
        ("no event_name", [delp("event_name")], "event_name.missing", 100),
        ("8 days old", [setp("event_time", -8)], "event_time.too_old", 100),
        ("unhashed email", [setp("user_data.em", ["a@example.com"])],
         "user_data.unhashed_pii", None),
        ("app_data on a non-app event", [setp("app_data", {"extinfo": []})],
         "kind.app_data_on_non_app", None),
    ]  # fmt: skip
