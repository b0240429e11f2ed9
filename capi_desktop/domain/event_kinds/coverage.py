"""Which identifiers the coverage meter scores for each event kind, and how each is validated.

Website keys keep the published lift ranges (match_score.KEY_SPECS). Meta publishes no lift
figures for app, CRM or messaging identifiers, so those kinds use rank weights of our own,
shown as "no published lift" — an ordering of what matters, not a measured gain.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from capi_desktop.domain.event_kinds.spec import kind_of

_HASH = re.compile(r"[0-9a-fA-F]{64}")
_LEAD_ID = re.compile(r"\d{15,17}")
_ZERO_IDFA = "00000000-0000-0000-0000-000000000000"

# (key, label, weight, user_data fields) per kind; the first weight is the strongest signal.
KindKey = tuple[str, str, int, tuple[str, ...]]
_APP: tuple[KindKey, ...] = (
    ("madid", "Advertising ID (madid)", 30, ("madid",)),
    ("anon_id", "Install ID (anon_id)", 20, ("anon_id",)),
    ("extinfo", "Device info (extinfo, 16 slots)", 15, ("extinfo",)),
    ("em", "Hashed email", 15, ("em",)),
    ("ph", "Hashed phone", 10, ("ph",)),
    ("external_id", "External ID", 10, ("external_id",)),
)
_CRM: tuple[KindKey, ...] = (
    ("lead_id", "Lead ID (lead_id)", 70, ("lead_id",)),
    ("em", "Hashed email", 15, ("em",)),
    ("ph", "Hashed phone", 15, ("ph",)),
)
_OFFLINE: tuple[KindKey, ...] = (
    ("em", "Hashed email", 30, ("em",)),
    ("ph", "Hashed phone", 25, ("ph",)),
    ("external_id", "External ID", 20, ("external_id",)),
    ("name_zip", "Name, postal code, country", 25, ("fn", "ln", "zp", "country")),
)
_SYSTEM: tuple[KindKey, ...] = (
    ("em", "Hashed email", 30, ("em",)),
    ("ph", "Hashed phone", 25, ("ph",)),
    ("external_id", "External ID", 25, ("external_id",)),
    ("subscription_id", "Subscription ID", 20, ("subscription_id",)),
)
_MESSAGING_ID = {"whatsapp": "ctwa_clid", "messenger": "page_scoped_user_id", "instagram": "ig_sid"}
_MESSAGING_LABEL = {
    "ctwa_clid": "Click-to-WhatsApp click ID (ctwa_clid)",
    "page_scoped_user_id": "Page-scoped user ID (PSID)",
    "ig_sid": "Instagram-scoped user ID (IGSID)",
}


def kind_keys(event: Mapping[str, Any]) -> tuple[KindKey, ...] | None:
    """The scored identifiers of a non-website event, None for website (or unknown) events."""
    kind = kind_of(event)
    if kind is None or kind.key == "website":
        return None
    if kind.key == "app":
        return _APP
    if kind.key == "crm":
        return _CRM
    if kind.key == "system_generated":
        return _SYSTEM
    if kind.key == "business_messaging":
        channel = event.get("messaging_channel")
        key = _MESSAGING_ID.get(channel, "ctwa_clid") if isinstance(channel, str) else "ctwa_clid"
        return (
            (key, _MESSAGING_LABEL[key], 60, (key,)),
            ("em", "Hashed email", 20, ("em",)),
            ("ph", "Hashed phone", 20, ("ph",)),
        )
    return _OFFLINE


def scoring_view(event: Mapping[str, Any]) -> Mapping[str, Any]:
    """user_data plus app_data.extinfo (scored as an identifier for app events)."""
    user = event.get("user_data")
    view = dict(user) if isinstance(user, Mapping) else {}
    app = event.get("app_data")
    if isinstance(app, Mapping) and "extinfo" in app:
        view["extinfo"] = [app["extinfo"]]
    return view


def id_valid(field: str, values: list[Any]) -> bool | None:
    """Validity of a kind identifier's values; None for fields this module does not judge."""
    first = values[0]
    if field == "extinfo":
        # Here: its slot table (two dataclasses, ~1.5 ms) loads with the first app event.
        from capi_desktop.domain.event_kinds import extinfo

        return extinfo.is_complete(first)
    if field == "lead_id":
        text = str(first).strip()
        return not isinstance(first, bool | float) and _LEAD_ID.fullmatch(text) is not None
    if field == "madid":
        return isinstance(first, str) and first.strip() not in ("", _ZERO_IDFA)
    if field in ("anon_id", "ctwa_clid", "page_scoped_user_id", "ig_sid", "page_id",
                 "ig_account_id", "whatsapp_business_account_id", "subscription_id"):  # fmt: skip
        text = str(first).strip() if isinstance(first, str | int) else ""
        return bool(text) and not isinstance(first, bool) and not _HASH.fullmatch(text)
    return None
