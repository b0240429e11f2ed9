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

MAX_EVENTS_PER_REQUEST = 1000
MAX_EVENT_AGE_SECONDS = 7 * 24 * 3600
MAX_PHYSICAL_STORE_AGE_SECONDS = 62 * 24 * 3600
FRESH_EVENT_SECONDS = 3600
FUTURE_TOLERANCE_SECONDS = 60
# No documented maximum; longer IDs are usually concatenation bugs or serialized objects.
MAX_EVENT_ID_LENGTH = 255
LDU_COUNTRY_CODES = frozenset({0, 1})  # 0 = geolocate, 1 = USA
LDU_STATE_CODES = frozenset({0, 1000})  # 0 = geolocate, 1000 = California
