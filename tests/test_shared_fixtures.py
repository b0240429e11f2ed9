"""The repo's copy of the shared Graph API fixtures must not drift from ../shared/fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SHARED_FIXTURES

UPSTREAM = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "graph"


@pytest.mark.skipif(not UPSTREAM.is_dir(), reason="../shared is not beside this checkout")
def test_local_fixture_copy_matches_shared() -> None:
    upstream = {p.name: p.read_bytes() for p in UPSTREAM.iterdir() if p.is_file()}
    local = {p.name: p.read_bytes() for p in (SHARED_FIXTURES / "graph").iterdir() if p.is_file()}
    assert local == upstream
