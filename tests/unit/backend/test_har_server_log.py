"""Server-side logs for the audit: JSONL, arrays, request bodies, logged requests, clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from capi_desktop.backend.server_log_reader import (
    ServerLogError,
    parse_server_text,
    read_server_events,
)

EVENT = {"event_name": "Purchase", "event_id": "a", "event_time": 1}
EVENT_B = {"event_name": "Lead", "event_id": "b", "event_time": 2}


def _ids(text: str) -> list[tuple[str, str | None]]:
    return [(e.event["event_id"], e.pixel_id) for e in parse_server_text(text)]


def test_jsonl_of_events_and_bodies() -> None:
    text = "\n".join(
        [json.dumps(EVENT), "", json.dumps({"data": [EVENT_B, EVENT], "test_event_code": "T1"})]
    )
    assert _ids(text) == [("a", None), ("b", None), ("a", None)]
    events = parse_server_text(text)
    assert events[0].origin == "line 1" and events[1].origin == "line 3 data[0]"


def test_array_of_events_and_of_bodies() -> None:
    assert _ids(json.dumps([EVENT, EVENT_B])) == [("a", None), ("b", None)]
    bodies = [{"data": [EVENT]}, {"data": [EVENT_B]}]
    assert _ids(json.dumps(bodies)) == [("a", None), ("b", None)]


def test_single_body_and_single_event() -> None:
    assert _ids(json.dumps({"data": [EVENT, EVENT_B]})) == [("a", None), ("b", None)]
    assert _ids(json.dumps(EVENT)) == [("a", None)]


def test_logged_requests_give_the_pixel() -> None:
    lines = [
        {"url": "https://graph.facebook.com/v24.0/1234567890/events", "body": {"data": [EVENT]}},
        {"pixel_id": 987654321, "request": json.dumps({"data": [EVENT_B]})},
        {"dataset_id": "5555555", "payload": {"data": [EVENT]}, "status": 200},
    ]
    text = "\n".join(json.dumps(line) for line in lines)
    assert _ids(text) == [("a", "1234567890"), ("b", "987654321"), ("a", "5555555")]


def test_body_with_pixel_id_key() -> None:
    text = json.dumps({"pixel_id": "777777", "data": [EVENT]})
    assert _ids(text) == [("a", "777777")]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("   \n", "empty"),
        ('{"data": [', "line 1, column 11"),
        (json.dumps(EVENT) + "\n{broken\n", "line 2, column 2"),
        ('{"data": []}', "no server events found"),
        ("[1, 2]", "no server events found"),
    ],
)
def test_errors(text: str, message: str) -> None:
    with pytest.raises(ServerLogError, match=message):
        parse_server_text(text)


def test_read_file_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps({"data": [EVENT]}).encode())
    assert [e.event["event_id"] for e in read_server_events(path)] == ["a"]


def test_read_jsonl_file_line_by_line(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    path.write_text(json.dumps(EVENT) + "\n\n" + json.dumps({"data": [EVENT_B]}) + "\n")
    assert [e.origin for e in read_server_events(path)] == ["line 1", "line 3 data[0]"]
    path.write_text(json.dumps(EVENT) + "\n" + json.dumps(EVENT) + "\n{oops\n")
    with pytest.raises(ServerLogError, match="line 3, column 2"):
        read_server_events(path)


def test_read_pretty_printed_file(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text(json.dumps({"data": [EVENT, EVENT_B]}, indent=2))
    assert [e.event["event_id"] for e in read_server_events(path)] == ["a", "b"]


def test_jsonl_read_in_blocks_keeps_lines_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from capi_desktop.backend import server_log_reader

    monkeypatch.setattr(server_log_reader, "_READ_BLOCK", 7)  # splits lines and characters
    events = [
        {"event_name": "Purchase", "event_id": f"é-{i}", "event_time": 1_700_000_000 + i}
        for i in range(5)
    ]
    text = "\r\n".join(json.dumps(e, ensure_ascii=False) for e in events)  # no final newline
    path = tmp_path / "log.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    read = server_log_reader.read_server_events(path)
    assert [e.event["event_id"] for e in read] == [f"é-{i}" for i in range(5)]
    assert [e.origin for e in read][-1] == "line 5"


def test_json_array_is_streamed_item_by_item(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from capi_desktop.backend import server_log_reader

    def whole_file(_text: str) -> None:
        raise AssertionError("a valid array must not be parsed in one json.loads")

    path = tmp_path / "log.json"
    items = [{"pixel_id": "123456789", "body": {"data": [EVENT]}}, EVENT_B]
    for text in (json.dumps(items), json.dumps(items, indent=2)):  # one line, pretty
        path.write_text(text, encoding="utf-8")
        with monkeypatch.context() as patch:
            patch.setattr(server_log_reader, "parse_server_text", whole_file)
            read = read_server_events(path)
        assert [(e.event["event_id"], e.pixel_id, e.origin) for e in read] == [
            ("a", "123456789", "file[0] data[0]"),
            ("b", None, "file[1]"),
        ]
    path.write_text('[\n  {"event_name": "Lead"},\n  {oops}\n]', encoding="utf-8")
    with pytest.raises(ServerLogError, match="line 3, column 4"):
        read_server_events(path)  # a broken array still says where
