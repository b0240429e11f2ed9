"""The Graph API version table as lint/export rely on it (capi.md §1.2)."""

from __future__ import annotations

import datetime as dt

from capi_desktop.domain.graph_versions import NEWEST_VERSION, version_status

TODAY = dt.date(2026, 11, 27)


def test_newest_version_is_v26() -> None:
    assert NEWEST_VERSION == "v26.0"


def test_statuses_on_a_fixed_day() -> None:
    assert version_status("v20.0", TODAY).state == "expired"  # expired 2026-09-24
    assert version_status("v21.0", TODAY).state == "near-expiry"  # expires 2027-01-21
    assert version_status("v25.0", TODAY).state == "current"
    assert version_status("v26.0", TODAY).state == "current"
    assert version_status("v99.0", TODAY).state == "unknown"
    assert version_status("26", TODAY).state == "unknown"
