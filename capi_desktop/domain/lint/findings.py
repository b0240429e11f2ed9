"""Lint findings, the rule catalogue (id → severity, doc link, predicted Graph error) and a collector."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal, NamedTuple

from capi_desktop.domain import doc_links as docs
from capi_desktop.domain.request.json_locate import PathPart, join_path

Severity = Literal["error", "warning", "info"]
SEVERITY_ORDER: Mapping[str, int] = {"error": 0, "warning": 1, "info": 2}


class Finding(NamedTuple):
    """One problem in a request; `path` is relative to the request body (`data[0].user_data.em[0]`)."""

    rule: str
    severity: Severity
    path: str
    message: str
    fix: str
    doc_url: str
    predicted_error: Mapping[str, int] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "path": self.path,
            "message": self.message,
            "fix": self.fix,
            "doc_url": self.doc_url,
            "predicted_error": dict(self.predicted_error) if self.predicted_error else None,
        }

    @property
    def predicted_error_key(self) -> str | None:
        """Error-catalogue key ("100/2804003", or "100" without subcode) of the predicted error."""
        if not self.predicted_error:
            return None
        code = self.predicted_error.get("code")
        subcode = self.predicted_error.get("subcode")
        return f"{code}/{subcode}" if subcode is not None else str(code)

    @property
    def event_index(self) -> int | None:
        """Index into `data` this finding belongs to, None for request-level findings."""
        if not self.path.startswith("data["):
            return None
        end = self.path.find("]")
        return int(self.path[5:end]) if end > 5 else None


class RuleSpec(NamedTuple):
    severity: Severity
    title: str
    doc_url: str
    predicted_error: Mapping[str, int] | None = None


TOO_OLD = {"code": 100, "subcode": 2804003}
INSUFFICIENT_CUSTOMER_INFO = {"code": 100, "subcode": 2804050}
# Real body: Adsmurai GTM template issue #7 (tests/fixtures/realworld/SOURCES.md).
MISSING_CURRENCY = {"code": 100, "subcode": 2804010}

R = RuleSpec
RULES: Mapping[str, RuleSpec] = {
    # request envelope
    "request.no_data": R("error", "Request has no data array", docs.MAIN_BODY, {"code": 100}),
    "request.empty_data": R("error", "data holds no events", docs.MAIN_BODY, {"code": 100}),
    "request.data_as_json_strings": R("info", "Events sent as JSON strings", docs.USING_API),
    "request.too_many_events": R("error", "More than 1,000 events", docs.USING_API, {"code": 100}),
    "request.event_not_object": R(
        "error", "An event is not a JSON object", docs.SERVER_EVENT, {"code": 100}
    ),
    "request.duplicate_event_id": R("warning", "Same event_id on different events", docs.DEDUP),
    "request.test_event_code_present": R("info", "Test event code present", docs.USING_API),
    "request.test_event_code_absent": R("info", "No test event code", docs.USING_API),
    "request.access_token_in_body": R("warning", "Access token inside the body", docs.USING_API),
    "request.unknown_key": R("warning", "Unknown top-level key", docs.MAIN_BODY),
    # event envelope
    "event.unknown_key": R("warning", "Unknown server event key", docs.SERVER_EVENT),
    "event_time.missing": R("error", "event_time missing", docs.SERVER_EVENT, {"code": 100}),
    "event_time.not_integer": R(
        "error", "event_time not an integer", docs.SERVER_EVENT, {"code": 100}
    ),
    "event_time.milliseconds": R("warning", "event_time in milliseconds", docs.SERVER_EVENT),
    "event_time.future": R("warning", "event_time in the future", docs.SERVER_EVENT),
    "event_time.too_old": R(
        "error", "event_time older than the upload window", docs.SERVER_EVENT, TOO_OLD
    ),
    "event_time.stale": R("warning", "event_time older than one hour", docs.USING_API),
    "event_name.missing": R("error", "event_name missing", docs.SERVER_EVENT, {"code": 100}),
    "event_name.wrong_case": R(
        "warning", "Standard event name spelled differently", docs.STANDARD_EVENTS
    ),
    "event_name.possible_typo": R(
        "warning", "Custom event name close to a standard one", docs.STANDARD_EVENTS
    ),
    "action_source.missing": R("error", "action_source missing", docs.SERVER_EVENT, {"code": 100}),
    "action_source.invalid": R(
        "error", "action_source not a known value", docs.SERVER_EVENT, {"code": 100}
    ),
    "action_source.website_without_url": R(
        "warning", "Website event without event_source_url", docs.SERVER_EVENT
    ),
    "action_source.website_without_user_agent": R(
        "warning", "Website event without client_user_agent", docs.BEST_PRACTICES
    ),
    "event_id.missing": R("warning", "event_id missing", docs.DEDUP),
    "event_id.whitespace": R("warning", "event_id has surrounding whitespace", docs.DEDUP),
    "event_id.not_string": R("warning", "event_id not a string", docs.SERVER_EVENT),
    "event_id.too_long": R("warning", "event_id unusually long", docs.DEDUP),
    # user_data
    "user_data.missing": R(
        "error", "user_data missing or empty", docs.CUSTOMER_INFO, INSUFFICIENT_CUSTOMER_INFO
    ),
    "user_data.not_object": R(
        "error", "user_data not an object", docs.CUSTOMER_INFO, {"code": 100}
    ),
    "user_data.bad_value_type": R(
        "warning", "user_data value of the wrong type", docs.CUSTOMER_INFO
    ),
    "user_data.empty_value": R("warning", "Empty user_data value", docs.CUSTOMER_INFO),
    "user_data.unhashed_pii": R("warning", "Unhashed value in a hashed key", docs.CUSTOMER_INFO),
    "user_data.not_sha256": R(
        "warning", "Value in a hashed key is not a SHA-256 hash", docs.CUSTOMER_INFO
    ),
    "user_data.uppercase_hash": R("warning", "Hash in upper-case hex", docs.CUSTOMER_INFO),
    "user_data.md5_hash": R("warning", "MD5 hash instead of SHA-256", docs.CUSTOMER_INFO),
    "user_data.hashed_never_hashed_key": R(
        "warning", "Hash in a key that must not be hashed", docs.CUSTOMER_INFO
    ),
    "user_data.bad_fbp": R("warning", "fbp not in _fbp cookie format", docs.FBP_FBC),
    "user_data.bad_fbc": R("warning", "fbc not in _fbc cookie format", docs.FBP_FBC),
    "user_data.invalid_ip": R("warning", "client_ip_address not a valid IP", docs.CUSTOMER_INFO),
    "user_data.alias_key": R("warning", "Alias instead of Meta's key name", docs.CUSTOMER_INFO),
    "user_data.unknown_key": R("warning", "Unknown user_data key", docs.CUSTOMER_INFO),
    "user_data.broad_combination": R(
        "error", "Only a too-broad key combination", docs.BEST_PRACTICES, INSUFFICIENT_CUSTOMER_INFO
    ),
    "user_data.no_strong_key": R("warning", "No strong match key", docs.BEST_PRACTICES),
    # custom_data
    "custom_data.not_object": R(
        "error", "custom_data not an object", docs.CUSTOM_DATA, {"code": 100}
    ),
    "custom_data.purchase_missing_value": R("warning", "Purchase without value", docs.CUSTOM_DATA),
    "custom_data.purchase_missing_currency": R(
        "error", "Purchase without currency", docs.CUSTOM_DATA, MISSING_CURRENCY
    ),
    "custom_data.currency_invalid": R(
        "error", "currency not an ISO 4217 code", docs.CUSTOM_DATA, {"code": 100}
    ),
    # values (lint/placeholder_rules.py)
    "values.placeholder": R("warning", "Unresolved template placeholder in a value", docs.DEDUP),
    # limited data use
    "ldu.invalid_options": R(
        "error",
        'data_processing_options not [] or ["LDU"]',
        docs.DATA_PROCESSING_OPTIONS,
        {"code": 100},
    ),
    "ldu.missing_location": R("warning", "LDU without country/state", docs.DATA_PROCESSING_OPTIONS),
    "ldu.incomplete_location": R(
        "warning",
        "LDU country without state or state without country",
        docs.DATA_PROCESSING_OPTIONS,
    ),
    "ldu.invalid_location": R(
        "error", "LDU country/state not a known code", docs.DATA_PROCESSING_OPTIONS, {"code": 100}
    ),
    "ldu.location_without_ldu": R(
        "warning", "LDU country/state without LDU", docs.DATA_PROCESSING_OPTIONS
    ),
    # field contract rows (resources/field_contract.json); severity per row
    "field.missing": R("warning", "A field Meta requires here is missing", docs.PARAMETERS),
    "field.wrong_type": R("warning", "Field of the wrong JSON type", docs.PARAMETERS),
    "field.not_allowed_value": R(
        "warning", "Value outside Meta's documented values", docs.PARAMETERS
    ),
    "field.bad_format": R("warning", "Value not in the documented format", docs.PARAMETERS),
    "field.empty": R("warning", "Empty string where a value is expected", docs.PARAMETERS),
    "field.out_of_range": R("warning", "Number outside the documented range", docs.PARAMETERS),
    "field.pii_in_identifier": R(
        "warning", "Raw e-mail address in an ID or URL (privacy)", docs.BEST_PRACTICES
    ),
    "field.not_for_action_source": R("info", "Field meant for another event kind", docs.PARAMETERS),
    # normalization outcomes (the Composer's typed values and clear text in a request)
    "user_data.value_dropped": R(
        "warning", "Value cannot be normalized: left out of the request", docs.CUSTOMER_INFO
    ),
    "user_data.value_unmatchable": R(
        "warning", "Value normalizes but cannot match as typed", docs.CUSTOMER_INFO
    ),
    "user_data.value_changed": R(
        "info", "Normalization changes the value before hashing", docs.CUSTOMER_INFO
    ),
}
del R


class Collector:
    """Accumulates findings; the path is only joined into text when a finding is made."""

    __slots__ = ("findings",)

    def __init__(self) -> None:
        self.findings: list[Finding] = []

    def add(
        self,
        rule: str,
        path: Sequence[PathPart],
        message: str,
        fix: str,
        *,
        severity: Severity | None = None,
        predicted_error: Mapping[str, int] | None = None,
        doc_url: str | None = None,
    ) -> None:
        """Record a finding; severity, predicted error and doc link default to the rule's.

        Only an error carries a predicted Graph error: an error means Meta rejects the request."""
        spec = RULES[rule]
        final = severity or spec.severity
        predicted = predicted_error or spec.predicted_error
        if final == "error" and "Meta rejects" not in message:
            message += " Meta rejects the request."
        self.findings.append(
            Finding(
                rule=rule,
                severity=final,
                path=join_path(path),
                message=message,
                fix=fix,
                doc_url=doc_url or spec.doc_url,
                predicted_error=predicted if final == "error" else None,
            )
        )


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity == "error" for f in findings)


def by_severity(findings: list[Finding]) -> list[Finding]:
    """Errors first, then warnings, then info; stable within a severity."""
    return sorted(findings, key=lambda f: SEVERITY_ORDER[f.severity])


def counts(findings: list[Finding]) -> dict[str, int]:
    result = {"error": 0, "warning": 0, "info": 0}
    for finding in findings:
        result[finding.severity] += 1
    return result
