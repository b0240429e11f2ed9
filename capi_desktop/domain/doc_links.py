"""Links into Meta's Conversions API documentation, used by lint findings and field tooltips."""

from __future__ import annotations

_BASE = "https://developers.facebook.com/documentation/ads-commerce/conversions-api"

USING_API = f"{_BASE}/using-the-api"
PARAMETERS = f"{_BASE}/parameters"
SERVER_EVENT = f"{_BASE}/parameters/server-event"
CUSTOMER_INFO = f"{_BASE}/parameters/customer-information-parameters"
CUSTOM_DATA = f"{_BASE}/parameters/custom-data"
FBP_FBC = f"{_BASE}/parameters/fbp-and-fbc"
DEDUP = f"{_BASE}/deduplicate-pixel-and-server-events"
BEST_PRACTICES = f"{_BASE}/best-practices"
MAIN_BODY = f"{_BASE}/parameters/main-body"
STANDARD_EVENTS = "https://developers.facebook.com/docs/meta-pixel/reference"
VERSIONS = "https://developers.facebook.com/docs/graph-api/changelog/versions"
DATA_PROCESSING_OPTIONS = (
    "https://developers.facebook.com/docs/marketing-apis/data-processing-options"
)
