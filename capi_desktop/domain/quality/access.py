"""Which quality reads a token can do, from its scopes, and the setup step for a missing one."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from capi_desktop.domain.quality.fields import DQ_API_DOC, PIXEL_DOC, STATS_DOC

SETUP_STEP = (
    "Business Settings → Users → System users → select the user → Assign assets: this pixel "
    "(dataset) with at least Partial access → Use events dataset → Generate new token with "
    "{scopes} → paste it into Credentials (Meta's Dataset Quality API page, Setup Requirements)."
)


@dataclass(frozen=True)
class ReadSpec:
    key: str
    label: str
    all_of: tuple[str, ...]  # every one needed
    any_of: tuple[str, ...]  # at least one needed (empty = none)
    doc: str


# Dataset Quality API: ads_read plus ads_management or business_management (capi.md §8, DQ docs).
# Pixel reads: modelled on the Ads Pixel reference (ads_read or ads_management / business_management
# reach a pixel the System User is assigned to); Meta does not list one scope per edge.
READS: tuple[ReadSpec, ...] = (
    ReadSpec(
        "dataset_quality",
        "Event Match Quality (dataset_quality)",
        ("ads_read",),
        ("ads_management", "business_management"),
        DQ_API_DOC,
    ),
    ReadSpec(
        "stats",
        "Pixel stats (/{pixel}/stats)",
        (),
        ("ads_read", "ads_management", "business_management"),
        STATS_DOC,
    ),
    ReadSpec(
        "da_checks",
        "Diagnostics checks (/{pixel}/da_checks)",
        (),
        ("ads_read", "ads_management", "business_management"),
        STATS_DOC,
    ),
    ReadSpec(
        "pixel",
        "Pixel settings (last fired, matching)",
        (),
        ("ads_read", "ads_management", "business_management"),
        PIXEL_DOC,
    ),
)


@dataclass(frozen=True)
class ReadAccess:
    key: str
    label: str
    allowed: bool | None  # None: scopes unknown
    missing: tuple[str, ...]  # scopes to add (for any_of: written "a or b")
    setup_step: str


def missing_scopes(spec: ReadSpec, scopes: Iterable[str]) -> tuple[str, ...]:
    have = set(scopes)
    missing = [s for s in spec.all_of if s not in have]
    if spec.any_of and not have.intersection(spec.any_of):
        missing.append(" or ".join(spec.any_of))
    return tuple(missing)


def probe_reads(scopes: Iterable[str] | None) -> tuple[ReadAccess, ...]:
    """One verdict per quality read; `None` scopes (no /debug_token) give 'unknown', not a guess."""
    result = []
    for spec in READS:
        if scopes is None:
            result.append(ReadAccess(spec.key, spec.label, None, (), ""))
            continue
        missing = missing_scopes(spec, scopes)
        step = SETUP_STEP.format(scopes=", ".join(missing)) if missing else ""
        result.append(ReadAccess(spec.key, spec.label, not missing, missing, step))
    return tuple(result)


def read_spec(key: str) -> ReadSpec:
    return next(spec for spec in READS if spec.key == key)
