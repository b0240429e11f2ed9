"""Normalization and hashing of user_data per Meta's rules, with steps, warnings and variants.

Public API (a contract for lint, the Composer and the dedup checker):
normalize(key, raw, context=...) -> FieldResult; normalize_values; normalize_user_data;
variants(key, raw, context), which_variant(hash, raw, context) and who_sent(hash, raw) for the
cross-tool view ("which implementation sent this?").
"""

from __future__ import annotations

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
