"""Links to the Meta pages each per-kind rule comes from (cited by rules, verdicts and docs)."""

from __future__ import annotations

from capi_desktop.domain import doc_links

_BASE = "https://developers.facebook.com/documentation/ads-commerce/conversions-api"

# "app_data ... Required for app events"; extinfo's 16 indexed slots, a2/i2 versions.
APP_DATA = f"{_BASE}/parameters/app-data"
# "Conversions API for App Events": datasets, dedup against the SDK's own events.
APP_EVENTS = f"{_BASE}/app-events"
# action_source values, event_time windows (7 days; physical_store 62 days).
SERVER_EVENT = doc_links.SERVER_EVENT
# "Website events ... require client_user_agent, action_source, event_source_url; non-web
# events require only action_source."
PARAMETERS = doc_links.PARAMETERS
# Conversion Leads payload: action_source system_generated, custom_data.event_source "crm",
# custom_data.lead_event_source, user_data.lead_id (15 or 16 digits, "Do not hash"), event_time
# up to 7 days, "please use a valid lead_id or else the system will reject the event".
CONVERSION_LEADS = f"{_BASE}/conversion-leads-integration/payload-specification"
# Business Messaging: messaging_channel, per-channel identifiers, supported event names.
BUSINESS_MESSAGING = f"{_BASE}/business-messaging"
# Offline / physical store events sent through the Conversions API.
OFFLINE = f"{_BASE}/offline-events"
# Customer information parameters: which user_data keys are hashed and which are not.
CUSTOMER_INFO = doc_links.CUSTOMER_INFO
# Dedup page: the Pixel pairs with website server events only.
DEDUP = doc_links.DEDUP
