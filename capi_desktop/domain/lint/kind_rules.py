"""Per-kind lint rules (app, store, CRM leads, messaging, …) read from domain.event_kinds.

Each rule cites the Meta page it comes from (event_kinds.sources). Generic findings that do
not apply to a kind (the Pixel dedup warning on a CRM event, the one-hour advice on a store
upload, messaging's own user_data keys) are reworded or dropped here, after the generic rules
ran, so the generic rule files stay kind-agnostic.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from capi_desktop.domain.event_kinds import extinfo
from capi_desktop.domain.event_kinds import sources as src
from capi_desktop.domain.event_kinds.spec import (
    MESSAGING_CHANNELS,
    MESSAGING_EVENT_NAMES,
    MESSAGING_USER_KEYS,
    UNHASHED_IDS,
    EventKind,
    kind_of,
)
from capi_desktop.domain.json_locate import PathPart, join_path
from capi_desktop.domain.lint.findings import Collector, Finding, RuleSpec

_INVALID = {"code": 100}  # Graph "Invalid parameter"; Meta documents no subcode for these
_HASH = re.compile(r"[0-9a-fA-F]{64}")
_LEAD_ID = re.compile(r"\d{15,17}")
_ZERO_IDFA = "00000000-0000-0000-0000-000000000000"

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
    "kind.id_hashed": R("error", "Identifier hashed that Meta matches as-is", src.CUSTOMER_INFO),
    "kind.no_match_key": R("warning", "No match key that works for this kind", src.PARAMETERS),
    "kind.app_data_on_non_app": R("warning", "app_data on a non-app event", src.APP_DATA),
}  # fmt: skip
del R


def _add(out: Collector, rule: str, path: list[PathPart], message: str, fix: str) -> None:
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


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _present(value: Any) -> bool:
    if isinstance(value, list):
        return any(_present(v) for v in value)
    return value not in (None, "", {})


def check_event_kind(
    event: Mapping[str, Any], base: list[PathPart], now: int, out: Collector
) -> None:
    """Kind-specific findings for one event; rewords generic ones that do not fit its kind."""
    del now  # the windows are applied by event_rules (7 / 62 days); kept for a uniform hook
    kind = kind_of(event)
    if kind is None:
        return
    _adjust_generic(kind, event, join_path(base), out)
    user = _mapping(event.get("user_data"))
    if kind.key == "app":
        _check_app(event, user, base, out)
    elif "app_data" in event:
        _add(
            out,
            "kind.app_data_on_non_app",
            [*base, "app_data"],
            f"app_data only applies to app events; this is a {kind.label} event.",
            "Remove app_data, or set action_source to 'app' if the action happened in the app.",
        )
    if kind.key == "crm" or _mapping(event.get("custom_data")).get("event_source") == "crm":
        _check_crm(event, user, base, out)
    if kind.key == "business_messaging":
        _check_messaging(event, user, base, out)
    _check_unhashed_ids(user, base, out)
    _check_match_keys(kind, event, user, base, out)


# --- generic findings that a kind rewords or drops ---------------------------------------


def _in_event(finding: Finding, prefix: str) -> bool:
    return finding.path == prefix or finding.path.startswith((prefix + ".", prefix + "["))


def _adjust_generic(kind: EventKind, event: Mapping[str, Any], prefix: str, out: Collector) -> None:
    kept: list[Finding] = []
    for finding in out.findings:
        if not _in_event(finding, prefix):
            kept.append(finding)
            continue
        if finding.rule == "event_id.missing" and kind.dedup_partner != "browser_pixel":
            kept.append(_reworded_event_id(kind, finding))
            continue
        if finding.rule == "event_time.stale" and not kind.fresh_advice:
            continue  # store uploads and CRM stage updates are late by nature
        if (
            finding.rule == "user_data.unknown_key"
            and kind.key == "business_messaging"
            and finding.path.rsplit(".", 1)[-1] in MESSAGING_USER_KEYS
        ):
            continue  # Business Messaging's own key (src.BUSINESS_MESSAGING)
        if finding.rule == "user_data.no_strong_key" and _has_kind_key(kind, event):
            continue
        kept.append(finding)
    out.findings[:] = kept


def _reworded_event_id(kind: EventKind, finding: Finding) -> Finding:
    if kind.dedup_partner == "app_sdk":
        message = (
            "No event_id: Meta cannot deduplicate this event against the same event logged by "
            "the Facebook app SDK (they pair on event_name + event_id)."
        )
        fix = "Send the SDK's event ID for the same action here, or skip the SDK copy."
        return replace(finding, message=message, fix=fix)
    message = (
        f"No event_id. {kind.dedup_wording} An event_id still lets Meta drop your own resends "
        "of the same event."
    )
    return replace(
        finding,
        severity="info",
        message=message,
        fix="Optional: send a stable ID per action (e.g. the CRM record + stage).",
    )


def _has_kind_key(kind: EventKind, event: Mapping[str, Any]) -> bool:
    user = _mapping(event.get("user_data"))
    return any(_present(user.get(key)) for key in kind.match_keys if key != "extinfo")


# --- app ---------------------------------------------------------------------------------


def _check_app(
    event: Mapping[str, Any], user: Mapping[str, Any], base: list[PathPart], out: Collector
) -> None:
    app = event.get("app_data")
    path = [*base, "app_data"]
    if not isinstance(app, Mapping):
        _add(
            out,
            "app.app_data_missing",
            path if "app_data" in event else base,
            "App event without an app_data object; Meta lists app_data (tracking flags and "
            "extinfo) as required for app events.",
            "Add app_data with advertiser_tracking_enabled, application_tracking_enabled and "
            "a 16-slot extinfo (capi-desktop template app).",
        )
        return
    _check_flag(app, path, "advertiser_tracking_enabled", out)
    _check_flag(app, path, "application_tracking_enabled", out)
    _check_extinfo(app, path, out)
    madid = user.get("madid")
    if isinstance(madid, str) and madid.strip() == _ZERO_IDFA:
        _add(
            out,
            "app.zero_madid",
            [*base, "user_data", "madid"],
            "madid is the all-zero IDFA iOS returns when the user declined tracking: it "
            "identifies nobody.",
            "Omit madid when the advertising ID is unavailable; send anon_id instead.",
        )
    elif _present(madid) and _ios_without_att(app):
        _add(
            out,
            "app.madid_without_att",
            [*base, "user_data", "madid"],
            "madid is set although advertiser_tracking_enabled is 0 on iOS (extinfo 'i2'): "
            "without ATT consent iOS gives no advertising ID, so either the flag or the ID is "
            "wrong.",
            "Send the user's real ATT choice; omit madid when tracking was declined.",
        )
    if not _present(user.get("madid")) and not _present(user.get("anon_id")):
        _add(
            out,
            "app.no_device_id",
            [*base, "user_data"],
            "No madid (advertising ID) or anon_id (install ID): the device identifiers app "
            "events are usually matched on are missing.",
            "Send anon_id (the SDK's install ID) and, when tracking is allowed, madid.",
        )


def _ios_without_att(app: Mapping[str, Any]) -> bool:
    extinfo_value = app.get("extinfo")
    ios = isinstance(extinfo_value, list) and bool(extinfo_value) and extinfo_value[0] == "i2"
    flag = app.get("advertiser_tracking_enabled")
    return ios and flag in (0, False) and not isinstance(flag, float)


def _check_flag(app: Mapping[str, Any], path: list[PathPart], key: str, out: Collector) -> None:
    if key not in app:
        if key == "advertiser_tracking_enabled":
            _add(
                out,
                "app.tracking_flag_missing",
                path,
                "advertiser_tracking_enabled is missing; Meta marks it required for app events "
                "(the iOS 14.5+ ATT choice, 0 or 1).",
                "Send 1 when the user allowed tracking, 0 otherwise.",
            )
        else:
            # The app-data page's table says "Optional", its older version "Required for app
            # events": the docs disagree, so a warning, not a predicted rejection.
            _add(
                out,
                "app.app_tracking_missing",
                path,
                "application_tracking_enabled is missing; Meta's app-data page lists it as "
                "required in one version and optional in another.",
                "Send the user's in-app ad-tracking choice: 1 enabled, 0 disabled.",
            )
        return
    value = app[key]
    if value not in (0, 1) or (isinstance(value, float)):
        _add(
            out,
            "app.tracking_flag_invalid",
            [*path, key],
            f"{key} is {value!r}; Meta expects 0 (disabled) or 1 (enabled).",
            "Send the integer 0 or 1 (true/false also encode as 1/0).",
        )
    elif key == "advertiser_tracking_enabled" and value == 0:
        _add(
            out,
            "app.att_declined",
            [*path, key],
            "advertiser_tracking_enabled is 0: the user declined App Tracking Transparency. "
            "Meta accepts the event but limits how it is used for that person; the exact "
            "treatment is not documented on the app-data page.",
            "Nothing to fix; do not send madid for this user (it is unavailable).",
        )


def _check_extinfo(app: Mapping[str, Any], path: list[PathPart], out: Collector) -> None:
    ext_path = [*path, "extinfo"]
    if "extinfo" not in app:
        _add(
            out,
            "app.extinfo_missing",
            path,
            "app_data has no extinfo; Meta lists the 16-slot device info as required for app "
            "events.",
            "Add extinfo: 16 strings, slot 0 'a2' (Android) or 'i2' (iOS), empty strings for "
            "unknown values.",
        )
        return
    value = app["extinfo"]
    if not isinstance(value, list):
        _add(
            out,
            "app.extinfo_not_array",
            ext_path,
            f"extinfo is {type(value).__name__}, not an array of 16 strings.",
            "Send a JSON array of 16 strings in Meta's slot order.",
        )
        return
    if len(value) != extinfo.SLOT_COUNT:
        _add(
            out,
            "app.extinfo_slot_count",
            ext_path,
            f"extinfo has {len(value)} slot(s); Meta requires all {extinfo.SLOT_COUNT}, in "
            "order, with an empty string for any unknown value.",
            "Pad with empty strings up to 16 slots; do not drop slots in the middle.",
        )
    for problem in extinfo.slot_problems(value):
        rule = "app.extinfo_version" if problem.index == 0 else "app.extinfo_slot_type"
        _add(
            out,
            rule,
            [*ext_path, problem.index],
            f"extinfo {problem.message}.",
            _slot_fix(problem.index),
        )


def _slot_fix(index: int) -> str:
    slot = extinfo.SLOTS[index]
    return f"Put the {slot.name} here, e.g. {slot.example!r}, or an empty string."


# --- CRM / Conversion Leads --------------------------------------------------------------


def _check_crm(
    event: Mapping[str, Any], user: Mapping[str, Any], base: list[PathPart], out: Collector
) -> None:
    custom = _mapping(event.get("custom_data"))
    if event.get("action_source") != "system_generated":
        _add(
            out,
            "crm.not_system_generated",
            [*base, "action_source"],
            "custom_data.event_source is 'crm' but action_source is "
            f"{event.get('action_source')!r}; Meta asks for 'system_generated' on every "
            "Conversion Leads event.",
            "Set action_source to 'system_generated'.",
        )
    if custom.get("event_source") != "crm":
        _add(
            out,
            "crm.event_source_missing",
            [*base, "custom_data", "event_source"] if custom else base,
            "custom_data.event_source is not 'crm': Meta accepts the event but cannot use it "
            "for Conversion Leads optimization (the payload spec marks it required).",
            "Set custom_data.event_source to 'crm'.",
        )
    if not _present(custom.get("lead_event_source")):
        _add(
            out,
            "crm.lead_event_source_missing",
            [*base, "custom_data", "lead_event_source"] if custom else base,
            "custom_data.lead_event_source is missing: Meta accepts the event but the payload "
            "spec marks the CRM's name required for Conversion Leads.",
            "Set it to the tool the leads come from, e.g. 'HubSpot' or 'In-house CRM'.",
        )
    _check_lead_id(user, base, out)


def _check_lead_id(user: Mapping[str, Any], base: list[PathPart], out: Collector) -> None:
    path = [*base, "user_data", "lead_id"]
    if not _present(user.get("lead_id")):
        _add(
            out,
            "crm.lead_id_missing",
            [*base, "user_data"],
            "No user_data.lead_id: Meta requires lead IDs (not customer information) to "
            "match Conversion Leads events to the lead.",
            "Send the leadgen_id from the Lead Ads webhook as lead_id (not hashed).",
        )
        return
    lead_id = user["lead_id"]
    text = str(lead_id).strip() if not isinstance(lead_id, bool) else ""
    if _HASH.fullmatch(text):
        _add(
            out,
            "crm.lead_id_hashed",
            path,
            "lead_id is a SHA-256 hash; Meta says 'Do not hash' and rejects events whose "
            "lead_id is not a valid lead ID.",
            "Send the raw leadgen_id (a 15–16 digit number).",
        )
    elif not _LEAD_ID.fullmatch(text) or isinstance(lead_id, float):
        # Meta's spec says "15 or 16-digit"; 17 is accepted here as newer IDs run longer (issue 15).
        _add(
            out,
            "crm.lead_id_invalid",
            path,
            f"lead_id is {lead_id!r}, not a 15–17 digit Meta lead ID; Meta rejects events "
            "with an invalid lead_id.",
            "Use the leadgen_id of the Lead Ads form submission (Graph: /{form-id}/leads).",
        )


# --- Business Messaging ------------------------------------------------------------------


def _check_messaging(
    event: Mapping[str, Any], user: Mapping[str, Any], base: list[PathPart], out: Collector
) -> None:
    channel = event.get("messaging_channel")
    path = [*base, "messaging_channel"]
    if channel in (None, ""):
        _add(
            out,
            "messaging.channel_missing",
            base,
            "business_messaging event without messaging_channel; Meta needs it to know which "
            "identifiers to match on.",
            "Set messaging_channel to 'whatsapp', 'messenger' or 'instagram'.",
        )
    elif channel not in MESSAGING_CHANNELS:
        _add(
            out,
            "messaging.channel_invalid",
            path,
            f"messaging_channel is {channel!r}; Meta accepts whatsapp, messenger or instagram.",
            "Use one of: " + ", ".join(MESSAGING_CHANNELS),
        )
    else:
        for key in MESSAGING_CHANNELS[channel]:
            if not _present(user.get(key)):
                _add(
                    out,
                    "messaging.id_missing",
                    [*base, "user_data"],
                    f"{channel} events need user_data.{key}; without it Meta cannot tie the "
                    "event to the conversation.",
                    f"Send {key} from the {channel} webhook, unhashed.",
                )
    name = event.get("event_name")
    if isinstance(name, str) and name and name not in MESSAGING_EVENT_NAMES:
        _add(
            out,
            "messaging.event_name",
            [*base, "event_name"],
            f"{name!r} is not in Meta's Business Messaging event list; a third-party live "
            "test reports such events rejected with subcode 2804066 (not in Meta's docs).",
            "Use e.g. Purchase, LeadSubmitted, QualifiedLead, AddToCart, InitiateCheckout, "
            "ViewContent or an Order* event.",
        )


# --- every kind --------------------------------------------------------------------------


def _check_unhashed_ids(user: Mapping[str, Any], base: list[PathPart], out: Collector) -> None:
    for key in UNHASHED_IDS:
        if key == "lead_id":
            continue  # its own rule (crm.lead_id_hashed) says what Meta does
        values = user.get(key)
        items = values if isinstance(values, list) else [values]
        if any(isinstance(v, str) and _HASH.fullmatch(v.strip()) for v in items):
            _add(
                out,
                "kind.id_hashed",
                [*base, "user_data", key],
                f"{key} is a SHA-256 hash; Meta matches {key} as sent and lists it among the "
                "keys that must not be hashed.",
                f"Send the raw {key}.",
            )


def _check_match_keys(
    kind: EventKind,
    event: Mapping[str, Any],
    user: Mapping[str, Any],
    base: list[PathPart],
    out: Collector,
) -> None:
    if kind.key in ("website", "app", "crm", "business_messaging") or not user:
        return  # website: generic rules; app/CRM/messaging: their own identifier rules
    partial = ("fn", "ln", "zp", "ct", "st", "country")  # only count together (below)
    if any(_present(user.get(k)) for k in kind.match_keys if k not in partial):
        return
    if all(_present(user.get(k)) for k in ("fn", "ln", "zp", "country")):
        return
    _add(
        out,
        "kind.no_match_key",
        [*base, "user_data"],
        f"{kind.label} events have no browser cookie or IP to fall back on; this one has no "
        "em, ph, external_id or name + zip + country, so few will match.",
        "Add a hashed em or ph from the order/contact record, or external_id.",
    )
