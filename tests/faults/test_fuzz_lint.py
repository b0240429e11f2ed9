"""Fuzz lint (and the emulator's validator, which is lint's verdict) with generated payloads: never raise."""

from __future__ import annotations

import copy
import math
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from capi_desktop.backend.emulator.validate import validate_events
from capi_desktop.domain.lint import lint
from capi_desktop.domain.lint.rule_examples import EXAMPLE_NOW, clean_request
from capi_desktop.domain.lint.value_verdicts import judge_value
from capi_desktop.domain.match_score import score_request
from capi_desktop.domain.normalize import NormalizeContext
from capi_desktop.domain.request.event_model import CapiRequest
from capi_desktop.domain.request.field_contract import field_contract

ODD_NUMBERS = st.sampled_from(
    [math.nan, math.inf, -math.inf, 1e999, -0.0, 2**63, -(2**70), 10**400, 1e-320]
)
ODD_TEXT = st.sampled_from(
    ["NaN", "1e999", "-inf", "Infinity", "", " ", "\u200b", "\ufeff", "𝟙𝟚𝟛", "jane😀@exämple.com",
     "{{Event ID}}", "null", "undefined", "[object Object]", "0x1F", "1_000", "١٢٣"]
)  # fmt: skip
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    ODD_NUMBERS,
    st.text(max_size=40),
    ODD_TEXT,
)
JSON = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.text(max_size=12), children, max_size=4),
    ),
    max_leaves=25,
)
# Paths of the contract plus the event envelope: a fuzzed value lands where lint really looks.
PATHS = [row.parts for row in field_contract().rows]


def _place(body: dict[str, Any], parts: tuple[Any, ...], value: Any) -> None:
    node: Any = body
    for part in parts[:-1]:
        key = 0 if part == "[]" else part
        if isinstance(node, list):
            if not node:
                node.append({})
            node = node[min(key if isinstance(key, int) else 0, len(node) - 1)]
        elif isinstance(node, dict):
            nxt = node.get(key)
            if not isinstance(nxt, dict | list):
                nxt = node[key] = [] if parts[-1] == "[]" else {}
            node = nxt
        else:
            return
    last = 0 if parts[-1] == "[]" else parts[-1]
    if isinstance(node, dict) and isinstance(last, str):
        node[last] = value
    elif isinstance(node, list):
        node.append(value)


def _run(body: Any) -> None:
    request = CapiRequest(body if isinstance(body, dict) else {"data": body})
    lint(request, now=EXAMPLE_NOW)
    score_request(request)
    data = request.body.get("data")
    validate_events(data, now=EXAMPLE_NOW)


@given(st.lists(st.tuples(st.sampled_from(PATHS), JSON), min_size=1, max_size=6))
def test_lint_never_raises_on_fuzzed_field_values(edits: list[tuple[tuple[Any, ...], Any]]) -> None:
    body = clean_request()
    for parts, value in edits:
        _place(body, parts, copy.deepcopy(value))
    _run(body)


@given(JSON)
def test_lint_never_raises_on_arbitrary_json(body: Any) -> None:
    _run(body)
    _run({"data": [body]})
    _run({"data": [{"event_name": "Purchase", "user_data": body, "custom_data": body}]})


@given(st.sampled_from(["em", "ph", "fn", "db", "ge", "ct", "st", "zp", "country", "external_id"]),
       st.one_of(st.text(max_size=60), ODD_TEXT))  # fmt: skip
def test_value_verdicts_never_raise(key: str, raw: str) -> None:
    verdict = judge_value(key, raw, NormalizeContext())
    assert verdict.usable in (True, False)


def test_huge_integers_anywhere_are_findings_not_exceptions() -> None:
    """Found by the long fuzz run: math.isfinite(10**400) raised OverflowError."""
    body = clean_request()
    body["data"][0]["custom_data"]["value"] = 10**400
    body["data"][0]["custom_data"]["num_items"] = -(10**400)
    body["data"][0]["attribution_data"] = {"attribution_share": 10**400}
    findings = lint(CapiRequest(body), now=EXAMPLE_NOW)
    assert any(f.rule == "field.out_of_range" for f in findings)
    validate_events(body["data"], now=EXAMPLE_NOW)


def test_event_time_nan_and_1e999_are_findings_not_exceptions() -> None:
    for value in ("NaN", "1e999", math.nan, math.inf, 1e999, "-Infinity"):
        body = clean_request()
        body["data"][0]["event_time"] = value
        findings = lint(CapiRequest(body), now=EXAMPLE_NOW)
        assert any(f.rule == "event_time.not_integer" and f.severity == "error" for f in findings)
        assert validate_events(body["data"], now=EXAMPLE_NOW) is not None
