"""Offline payload lint: predict what Meta rejects or silently fails to match before sending."""

from __future__ import annotations

from capi_desktop.domain.lint.engine import by_severity, counts, has_errors, lint
from capi_desktop.domain.lint.findings import RULES, Finding, RuleSpec, Severity

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
