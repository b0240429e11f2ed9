"""App-event lint rules: app_data, the tracking flags, extinfo's 16 slots, device IDs ([APP_DATA])."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from capi_desktop.domain.event_kinds import extinfo
from capi_desktop.domain.lint.findings import Collector
from capi_desktop.domain.lint.kind_catalogue import add_finding, present
from capi_desktop.domain.request.json_locate import PathPart

_ZERO_IDFA = "00000000-0000-0000-0000-000000000000"
# app_data keys on Meta's App Data Parameters page, with the JSON type each takes.
_APP_DATA_TYPES: Mapping[str, type | tuple[type, ...]] = {
    "advertiser_tracking_enabled": (int, bool),
    "application_tracking_enabled": (int, bool),
    "extinfo": list,
    "campaign_ids": str,
    "install_referrer": str,
    "installer_package": str,
    "url_schemes": list,
    "vendor_id": str,
    "windows_attribution_id": str,
}


def check_app(
    event: Mapping[str, Any], user: Mapping[str, Any], base: list[PathPart], out: Collector
) -> None:
    app = event.get("app_data")
    path = [*base, "app_data"]
    if not isinstance(app, Mapping):
        add_finding(
            out,
            "app.app_data_missing",
            path if "app_data" in event else base,
            "App event without an app_data object; Meta lists app_data (tracking flags and "
            "extinfo) as required for app events.",
            "Add app_data with advertiser_tracking_enabled, application_tracking_enabled and "
            "a 16-slot extinfo (capi-desktop template app).",
        )
        return
    _check_app_keys(app, path, out)
    _check_flag(app, path, "advertiser_tracking_enabled", out)
    _check_flag(app, path, "application_tracking_enabled", out)
    _check_extinfo(app, path, out)
    madid = user.get("madid")
    if isinstance(madid, str) and madid.strip() == _ZERO_IDFA:
        add_finding(
            out,
            "app.zero_madid",
            [*base, "user_data", "madid"],
            "madid is the all-zero IDFA iOS returns when the user declined tracking: it "
            "identifies nobody.",
            "Omit madid when the advertising ID is unavailable; send anon_id instead.",
        )
    elif present(madid) and _ios_without_att(app):
        add_finding(
            out,
            "app.madid_without_att",
            [*base, "user_data", "madid"],
            "madid is set although advertiser_tracking_enabled is 0 on iOS (extinfo 'i2'): "
            "without ATT consent iOS gives no advertising ID, so either the flag or the ID is "
            "wrong.",
            "Send the user's real ATT choice; omit madid when tracking was declined.",
        )
    if not present(user.get("madid")) and not present(user.get("anon_id")):
        add_finding(
            out,
            "app.no_device_id",
            [*base, "user_data"],
            "No madid (advertising ID) or anon_id (install ID): the device identifiers app "
            "events are usually matched on are missing.",
            "Send anon_id (the SDK's install ID) and, when tracking is allowed, madid.",
        )


_OWN_RULES = ("advertiser_tracking_enabled", "application_tracking_enabled", "extinfo")


def _contract_app_keys() -> frozenset[str]:
    """app_data keys the field contract knows (Meta's page plus the business SDK's AppData
    model, e.g. receipt_data): not "unknown" here; the contract checks their types."""
    from capi_desktop.domain.request.field_contract import field_contract

    return frozenset(
        str(row.parts[3])  # data, [], app_data, <key>
        for row in field_contract().rows
        if len(row.parts) >= 4 and row.parts[2] == "app_data"
    )


def _check_app_keys(app: Mapping[str, Any], path: list[PathPart], out: Collector) -> None:
    known = _contract_app_keys()
    for key, value in app.items():
        expected = _APP_DATA_TYPES.get(key)
        if expected is None and key in known:
            continue
        if expected is None:
            close = [k for k in _APP_DATA_TYPES if k.casefold() == str(key).casefold()]
            add_finding(
                out,
                "app.unknown_app_data_key",
                [*path, key],
                f"{key!r} is not an app_data parameter on Meta's App Data page.",
                f"Did you mean {close[0]!r}?" if close else "Remove it, or check the spelling.",
            )
        elif key not in _OWN_RULES and not isinstance(value, expected):
            kind = "an array of strings" if expected is list else "a string"
            add_finding(
                out,
                "app.app_data_value_type",
                [*path, key],
                f"app_data.{key} is {type(value).__name__}; Meta documents {kind}.",
                f"Send {key} as {kind}.",
            )


def _ios_without_att(app: Mapping[str, Any]) -> bool:
    extinfo_value = app.get("extinfo")
    ios = isinstance(extinfo_value, list) and bool(extinfo_value) and extinfo_value[0] == "i2"
    flag = app.get("advertiser_tracking_enabled")
    return ios and flag in (0, False) and not isinstance(flag, float)


def _check_flag(app: Mapping[str, Any], path: list[PathPart], key: str, out: Collector) -> None:
    if key not in app:
        if key == "advertiser_tracking_enabled":
            add_finding(
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
            add_finding(
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
        add_finding(
            out,
            "app.tracking_flag_invalid",
            [*path, key],
            f"{key} is {value!r}; Meta expects 0 (disabled) or 1 (enabled).",
            "Send the integer 0 or 1 (true/false also encode as 1/0).",
        )
    elif key == "advertiser_tracking_enabled" and value == 0:
        add_finding(
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
        add_finding(
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
        add_finding(
            out,
            "app.extinfo_not_array",
            ext_path,
            f"extinfo is {type(value).__name__}, not an array of 16 strings.",
            "Send a JSON array of 16 strings in Meta's slot order.",
        )
        return
    if len(value) != extinfo.SLOT_COUNT:
        add_finding(
            out,
            "app.extinfo_slot_count",
            ext_path,
            f"extinfo has {len(value)} slot(s); Meta requires all {extinfo.SLOT_COUNT}, in "
            "order, with an empty string for any unknown value.",
            "Pad with empty strings up to 16 slots; do not drop slots in the middle.",
        )
    for problem in extinfo.slot_problems(value):
        rule = "app.extinfo_version" if problem.index == 0 else "app.extinfo_slot_type"
        add_finding(
            out,
            rule,
            [*ext_path, problem.index],
            f"extinfo {problem.message}.",
            _slot_fix(problem.index),
        )


def _slot_fix(index: int) -> str:
    slot = extinfo.SLOTS[index]
    return f"Put the {slot.name} here, e.g. {slot.example!r}, or an empty string."
