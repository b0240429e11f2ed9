"""normalize / normalize_values / normalize_user_data: dispatch, result cache, lists of values."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from time import time as _time

from capi_desktop.domain.normalize.keys import ALL_KEYS, MULTI_VALUE_KEYS, suggest_key
from capi_desktop.domain.normalize.model import FieldResult, FieldWarning, NormalizeContext
from capi_desktop.domain.normalize.pipeline import RULES, error, normalize_text
from capi_desktop.domain.normalize.trace import show

__all__ = ["RULES", "clear_caches", "normalize", "normalize_user_data", "normalize_values"]

_MAX_CACHED_CHARS = 512  # bounds the cache memory; long values are rare
_DEFAULT_CONTEXT = NormalizeContext()
# Keys whose outcome depends on the clock: cached under a rounded clock (_clock_context).
_CLOCK_KEYS = frozenset({"fbc", "fbp", "db"})
_MAX_RESULTS = 32_768  # results kept in all tables together
_MAX_TABLES = 512
_CLOCK_CONTEXTS: dict[tuple[str | None, int], NormalizeContext] = {}

# The result cache: one table (value text -> result) per context and key, so a lookup is two
# dict reads of strings whose hash Python already keeps, no tuple built per value.
_Table = dict[str, FieldResult]
_tables: dict[tuple[str | None, datetime | None, str], _Table] = {}
# A view: for one context (and, without a fixed clock, one minute) every key's table and the
# context its values are normalized with (the rounded clock for the clock keys).
_View = tuple[dict[str, _Table], dict[str, NormalizeContext]]
_views: dict[tuple[str | None, object], _View] = {}
_size = 0  # results in all tables


def _view(context: NormalizeContext) -> _View:
    now = context.now
    minute = int(_time()) // 60 if now is None else 0
    slot = (context.default_country, minute if now is None else now)
    found = _views.get(slot)
    if found is None:
        if len(_views) > 64 or len(_tables) > _MAX_TABLES:
            clear_caches()
        tables: dict[str, _Table] = {}
        contexts: dict[str, NormalizeContext] = {}
        for key in ALL_KEYS:
            clocked = now is None and key in _CLOCK_KEYS
            keyed = _clock_context(key, context, minute) if clocked else context
            contexts[key] = keyed
            tables[key] = _tables.setdefault((keyed.default_country, keyed.now, key), {})
        found = _views[slot] = (tables, contexts)
    return found


def _fill(table: _Table, key: str, text: str, context: NormalizeContext) -> FieldResult:
    """Normalize a value the cache does not hold yet, and keep it (a failure is not kept)."""
    global _size
    try:
        found = normalize_text(key, text, context)
    except Exception as exc:  # the engine's promise
        return _internal_error(key, text, exc)
    if _size >= _MAX_RESULTS:
        _keep_newer_half()
    table[text] = found
    _size += 1
    return found


def _keep_newer_half() -> None:
    """A full cache keeps the newer half of every table (dicts keep insertion order)."""
    global _size
    _size = 0
    for table in list(_tables.values()):  # a snapshot: another thread may add a table
        newer = list(table.items())[len(table) // 2 :]
        table.clear()
        table.update(newer)
        _size += len(newer)


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


def _clock_context(
    key: str, context: NormalizeContext, minute: int | None = None
) -> NormalizeContext:
    """The context with the clock rounded down: to the minute for fbc/fbp age checks, to the
    day for dates, so a live preview re-uses results (a minute is far below the 5-minute skew
    and 90-day expiry those checks use). One object per country and minute, built once."""
    if minute is None:
        minute = int(_time()) // 60
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
        if len(text) > _MAX_CACHED_CHARS:  # not kept: bounds the cache's memory
            return normalize_text(key_text, text, context)
        tables, contexts = _view(context)
        table = tables[key_text]
        found = table.get(text)
        return _fill(table, key_text, text, contexts[key_text]) if found is None else found
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
        return [normalize(key, items[0], context=context)]
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
    out: dict[str, list[FieldResult]] = {}
    tables, contexts = _view(context)  # one clock reading for the whole object
    for key, value in user_data.items():
        # normalize() inlined (this loop runs per value): a text value of a known key, or a
        # list of one, goes straight to its table; anything else takes the general path.
        text = value[0] if type(value) is list and len(value) == 1 else value
        if type(text) is str:
            table = tables.get(key)
            if table is not None:
                found = table.get(text)
                if found is None:
                    found = (
                        _fill(table, key, text, contexts[key])
                        if len(text) <= _MAX_CACHED_CHARS
                        else normalize(key, text, context=context)
                    )
                out[key] = [found]
                continue
        out[key] = normalize_values(key, value, context=context)
    return out


def clear_caches() -> None:
    """Forget cached results (benchmarks measuring unseen values; tests)."""
    global _size
    _tables.clear()
    _views.clear()
    _size = 0
