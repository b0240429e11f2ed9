"""One value through its key's rule: clean, trim, hashed passthrough, the rule (RULES), hash, status."""

from __future__ import annotations

import dataclasses
import re

from capi_desktop.domain.normalize import rules_clear, rules_date, rules_phone, rules_place
from capi_desktop.domain.normalize import rules_text as text_rules
from capi_desktop.domain.normalize.geo import region_of
from capi_desktop.domain.normalize.hashed import (
    SHA256,
    looks_like_md5,
    looks_like_sha256,
    parse_param_builder_value,
)
from capi_desktop.domain.normalize.keys import HASHED_KEYS, NEVER_HASHED_KEYS
from capi_desktop.domain.normalize.model import (
    FieldResult,
    FieldWarning,
    NormalizeContext,
    field_result,
)
from capi_desktop.domain.normalize.trace import Rule, Trace, show

MAX_VALUE_CHARS = 16_384
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Zero-width space, BOM, soft hyphen, word joiner and the bidi marks/embeddings/isolates: they
# are invisible when pasted and change the hash. ZWJ/ZWNJ are kept (they spell emoji and names).
_INVISIBLE = re.compile("[\u200b\ufeff\u00ad\u2060\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")

RULES: dict[str, Rule] = {
    "em": text_rules.rule_em,
    "ph": rules_phone.rule_ph,
    "fn": text_rules.rule_name,
    "ln": text_rules.rule_name,
    "ge": text_rules.rule_ge,
    "db": rules_date.rule_db,
    "ct": text_rules.rule_ct,
    "st": rules_place.rule_st,
    "zp": rules_place.rule_zp,
    "country": rules_place.rule_country,
    "external_id": text_rules.rule_external_id,
    "client_ip_address": rules_clear.rule_ip,
    "client_user_agent": rules_clear.rule_ua,
    "fbc": rules_clear.rule_fbc,
    "fbp": rules_clear.rule_fbp,
}
for _key in NEVER_HASHED_KEYS - RULES.keys():
    RULES[_key] = rules_clear.make_id_rule(_key)
_REGIONAL_KEYS = frozenset({"ph", "st", "zp", "db"})


def error(key: str, raw: str, warning_id: str, message: str) -> FieldResult:
    return field_result(key, raw, None, None, "error", (), (FieldWarning(warning_id, message),))


_HASH_LENGTHS = frozenset({32, 64, 67, 73})  # MD5, SHA-256, SHA-256 + parameter-builder appendix


def _already_hashed(key: str, raw: str, value: str, steps: list[str]) -> FieldResult | None:
    warnings: list[FieldWarning] = []
    if looks_like_sha256(value):
        lowered = value.lower()
        steps.append("recognised an existing SHA-256 hash; passed through, not re-hashed")
        if lowered != value:
            steps.append("lowercased the hex digits")
            warnings.append(
                FieldWarning("hash.uppercase", "Meta expects lowercase hex; lowercased it.")
            )
        return FieldResult(
            key, raw, lowered, lowered, "already_hashed", tuple(steps), tuple(warnings)
        )
    if looks_like_md5(value):
        lowered = value.lower()
        steps.append("recognised a 32-hex (MD5) hash; passed through, not re-hashed")
        warnings.append(
            FieldWarning(
                "hash.md5",
                "This looks like an MD5 hash: SDKs pass it through, but Meta documents "
                "SHA-256 only, so it will probably not match.",
            )
        )
        return FieldResult(key, raw, lowered, None, "already_hashed", tuple(steps), tuple(warnings))
    built = parse_param_builder_value(value)
    if built is not None:
        steps.append(
            "recognised a parameter-builder hash with appendix "
            f"{built.appendix.token!r} ({built.appendix.describe()}); send it as-is"
        )
        return FieldResult(key, raw, value, built.hash, "already_hashed", tuple(steps), ())
    return None


def _clean(raw: str, steps: list[str], warnings: list[FieldWarning]) -> str:
    """Remove control and invisible characters (recorded), then trim."""
    value = raw
    if _CONTROL.search(value):
        value = _CONTROL.sub("", value)
        steps.append("removed control characters")
        warnings.append(
            FieldWarning("value.control_chars", "The value contained invisible control characters.")
        )
    if _INVISIBLE.search(value):
        found = sorted({f"U+{ord(ch):04X}" for ch in _INVISIBLE.findall(value)})
        value = _INVISIBLE.sub("", value)
        steps.append("removed invisible characters " + ", ".join(found))
        warnings.append(
            FieldWarning(
                "value.invisible_chars",
                f"The value contained invisible characters ({', '.join(found)}: zero-width "
                "space, BOM, soft hyphen or direction marks); they were removed. Other tools "
                "may hash them, so the same person would not match.",
            )
        )
    return value


def normalize_text(key: str, raw: str, context: NormalizeContext) -> FieldResult:
    if len(raw) > MAX_VALUE_CHARS:
        return error(key, raw, "value.too_long", f"Longer than {MAX_VALUE_CHARS} characters.")
    steps: list[str] = []
    warnings: list[FieldWarning] = []
    if raw.isascii():  # no surrogate possible; printable ASCII (the common case) needs no clean
        value = raw if raw.isprintable() else _clean(raw, steps, warnings)
    else:
        try:
            raw.encode("utf-8")
        except UnicodeEncodeError:
            return error(
                key, raw, "value.encoding", "Contains an unpaired surrogate; not valid UTF-8 text."
            )
        value = _clean(raw, steps, warnings)
    stripped = value.strip()
    if stripped != value:
        steps.append("trimmed spaces")
    if not stripped:
        # Whitespace-only (or invisible-only) is no value: never hash "" (its hash matches nobody).
        return error(key, raw, "value.empty", "Empty value: omit the key instead of sending it.")
    hashed = key in HASHED_KEYS
    if hashed and len(stripped) in _HASH_LENGTHS:
        passthrough = _already_hashed(key, raw, stripped, steps)
        if passthrough is not None:
            if warnings:
                return dataclasses.replace(passthrough, warnings=(*warnings, *passthrough.warnings))
            return passthrough
    if (
        key in _REGIONAL_KEYS
        and context.default_country
        and region_of(context.default_country) is None
    ):
        warnings.append(
            FieldWarning(
                "context.unknown_country",
                f"Default country {show(context.default_country)} is not a known country; "
                "it was ignored.",
            )
        )
    trace = Trace(steps, warnings)
    normalized = RULES[key](stripped, context, trace)
    if normalized is None or trace.failed:
        return field_result(key, raw, None, None, "error", tuple(steps), tuple(warnings))
    if not normalized:
        return error(key, raw, "value.empty", "Nothing is left to send: omit the key.")
    if hashed:
        digest: str | None = SHA256(normalized.encode("utf-8")).hexdigest()  # sha256_hex
        status = "warning" if warnings else "changed" if normalized != raw else "ok"
    else:
        digest, status = None, "never_hash"
    return field_result(
        key,
        raw,
        normalized,
        digest,
        status,
        tuple(steps) if steps else (),
        tuple(warnings) if warnings else (),
    )
