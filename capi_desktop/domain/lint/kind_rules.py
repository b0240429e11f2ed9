"""Per-kind lint rules (app, store, CRM leads, messaging, …) read from domain.event_kinds.

Each rule cites the Meta page it comes from (event_kinds.sources; catalogue in
kind_catalogue.py). Generic findings that do not apply to a kind (the Pixel dedup warning on a
CRM event, the one-hour advice on a store upload, messaging's own user_data keys) are reworded
or dropped here, after the generic rules ran, so the generic rule files stay kind-agnostic.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from capi_desktop.domain.event_kinds.spec import (
    MESSAGING_USER_KEYS,
    UNHASHED_IDS,
    EventKind,
    kind_of,
)
from capi_desktop.domain.lint.findings import Collector, Finding
from capi_desktop.domain.lint.kind_app_rules import check_app
from capi_desktop.domain.lint.kind_catalogue import (
    HASH,
    KIND_RULES,
    add_finding,
    as_mapping,
    present,
)
from capi_desktop.domain.lint.kind_lead_messaging_rules import check_crm, check_messaging
from capi_desktop.domain.request.json_locate import PathPart, join_path

__all__ = ["KIND_RULES", "check_event_kind"]


def check_event_kind(
    event: Mapping[str, Any], base: list[PathPart], now: int, out: Collector
) -> None:
    """Kind-specific findings for one event; rewords generic ones that do not fit its kind."""
    del now  # the windows are applied by event_rules (7 / 62 days); kept for a uniform hook
    kind = kind_of(event)
    if kind is None:
        return
    _adjust_generic(kind, event, join_path(base), out)
    user = as_mapping(event.get("user_data"))
    if kind.key == "app":
        check_app(event, user, base, out)
    elif "app_data" in event:
        add_finding(
            out,
            "kind.app_data_on_non_app",
            [*base, "app_data"],
            f"app_data only applies to app events; this is a {kind.label} event.",
            "Remove app_data, or set action_source to 'app' if the action happened in the app.",
        )
    if kind.key == "crm" or as_mapping(event.get("custom_data")).get("event_source") == "crm":
        check_crm(event, user, base, out)
    if kind.key == "business_messaging":
        check_messaging(event, user, base, out)
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
        return finding._replace(message=message, fix=fix)
    message = (
        f"No event_id. {kind.dedup_wording} An event_id still lets Meta drop your own resends "
        "of the same event."
    )
    return finding._replace(
        severity="info",
        message=message,
        fix="Optional: send a stable ID per action (e.g. the CRM record + stage).",
    )


def _has_kind_key(kind: EventKind, event: Mapping[str, Any]) -> bool:
    user = as_mapping(event.get("user_data"))
    return any(present(user.get(key)) for key in kind.match_keys if key != "extinfo")


# --- every kind --------------------------------------------------------------------------


def _check_unhashed_ids(user: Mapping[str, Any], base: list[PathPart], out: Collector) -> None:
    for key in UNHASHED_IDS:
        if key == "lead_id":
            continue  # its own rule (crm.lead_id_hashed) says what Meta does
        values = user.get(key)
        items = values if isinstance(values, list) else [values]
        if any(isinstance(v, str) and HASH.fullmatch(v.strip()) for v in items):
            add_finding(
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
    if any(present(user.get(k)) for k in kind.match_keys if k not in partial):
        return
    if all(present(user.get(k)) for k in ("fn", "ln", "zp", "country")):
        return
    add_finding(
        out,
        "kind.no_match_key",
        [*base, "user_data"],
        f"{kind.label} events have no browser cookie or IP to fall back on; this one has no "
        "em, ph, external_id or name + zip + country, so few will match.",
        "Add a hashed em or ph from the order/contact record, or external_id.",
    )
