"""The lint entry point: run every rule over a request and return findings in a stable order."""

from __future__ import annotations

from capi_desktop.domain.lint.contract_rules import check_event_fields, check_request_fields
from capi_desktop.domain.lint.custom_data_rules import check_custom_data
from capi_desktop.domain.lint.event_rules import check_event_envelope
from capi_desktop.domain.lint.findings import Collector, Finding, by_severity, counts, has_errors
from capi_desktop.domain.lint.kind_rules import check_event_kind
from capi_desktop.domain.lint.placeholder_rules import check_placeholders
from capi_desktop.domain.lint.request_rules import check_request
from capi_desktop.domain.lint.user_data_rules import check_user_data
from capi_desktop.domain.normalize import NormalizeContext
from capi_desktop.domain.request.event_model import CapiRequest

__all__ = ["by_severity", "counts", "has_errors", "lint"]  # the helpers live with Finding

_DEFAULT_CONTEXT = NormalizeContext()


def lint(
    request: CapiRequest, *, now: int, context: NormalizeContext = _DEFAULT_CONTEXT
) -> list[Finding]:
    """All findings for `request` as of Unix time `now` (seconds), request-level first, then
    per event in data order; within one event, in rule order."""
    out = Collector()
    events = check_request(request, out)
    check_request_fields(request.body, out)
    for index, event in events:
        base: list[str | int] = ["data", index]
        check_event_envelope(event, base, now, out)
        check_user_data(event, base, now, context, out)
        check_custom_data(event, base, out)
        check_event_fields(event, base, out)
        check_placeholders(event, base, out)
        check_event_kind(event, base, now, out)
    return out.findings
