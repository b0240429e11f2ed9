"""Cross-implementation view: what Meta's docs and five other tools make of one value."""

from __future__ import annotations

import dataclasses

from capi_desktop.domain.normalize.engine import normalize
from capi_desktop.domain.normalize.hashed import hash_part, parse_param_builder_value, sha256_hex
from capi_desktop.domain.normalize.keys import HASHED_KEYS, KEY_ORDER, canonical_key
from capi_desktop.domain.normalize.model import NormalizeContext, Variant
from capi_desktop.domain.normalize.other_impls import (
    OTHER_IMPLEMENTATIONS,
    PASSTHROUGH,
    RAW_PASSTHROUGH,
    UNHASHED_KEYS,
)

IMPLEMENTATIONS: dict[str, str] = {
    "meta_docs": "Meta's documented rules (this app)",
    "python_sdk": "facebook-business Python SDK 26.0.3",
    "node_sdk": "Meta Node.js business SDK",
    "param_builder_js": "Meta parameter builder (client JS)",
    "meta_sgtm": "Meta sGTM Conversions API tag",
    "stape_sgtm": "Stape sGTM Facebook tag",
}
# Extra candidates `which_variant` also tries: common home-made mistakes.
EXTRA_CANDIDATES: dict[str, str] = {
    "unnormalized": "hashed exactly as typed (no normalization)",
    "trimmed_lowercased": "hashed after trim + lowercase only",
}
_MAX_VARIANT_CHARS = 2048  # other tools' regexes are not linear-time; the UI never needs more
_DEFAULT_CONTEXT = NormalizeContext()
_HASHED_IN_ORDER = [k for k in KEY_ORDER if k in HASHED_KEYS]


def _identity(sha256: str | None, normalized: str | None) -> str | None:
    return sha256 if sha256 is not None else normalized


def _safe_hash(text: str) -> str | None:
    try:
        return sha256_hex(text)
    except UnicodeEncodeError:
        return None


def _other(impl: str, key: str, raw: str) -> tuple[str | None, str | None, str]:
    """(normalized, sha256, note) for a non-docs implementation."""
    value = raw.lower().strip()
    if not value:
        return None, None, "empty value → omitted"
    if key not in HASHED_KEYS:
        return raw.strip(), None, "sent as-is (never hashed)"
    built = parse_param_builder_value(raw.strip())
    if built is not None and impl == "param_builder_js":
        return raw.strip(), built.hash, "parameter-builder value passed through as-is"
    raw_pattern = RAW_PASSTHROUGH.get(impl)
    if raw_pattern is not None and raw_pattern.fullmatch(raw):
        return raw, raw.lower(), "64 hex characters → sent as typed, not re-hashed"
    pattern = PASSTHROUGH.get(impl)
    if pattern is not None and pattern.fullmatch(value):
        digest = value if len(value) == 64 else None
        return value, digest, "looks hashed → passed through, not re-hashed"
    normalized, note = OTHER_IMPLEMENTATIONS[impl](key, value)
    if normalized is None:
        return None, None, note
    if key in UNHASHED_KEYS.get(impl, frozenset()):
        return normalized, None, f"{note}; sent unhashed"
    if impl == "param_builder_js":
        note += "; sent as <sha256>.<appendix>"
    return normalized, _safe_hash(normalized), note


def variants(key: str, raw: object, context: NormalizeContext = _DEFAULT_CONTEXT) -> list[Variant]:
    """One Variant per implementation in IMPLEMENTATIONS order; never raises."""
    ours = normalize(key, raw, context=context)
    docs_id = _identity(ours.sha256, ours.normalized)
    note = "; ".join(w.message for w in ours.warnings) or "; ".join(ours.steps) or "unchanged"
    result = [
        Variant(
            "meta_docs", IMPLEMENTATIONS["meta_docs"], ours.normalized, ours.sha256, note, False
        )
    ]
    canonical = canonical_key(key) if isinstance(key, str) else None
    text = raw if isinstance(raw, str) else (str(raw) if isinstance(raw, int) else None)
    for impl in OTHER_IMPLEMENTATIONS:
        label = IMPLEMENTATIONS[impl]
        if canonical is None or text is None or len(text) > _MAX_VARIANT_CHARS:
            result.append(Variant(impl, label, None, None, "not evaluated", docs_id is not None))
            continue
        try:
            normalized, digest, why = _other(impl, canonical, text)
        except Exception as exc:  # a modelled tool failing must not break the view
            normalized, digest, why = None, None, f"not evaluated ({type(exc).__name__})"
        differs = _identity(digest, normalized) != docs_id
        result.append(Variant(impl, label, normalized, digest, why, differs))
    return result


def _extra_candidates(raw: str) -> list[Variant]:
    found = []
    for impl, text in (("unnormalized", raw), ("trimmed_lowercased", raw.strip().lower())):
        digest = _safe_hash(text)
        found.append(
            Variant(impl, EXTRA_CANDIDATES[impl], text, digest, EXTRA_CANDIDATES[impl], True)
        )
    return found


def which_variant(
    hash_hex: str,
    raw: object,
    context: NormalizeContext = _DEFAULT_CONTEXT,
    *,
    key: str | None = None,
) -> list[Variant]:
    """The implementations whose hash of `raw` equals `hash_hex` (plain or param-builder form).

    Without `key`, every hashed key's rules are tried and each match's note starts with the key.
    The extra candidates of EXTRA_CANDIDATES come last. Empty list: nothing produces that hash.
    """
    if not isinstance(hash_hex, str):
        return []
    target = hash_part(hash_hex)
    if target is None:
        return []
    keys = [canonical_key(key) or key] if key is not None else _HASHED_IN_ORDER
    matches: list[Variant] = []
    seen: set[tuple[str, str | None]] = set()
    for candidate_key in keys:
        found = variants(candidate_key, raw, context)
        # Without a key, a value Meta's rules reject for a key (a name as a phone) is not that key.
        if key is None and found[0].normalized is None:
            continue
        for variant in found:
            if variant.sha256 != target or (variant.implementation, variant.normalized) in seen:
                continue
            seen.add((variant.implementation, variant.normalized))
            note = variant.note if key is not None else f"as {candidate_key}: {variant.note}"
            matches.append(dataclasses.replace(variant, note=note))
    order = list(IMPLEMENTATIONS)
    matches.sort(key=lambda v: order.index(v.implementation))
    if isinstance(raw, str):
        for extra in _extra_candidates(raw):
            if extra.sha256 == target and (extra.implementation, extra.normalized) not in seen:
                matches.append(extra)
    return matches
