"""Qt-free Composer glue: user_data rows <-> body, paths, number parsing."""

from __future__ import annotations

import pytest

from capi_desktop.domain.request.customer_rows import UserRow, apply_user_rows, rows_from_user_data
from capi_desktop.ui.panels.composer.request_state import (
    event_at,
    event_location,
    number_from_text,
    set_or_pop,
    target_path,
    with_event,
)


def fake_output(key: str, raw: str) -> str | None:
    """Stand-in for normalize+hash: upper-case, 'bad' values cannot be sent."""
    return None if raw == "bad" else raw.strip().upper()


def multi(key: str) -> bool:
    return key == "em"


def test_apply_rows_groups_dedups_and_keeps_non_row_values() -> None:
    rows = [
        UserRow("em", "a"),
        UserRow("em", " A "),
        UserRow("em", "b"),
        UserRow("em", "bad"),
        UserRow("fbp", "x"),
        UserRow("ph", "  "),
    ]
    existing = {"em": ["OLD"], "fb_login_id": 123, "custom": {"nested": 1}}
    result = apply_user_rows(existing, rows, fake_output, multi)
    assert result == {"em": ["A", "B"], "fbp": "X", "fb_login_id": 123, "custom": {"nested": 1}}


def test_rows_from_json_keep_raw_text_when_output_is_unchanged() -> None:
    previous = [UserRow("em", "typed raw"), UserRow("em", "other")]
    user_data = {"em": ["TYPED RAW", "NEW-HASH"], "fbp": "fb.1.2.3", "fb_login_id": 5}
    rows = rows_from_user_data(user_data, previous, fake_output)
    assert [(r.key, r.raw) for r in rows] == [
        ("em", "typed raw"),
        ("em", "NEW-HASH"),
        ("fbp", "fb.1.2.3"),
    ]
    assert rows_from_user_data("not an object", previous, fake_output) == []


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("data[0].user_data.em[1]", (0, ["user_data", "em", 1])),
        ("data[3].custom_data.contents[0].id", (3, ["custom_data", "contents", 0, "id"])),
        ("test_event_code", (-1, ["test_event_code"])),
        ("", (-1, [])),
    ],
)
def test_event_location(path: str, expected: tuple[int, list[object]]) -> None:
    assert event_location(path) == expected


def test_target_path_points_missing_fields_at_the_field() -> None:
    assert target_path("custom_data.purchase_missing_currency", "data[2]") == (
        "data[2].custom_data.currency"
    )
    assert target_path("user_data.unhashed_pii", "data[0].user_data.em[0]") == (
        "data[0].user_data.em[0]"
    )
    assert target_path("request.no_data", "") == ""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12", 12),
        ("12.50", 12.5),
        ("12,5", 12.5),
        ("1,234.50", 1234.5),
        ("1.234,50", 1234.5),
        ("1,234,567.5", 1234567.5),
        ("inf", "inf"),
        ("NaN", "NaN"),
        ("", None),
        ("  ", None),
        ("abc", "abc"),
    ],
)
def test_number_from_text(text: str, expected: object) -> None:
    assert number_from_text(text) == expected


def test_event_helpers_copy_and_replace() -> None:
    body = {"data": [{"a": {"b": 1}}], "test_event_code": "T1"}
    event = event_at(body, 0)
    event["a"]["b"] = 2
    assert body["data"][0]["a"]["b"] == 1  # a deep copy
    assert event_at(body, 5) == {}
    new = with_event(body, 0, event)
    assert new["data"][0]["a"]["b"] == 2 and new["test_event_code"] == "T1"
    assert with_event({}, 0, {"x": 1}) == {"data": [{"x": 1}]}
    target: dict[str, object] = {"k": 1}
    set_or_pop(target, "k", "")
    set_or_pop(target, "n", 0)
    assert target == {"n": 0}


def test_incremental_render_equals_a_full_dump() -> None:
    from capi_desktop.domain.request.event_model import CapiRequest
    from capi_desktop.ui.panels.composer.json_render import RequestRenderer

    events = [
        {"event_name": "Lead", "event_id": f"e{i}", "user_data": {"em": ["x" * 64]}, "n": [1, {}]}
        for i in range(60)
    ]
    body = {"data": events, "test_event_code": "T1", "access_token": "test-token-123"}
    renderer = RequestRenderer()
    assert renderer.render(body) == CapiRequest(body).to_json()
    changed = dict(events[7], event_id="changed \u0000 é")
    body2 = dict(body, data=[*events[:7], changed, *events[8:]])
    assert renderer.render(body2) == CapiRequest(body2).to_json()
    assert "test-token-123" not in renderer.render(body2)
    small = {"data": events[:3]}
    assert renderer.render(small) == CapiRequest(small).to_json()
