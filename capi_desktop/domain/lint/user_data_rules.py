"""Lint rules for user_data: hashing state, key names, fbp/fbc/IP formats, too-broad key combinations."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from capi_desktop.domain.lint.findings import Collector
from capi_desktop.domain.normalize import (
    HASHED_KEYS,
    NEVER_HASHED_KEYS,
    NormalizeContext,
    canonical_key,
    is_sha256_hex,
    normalize,
    parse_fbc,
    parse_fbp,
)
from capi_desktop.domain.request.client_ip import ip_state
from capi_desktop.domain.request.field_contract import field_contract
from capi_desktop.domain.request.json_locate import PathPart

_HEX64_ANY = re.compile(r"[0-9a-fA-F]{64}")
_HEX32_ANY = re.compile(r"[0-9a-fA-F]{32}")
_HEX_ONLY = re.compile(r"[0-9a-fA-F]+")
# Parameter-builder output: hash + "." + appendix token (capi.md §3.5).
_PB_HASH = re.compile(r"[0-9a-fA-F]{64}\.(?:[A-Za-z0-9_-]{8}|AQ|Ag|Aw|BA|BQ|Bg)")
# Clear-text identifiers Meta never wants hashed; a hash there cannot match.
_CLEAR_TEXT_CHECKED = frozenset({"fbp", "fbc", "client_ip_address", "client_user_agent"})

# capi.md §2.4: an event whose customer information is only one of these (or a subset) → 2804050.
BROAD_COMBINATIONS: tuple[frozenset[str], ...] = (
    frozenset({"ct", "country", "st", "zp", "ge", "client_user_agent"}),
    frozenset({"db", "client_user_agent"}),
    frozenset({"fn", "ge"}),
    frozenset({"ln", "ge"}),
)
STRONG_KEYS = frozenset(
    {
        "em", "ph", "external_id", "fbp", "fbc", "madid", "anon_id", "fb_login_id", "lead_id",
        "page_scoped_user_id", "ctwa_clid", "ig_sid", "subscription_id",
    }
)  # fmt: skip
_KNOWN_KEYS = HASHED_KEYS | NEVER_HASHED_KEYS | field_contract().keys("user_data")
# The SDK's split name/date keys (f5first, dobd, ...) are hashed too (contract rows, SDK-PY).
_HASHED = HASHED_KEYS | frozenset(
    row.key
    for row in field_contract().rows
    if row.section == "user_data" and row.hashed == "required"
)


def check_user_data(
    event: Mapping[str, Any],
    base: list[PathPart],
    now: int,
    context: NormalizeContext,
    out: Collector,
) -> None:
    path = [*base, "user_data"]
    user_data = event.get("user_data")
    if user_data is None or user_data == {}:
        out.add(
            "user_data.missing",
            path,
            "user_data is missing or empty; Meta rejects events without customer information.",
            "Add at least a hashed em or ph, or fbp/fbc, or client_ip_address + client_user_agent.",
        )
        return
    if not isinstance(user_data, dict):
        out.add(
            "user_data.not_object",
            path,
            "user_data must be a JSON object of customer information keys.",
            'Use {"em": ["<sha256>"], "client_user_agent": "...", ...}.',
        )
        return
    present: set[str] = set()
    for key, value in user_data.items():
        key_path = [*path, key]
        known = key if key in _KNOWN_KEYS else _check_key_name(key, key_path, out)
        if known is None or not _has_value(value):
            if known is not None:
                out.add(
                    "user_data.empty_value",
                    key_path,
                    f"{key} is empty; an empty key adds nothing to matching.",
                    f"Remove {key} or fill it in.",
                )
            continue
        if known != key:
            continue  # an alias: Meta ignores it, so it does not count as present
        present.add(key)
        if key in _HASHED:
            _check_hashed(key, value, key_path, context, out)
        else:
            _check_clear_text(key, value, key_path, now, out)
    _check_combination(present, path, out)


def _has_value(value: Any) -> bool:
    if value.__class__ is str:  # the common case first: this runs for every key of every event
        return value != ""
    if isinstance(value, list):
        return any(v is not None and v != "" for v in value)
    return value is not None and value != ""


def _check_key_name(key: str, path: list[PathPart], out: Collector) -> str | None:
    target = canonical_key(key)
    if target is not None:
        out.add(
            "user_data.alias_key",
            path,
            f"{key!r} is not a Meta key; Meta expects {target!r}. Meta accepts the request but "
            "ignores this value.",
            f"Rename {key!r} to {target!r}"
            + (" and hash the value." if target in HASHED_KEYS else "."),
        )
        return target
    out.add(
        "user_data.unknown_key",
        path,
        f"{key!r} is not a customer information parameter.",
        "Remove it or use one of Meta's keys (em, ph, fn, ln, external_id, fbp, fbc, ...).",
    )
    return None


def _check_hashed(
    key: str, value: Any, path: list[PathPart], context: NormalizeContext, out: Collector
) -> None:
    values = value if isinstance(value, list) else [value]
    for index, item in enumerate(values):
        item_path = [*path, index] if isinstance(value, list) else path
        if not isinstance(item, str):
            out.add(
                "user_data.bad_value_type",
                item_path,
                f"{key} values must be strings (SHA-256 hex), got {type(item).__name__}.",
                "Normalize the value as text, hash it, and send the hex string.",
            )
            continue
        if is_sha256_hex(item) or _PB_HASH.fullmatch(item):
            continue
        if _HEX64_ANY.fullmatch(item):
            out.add(
                "user_data.uppercase_hash",
                item_path,
                f"The {key} hash uses upper-case hex; Meta documents lower-case.",
                "Send hashlib.sha256(...).hexdigest() (lower-case).",
            )
        elif _HEX32_ANY.fullmatch(item):
            out.add(
                "user_data.md5_hash",
                item_path,
                f"The {key} value looks like an MD5 hash; Meta documents SHA-256 only, so it "
                "cannot match. Meta accepts the request, but this hurts matching.",
                "Hash the normalized value with SHA-256 instead.",
            )
        elif key == "external_id":
            continue  # hashing external_id is recommended, not required; consistency matters more
        elif item == "":
            continue
        elif len(item) >= 16 and _HEX_ONLY.fullmatch(item) and not item.isdigit():
            # Long hex with letters: a truncated or wrong hash. Digits only (phone, zip, date
            # of birth) or short values (ge "f") are clear text and fall through below.
            out.add(
                "user_data.not_sha256",
                item_path,
                f"The {key} value is hex but {len(item)} characters long, not a 64-character "
                "SHA-256. Meta accepts the request, but this value cannot match.",
                "Send the full lower-case SHA-256 hex digest (64 characters).",
            )
        else:
            out.add(
                "user_data.unhashed_pii",
                item_path,
                f"{key} holds a clear-text value; Meta only matches SHA-256 hashes of the "
                "normalized value, so this value matches nobody. Meta accepts the request (its "
                "Payload Helper says unhashed values are rejected; the rest of the event counts).",
                _hash_fix(key, item, context),
            )


def _hash_fix(key: str, raw: str, context: NormalizeContext) -> str:
    result = normalize(key, raw, context=context)
    if result.sha256:
        return f"Normalize and SHA-256 hash it before sending: {result.sha256}."
    reason = result.warnings[0].message if result.warnings else "it cannot be normalized"
    return f"Normalize and SHA-256 hash it before sending ({reason})."


def _check_clear_text(key: str, value: Any, path: list[PathPart], now: int, out: Collector) -> None:
    if key not in _CLEAR_TEXT_CHECKED:
        return
    if not isinstance(value, str):
        out.add(
            "user_data.bad_value_type",
            path,
            f"{key} must be a single string, got {type(value).__name__}.",
            f"Send {key} as one string value.",
        )
        return
    if _HEX64_ANY.fullmatch(value):
        out.add(
            "user_data.hashed_never_hashed_key",
            path,
            f"{key} holds a SHA-256 hash; Meta needs it in clear text and cannot match a hash.",
            f"Send the raw {key} value (never hash fbp, fbc, client_ip_address, client_user_agent).",
        )
        return
    if key == "client_ip_address":
        _check_ip(value, path, out)
    elif key in ("fbp", "fbc"):
        moment = datetime.fromtimestamp(now, UTC)
        parsed = parse_fbp(value, moment) if key == "fbp" else parse_fbc(value, moment)
        if parsed.problems:
            cookie = "_fbp" if key == "fbp" else "_fbc"
            unusable = any(p.is_error for p in parsed.problems)
            out.add(
                f"user_data.bad_{key}",
                path,
                (f"{key} is not a usable {cookie} cookie value: " if unusable else f"Check {key}: ")
                + " ".join(p.message for p in parsed.problems),
                f"Send the {cookie} cookie exactly as the browser stored it "
                + ("(fb.1.<ms>.<random>)." if key == "fbp" else "(fb.1.<ms>.<fbclid>)."),
                severity=None if unusable else "info",
            )


def _check_ip(value: str, path: list[PathPart], out: Collector) -> None:
    state = ip_state(value)
    if state == "invalid":
        out.add(
            "user_data.invalid_ip",
            path,
            "client_ip_address is not a valid IPv4 or IPv6 address.",
            "Send the client's IP exactly (no port, no spaces, no list from X-Forwarded-For).",
        )
    elif state == "internal":
        out.add(
            "user_data.invalid_ip",
            path,
            "client_ip_address is a private or loopback address, not the client's public IP.",
            "Take the real client IP from the first public address in X-Forwarded-For.",
        )


def _check_combination(present: set[str], path: list[PathPart], out: Collector) -> None:
    if not present:
        out.add(
            "user_data.missing",
            path,
            "user_data has no usable customer information key.",
            "Add a hashed em or ph, fbp/fbc, or client_ip_address + client_user_agent.",
        )
        return
    if any(present <= combination for combination in BROAD_COMBINATIONS):
        out.add(
            "user_data.broad_combination",
            path,
            "user_data only has " + ", ".join(sorted(present)) + ": a combination Meta "
            "considers too broad, so it rejects the event (insufficient customer information).",
            "Add a stronger key: em, ph, external_id, fbp, fbc or client_ip_address.",
        )
        return
    has_ip_ua = "client_ip_address" in present and "client_user_agent" in present
    if not (present & STRONG_KEYS) and not has_ip_ua:
        out.add(
            "user_data.no_strong_key",
            path,
            "No strong match key (em, ph, external_id, fbp, fbc, or IP + user agent); few of "
            "these events will match a Meta account.",
            "Add a hashed em or ph, or external_id, or forward the _fbp/_fbc cookies.",
        )
