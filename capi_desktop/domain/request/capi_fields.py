"""Names Meta's Conversions API defines: standard events, action sources, envelope keys, limits."""

from __future__ import annotations

STANDARD_EVENT_NAMES: tuple[str, ...] = (
    "AddPaymentInfo",
    "AddToCart",
    "AddToWishlist",
    "CompleteRegistration",
    "Contact",
    "CustomizeProduct",
    "Donate",
    "FindLocation",
    "InitiateCheckout",
    "Lead",
    "PageView",
    "Purchase",
    "Schedule",
    "Search",
    "StartTrial",
    "SubmitApplication",
    "Subscribe",
    "ViewContent",
)

ACTION_SOURCES: tuple[str, ...] = (
    "website",
    "app",
    "email",
    "phone_call",
    "chat",
    "physical_store",
    "system_generated",
    "business_messaging",
    "other",
)

# Documented main-body keys plus those the SDK's edge spec accepts (capi.md §1.3).
REQUEST_BODY_KEYS = frozenset(
    {
        "data",
        "test_event_code",
        "partner_agent",
        "namespace_id",
        "upload_id",
        "upload_tag",
        "upload_source",
        "platforms",
        "progress",
        "trace",
        "access_token",
        "appsecret_proof",
    }
)

SERVER_EVENT_KEYS = frozenset(
    {
        "event_name",
        "event_time",
        "user_data",
        "custom_data",
        "event_source_url",
        "opt_out",
        "event_id",
        "action_source",
        "data_processing_options",
        "data_processing_options_country",
        "data_processing_options_state",
        "referrer_url",
        "app_data",
        "original_event_data",
        "customer_segmentation",
        "messaging_channel",
        "attribution_data",
        "advanced_measurement_table",
    }
)

# user_data keys from capi.md §3.1 plus the SDK's split date/name keys (§3.2).
USER_DATA_KEYS = frozenset(
    {
        "em", "ph", "fn", "ln", "db", "ge", "ct", "st", "zp", "country", "external_id",
        "client_ip_address", "client_user_agent", "fbc", "fbp", "subscription_id",
        "fb_login_id", "lead_id", "anon_id", "madid", "page_id", "page_scoped_user_id",
        "ctwa_clid", "ig_account_id", "ig_sid", "f5first", "f5last", "fi", "dobd", "dobm", "doby",
    }
)  # fmt: skip

MAX_EVENTS_PER_REQUEST = 1000
MAX_EVENT_AGE_SECONDS = 7 * 24 * 3600
MAX_PHYSICAL_STORE_AGE_SECONDS = 62 * 24 * 3600
FRESH_EVENT_SECONDS = 3600
FUTURE_TOLERANCE_SECONDS = 60
# No documented maximum; longer IDs are usually concatenation bugs or serialized objects.
MAX_EVENT_ID_LENGTH = 255
LDU_COUNTRY_CODES = frozenset({0, 1})  # 0 = geolocate, 1 = USA
LDU_STATE_CODES = frozenset({0, 1000})  # 0 = geolocate, 1000 = California
