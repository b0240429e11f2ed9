"""CRM / Conversion Leads and Business Messaging lint rules (lead_id, lead sources, channel IDs)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from capi_desktop.domain.event_kinds.spec import MESSAGING_CHANNELS, MESSAGING_EVENT_NAMES
from capi_desktop.domain.lint.findings import Collector
from capi_desktop.domain.lint.kind_catalogue import HASH, add_finding, as_mapping, present
from capi_desktop.domain.request.json_locate import PathPart

_LEAD_ID = re.compile(r"\d{15,17}")

# --- CRM / Conversion Leads ([CONVERSION_LEADS]) ----------------------------------------


def check_crm(
    event: Mapping[str, Any], user: Mapping[str, Any], base: list[PathPart], out: Collector
) -> None:
    custom = as_mapping(event.get("custom_data"))
    if event.get("action_source") != "system_generated":
        add_finding(
            out,
            "crm.not_system_generated",
            [*base, "action_source"],
            "custom_data.event_source is 'crm' but action_source is "
            f"{event.get('action_source')!r}; Meta asks for 'system_generated' on every "
            "Conversion Leads event.",
            "Set action_source to 'system_generated'.",
        )
    if custom.get("event_source") != "crm":
        add_finding(
            out,
            "crm.event_source_missing",
            [*base, "custom_data", "event_source"] if custom else base,
            "custom_data.event_source is not 'crm': Meta accepts the event but cannot use it "
            "for Conversion Leads optimization (the payload spec marks it required).",
            "Set custom_data.event_source to 'crm'.",
        )
    if not present(custom.get("lead_event_source")):
        add_finding(
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
    if not present(user.get("lead_id")):
        add_finding(
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
    if HASH.fullmatch(text):
        add_finding(
            out,
            "crm.lead_id_hashed",
            path,
            "lead_id is a SHA-256 hash; Meta says 'Do not hash' and rejects events whose "
            "lead_id is not a valid lead ID.",
            "Send the raw leadgen_id (a 15–16 digit number).",
        )
    elif not _LEAD_ID.fullmatch(text) or isinstance(lead_id, float):
        # Meta's spec says "15 or 16-digit"; 17 is accepted here as newer IDs run longer (issue 15).
        add_finding(
            out,
            "crm.lead_id_invalid",
            path,
            f"lead_id is {lead_id!r}, not a 15–17 digit Meta lead ID; Meta rejects events "
            "with an invalid lead_id.",
            "Use the leadgen_id of the Lead Ads form submission (Graph: /{form-id}/leads).",
        )


# --- Business Messaging ------------------------------------------------------------------


def check_messaging(
    event: Mapping[str, Any], user: Mapping[str, Any], base: list[PathPart], out: Collector
) -> None:
    channel = event.get("messaging_channel")
    path = [*base, "messaging_channel"]
    if channel in (None, ""):
        add_finding(
            out,
            "messaging.channel_missing",
            base,
            "business_messaging event without messaging_channel; Meta needs it to know which "
            "identifiers to match on.",
            "Set messaging_channel to 'whatsapp', 'messenger' or 'instagram'.",
        )
    elif channel not in MESSAGING_CHANNELS:
        add_finding(
            out,
            "messaging.channel_invalid",
            path,
            f"messaging_channel is {channel!r}; Meta accepts whatsapp, messenger or instagram.",
            "Use one of: " + ", ".join(MESSAGING_CHANNELS),
        )
    else:
        for key in MESSAGING_CHANNELS[channel]:
            if not present(user.get(key)):
                add_finding(
                    out,
                    "messaging.id_missing",
                    [*base, "user_data"],
                    f"{channel} events need user_data.{key}; without it Meta cannot tie the "
                    "event to the conversation.",
                    f"Send {key} from the {channel} webhook, unhashed.",
                )
    name = event.get("event_name")
    if isinstance(name, str) and name and name not in MESSAGING_EVENT_NAMES:
        add_finding(
            out,
            "messaging.event_name",
            [*base, "event_name"],
            f"{name!r} is not in Meta's Business Messaging event list; a third-party live "
            "test reports such events rejected with subcode 2804066 (not in Meta's docs).",
            "Use e.g. Purchase, LeadSubmitted, QualifiedLead, AddToCart, InitiateCheckout, "
            "ViewContent or an Order* event.",
        )
