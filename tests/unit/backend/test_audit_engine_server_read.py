"""The one-pass server-log reading (server_json) gives exactly the general reading's rows.

Every line shape server_sql reads (an event, a request body, a logged request with its body as
an object, a string or under another key, `data` holding non-objects, keys present as null,
blank lines) and every odd field of test_audit_engine_fields go through both readings; the
`server` rows must be equal column for column, and the event texts read again for a report
must be the events the Python reader finds.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import duckdb
import pytest

from capi_desktop.backend.audit_engine.server_source import (
    SERVER_COLUMNS,
    lines_relation,
    load_server_file,
)
from capi_desktop.backend.audit_engine.server_sql import ITEM_BITS, objects_sql
from capi_desktop.backend.audit_engine.server_text import fill_texts, reset_sources
from tests.unit.backend.test_audit_engine_fields import CASES, T

PIXEL = "1234567890123456"
EVENT = {"event_name": "Lead", "event_id": "l1", "event_time": T, "action_source": "website"}
ODD_EVENTS: list[dict[str, Any]] = [
    {"event_name": "Purchase", "event_id": f"f{i}", "event_time": T + i, **extra}
    for i, (_params, extra) in enumerate(CASES)
] + [
    {"event_name": "Lead", "event_id": 12345678901234567890123, "event_time": 1.5e12},
    {"event_name": "Lead", "event_id": False, "event_time": "17640000001234", "user_data": None},
    {"event_name": 7, "event_id": None, "action_source": 3, "custom_data": "text"},
    {"event_name": "Lead", "user_data": {"external_id": [None, "", "a", "b"], "fbp": " x "}},
    {"event_name": "Lead", "user_data": {"em": ["", None], "ph": [SHA := "a" * 64, 5]}},
    {"event_name": "Lead", "custom_data": {"value": "1e3", "currency": "€UR", "contents": {}}},
    {"event_name": "Lead", "event_source_url": "https://user@shop.example/x", "x": [1, {}]},
    {"event_name": "Lead\u0000", "event_id": "\u00e9\ud83d\ude00", "user_data": {"fbc": SHA}},
    {"event_name": "Lead", "data_processing_options": "LDU", "custom_data": None},
]
SHAPES = [
    json.dumps(EVENT),  # one event a line
    "",
    "   ",
    json.dumps({"data": [EVENT, {**EVENT, "event_id": "l2"}]}),  # a request body
    json.dumps({"pixel_id": int(PIXEL), "body": {"data": [EVENT]}}),  # a logged request
    json.dumps({"url": f"https://graph.facebook.com/v21.0/{PIXEL}/events", "body": EVENT}),
    json.dumps({"dataset_id": "not digits", "pixel": PIXEL, "body": {"data": {"x": 1}}}),
    json.dumps({"pixel_id": PIXEL, "body": json.dumps({"data": [EVENT]})}),  # body as text
    json.dumps({"pixel_id": PIXEL, "body": "not json", "payload": {"data": [EVENT]}}),
    json.dumps({"request": {"data": [EVENT]}, "endpoint": f"/{PIXEL}/events"}),
    json.dumps({"json": json.dumps(EVENT)}),
    json.dumps({"data": [EVENT, 3, "x", None, [EVENT], {}, {"other": 1}]}),  # odd items
    json.dumps({"data": [EVENT, 3]}),
    json.dumps({"body": {"data": [{}, EVENT]}}),
    json.dumps({"body": {"data": [["Lead"], EVENT]}}),
    json.dumps({"data": None, "body": {"data": [EVENT]}}),  # present as null: not the body
    json.dumps({"event_name": None, "body": {"data": [EVENT]}}),
    json.dumps({"data": {"event_name": "Lead"}, "event_id": "top"}),  # data not a list
    json.dumps({"body": [EVENT]}),  # a list body: the line itself is read as the event
    json.dumps({"body": {"data": []}}),
    json.dumps({"event_id": "first", "event_id ": 1, "event_name": "Lead"}),
    '{"event_name": "Lead", "event_id": "dup-1", "event_id": "dup-2"}',
    json.dumps({"pixel_id": PIXEL, "body": {"data": ODD_EVENTS}}),
    *(json.dumps({"body": {"data": [event]}}) for event in ODD_EVENTS),
]


def _rows(path: Path, one_pass: bool) -> tuple[list[tuple[Any, ...]], Any]:
    con = duckdb.connect()
    con.execute(f"CREATE TABLE server ({SERVER_COLUMNS})")
    reset_sources(con)
    load_server_file(con, path, default_pixel="999", mapping={}, one_pass=one_pass)
    rows = con.execute("SELECT * EXCLUDE (raw) FROM server ORDER BY s").fetchall()
    return rows, con


@pytest.mark.parametrize("packed", [False, True])
def test_one_pass_reads_every_shape_like_the_general_reading(tmp_path: Path, packed: bool) -> None:
    text = "\n".join(SHAPES) + "\n"
    path = tmp_path / ("s.jsonl.gz" if packed else "s.jsonl")
    path.write_bytes(gzip.compress(text.encode()) if packed else text.encode())
    general, _ = _rows(path, one_pass=False)
    fast, con = _rows(path, one_pass=True)
    assert len(general) > 2 * len(ODD_EVENTS)
    for a, b in zip(general, fast, strict=True):
        assert a == b
    fill_texts(con, "SELECT s FROM server")
    texts = con.execute(
        "SELECT x.s, COALESCE(x.raw, t.raw) FROM server x"
        " LEFT JOIN server_text t ON t.s = x.s ORDER BY x.s"
    ).fetchall()
    every = objects_sql(lines_relation(path))  # what `raw` held when the table kept it
    kept = con.execute(
        f"SELECT (rec << {ITEM_BITS}) + item, ev::VARCHAR FROM ({every}) ORDER BY 1"
    ).fetchall()
    assert texts == kept
    assert json.loads(texts[0][1]) == EVENT


def test_a_file_that_is_not_json_lines_still_reads_or_says_where(tmp_path: Path) -> None:
    from capi_desktop.backend.server_log_reader import ServerLogError

    array = tmp_path / "a.json"
    array.write_text(json.dumps([EVENT, {**EVENT, "event_id": "l2"}], indent=2), encoding="utf-8")
    rows, con = _rows(array, one_pass=True)
    assert [r[3] for r in rows] == ["l1", "l2"]  # event_id, by the Python reader
    assert all(r[0] is not None for r in con.execute("SELECT raw FROM server").fetchall())
    broken = tmp_path / "b.jsonl"
    broken.write_text(json.dumps(EVENT) + "\n[1, 2]\n", encoding="utf-8")
    with pytest.raises(ServerLogError, match="line 2"):
        _rows(broken, one_pass=True)


def test_an_event_whose_text_is_gone_is_worded_not_a_crash() -> None:
    from capi_desktop.backend.audit_engine.pairing import audit_row
    from capi_desktop.backend.server_log_reader import ServerLogError
    from capi_desktop.domain.normalize import NormalizeContext

    # (k, verdict, dup, hit, url, method, body, origin, raw, pixel, origin, name): the file
    # was rewritten between reading it and listing its events
    record = (1, "server_only", False, None, None, None, None, None, None, PIXEL, "s line 3", "x")
    with pytest.raises(ServerLogError, match="s line 3: the server log changed"):
        audit_row(record, None, NormalizeContext())
