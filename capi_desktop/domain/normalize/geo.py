"""Cached pycountry lookups: countries by code/name/alias, subdivisions by name, region of a context."""

from __future__ import annotations

import functools
import unicodedata
from typing import Any

import pycountry

# Common names that are not ISO codes or pycountry names; keys are folded (see `fold`).
COUNTRY_ALIASES: dict[str, str] = {
    "usa": "us",
    "unitedstatesofamerica": "us",
    "america": "us",
    "us": "us",
    "uk": "gb",
    "unitedkingdom": "gb",
    "greatbritain": "gb",
    "britain": "gb",
    "england": "gb",
    "scotland": "gb",
    "wales": "gb",
    "northernireland": "gb",
    "holland": "nl",
    "southkorea": "kr",
    "korea": "kr",
    "northkorea": "kp",
    "russia": "ru",
    "iran": "ir",
    "syria": "sy",
    "vietnam": "vn",
    "laos": "la",
    "bolivia": "bo",
    "venezuela": "ve",
    "tanzania": "tz",
    "moldova": "md",
    "taiwan": "tw",
    "czechia": "cz",
    "czechrepublic": "cz",
    "turkey": "tr",
    "ivorycoast": "ci",
    "macedonia": "mk",
    "uae": "ae",
    "deutschland": "de",
    "espana": "es",
    "brasil": "br",
    "schweiz": "ch",
    "suisse": "ch",
    "osterreich": "at",
    "italia": "it",
    "nederland": "nl",
    "polska": "pl",
    "mexico": "mx",
}


def fold(text: str) -> str:
    """Lowercase ASCII-letters-only key: "U.S.A." → "usa", "Côte d'Ivoire" → "cotedivoire"."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if "a" <= ch <= "z")


@functools.cache
def _country_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for country in pycountry.countries:
        code = country.alpha_2.lower()
        for attr in ("name", "official_name", "common_name"):
            name = getattr(country, attr, None)
            if name:
                table.setdefault(fold(name), code)
                # "Korea, Republic of" → also "Republic of Korea" style reordering.
                if ", " in name:
                    head, _, tail = name.partition(", ")
                    table.setdefault(fold(f"{tail} {head}"), code)
    for alias, code in COUNTRY_ALIASES.items():
        table.setdefault(alias, code)
    return table


@functools.cache
def _alpha2() -> frozenset[str]:
    return frozenset(c.alpha_2.lower() for c in pycountry.countries)


@functools.cache
def _alpha3() -> dict[str, str]:
    return {c.alpha_3.lower(): c.alpha_2.lower() for c in pycountry.countries}


def is_alpha2(code: str) -> bool:
    """True when `code` (any case) is an assigned ISO 3166-1 alpha-2 code."""
    return code.lower() in _alpha2()


@functools.lru_cache(maxsize=4096)
def lookup_country(text: str) -> tuple[str, str] | None:
    """(alpha-2 lowercase, how it was found) for a code, alpha-3, name or alias; else None."""
    key = fold(text)
    if not key:
        return None
    if len(key) == 2 and key in _alpha2():
        return key, "alpha-2 code"
    if key in COUNTRY_ALIASES:
        return COUNTRY_ALIASES[key], "common name"
    if len(key) == 3 and key in _alpha3():
        return _alpha3()[key], "alpha-3 code"
    found = _country_table().get(key)
    if found is not None:
        return found, "country name"
    return None


def country_name(alpha2: str) -> str:
    """Display name for an alpha-2 code (the code itself when unknown)."""
    country = pycountry.countries.get(alpha_2=alpha2.upper())
    return country.name if country is not None else alpha2.upper()


@functools.lru_cache(maxsize=64)
def subdivision_codes(alpha2: str) -> dict[str, str]:
    """Folded subdivision name or code → short lowercase code (e.g. "california" → "ca")."""
    table: dict[str, str] = {}
    found: Any = pycountry.subdivisions.get(country_code=alpha2.upper())  # type: ignore[no-untyped-call]
    for sub in found or ():
        short = sub.code.split("-", 1)[1].lower()
        table.setdefault(fold(short), short)
        table.setdefault(fold(sub.name), short)
    return table


@functools.lru_cache(maxsize=256)
def region_of(default_country: str | None) -> str | None:
    """The uppercase alpha-2 of a default country (aliases like "UK" resolved), else None.
    Rules call it with `ctx.default_country`: the lru_cache's C lookup, no Python frame."""
    if not default_country:
        return None
    found = lookup_country(default_country)
    return found[0].upper() if found else None


def lookup_default_country(text: str) -> str | None:
    """Uppercase alpha-2 for a country given as code, alpha-3, name or alias ("UK" → "GB")."""
    return region_of(text)
