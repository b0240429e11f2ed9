"""Graph API versions with their expiry dates (capi.md §1.2) and a status for a chosen one."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

# (version, released, expires or None while unannounced) — newest first.
VERSIONS: tuple[tuple[str, dt.date, dt.date | None], ...] = (
    ("v26.0", dt.date(2026, 7, 29), None),
    ("v25.0", dt.date(2026, 2, 18), dt.date(2028, 7, 29)),
    ("v24.0", dt.date(2025, 10, 8), dt.date(2028, 2, 18)),
    ("v23.0", dt.date(2025, 5, 29), dt.date(2027, 10, 8)),
    ("v22.0", dt.date(2025, 1, 21), dt.date(2027, 5, 20)),
    ("v21.0", dt.date(2024, 10, 2), dt.date(2027, 1, 21)),
    ("v20.0", dt.date(2024, 5, 21), dt.date(2026, 9, 24)),
)
DEFAULT_API_VERSION = VERSIONS[0][0]
NEWEST_VERSION = DEFAULT_API_VERSION  # the name the lint/export contract uses
NEAR_EXPIRY_DAYS = 90
_VERSION_RE = re.compile(r"^v\d{1,3}\.0$")


@dataclass(frozen=True)
class VersionStatus:
    version: str
    state: str  # "current" | "near-expiry" | "expired" | "unknown"
    message: str = ""

    @property
    def deprecated_soon(self) -> bool:
        """Within NEAR_EXPIRY_DAYS of its announced expiry (the issue's `deprecated_soon`)."""
        return self.state == "near-expiry"

    @property
    def expired(self) -> bool:
        return self.state == "expired"


def is_valid_version(version: str) -> bool:
    return bool(_VERSION_RE.match(version))


def version_status(version: str, today: dt.date | None = None) -> VersionStatus:
    """How usable a version is today; a message to show when it is not plainly current."""
    today = today or dt.date.today()
    for name, _released, expires in VERSIONS:
        if name != version:
            continue
        if expires is None:
            return VersionStatus(version, "current")
        if expires <= today:
            return VersionStatus(
                version,
                "expired",
                f"{version} expired on {expires.isoformat()}; Meta answers with the oldest "
                f"supported version instead. Switch to {DEFAULT_API_VERSION}.",
            )
        if (expires - today).days <= NEAR_EXPIRY_DAYS:
            return VersionStatus(
                version,
                "near-expiry",
                f"{version} expires on {expires.isoformat()}; plan a move to {DEFAULT_API_VERSION}.",
            )
        return VersionStatus(version, "current")
    if not is_valid_version(version):
        return VersionStatus(version, "unknown", f"{version!r} is not a Graph API version (vNN.0).")
    return VersionStatus(
        version, "unknown", f"{version} is not in CAPI Desktop's version table; it may be too old."
    )
