"""Event model: shapes, lossless round-trip, JSON error positions, exact serialization, path locating."""

from __future__ import annotations

import json

import pytest

from capi_desktop.domain.request.event_model import (
    CapiRequest,
    parse_request,
    request_from_events,
    serialize_request,
)
from capi_desktop.domain.request.json_locate import join_path, locate, split_path

REQUEST_TEXT = """{
  "data": [
    {
      "event_name": "Purchase",
      "event_time": 1790000000,
      "zz_vendor_field": {"nested": [1, 2.5, null, true, "ü"], "order": "kept"},
      "action_source": "website",
      "user_data": {"fbp": "fb.1.1790000000000.1", "x_custom": "keep me"},
      "custom_data": {"value": 49.99, "currency": "USD", "my_prop": [{"b": 1, "a": 2}]}
    }
  ],
  "test_event_code": "TEST123",
  "partner_agent": "datapartner",
  "future_top_level": {"z": 1, "a": 2}
}"""


def test_request_shape_keeps_everything_in_order() -> None:
    result = parse_request(REQUEST_TEXT)
    assert result.ok and result.shape == "request" and result.error is None
    assert result.request is not None
    assert list(result.request.body) == [
        "data",
        "test_event_code",
        "partner_agent",
        "future_top_level",
    ]
    assert result.request.test_event_code == "TEST123"
    assert result.request.partner_agent == "datapartner"
    event = result.request.events()[0]
    assert list(event) == [
        "event_name", "event_time", "zz_vendor_field", "action_source", "user_data", "custom_data",
    ]  # fmt: skip


def test_round_trip_of_unknown_fields_is_exact() -> None:
    result = parse_request(REQUEST_TEXT)
    assert result.request is not None
    # Same text as Python's own compact encoding of the original: nothing added, dropped or reordered.
    original = json.loads(REQUEST_TEXT)
    assert serialize_request(result.request) == json.dumps(
        original, ensure_ascii=False, separators=(",", ":")
    )
    again = parse_request(result.request.to_json())
    assert again.request is not None and again.request.body == original
    assert result.request.to_json(indent=2) == json.dumps(original, indent=2, ensure_ascii=False)


def test_list_of_events_is_wrapped() -> None:
    result = parse_request('[{"event_name": "Lead"}, {"event_name": "Purchase"}]')
    assert result.shape == "events"
    assert result.request is not None
    assert [e["event_name"] for e in result.request.events()] == ["Lead", "Purchase"]
    assert (
        serialize_request(result.request)
        == '{"data":[{"event_name":"Lead"},{"event_name":"Purchase"}]}'
    )


def test_single_event_is_wrapped() -> None:
    result = parse_request('{"event_name": "Lead", "event_time": 1}')
    assert result.shape == "event"
    assert result.request is not None
    assert result.request.body == {"data": [{"event_name": "Lead", "event_time": 1}]}


def test_object_without_event_keys_is_a_request_without_data() -> None:
    result = parse_request('{"test_event_code": "T"}')
    assert result.shape == "request"
    assert result.request is not None and result.request.events() == []


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ('{\n  "data": [\n    {"event_name": "Lead",}\n  ]\n}', 3, 27),
        ('{"data": [1, 2', 1, 15),
        ("", 1, 1),
        ("   \n ", 1, 1),
        ('{"a": 1}\n{"b": 2}', 2, 1),
    ],
)
def test_json_errors_report_line_and_column(text: str, line: int, column: int) -> None:
    result = parse_request(text)
    assert not result.ok and result.request is None and result.error is not None
    assert (result.error.line, result.error.column) == (line, column)
    assert f"line {line}, column {column}" in str(result.error)


def test_scalar_top_level_is_rejected() -> None:
    result = parse_request("42")
    assert result.error is not None and "object or array" in result.error.message


def test_bom_is_ignored() -> None:
    assert parse_request('\ufeff{"data": []}').ok


