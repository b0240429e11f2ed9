"""Fuzzing the error decoder and its sniffers: no uncaught exception, bounded time, no Python text."""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from capi_desktop.backend.error_catalog_store import default_catalog
from capi_desktop.commands.decode import as_dict, as_text
from capi_desktop.domain.error_catalog.decoding import STATUSES, decode, decode_unguarded
from capi_desktop.domain.error_catalog.fragments import fragment_fields
from capi_desktop.domain.error_catalog.literals import python_literals
from capi_desktop.domain.error_catalog.sniff import sniff_transport
from capi_desktop.domain.error_catalog.summary import support_summary
from capi_desktop.domain.error_catalog.throttle import wait_seconds

CATALOG = default_catalog()
CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "realworld" / "errors"
SEEDS = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]
PYTHON_TEXT = re.compile(
    r"Traceback|Error\(|Exception\(|\b(?:Recursion|Value|Type|Key|Index|Attribute|Unicode\w*|"
    r"Overflow|Memory|Syntax)Error\b|object at 0x|<class "
)
# CPU seconds per input (process time: other engineers' jobs on the shared machine do not
# count), far above the milliseconds a paste takes: catches hangs and blow-ups, not slowness.
BUDGET_S = 2.0
# The long `faults` profile (10,000 examples a test) needs more than pytest's 60 s default.
pytestmark = pytest.mark.timeout(1800 if os.environ.get("CAPI_FUZZ_PROFILE") == "faults" else 120)
WHEN = __import__("datetime").datetime(2026, 1, 1)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=5)
        | st.dictionaries(
            st.sampled_from(
                [
                    "error",
                    "code",
                    "error_subcode",
                    "error_data",
                    "message",
                    "type",
                    "fbtrace_id",
                    "error_code",
                    "error_msg",
                    "event_index",
                    "body",
                    "events_received",
                    "x",
                ]
            ),
            children,
            max_size=6,
        )
    ),
    max_leaves=30,
)


def _check(raw: Any) -> None:
    started = time.process_time()
    decoded = decode_unguarded(raw, CATALOG)  # raises on a bug: hypothesis reports it
    assert time.process_time() - started < BUDGET_S
    assert decoded.status in STATUSES
    shown = " ".join(
        (
            decoded.note,
            as_text(decoded),
            support_summary(decoded, WHEN),
            json.dumps(as_dict(decoded)),
        )
    )
    assert not PYTHON_TEXT.search(decoded.note), decoded.note
    # Our own words never print a Python None ("event None"); the paste's own text may say it
    # (a quoted message containing the word is shown as Meta sent it).
    pasted = (
        raw
        if isinstance(raw, str)
        else json.dumps(raw, default=str)
        if not isinstance(raw, bytes)
        else raw.decode("utf-8", "replace")
    )
    if "None" not in pasted:
        assert "None" not in as_text(decoded)
    assert shown  # every view renders


@given(st.text(max_size=2000))
def test_any_text(text: str) -> None:
    _check(text)


@given(st.binary(max_size=2000))
def test_any_bytes(data: bytes) -> None:
    _check(data)


def test_an_empty_quoted_message_and_code_0_are_not_read_as_a_graph_error() -> None:
    # Found by the long fuzz run: "'message': ''" swallowed the text up to the next quote
    # ("}, None, {") and "'code': 0" was taken for a Graph error code.
    _check(repr([{"code": 0}, {"message": ""}, None, {"error": None}]))
    _check({"code": None, "message": "None"})  # a printed missing value is no message
    _check({"code": None, "message": ["None"]})  # Meta's text as sent, our words around it


@given(json_values)
def test_any_json_value_as_text_and_object(value: Any) -> None:
    _check(json.dumps(value))
    _check(repr(value))  # Python reprs are pasted too
    if isinstance(value, dict):
        _check(value)


@given(
    st.sampled_from(SEEDS),
    st.integers(min_value=0, max_value=4000),
    st.integers(min_value=0, max_value=4000),
    st.text(max_size=40),
)
def test_real_pastes_cut_and_spliced(seed: str, start: int, end: int, insert: str) -> None:
    cut = seed[min(start, end) : max(start, end)]
    _check(cut)
    _check(seed[:start] + insert + seed[start:])
    fragment_fields(cut)
    sniff_transport(cut)
    list(python_literals(cut))


@given(st.integers(min_value=1, max_value=20_000), st.sampled_from(["[", '{"a":', "'", "\\\\"]))
def test_deep_nesting_keeps_the_code(depth: int, opener: str) -> None:
    nested = opener * depth
    body = '{"error":{"code":100,"error_subcode":2804003,"message":"x","error_data":' + nested
    decoded = decode(body, CATALOG)
    assert (decoded.code, decoded.subcode) == (100, 2804003)
    as_string = json.dumps({"error": {"code": 190, "error_data": "[" * depth + "]" * depth}})
    assert decode(as_string, CATALOG).code == 190


@given(st.dictionaries(st.text(max_size=30), st.text(max_size=200), max_size=5))
def test_usage_headers_never_raise(headers: dict[str, str]) -> None:
    wait = wait_seconds(headers)
    assert wait is None or wait > 0


@given(
    st.sampled_from(["x-business-use-case-usage", "x-app-usage", "x-ad-account-usage"]), json_values
)
def test_usage_header_json_never_raises(name: str, value: Any) -> None:
    wait_seconds({name: json.dumps(value)})


def test_digit_like_characters_int_cannot_read_never_raise() -> None:
    # "²".isdigit() is True but int("²") raises: every "looks numeric" check uses isdecimal().
    from capi_desktop.domain.dedup.keys import event_id_row
    from capi_desktop.domain.error_catalog.throttle import wait_seconds
    from capi_desktop.domain.pixel.hit import hit_from_params

    _check(json.dumps({"error": {"code": 100, "error_subcode": "²"}}))
    assert wait_seconds({"Retry-After": "²"}) is None
    hit = hit_from_params([("id", "1234567890"), ("ev", "Lead"), ("ts", "²")], "url")
    assert hit.event_name == "Lead"
    assert event_id_row("²", "2").status
