"""normalize / normalize_values / normalize_user_data: dispatch, result cache, lists of values."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime

from capi_desktop.domain.normalize.keys import ALL_KEYS, MULTI_VALUE_KEYS, suggest_key
from capi_desktop.domain.normalize.model import FieldResult, FieldWarning, NormalizeContext
from capi_desktop.domain.normalize.pipeline import RULES, error, normalize_text
from capi_desktop.domain.normalize.trace import show

__all__ = ["RULES", "clear_caches", "normalize", "normalize_user_data", "normalize_values"]

_MAX_CACHED_CHARS = 512  # bounds the cache memory; long values are rare
_DEFAULT_CONTEXT = NormalizeContext()
# Keys whose outcome depends on the clock: cached under a rounded clock (_clock_context).
_CLOCK_KEYS = frozenset({"fbc", "fbp", "db"})
_results: dict[tuple[str, str, str | None, datetime | None], FieldResult] = {}
_MAX_RESULTS = 32_768
_CLOCK_CONTEXTS: dict[tuple[str | None, int], NormalizeContext] = {}


def _cached(key: str, text: str, context: NormalizeContext) -> FieldResult:
    # A plain dict instead of lru_cache: the key holds the context's fields, so no
    # Python-level NormalizeContext.__hash__ runs per lookup; full, it keeps its newer half.
    slot = (key, text, context.default_country, context.now)
    found = _results.get(slot)
    if found is None:
        try:
            found = normalize_text(key, text, context)
        except Exception as exc:  # the engine's promise; a failure is not cached
            return _internal_error(key, text, exc)
        if len(_results) >= _MAX_RESULTS:
            _keep_newer_half()
        _results[slot] = found
    return found


def _keep_newer_half() -> None:
    newer = list(_results.items())[_MAX_RESULTS // 2 :]
    _results.clear()
    _results.update(newer)


def _internal_error(key: object, raw: object, exc: Exception) -> FieldResult:
    message = f"Internal error: {type(exc).__name__}"
    return error(str(key)[:100], str(raw)[:200], "internal.error", message)


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
            return error(
                key_text, repr(raw)[:200], "value.type", f"Expected a string, got {shown}."
            )
        if key_text not in ALL_KEYS:
            return _unknown_key(key_text, text)
        if len(text) > _MAX_CACHED_CHARS:
            return normalize_text(key_text, text, context)
        if context.now is None and key_text in _CLOCK_KEYS:
            return _cached(key_text, text, _clock_context(key_text, context))
        return _cached(key_text, text, context)
    except Exception as exc:  # the engine's promise: a result, never an exception
        return _internal_error(key, raw, exc)


def normalize_values(
    key: str,
    raws: Sequence[object] | object,
    *,
    context: NormalizeContext = _DEFAULT_CONTEXT,
) -> list[FieldResult]:
    """Normalize one or many values of a key; duplicates after normalization collapse, order kept."""
    items: Sequence[object] = raws if isinstance(raws, (list, tuple)) else [raws]
    if len(items) == 1:  # nothing to collapse, no second value to warn about
        return [_one(key, items[0], context)]
    results: list[FieldResult] = []
    seen: dict[str, int] = {}
    for raw in items:
        result = _one(key, raw, context)
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
    out: dict[str, list[FieldResult]] = {}
    clocked = context.now is None
    for key, value in user_data.items():
        # _one inlined (this loop runs per value): a text value of a known key goes straight
        # to the cache; a list is normalize_values'; anything else normalize's.
        if (
            type(value) is str
            and type(key) is str
            and key in ALL_KEYS
            and len(value) <= _MAX_CACHED_CHARS
        ):
            if clocked and key in _CLOCK_KEYS:
                out[key] = [_cached(key, value, _clock_context(key, context))]
            else:
                out[key] = [_cached(key, value, context)]
        elif isinstance(value, (list, tuple)):
            out[key] = normalize_values(key, value, context=context)
        else:
            out[key] = [normalize(key, value, context=context)]
    return out


def _one(key: str, raw: object, context: NormalizeContext) -> FieldResult:
    """normalize(key, raw, context=context), with the common case (a known key, a text value
    short enough to cache) going straight to the cache."""
    if type(raw) is str and type(key) is str and key in ALL_KEYS and len(raw) <= _MAX_CACHED_CHARS:
        if context.now is None and key in _CLOCK_KEYS:
            return _cached(key, raw, _clock_context(key, context))
        return _cached(key, raw, context)
    return normalize(key, raw, context=context)


def clear_caches() -> None:
    """Forget cached results (benchmarks measuring unseen values; tests)."""
    _results.clear()