def test_access_token_never_leaves_the_body() -> None:
    result = parse_request('{"data": [], "access_token": "test-token-123"}')
    assert result.request is not None and result.has_access_token
    assert "test-token-123" not in serialize_request(result.request)
    assert "test-token-123" not in result.request.to_json()


def test_with_test_event_code_returns_a_new_request() -> None:
    request = CapiRequest({"data": [], "partner_agent": "p"})
    coded = request.with_test_event_code("TEST9")
    assert coded.body == {"data": [], "partner_agent": "p", "test_event_code": "TEST9"}
    assert request.body == {"data": [], "partner_agent": "p"}
    assert "test_event_code" not in coded.with_test_event_code(None).body


def test_with_event_and_copy_do_not_mutate_the_original() -> None:
    request = request_from_events([{"event_name": "Lead"}], test_event_code="T1")
    changed = request.with_event(0, {"event_name": "Purchase"})
    assert request.events() == [{"event_name": "Lead"}]
    assert changed.events() == [{"event_name": "Purchase"}]
    deep = request.copy()
    deep.events()[0]["event_name"] = "X"
    assert request.events()[0]["event_name"] == "Lead"


def test_paths_join_and_split() -> None:
    parts = ["data", 0, "user_data", "em", 1]
    assert join_path(parts) == "data[0].user_data.em[1]"
    assert split_path("data[0].user_data.em[1]") == parts
    odd = ["data", 0, "custom_data", "a.b c"]
    assert split_path(join_path(odd)) == odd
    assert split_path("data[x") is None


def test_locate_in_all_three_shapes() -> None:
    assert locate(REQUEST_TEXT, "data[0].custom_data.currency") == (9, 51)
    assert locate('[{"a": 1}, {"event_id": "x"}]', "data[1].event_id") == (1, 25)
    assert locate('{"event_id": "x"}', "data[0].event_id") == (1, 14)
    assert locate(REQUEST_TEXT, "data[3]") is None
    assert locate("{broken", "data[0].event_id") is None


@pytest.mark.parametrize(
    ("text", "token", "line", "column"),
    [
        ('{"data": [{"v": NaN}]}', "NaN", 1, 17),
        ('{\n "v": -Infinity}', "-Infinity", 2, 7),
        ('{"v": 1e999}', "1e999", 1, 7),
    ],
)
def test_non_finite_numbers_are_json_errors(text: str, token: str, line: int, column: int) -> None:
    result = parse_request(text)
    assert result.error is not None
    assert token in result.error.message
    assert (result.error.line, result.error.column) == (line, column)


def test_serializing_nan_raises_instead_of_sending_invalid_json() -> None:
    with pytest.raises(ValueError):
        serialize_request(CapiRequest({"data": [{"v": float("nan")}]}))


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ('{"data": [{"n": "cut \\ud83d"}]}', 1, 22),  # high half without its low half
        ('{"data": [\n {"n": "\\ude80 x"}]}', 2, 9),  # low half alone
        ('{"data": [{"\\udfff": 1}]}', 1, 13),  # in a key
        ('{"a": "\\ud83d\\ude80", "b": "\\ud83d\\ud83d\\ude80"}', 1, 29),  # first of two highs
        ('{"data": [{"n": "raw \ud83d"}]}', 1, 22),  # a lone surrogate character itself
    ],
)
def test_lone_surrogates_are_json_errors_with_a_position(text: str, line: int, column: int) -> None:
    result = parse_request(text)
    assert not result.ok and result.error is not None
    assert "without its pair" in result.error.message
    assert (result.error.line, result.error.column) == (line, column)


@pytest.mark.parametrize(
    "text",
    [
        '{"data": [{"n": "\\ud83d\\ude80 rocket"}]}',  # escaped pair: a real emoji
        '{"data": [{"n": "\\\\ud83d is text"}]}',  # an escaped backslash, not an escape
        '{"data": [{"n": "🚀 \\u00e9"}]}',
    ],
)
def test_valid_unicode_is_not_flagged(text: str) -> None:
    result = parse_request(text)
    assert result.ok and result.request is not None
    serialize_request(result.request).encode("utf-8")
