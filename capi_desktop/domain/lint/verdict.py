"""Meta's predicted answer to a request, from lint: the one validator the emulator and lint share."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from capi_desktop.domain.lint.findings import RULES, Finding


@dataclass(frozen=True)
class Rejection:
    """Why Meta would refuse the whole request: the first error finding and its Graph error."""

    finding: Finding
    code: int
    subcode: int | None
    title: str


def rejection(findings: Sequence[Finding]) -> Rejection | None:
    """The first error (Meta rejects the whole batch on the first invalid event), or None.

    Warnings and info never reject: they are what Meta accepts and Diagnostics may flag."""
    for finding in findings:
        if finding.severity != "error":
            continue
        predicted = finding.predicted_error or {"code": 100}
        spec = RULES.get(finding.rule)
        return Rejection(
            finding=finding,
            code=int(predicted.get("code", 100)),
            subcode=predicted.get("subcode"),
            title=spec.title if spec else finding.rule,
        )
    return None
