"""Fixtures for live-session tests: Debian chromium (skipped when absent), relay, emulator, shop."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest

from capi_desktop.backend.emulator import RunningEmulator, start_emulator


def find_chromium() -> str | None:
    configured = os.environ.get("CAPI_DESKTOP_TEST_BROWSER")
    if configured:
        return configured
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture
def chromium() -> str:
    found = find_chromium()
    if found is None:
        pytest.skip(
            "no Chromium-family browser on PATH: apt-get install chromium (.ci/run installs it)"
        )
    return found


@pytest.fixture
def emulator() -> Iterator[RunningEmulator]:
    with start_emulator() as running:
        yield running
