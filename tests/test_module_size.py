"""Module size: every module at most 300 lines and the median at most 150 (issue 14's shape)."""

from __future__ import annotations

import statistics
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "capi_desktop"
MAX_LINES = 300
MAX_MEDIAN = 150


def _sizes() -> dict[str, int]:
    return {
        str(path.relative_to(PACKAGE)): len(path.read_text(encoding="utf-8").splitlines())
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.stat().st_size  # empty __init__ files are not modules anyone reads
    }


def test_no_module_is_over_300_lines() -> None:
    too_big = {name: n for name, n in _sizes().items() if n > MAX_LINES}
    assert not too_big, f"split these by responsibility: {too_big}"


def test_median_module_is_small() -> None:
    assert statistics.median(_sizes().values()) <= MAX_MEDIAN
