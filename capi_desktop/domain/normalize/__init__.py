"""Normalization and hashing of user_data per Meta's rules, with steps, warnings and variants.

Public API (a contract for lint, the Composer and the dedup checker):
normalize(key, raw, context=...) -> FieldResult; normalize_values; normalize_user_data;
variants(key, raw, context), which_variant(hash, raw, context) and who_sent(hash, raw) for the
cross-tool view ("which implementation sent this?").
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from capi_desktop.domain.normalize.cookies import (
        CookieProblem,
        ParsedCookie,
        ParsedFbc,
        ParsedFbp,
        parse_fbc,
        parse_fbp,
    )
    from capi_desktop.domain.normalize.engine import (
        clear_caches,
        normalize,
        normalize_user_data,
        normalize_values,
    )
    from capi_desktop.domain.normalize.geo import lookup_default_country
    from capi_desktop.domain.normalize.hashed import (
        Appendix,
        ParamBuilderValue,
        decode_appendix,
        hash_part,
        is_sha256_hex,
        looks_like_md5,
        looks_like_sha256,
        parse_param_builder_value,
        sha256_hex,
        split_appendix,
    )
    from capi_desktop.domain.normalize.keys import (
        ALL_KEYS,
        HASHED_KEYS,
        KEY_ALIASES,
        KEY_LABELS,
        KEY_ORDER,
        MULTI_VALUE_KEYS,
        NEVER_HASHED_KEYS,
        canonical_key,
        suggest_key,
    )
    from capi_desktop.domain.normalize.model import (
        STATUSES,
        FieldResult,
        FieldWarning,
        NormalizeContext,
        Variant,
    )
    from capi_desktop.domain.normalize.variants import (
        EXTRA_CANDIDATES,
        IMPLEMENTATIONS,
        variants,
        which_variant,
    )
    from capi_desktop.domain.normalize.who_sent import WhoSent, who_sent

__all__ = [
    "ALL_KEYS",
    "EXTRA_CANDIDATES",
    "HASHED_KEYS",
    "IMPLEMENTATIONS",
    "KEY_ALIASES",
    "KEY_LABELS",
    "KEY_ORDER",
    "MULTI_VALUE_KEYS",
    "NEVER_HASHED_KEYS",
    "STATUSES",
    "Appendix",
    "CookieProblem",
    "FieldResult",
    "FieldWarning",
    "NormalizeContext",
    "ParamBuilderValue",
    "ParsedCookie",
    "ParsedFbc",
    "ParsedFbp",
    "Variant",
    "WhoSent",
    "canonical_key",
    "clear_caches",
    "decode_appendix",
    "hash_part",
    "is_sha256_hex",
    "looks_like_md5",
    "looks_like_sha256",
    "lookup_default_country",
    "normalize",
    "normalize_user_data",
    "normalize_values",
    "parse_fbc",
    "parse_fbp",
    "parse_param_builder_value",
    "sha256_hex",
    "split_appendix",
    "suggest_key",
    "variants",
    "which_variant",
    "who_sent",
]

# Each name loads its own module on first use (PEP 562): the engine pulls in phonenumbers and
# pycountry (~35 ms), which a panel reading only key labels or result types must not pay before
# it paints (issue 14, time to interactive). `from capi_desktop.domain.normalize import normalize`
# still works; it imports the engine then.
_HOMES: dict[str, str] = {
    "CookieProblem": "cookies",
    "ParsedCookie": "cookies",
    "ParsedFbc": "cookies",
    "ParsedFbp": "cookies",
    "parse_fbc": "cookies",
    "parse_fbp": "cookies",
    "clear_caches": "engine",
    "normalize": "engine",
    "normalize_user_data": "engine",
    "normalize_values": "engine",
    "lookup_default_country": "geo",
    "Appendix": "hashed",
    "ParamBuilderValue": "hashed",
    "decode_appendix": "hashed",
    "hash_part": "hashed",
    "is_sha256_hex": "hashed",
    "looks_like_md5": "hashed",
    "looks_like_sha256": "hashed",
    "parse_param_builder_value": "hashed",
    "sha256_hex": "hashed",
    "split_appendix": "hashed",
    "ALL_KEYS": "keys",
    "HASHED_KEYS": "keys",
    "KEY_ALIASES": "keys",
    "KEY_LABELS": "keys",
    "KEY_ORDER": "keys",
    "MULTI_VALUE_KEYS": "keys",
    "NEVER_HASHED_KEYS": "keys",
    "canonical_key": "keys",
    "suggest_key": "keys",
    "FieldResult": "model",
    "FieldWarning": "model",
    "NormalizeContext": "model",
    "STATUSES": "model",
    "Variant": "model",
    "EXTRA_CANDIDATES": "variants",
    "IMPLEMENTATIONS": "variants",
    "variants": "variants",
    "which_variant": "variants",
    "WhoSent": "who_sent",
    "who_sent": "who_sent",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_HOMES])


_SAME_NAMED = frozenset({"variants", "who_sent"})  # a function named like its own module


class _Package(types.ModuleType):
    """Importing `.variants` would set this package's `variants` to that module (the import
    system binds each loaded submodule on its package); the eager imports used to rebind the
    function right after, so the function is what is bound here too."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _SAME_NAMED and isinstance(value, types.ModuleType):
            value = getattr(value, name)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
