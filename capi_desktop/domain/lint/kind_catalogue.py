"""The per-kind lint rule catalogue (id -> severity, Meta source, predicted error) and its helpers."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from capi_desktop.domain.event_kinds import sources as src
from capi_desktop.domain.lint.findings import Collector, Finding, RuleSpec
from capi_desktop.domain.request.json_locate import PathPart, join_path

_INVALID = {"code": 100}  # Graph "Invalid parameter"; Meta documents no subcode for these
HASH = re.compile(r"[0-9a-fA-F]{64}")

R = RuleSpec
KIND_RULES: Mapping[str, RuleSpec] = {
    # app (src.APP_DATA: "Required for app events")
    "app.app_data_missing": R("error", "App event without app_data", src.APP_DATA, _INVALID),
    "app.tracking_flag_missing": R(
        "error", "advertiser_tracking_enabled missing", src.APP_DATA, _INVALID
    ),
    "app.tracking_flag_invalid": R("error", "Tracking flag not 0 or 1", src.APP_DATA, _INVALID),
    "app.app_tracking_missing": R(
        "warning", "application_tracking_enabled missing", src.APP_DATA
    ),
    "app.att_declined": R("info", "ATT declined (advertiser_tracking_enabled 0)", src.APP_DATA),
    "app.extinfo_missing": R("error", "App event without extinfo", src.APP_DATA, _INVALID),
    "app.extinfo_not_array": R("error", "extinfo not an array", src.APP_DATA, _INVALID),
    "app.extinfo_slot_count": R("error", "extinfo without 16 slots", src.APP_DATA, _INVALID),
    "app.extinfo_version": R("error", "extinfo slot 0 not a2/i2", src.APP_DATA, _INVALID),
    "app.extinfo_slot_type": R("warning", "extinfo slot of the wrong type", src.APP_DATA),
    "app.unknown_app_data_key": R("warning", "Unknown app_data key", src.APP_DATA),
    "app.app_data_value_type": R("warning", "app_data value of the wrong type", src.APP_DATA),
    "app.zero_madid": R("warning", "madid is the all-zero IDFA", src.CUSTOMER_INFO),
    "app.madid_without_att": R("warning", "iOS madid although ATT declined", src.APP_DATA),
    "app.no_device_id": R("warning", "App event without madid or anon_id", src.CUSTOMER_INFO),
    # CRM / Conversion Leads (src.CONVERSION_LEADS)
    "crm.lead_id_missing": R("warning", "CRM lead event without lead_id", src.CONVERSION_LEADS),
    "crm.lead_id_hashed": R("error", "lead_id hashed", src.CONVERSION_LEADS, _INVALID),
    "crm.lead_id_invalid": R("error", "lead_id not a 15–17 digit ID", src.CONVERSION_LEADS, _INVALID),
    "crm.event_source_missing": R(
        "warning", "custom_data.event_source not 'crm'", src.CONVERSION_LEADS
    ),
    "crm.lead_event_source_missing": R(
        "warning", "custom_data.lead_event_source missing", src.CONVERSION_LEADS
    ),
    "crm.not_system_generated": R(
        "warning", "CRM event not action_source system_generated", src.CONVERSION_LEADS
    ),
    # Business Messaging (src.BUSINESS_MESSAGING)
    "messaging.channel_missing": R(
        "error", "messaging_channel missing", src.BUSINESS_MESSAGING, _INVALID
    ),
    "messaging.channel_invalid": R(
        "error", "messaging_channel not whatsapp/messenger/instagram", src.BUSINESS_MESSAGING,
        _INVALID,
    ),
    "messaging.id_missing": R(
        "error", "Channel identifier missing", src.BUSINESS_MESSAGING, _INVALID
    ),
    "messaging.event_name": R(
        "warning", "Event name not listed for Business Messaging", src.BUSINESS_MESSAGING
    ),
    # every kind
    # A warning: Meta documents no rejection for it (an error means "Meta rejects the request");
    # the hashed identifier simply matches nobody.
    "kind.id_hashed": R("warning", "Identifier hashed that Meta matches as-is", src.CUSTOMER_INFO),
    "kind.no_match_key": R("warning", "No match key that works for this kind", src.PARAMETERS),
    "kind.app_data_on_non_app": R("warning", "app_data on a non-app event", src.APP_DATA),
}  # fmt: skip
del R


def add_finding(out: Collector, rule: str, path: list[PathPart], message: str, fix: str) -> None:
    spec = KIND_RULES[rule]
    out.findings.append(
        Finding(
            rule=rule,
            severity=spec.severity,
            path=join_path(path),
            message=message,
            fix=fix,
            doc_url=spec.doc_url,
            predicted_error=spec.predicted_error if spec.severity == "error" else None,
        )
    )


def as_mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def present(value: Any) -> bool:
    if isinstance(value, list):
        return any(present(v) for v in value)
    return value not in (None, "", {})
