"""Cross-implementation view: what Meta's docs and the other tools make of one value; who sent a hash."""

from __future__ import annotations

import dataclasses

from capi_desktop.domain.normalize.engine import normalize
from capi_desktop.domain.normalize.hashed import hash_part, sha256_hex
from capi_desktop.domain.normalize.impl_base import Outcome
from capi_desktop.domain.normalize.keys import HASHED_KEYS, KEY_ORDER, canonical_key
from capi_desktop.domain.normalize.model import NormalizeContext, Variant
from capi_desktop.domain.normalize.other_impls import OTHER_IMPLEMENTATIONS

IMPLEMENTATIONS: dict[str, str] = {
    "meta_docs": "Meta's documented rules (this app)",
    **{impl.id: impl.label for impl in OTHER_IMPLEMENTATIONS.values()},
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


def describe(outcome: Outcome) -> str:
    """The outcome in words, strange ones spelled out (what a consultant needs to know)."""
    if outcome.kind == "error":
        return f"raises {outcome.note} — the SDK throws, so the event is not sent"
    if outcome.kind == "null":
        return f"{outcome.note}: sends a JSON null, not a hash"
    if outcome.kind == "omitted":
        return f"{outcome.note}: the key is not sent"
    if outcome.normalized == "":
        return f"{outcome.note}: hashes the EMPTY string (e3b0c442…), matching nobody"
    return outcome.note


def _variant(impl_id: str, key: str, outcome: Outcome, docs_id: str | None) -> Variant:
    impl = OTHER_IMPLEMENTATIONS[impl_id]
    sent = outcome.sent
    digest = hash_part(sent) if sent is not None and key in HASHED_KEYS else None
    shown = outcome.normalized if outcome.normalized is not None else sent
    # Sending [null] or throwing (the whole event is lost) differs from the docs' "omit the key".
    differs = _identity(digest, shown) != docs_id or outcome.kind in ("null", "error")
    return Variant(
        impl_id, impl.label, shown, digest, describe(outcome), differs, sent, outcome.kind,
        impl.provenance,
    )  # fmt: skip


def variants(key: str, raw: object, context: NormalizeContext = _DEFAULT_CONTEXT) -> list[Variant]:
    """One Variant per implementation in IMPLEMENTATIONS order; never raises."""
    ours = normalize(key, raw, context=context)
    docs_id = _identity(ours.sha256, ours.normalized)
    note = "; ".join(w.message for w in ours.warnings) or "; ".join(ours.steps) or "unchanged"
    result = [
        Variant(
            "meta_docs",
            IMPLEMENTATIONS["meta_docs"],
            ours.normalized,
            ours.sha256,
            note,
            False,
            ours.normalized,
            "value" if ours.ok else "rejected",
            "this app's rules (Meta's docs)",
        )
    ]
    canonical = canonical_key(key) if isinstance(key, str) else None
    text = raw if isinstance(raw, str) else (str(raw) if isinstance(raw, int) else None)
    for impl_id, impl in OTHER_IMPLEMENTATIONS.items():
        if canonical is None or text is None or len(text) > _MAX_VARIANT_CHARS:
            skipped = Variant(
                impl_id, impl.label, None, None, "not evaluated", docs_id is not None,
                None, "error", impl.provenance,
            )  # fmt: skip
            result.append(skipped)
            continue
        try:
            outcome = impl.model(canonical, text)
        except Exception as exc:  # a modelled tool failing must not break the view
            outcome = Outcome("error", None, None, f"not evaluated ({type(exc).__name__})")
        result.append(_variant(impl_id, canonical, outcome, docs_id))
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
    target = hash_part(hash_hex.strip())
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
