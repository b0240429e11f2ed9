"""Tie Meta's diagnostics and match-key identifiers to the payload field and our lint rule."""

from __future__ import annotations

import re
from dataclasses import dataclass

from capi_desktop.domain.quality.models import Diagnostic


@dataclass(frozen=True)
class FieldLink:
    path: str  # JSON path in the Composer's request, e.g. "data[0].user_data.fbc"
    field_label: str
    rule_id: str  # our lint rule that catches it ("" when no rule does)
    match_key: str  # match_score key, "" when none


# Meta's identifier names (capi.md §8: email, ip_address, user_agent, external_id) → our keys.
IDENTIFIERS: dict[str, FieldLink] = {
    "email": FieldLink("data[0].user_data.em", "Email (em)", "user_data.not_sha256", "em"),
    "phone": FieldLink("data[0].user_data.ph", "Phone (ph)", "user_data.not_sha256", "ph"),
    "external_id": FieldLink(
        "data[0].user_data.external_id", "External ID", "user_data.no_strong_key", "external_id"
    ),
    "fbp": FieldLink("data[0].user_data.fbp", "Browser ID (fbp)", "user_data.bad_fbp", "fbp"),
    "browser_id": FieldLink(
        "data[0].user_data.fbp", "Browser ID (fbp)", "user_data.bad_fbp", "fbp"
    ),
    "fbc": FieldLink("data[0].user_data.fbc", "Click ID (fbc)", "user_data.bad_fbc", "fbc"),
    "click_id": FieldLink("data[0].user_data.fbc", "Click ID (fbc)", "user_data.bad_fbc", "fbc"),
    "ip_address": FieldLink(
        "data[0].user_data.client_ip_address", "Client IP address", "user_data.invalid_ip", "ip_ua"
    ),
    "user_agent": FieldLink(
        "data[0].user_data.client_user_agent",
        "Client user agent",
        "action_source.website_without_user_agent",
        "ip_ua",
    ),
    "city": FieldLink("data[0].user_data.ct", "City (ct)", "user_data.not_sha256", "address"),
    "zip": FieldLink("data[0].user_data.zp", "Postal code (zp)", "user_data.not_sha256", "address"),
    "country": FieldLink("data[0].user_data.country", "Country", "user_data.not_sha256", "address"),
}

# Keyword → link, tried in order against the diagnostic's name + description (lower-case).
_DIAGNOSTIC_WORDS: tuple[tuple[tuple[str, ...], FieldLink], ...] = (
    (("fbc", "click id", "fbclid"), IDENTIFIERS["fbc"]),
    (("fbp", "browser id"), IDENTIFIERS["fbp"]),
    (("ipv6", "ipv4", "ip address", "client_ip_address"), IDENTIFIERS["ip_address"]),
    (("user agent", "user_agent"), IDENTIFIERS["user_agent"]),
    (("email",), IDENTIFIERS["email"]),
    (("phone",), IDENTIFIERS["phone"]),
    (("external id", "external_id"), IDENTIFIERS["external_id"]),
    (
        ("event_id", "event id", "dedup"),
        FieldLink("data[0].event_id", "Event ID (event_id)", "event_id.missing", ""),
    ),
    (
        ("event_time", "event time", "timestamp", "delayed"),
        FieldLink("data[0].event_time", "Event time", "event_time.stale", ""),
    ),
    (
        ("currency",),
        FieldLink(
            "data[0].custom_data.currency", "Currency", "custom_data.purchase_missing_currency", ""
        ),
    ),
    (
        ("purchase value", "value parameter", "missing value"),
        FieldLink("data[0].custom_data.value", "Value", "custom_data.purchase_missing_value", ""),
    ),
    (
        ("hash", "hashed", "hashing", "sha256", "sha-256"),
        FieldLink("data[0].user_data", "Customer information", "user_data.unhashed_pii", ""),
    ),
)


def identifier_link(identifier: str) -> FieldLink | None:
    return IDENTIFIERS.get(identifier.strip().lower())


def diagnostic_link(diagnostic: Diagnostic) -> FieldLink | None:
    """The field a diagnostic is about; None when its words name no field we know (say so)."""
    text = f"{diagnostic.name} {diagnostic.description}".lower()
    for pattern, link in _PATTERNS:
        if pattern.search(text):
            return link
    return None


# Whole words (plural allowed) only: "late" must not match "unrelated" (a wrong link is worse
# than none), while Meta's "mismatched IP addresses" must find the IP field.
_PATTERNS = tuple(
    (re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")(?:e?s)?\b"), link)
    for words, link in _DIAGNOSTIC_WORDS
)
