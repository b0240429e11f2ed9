"""Rules for em, fn/ln, ct, ge and external_id (Meta customer-information parameters)."""

from __future__ import annotations

import re

from capi_desktop.domain.normalize.model import FieldWarning, NormalizeContext
from capi_desktop.domain.normalize.trace import (
    Trace,
    describe_removed,
    keep_chars,
    letters_only,
    lowercase,
    nfc,
    show,
)

_WHITESPACE = re.compile(r"\s")


def email_shape_problem(value: str) -> str | None:
    """Why `value` is not shaped like local@domain.tld, or None. Linear time on any length."""
    local, at, domain = value.rpartition("@")
    if not at:
        return "has no '@'"
    if not local:
        return "has nothing before the '@'"
    if "." not in domain:
        return "has no '.' in the domain"
    if "" in domain.split("."):
        return "has an empty part in the domain"
    return None


def rule_em(value: str, ctx: NormalizeContext, trace: Trace) -> str | None:
    if value.endswith(">") and "<" in value:
        inner = value[value.rindex("<") + 1 : -1].strip()
        if "@" in inner:
            trace.step(f"took the address out of {show(value)}")
            value = inner
    if value[:1] in ("m", "M") and value[:7].lower() == "mailto:":
        value = value[7:].strip()
        trace.step("removed 'mailto:'")
    lowered = value.lower()  # lowercase() inlined: one Python call less per address
    if lowered != value:
        trace.step("lowercased")
    value = nfc(lowered, trace)
    problem = email_shape_problem(value)
    if problem is not None:
        trace.fail("em.invalid", f"Not an email address: {show(value)} {problem}.")
        return None
    if _WHITESPACE.search(value):
        trace.warn(
            "em.whitespace",
            "The address contains whitespace; it is hashed as typed, but it is probably a typo.",
        )
    if "@" in value.rpartition("@")[0]:
        trace.warn("em.multiple_at", "The address contains more than one '@'.")
    if not value.isascii():
        trace.step("kept non-ASCII characters (internationalized address, hashed as UTF-8)")
        if "xn--" not in value:
            trace.step("note: a punycode (xn--) spelling of the same domain would hash differently")
    return value


def rule_name(value: str, ctx: NormalizeContext, trace: Trace) -> str | None:
    kept = letters_only(
        nfc(lowercase(value, trace), trace),
        trace,
        keep_digits=True,
        removed_what="punctuation and spaces",
        empty_code="name.empty",
        empty_message="Nothing is left after removing punctuation and spaces.",
    )
    if kept is None:
        return None
    if any(ch.isdigit() for ch in kept):
        trace.warn("name.digits", "The name contains digits; check the field mapping.")
    return kept


def rule_ct(value: str, ctx: NormalizeContext, trace: Trace) -> str | None:
    return letters_only(
        nfc(lowercase(value, trace), trace),
        trace,
        keep_digits=False,
        removed_what="spaces, punctuation and digits",
        empty_code="ct.empty",
        empty_message="Nothing is left of the city after removing non-letters.",
    )


_FEMALE = frozenset(
    [
        "f",
        "female",
        "woman",
        "women",
        "w",
        "girl",
        "fem",
        "feminine",
        "femme",
        "femenino",
        "femenina",
        "feminino",
        "feminina",
        "femminile",
        "weiblich",
        "weibl",
        "frau",
        "mujer",
        "mulher",
        "donna",
        "kobieta",
        "vrouw",
        "kvinde",
        "kvinna",
        "nainen",
        "mrs",
        "ms",
        "miss",
    ]
)
_MALE = frozenset(
    [
        "m",
        "male",
        "man",
        "men",
        "boy",
        "masc",
        "masculine",
        "homme",
        "masculin",
        "masculino",
        "masculina",
        "maschile",
        "männlich",
        "maennlich",
        "mannlich",
        "herr",
        "hombre",
        "homem",
        "uomo",
        "mężczyzna",
        "mezczyzna",
        "mann",
        "mand",
        "mies",
        "mr",
    ]
)


def rule_ge(value: str, ctx: NormalizeContext, trace: Trace) -> str | None:
    value = lowercase(value, trace)
    word, removed = keep_chars(value, keep_digits=False)
    if word in ("f", "m"):
        if removed:
            trace.step(f"removed {describe_removed(removed)}")
        return word
    if word in _FEMALE:
        trace.step(f"mapped {show(value)} to 'f'")
        return "f"
    if word in _MALE:
        trace.step(f"mapped {show(value)} to 'm'")
        return "m"
    trace.fail(
        "ge.unknown",
        f"Unknown gender {show(value)}: Meta accepts only 'f' or 'm'; omit the key otherwise.",
    )
    return None


def rule_external_id(value: str, ctx: NormalizeContext, trace: Trace) -> str | None:
    # Meta: hashing recommended, no normalization rule, "same format on every channel"
    # (capi.md §3.1). We hash it exactly as given (trimmed). Tools disagree (docs/variants.md).
    trace.warnings.append(_EXTERNAL_ID_CONSISTENCY)
    if value != value.lower() or _WHITESPACE.search(value):
        trace.warnings.append(_EXTERNAL_ID_TOOLS_DIFFER)
    return value


_EXTERNAL_ID_CONSISTENCY = FieldWarning(
    "external_id.consistency",
    "external_id must be sent in exactly the same form (and hashed the same way) from "
    "the Pixel, the Conversions API and offline uploads, or matching and dedup break.",
)
_EXTERNAL_ID_TOOLS_DIFFER = FieldWarning(
    "external_id.tools_differ",
    "This ID has capitals or spaces: Meta's parameter builder lowercases it and removes "
    "spaces before hashing, the Python and Node SDKs send it unhashed exactly as given, "
    "and this app hashes it as typed. Use one form (e.g. lowercase, no spaces) everywhere.",
)
