"""normalize / normalize_values / normalize_user_data: dispatch, hashed-value passthrough, status."""

from __future__ import annotations

import dataclasses
import functools
import re
import time
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime

from capi_desktop.domain.normalize import rules_clear, rules_date, rules_phone, rules_place
from capi_desktop.domain.normalize import rules_text as text_rules
from capi_desktop.domain.normalize.geo import context_region
from capi_desktop.domain.normalize.hashed import (
    looks_like_md5,
    looks_like_sha256,
    parse_param_builder_value,
    sha256_hex,
)
from capi_desktop.domain.normalize.keys import (
    ALL_KEYS,
    HASHED_KEYS,
    MULTI_VALUE_KEYS,
    NEVER_HASHED_KEYS,
    suggest_key,
)
from capi_desktop.domain.normalize.model import (
    FieldResult,
    FieldWarning,
    NormalizeContext,
    field_result,
)
from capi_desktop.domain.normalize.trace import Rule, Trace, show

MAX_VALUE_CHARS = 16_384
_MAX_CACHED_CHARS = 512  # bounds the cache memory; long values are rare
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Zero-width space, BOM, soft hyphen, word joiner and the bidi marks/embeddings/isolates: they
# are invisible when pasted and change the hash. ZWJ/ZWNJ are kept (they spell emoji and names).
_INVISIBLE = re.compile("[\u200b\ufeff\u00ad\u2060\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")
_DEFAULT_CONTEXT = NormalizeContext()

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
# Keys whose outcome depends on the clock: cached under a rounded clock (_clock_context).
_CLOCK_KEYS = frozenset({"fbc", "fbp", "db"})
_CLOCK_CONTEXTS: dict[tuple[str | None, int], NormalizeContext] = {}
_REGIONAL_KEYS = frozenset({"ph", "st", "zp", "db"})


def _error(key: str, raw: str, warning_id: str, message: str) -> FieldResult:
    return field_result(key, raw, None, None, "error", (), (FieldWarning(warning_id, message),))


_HASH_LENGTHS = frozenset({32, 64, 67, 73})  # MD5, SHA-256, SHA-256 + parameter-builder appendix


def _already_hashed(key: str, raw: str, value: str, steps: list[str]) -> FieldResult | None:
    if len(value) not in _HASH_LENGTHS:
        return None
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


@functools.lru_cache(maxsize=32_768)
def _cached(key: str, raw: str, context: NormalizeContext) -> FieldResult:
    return _normalize_text(key, raw, context)


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


def _normalize_text(key: str, raw: str, context: NormalizeContext) -> FieldResult:
    if len(raw) > MAX_VALUE_CHARS:
        return _error(key, raw, "value.too_long", f"Longer than {MAX_VALUE_CHARS} characters.")
    steps: list[str] = []
    warnings: list[FieldWarning] = []
    if raw.isascii():  # no surrogate possible; printable ASCII (the common case) needs no clean
        value = raw if raw.isprintable() else _clean(raw, steps, warnings)
    else:
        try:
            raw.encode("utf-8")
        except UnicodeEncodeError:
            return _error(
                key, raw, "value.encoding", "Contains an unpaired surrogate; not valid UTF-8 text."
            )
        value = _clean(raw, steps, warnings)
    stripped = value.strip()
    if stripped != value:
        steps.append("trimmed spaces")
    if not stripped:
        # Whitespace-only (or invisible-only) is no value: never hash "" (its hash matches nobody).
        return _error(key, raw, "value.empty", "Empty value: omit the key instead of sending it.")
    hashed = key in HASHED_KEYS
    if hashed:
        passthrough = _already_hashed(key, raw, stripped, steps)
        if passthrough is not None:
            if warnings:
                return dataclasses.replace(passthrough, warnings=(*warnings, *passthrough.warnings))
            return passthrough
    if key in _REGIONAL_KEYS and context.default_country and context_region(context) is None:
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
        return _error(key, raw, "value.empty", "Nothing is left to send: omit the key.")
    if hashed:
        digest: str | None = sha256_hex(normalized)
        status = "warning" if warnings else "changed" if normalized != raw else "ok"
    else:
        digest, status = None, "never_hash"
    return field_result(key, raw, normalized, digest, status, tuple(steps), tuple(warnings))


