"""The emulator's per-kind checks (app, CRM leads, messaging), mirroring what Meta rejects.

Only rejections Meta documents are modelled: app_data/extinfo "Required for app events" and
the a2/i2 version (app-data page), "use a valid lead_id or else the system will reject the
event" (Conversion Leads payload spec), messaging_channel and the channel identifiers
(Business Messaging guide). Meta publishes no error text for these, so the bodies are a code
100 "Invalid parameter" with our wording — modelled, not captured.
"""

from __future__ import annotations

import re
from typing import Any

from capi_desktop.backend.emulator import bodies
from capi_desktop.domain.event_kinds import MESSAGING_CHANNELS, kind_of
from capi_desktop.domain.event_kinds import extinfo as ext

_LEAD_ID = re.compile(r"\d{15,17}")


def kind_problem(event: dict[str, Any]) -> dict[str, Any] | None:
    """Meta's error body for the first per-kind problem of one event, or None."""
    kind = kind_of(event)
    if kind is None:
        return None
    if kind.key == "app":
        return _app_problem(event.get("app_data"))
    if kind.key == "crm":
        return _lead_problem(event.get("user_data"))
    if kind.key == "business_messaging":
        return _messaging_problem(event)
    return None


def _app_problem(app: Any) -> dict[str, Any] | None:
    if not isinstance(app, dict):
        return bodies.invalid_parameter(
            "Missing app data", "app_data is required for events with action_source app."
        )
    flag = app.get("advertiser_tracking_enabled")
    if flag not in (0, 1) or isinstance(flag, float):
        return bodies.invalid_parameter(
            "Invalid advertiser tracking", "app_data.advertiser_tracking_enabled must be 0 or 1."
        )
    extinfo = app.get("extinfo")
    if not isinstance(extinfo, list) or len(extinfo) != ext.SLOT_COUNT:
        return bodies.invalid_parameter(
            "Invalid extinfo", f"app_data.extinfo must be an array of {ext.SLOT_COUNT} values."
        )
    if extinfo[0] not in ext.VERSIONS:
        return bodies.invalid_parameter(
            "Invalid extinfo version", "app_data.extinfo[0] must be 'a2' or 'i2'."
        )
    return None


def _lead_problem(user_data: Any) -> dict[str, Any] | None:
    lead_id = user_data.get("lead_id") if isinstance(user_data, dict) else None
    if lead_id in (None, ""):
        return None  # accepted, only unusable for Conversion Leads (lint says why)
    if isinstance(lead_id, bool | float) or not _LEAD_ID.fullmatch(str(lead_id).strip()):
        return bodies.invalid_parameter(
            "Invalid lead ID", "user_data.lead_id is not a valid lead ID."
        )
    return None


def _messaging_problem(event: dict[str, Any]) -> dict[str, Any] | None:
    channel = event.get("messaging_channel")
    if not isinstance(channel, str) or channel not in MESSAGING_CHANNELS:
        return bodies.invalid_parameter(
            "Invalid messaging channel",
            "messaging_channel must be whatsapp, messenger or instagram for business_messaging.",
        )
    raw_user = event.get("user_data")
    user: dict[str, Any] = raw_user if isinstance(raw_user, dict) else {}
    for key in MESSAGING_CHANNELS[channel]:
        if user.get(key) in (None, ""):
            return bodies.invalid_parameter(
                "Missing messaging identifier", f"user_data.{key} is required for {channel} events."
            )
    return None
