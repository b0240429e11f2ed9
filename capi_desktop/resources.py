"""The one accessor for packaged data files (checkout, wheel and frozen build alike)."""

from __future__ import annotations

import json
import sys
from functools import cache
from pathlib import Path
from typing import Any


@cache
def resources_dir() -> Path:
    """Find `resources/`: frozen bundle, installed wheel (`_resources`), or the checkout."""
    here = Path(__file__).resolve().parent
    candidates = []
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        candidates += [
            Path(frozen_root) / "capi_desktop" / "_resources",
            Path(frozen_root) / "resources",
        ]
    candidates += [here / "_resources", here.parent / "resources"]
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(
        "CAPI Desktop resources folder not found; the installation is incomplete"
    )


def resource_path(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def read_text(*parts: str) -> str:
    return resource_path(*parts).read_text(encoding="utf-8")


@cache
def load_json(*parts: str) -> Any:
    """Parsed JSON resource, cached: treat the result as read-only."""
    return json.loads(read_text(*parts))