def _unknown_key(key: str, raw: str) -> FieldResult:
    guess = suggest_key(key)
    hint = f" Did you mean {guess!r}?" if guess else ""
    return FieldResult(
        key,
        raw,
        None,
        None,
        "warning",
        (),
        (FieldWarning("key.unknown", f"{show(key)} is not a user_data key.{hint}"),),
    )


def _as_text(raw: object) -> str | None:
    if isinstance(raw, str):
        return raw
    if isinstance(raw, int) and not isinstance(raw, bool):
        return str(raw)
    return None


def _clock_context(key: str, context: NormalizeContext) -> NormalizeContext:
    """The context with the clock rounded down: to the minute for fbc/fbp age checks, to the
    day for dates, so a live preview re-uses results (a minute is far below the 5-minute skew
    and 90-day expiry those checks use). One object per country and minute, built once."""
    minute = int(time.time()) // 60
    slot = (context.default_country, minute // 1440 * 1440 if key == "db" else minute)
    found = _CLOCK_CONTEXTS.get(slot)
    if found is None:
        if len(_CLOCK_CONTEXTS) > 64:
            _CLOCK_CONTEXTS.clear()
        now = datetime.fromtimestamp(slot[1] * 60, UTC)
        found = _CLOCK_CONTEXTS[slot] = NormalizeContext(context.default_country, now)
    return found


def normalize(
    key: str, raw: object, *, context: NormalizeContext = _DEFAULT_CONTEXT
) -> FieldResult:
    """Normalize and (for hashed keys) hash one value. Never raises: problems become statuses."""
    try:
        text = raw if type(raw) is str else _as_text(raw)
        key_text = key if isinstance(key, str) else repr(key)
        if text is None:
            shown = "null" if raw is None else type(raw).__name__
            return _error(
                key_text, repr(raw)[:200], "value.type", f"Expected a string, got {shown}."
            )
        if key_text not in ALL_KEYS:
            return _unknown_key(key_text, text)
        if len(text) > _MAX_CACHED_CHARS:
            return _normalize_text(key_text, text, context)
        if context.now is None and key_text in _CLOCK_KEYS:
            return _cached(key_text, text, _clock_context(key_text, context))
        return _cached(key_text, text, context)
    except Exception as exc:  # the engine's promise: a result, never an exception
        return _error(
            str(key)[:100],
            str(raw)[:200],
            "internal.error",
            f"Internal error: {type(exc).__name__}",
        )


def normalize_values(
    key: str,
    raws: Sequence[object] | object,
    *,
    context: NormalizeContext = _DEFAULT_CONTEXT,
) -> list[FieldResult]:
    """Normalize one or many values of a key; duplicates after normalization collapse, order kept."""
    items: Sequence[object] = raws if isinstance(raws, (list, tuple)) else [raws]
    results: list[FieldResult] = []
    seen: dict[str, int] = {}
    for raw in items:
        result = normalize(key, raw, context=context)
        identity = result.sha256 or result.normalized
        if identity is not None and identity in seen:
            index = seen[identity]
            kept = results[index]
            results[index] = dataclasses.replace(
                kept, steps=(*kept.steps, f"collapsed duplicate {show(result.input)}")
            )
            continue
        if identity is not None:
            seen[identity] = len(results)
        if results and key not in MULTI_VALUE_KEYS and key in ALL_KEYS:
            result = dataclasses.replace(
                result,
                warnings=(
                    *result.warnings,
                    FieldWarning("key.single_value", f"{key} takes one value, not a list."),
                ),
            )
        results.append(result)
    return results


def normalize_user_data(
    user_data: Mapping[str, object], *, context: NormalizeContext = _DEFAULT_CONTEXT
) -> dict[str, list[FieldResult]]:
    """Normalize every key of a user_data object (keys kept as given, in order)."""
    return {
        key: normalize_values(key, value, context=context)
        if isinstance(value, (list, tuple))
        else [normalize(key, value, context=context)]  # what normalize_values makes of one value
        for key, value in user_data.items()
    }


def clear_caches() -> None:
    """Forget cached results (benchmarks measuring unseen values; tests)."""
    _cached.cache_clear()
