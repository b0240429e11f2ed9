"""Offline payload lint: predict what Meta rejects or silently fails to match before sending."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from capi_desktop.domain.lint.findings import (
    RULES,
    Finding,
    RuleSpec,
    Severity,
    by_severity,
    counts,
    has_errors,
)

if TYPE_CHECKING:
    from capi_desktop.domain.lint.engine import lint

__all__ = [
    "RULES",
    "Finding",
    "RuleSpec",
    "Severity",
    "by_severity",
    "counts",
    "has_errors",
    "lint",
]


def __getattr__(name: str) -> Any:
    # The engine imports every rule and the rules import normalization (phonenumbers, pycountry):
    # loaded on first use, so a panel that shows findings paints before it lints (issue 14).
    if name == "lint":
        from capi_desktop.domain.lint.engine import lint

        globals()["lint"] = lint
        return lint
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
