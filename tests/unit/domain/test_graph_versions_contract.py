"""The Graph API version table as lint/export rely on it (capi.md §1.2)."""

from __future__ import annotations

import datetime as dt

from capi_desktop.domain.request.graph_versions import NEWEST_VERSION, version_status

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


def test_deprecated_soon_and_expired_flags() -> None:
    assert version_status("v20.0", TODAY).expired
    assert not version_status("v20.0", TODAY).deprecated_soon
    assert version_status("v21.0", TODAY).deprecated_soon
    assert not version_status("v21.0", TODAY).expired
    later = dt.date(2027, 1, 21)  # the expiry day itself counts as expired
    assert version_status("v21.0", later).expired
    assert not version_status("v26.0", later).deprecated_soon
