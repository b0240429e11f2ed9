"""Which fields of an event belong to another kind (shown after the user switches action_source)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from capi_desktop.domain.event_kinds.spec import KINDS, EventKind, kind_of

_MESSAGING_IDS = ("ctwa_clid", "whatsapp_business_account_id", "page_scoped_user_id", "ig_sid")
# field path -> the kinds it belongs to ([APP_DATA]: app only; [BUSINESS_MESSAGING];
# [CONVERSION_LEADS]: system_generated; capi.md §3.1: madid/anon_id "app events only").
_OWNERS: Mapping[str, frozenset[str]] = {
    "app_data": frozenset({"app"}),
    "user_data.madid": frozenset({"app"}),
    "user_data.anon_id": frozenset({"app"}),
    "messaging_channel": frozenset({"business_messaging"}),
    **{f"user_data.{k}": frozenset({"business_messaging"}) for k in _MESSAGING_IDS},
    "custom_data.lead_event_source": frozenset({"crm", "system_generated"}),
}


def _has(event: Mapping[str, Any], path: str) -> bool:
    node: Any = event
    for part in path.split("."):
        if not isinstance(node, Mapping) or part not in node:
            return False
        node = node[part]
    return node not in (None, "", [], {})


def stale_fields(event: Mapping[str, Any]) -> list[str]:
    """Paths present in `event` that only apply to other kinds (empty for an unknown kind)."""
    kind = kind_of(event)
    if kind is None:
        return []
    return [p for p, owners in _OWNERS.items() if kind.key not in owners and _has(event, p)]


def describe(kind: EventKind | None) -> str:
    """One line for the form: what this kind needs, what it matches on, what it pairs with."""
    if kind is None:
        return "Pick an action source to see what this kind of event needs."
    required = [f for f in kind.required if f not in KINDS["other"].required]
    needs = ", ".join(required) if required else "nothing beyond the common fields"
    keys = ", ".join(kind.match_keys)
    return (
        f"{kind.label} event — also requires: {needs}. Match keys: {keys}. "
        f"Upload window: {kind.window_text}. {kind.dedup_wording}"
    )
