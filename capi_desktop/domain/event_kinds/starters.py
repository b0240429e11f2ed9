"""A starting payload per event kind, with SYNTHETIC sample data (example.com, 555-01xx, fake IDs)."""

from __future__ import annotations

from typing import Any

from capi_desktop.domain.event_kinds.spec import KINDS, EventKind
from capi_desktop.domain.request.event_ids import new_event_id

DEFAULT_EVENT = {"crm": "Lead", "business_messaging": "Purchase"}


def _sha(value: str) -> str:
    import hashlib  # OpenSSL's ~3 ms load: only when a starter's sample value is hashed

    return hashlib.sha256(value.encode("utf-8")).hexdigest()


_EM_RAW, _PH_RAW = "alex.rivera@example.com", "16505550142"  # hashed when a starter is made
_ORDER = {"value": 42.5, "currency": "USD", "order_id": "ORD-2026-000417"}


def _user_data(kind: EventKind) -> dict[str, Any]:
    if kind.key == "website":
        return {
            "em": [_sha(_EM_RAW)],
            "ph": [_sha(_PH_RAW)],
            "client_ip_address": "203.0.113.24",
            "client_user_agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 "
            "(KHTML, like Gecko) Chrome/126.0 Safari/537.36",
            "fbp": "fb.1.1767225600000.1234567890",
        }
    if kind.key == "app":
        return {
            "madid": "38400000-8cf0-11bd-b23e-10b96e40000d",  # Google's documented sample ID
            "anon_id": "XZ0000000000-0000-0000-0000-000000000000",
            "em": [_sha(_EM_RAW)],
            "client_ip_address": "203.0.113.24",
        }
    if kind.key == "crm":
        return {"lead_id": 123456789012345, "em": [_sha(_EM_RAW)], "ph": [_sha(_PH_RAW)]}
    if kind.key == "business_messaging":
        return {
            "whatsapp_business_account_id": "100000000000001",
            "ctwa_clid": "ARAkLkA8rmlFeiCktEJQ-QTwRiyYHAFDLMNDBH0CD3qpjd0HR4irJ6LEkR7JwFF4XvnO2E4Nx0-eM-GABDLOPaOdRMv-_zfUQ2a",
        }
    return {
        "em": [_sha(_EM_RAW)],
        "ph": [_sha(_PH_RAW)],
        "fn": [_sha("alex")],
        "ln": [_sha("rivera")],
        "zp": [_sha("94107")],
        "country": [_sha("us")],
        "external_id": ["cust-000123"],
    }  # fmt: skip


def starter_event(kind_key: str, event_name: str | None = None, *, now: int) -> dict[str, Any]:
    """One event of kind `kind_key` that passes lint and the emulator as of `now`."""
    kind = KINDS[kind_key]
    event: dict[str, Any] = {
        "event_name": event_name or DEFAULT_EVENT.get(kind.key, "Purchase"),
        "event_time": now - 60,
        "action_source": kind.action_source,
        "event_id": f"{kind.key}-{new_event_id().replace('-', '')[:12]}",
        "user_data": _user_data(kind),
    }
    if kind.key == "website":
        event["event_source_url"] = "https://shop.example.com/checkout/thank-you"
    if kind.key == "app":
        from capi_desktop.domain.event_kinds import extinfo  # ~1.5 ms: with the first app event

        event["app_data"] = {
            "advertiser_tracking_enabled": 1,
            "application_tracking_enabled": 1,
            "extinfo": extinfo.example(),
        }
    if kind.key == "crm":
        event["custom_data"] = {"event_source": "crm", "lead_event_source": "Example CRM"}
    elif kind.key == "business_messaging":
        event["messaging_channel"] = "whatsapp"
        event["custom_data"] = {"value": 42.5, "currency": "USD"}
    else:
        event["custom_data"] = dict(_ORDER)
    return event


def starter_request(kind_key: str, event_name: str | None = None, *, now: int) -> dict[str, Any]:
    return {"data": [starter_event(kind_key, event_name, now=now)]}
