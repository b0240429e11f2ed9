"""The user_data key table: hashed and clear-text keys, multi-value keys, aliases, suggestions."""

from __future__ import annotations

import functools

HASHED_KEYS: frozenset[str] = frozenset(
    {"em", "ph", "fn", "ln", "ge", "db", "ct", "st", "zp", "country", "external_id"}
)
NEVER_HASHED_KEYS: frozenset[str] = frozenset(
    {
        "client_ip_address",
        "client_user_agent",
        "fbc",
        "fbp",
        "subscription_id",
        "fb_login_id",
        "lead_id",
        "anon_id",
        "madid",
        "page_id",
        "page_scoped_user_id",
        "ctwa_clid",
        "ig_account_id",
        "ig_sid",
    }
)
ALL_KEYS: frozenset[str] = HASHED_KEYS | NEVER_HASHED_KEYS
# Meta: "All hashed keys accept string or list<string>" (capi.md §3.1).
MULTI_VALUE_KEYS: frozenset[str] = HASHED_KEYS

# Display order (Meta's table order) for UIs and the CLI.
KEY_ORDER: tuple[str, ...] = (
    "em", "ph", "fn", "ln", "db", "ge", "ct", "st", "zp", "country", "external_id",
    "client_ip_address", "client_user_agent", "fbc", "fbp", "subscription_id", "fb_login_id",
    "lead_id", "anon_id", "madid", "page_id", "page_scoped_user_id", "ctwa_clid",
    "ig_account_id", "ig_sid",
)  # fmt: skip

KEY_LABELS: dict[str, str] = {
    "em": "Email",
    "ph": "Phone",
    "fn": "First name",
    "ln": "Last name",
    "db": "Date of birth",
    "ge": "Gender",
    "ct": "City",
    "st": "State",
    "zp": "Zip / postal code",
    "country": "Country",
    "external_id": "External ID",
    "client_ip_address": "Client IP address",
    "client_user_agent": "Client user agent",
    "fbc": "Click ID (fbc)",
    "fbp": "Browser ID (fbp)",
    "subscription_id": "Subscription ID",
    "fb_login_id": "Facebook Login ID",
    "lead_id": "Lead ID",
    "anon_id": "Install ID (anon_id)",
    "madid": "Mobile advertiser ID",
    "page_id": "Page ID",
    "page_scoped_user_id": "Page-scoped user ID",
    "ctwa_clid": "Click-to-WhatsApp click ID",
    "ig_account_id": "Instagram account ID",
    "ig_sid": "Instagram-scoped user ID",
}

# Names people (and other tools' docs) use for the keys; the Pixel's own short names included.
KEY_ALIASES: dict[str, str] = {
    "email": "em",
    "e-mail": "em",
    "mail": "em",
    "email_address": "em",
    "phone": "ph",
    "phone_number": "ph",
    "telephone": "ph",
    "mobile": "ph",
    "first_name": "fn",
    "firstname": "fn",
    "given_name": "fn",
    "last_name": "ln",
    "lastname": "ln",
    "surname": "ln",
    "family_name": "ln",
    "gender": "ge",
    "sex": "ge",
    "date_of_birth": "db",
    "dob": "db",
    "birthday": "db",
    "birthdate": "db",
    "city": "ct",
    "town": "ct",
    "state": "st",
    "province": "st",
    "region": "st",
    "zip": "zp",
    "zip_code": "zp",
    "zipcode": "zp",
    "postal_code": "zp",
    "postcode": "zp",
    "country_code": "country",
    "cn": "country",
    "externalid": "external_id",
    "user_id": "external_id",
    "ip": "client_ip_address",
    "ip_address": "client_ip_address",
    "client_ip": "client_ip_address",
    "user_agent": "client_user_agent",
    "ua": "client_user_agent",
    "_fbc": "fbc",
    "_fbp": "fbp",
    "fbclid": "fbc",
}


def canonical_key(key: str) -> str | None:
    """The Meta key for `key` (itself, or what an alias such as "email" means), else None."""
    if key in ALL_KEYS:
        return key
    folded = key.strip().lower().replace(" ", "_")
    if folded in ALL_KEYS:
        return folded
    return KEY_ALIASES.get(folded)


@functools.lru_cache(maxsize=1024)
def suggest_key(key: str) -> str | None:
    """A likely intended key for an unknown one (alias first, then a close spelling)."""
    found = canonical_key(key)
    if found is not None:
        return found
    import difflib  # with heapq ~1 ms: loaded for a suggestion, not with the Composer (issue 14)

    close = difflib.get_close_matches(
        key.strip().lower(), [*ALL_KEYS, *KEY_ALIASES], n=1, cutoff=0.75
    )
    if not close:
        return None
    return canonical_key(close[0])
