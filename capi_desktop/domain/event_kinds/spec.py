"""What each kind of Conversions API event needs: fields, match keys, dedup partner, time window."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, NamedTuple

from capi_desktop.domain.event_kinds import sources as src

DedupPartner = Literal["browser_pixel", "app_sdk", "none"]
DAY = 86_400


class EventKind(NamedTuple):  # not a frozen dataclass: ~0.5-1.5 ms less at start
    """One kind of event. `required`/`optional` are dotted paths inside the event."""

    key: str
    label: str
    action_source: str
    required: tuple[str, ...]
    optional: tuple[str, ...]
    match_keys: tuple[str, ...]  # user_data keys (plus app_data.extinfo) that identify people
    dedup_partner: DedupPartner
    max_age_seconds: int
    window_text: str
    dedup_wording: str  # why an event of this kind does or does not pair with a browser hit
    doc_url: str
    fresh_advice: bool = True  # Meta's "send within one hour" advice applies


_BASE_REQUIRED = ("event_name", "event_time", "action_source", "user_data")
_OFFLINE_KEYS = ("em", "ph", "external_id", "fn", "ln", "zp", "ct", "st", "country")

KINDS: Mapping[str, EventKind] = {
    k.key: k
    for k in (
        EventKind(
            "website",
            "Website",
            "website",
            (*_BASE_REQUIRED, "event_source_url", "user_data.client_user_agent"),
            ("event_id", "user_data.fbp", "user_data.fbc", "user_data.client_ip_address"),
            ("em", "ph", "external_id", "fbp", "fbc", "client_ip_address", "client_user_agent"),
            "browser_pixel",
            7 * DAY,
            "7 days",
            "Website events pair with the browser Pixel on event_name + event_id.",
            src.DEDUP,
        ),
        EventKind(
            "app",
            "App",
            "app",
            (
                *_BASE_REQUIRED,
                "app_data.advertiser_tracking_enabled",
                "app_data.application_tracking_enabled",
                "app_data.extinfo",
            ),
            (
                "event_id",
                "user_data.madid",
                "user_data.anon_id",
                "app_data.install_referrer",
                "app_data.installer_package",
                "app_data.url_schemes",
                "app_data.vendor_id",
                "app_data.windows_attribution_id",
                "app_data.campaign_ids",
            ),
            ("madid", "anon_id", "extinfo", "em", "ph", "external_id", "client_ip_address"),
            "app_sdk",
            7 * DAY,
            "7 days",
            "App events pair with the Facebook app SDK's own events (same event_name + "
            "event_id), never with the browser Pixel.",
            src.APP_EVENTS,
        ),
        EventKind(
            "physical_store",
            "Physical store (offline)",
            "physical_store",
            _BASE_REQUIRED,
            ("custom_data.order_id", "custom_data.value", "custom_data.currency", "event_id"),
            _OFFLINE_KEYS,
            "none",
            62 * DAY,
            "62 days (physical_store)",
            "In-store events have no browser copy: Meta does not pair them with the Pixel.",
            src.OFFLINE,
            fresh_advice=False,
        ),
        EventKind(
            "crm",
            "CRM / Conversion Leads",
            "system_generated",
            (
                *_BASE_REQUIRED,
                "user_data.lead_id",
                "custom_data.event_source",
                "custom_data.lead_event_source",
            ),
            ("user_data.em", "user_data.ph", "event_id"),
            ("lead_id", "em", "ph"),
            "none",
            7 * DAY,
            "7 days",
            "CRM lead-stage events have no browser copy: they match on lead_id, not on a "
            "Pixel event, so no browser pairing is expected.",
            src.CONVERSION_LEADS,
            fresh_advice=False,
        ),
        EventKind(
            "system_generated",
            "System generated",
            "system_generated",
            _BASE_REQUIRED,
            ("event_id", "user_data.subscription_id"),
            ("em", "ph", "external_id", "subscription_id"),
            "none",
            7 * DAY,
            "7 days",
            "System-generated events (renewals, CRM updates) have no browser copy.",
            src.SERVER_EVENT,
            fresh_advice=False,
        ),
        EventKind(
            "business_messaging",
            "Business messaging",
            "business_messaging",
            (*_BASE_REQUIRED, "messaging_channel"),
            (
                "user_data.ctwa_clid",
                "user_data.whatsapp_business_account_id",
                "user_data.page_id",
                "user_data.page_scoped_user_id",
                "user_data.ig_account_id",
                "user_data.ig_sid",
                "event_id",
            ),
            ("ctwa_clid", "page_scoped_user_id", "ig_sid", "em", "ph"),
            "none",
            7 * DAY,
            "7 days",
            "Messaging events come from the chat, not a browser: no Pixel pairing is expected.",
            src.BUSINESS_MESSAGING,
        ),
        *(
            EventKind(
                source,
                label,
                source,
                _BASE_REQUIRED,
                ("event_id", "custom_data.value", "custom_data.currency"),
                ("em", "ph", "external_id", "fn", "ln", "zp", "country"),
                "none",
                7 * DAY,
                "7 days",
                f"{label} events have no browser copy: Meta does not pair them with the Pixel.",
                src.SERVER_EVENT,
            )
            for source, label in (
                ("email", "Email"),
                ("phone_call", "Phone call"),
                ("chat", "Chat"),
                ("other", "Other"),
            )
        ),
    )
}

# CLI/UI spellings that mean a kind (the words and Meta's).
ALIASES: Mapping[str, str] = {
    "offline": "physical_store",
    "store": "physical_store",
    "lead": "crm",
    "leads": "crm",
    "conversion_leads": "crm",
    "messaging": "business_messaging",
    "whatsapp": "business_messaging",
    "web": "website",
}

# Business Messaging channels and the user_data keys each requires ([src.BUSINESS_MESSAGING]).
MESSAGING_CHANNELS: Mapping[str, tuple[str, ...]] = {
    "whatsapp": ("whatsapp_business_account_id", "ctwa_clid"),
    "messenger": ("page_id", "page_scoped_user_id"),
    "instagram": ("ig_account_id", "ig_sid"),
}
# Event names listed for Business Messaging; others were seen rejected with subcode 2804066
# (third-party report, zernio-dev SendWhatsAppConversionRequest docs, live-tested on v25.0).
MESSAGING_EVENT_NAMES = frozenset(
    {
        "Purchase", "LeadSubmitted", "QualifiedLead", "InitiateCheckout", "AddToCart",
        "ViewContent", "OrderCreated", "OrderShipped", "OrderDelivered", "OrderCanceled",
        "OrderReturned", "CartAbandoned", "RatingProvided", "ReviewProvided",
    }
)  # fmt: skip
# Identifiers Meta matches as-is: never hashed (capi.md §3.1, [src.CUSTOMER_INFO]).
UNHASHED_IDS = (
    "lead_id", "madid", "anon_id", "page_id", "page_scoped_user_id", "ctwa_clid",
    "ig_account_id", "ig_sid", "whatsapp_business_account_id",
)  # fmt: skip
# Keys Business Messaging adds to user_data beyond the generic customer-information table.
MESSAGING_USER_KEYS = frozenset({"whatsapp_business_account_id"})


def resolve(name: str) -> EventKind | None:
    """The kind called `name` (a kind key, an action_source or an alias), or None."""
    key = name.strip().casefold().replace("-", "_")
    return KINDS.get(ALIASES.get(key, key))


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def is_crm_lead(event: Mapping[str, Any]) -> bool:
    """A Conversion Leads event: system_generated with a CRM marker or a lead_id."""
    custom = _mapping(event.get("custom_data"))
    user = _mapping(event.get("user_data"))
    return event.get("action_source") == "system_generated" and (
        custom.get("event_source") == "crm"
        or "lead_event_source" in custom
        or user.get("lead_id") not in (None, "")
    )


def kind_of(event: Mapping[str, Any]) -> EventKind | None:
    """The kind of one server event, None when action_source is missing or not Meta's."""
    source = event.get("action_source") if isinstance(event, Mapping) else None
    if not isinstance(source, str):
        return None
    if is_crm_lead(event):
        return KINDS["crm"]
    kind = KINDS.get(source)
    return kind if kind is not None and kind.key != "crm" else None
