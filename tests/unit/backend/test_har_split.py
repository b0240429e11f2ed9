"""har_split hands DuckDB exactly the bytes of a HAR's entries array, or says it cannot."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from capi_desktop.backend.audit_engine import har_split
from capi_desktop.backend.audit_engine.har_split import entries_file, remove

ENTRIES = '[{"request": {"url": "https://x.example/\u00e9"}},\n {"a": [1, {"b": "]}"}]}]'
FOUND = {
    "browser export": '{"log": {"version": "1.2", "creator": {"name": "Caf\u00e9"},'
    ' "pages": [{"id": "p\\u00e9", "title": "}]"}], "entries": ' + ENTRIES + "}}\n",
    "byte order mark": '\ufeff{"log": {"entries": ' + ENTRIES + " } }",
    "escaped key": '{"\\u006cog": {"\\u0065ntries": ' + ENTRIES + "}}",
    "pretty": json.dumps({"log": {"pages": [], "entries": json.loads(ENTRIES)}}, indent=2),
}
REFUSED = {
    "log not last": '{"log": {"entries": []}, "x": 1}',
    "no log": '{"x": {"entries": []}}',
    "first log without entries": '{"log": {"pages": []}, "log": {"entries": []}}',
    "entries not an array": '{"log": {"entries": {}}}',
    "not JSON": "entries: []",
    "empty": "",
    "cut short": '{"log": {"entries": [{"a": 1}',
    "not an object": '"log"',
}


def _write(tmp_path: Path, name: str, text: str, gz: bool) -> Path:
    path = tmp_path / (name.replace(" ", "-") + (".har.gz" if gz else ".har"))
    data = text.encode("utf-8")
    path.write_bytes(gzip.compress(data) if gz else data)
    return path


@pytest.mark.parametrize("gz", [False, True])
@pytest.mark.parametrize("name", sorted(FOUND))
def test_the_entries_array_is_copied_byte_for_byte(tmp_path: Path, name: str, gz: bool) -> None:
    har = _write(tmp_path, name, FOUND[name], gz)
    found = entries_file(har, tmp_path)
    assert found is not None and found != har
    assert json.loads(found.read_bytes()) == json.loads(ENTRIES)
    assert found.read_bytes().startswith(b"[") and found.read_bytes().endswith(b"]")
    remove(found, har)
    assert not found.exists() and har.exists()


@pytest.mark.parametrize("gz", [False, True])
@pytest.mark.parametrize("name", sorted(REFUSED))
def test_other_shapes_are_left_to_the_python_scanner(tmp_path: Path, name: str, gz: bool) -> None:
    assert entries_file(_write(tmp_path, name, REFUSED[name], gz), tmp_path) is None


def test_a_plain_array_is_read_in_place(tmp_path: Path) -> None:
    har = _write(tmp_path, "array", "\n " + ENTRIES, gz=False)
    assert entries_file(har, tmp_path) == har
    remove(har, har)
    assert har.exists()
    packed = entries_file(_write(tmp_path, "array", ENTRIES, gz=True), tmp_path)
    assert packed is not None and json.loads(packed.read_bytes()) == json.loads(ENTRIES)


def test_long_pages_before_the_entries_are_walked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(har_split, "_HEAD", 64)  # the head is read again, twice as long
    pages = [{"id": f"page-{i}", "title": "\u00e9" * 40} for i in range(50)]
    text = json.dumps({"log": {"pages": pages, "entries": json.loads(ENTRIES)}})
    found = entries_file(_write(tmp_path, "long", text, gz=False), tmp_path)
    assert found is not None and json.loads(found.read_bytes()) == json.loads(ENTRIES)


def test_invalid_utf8_before_the_entries_is_left_to_python(tmp_path: Path) -> None:
    har = tmp_path / "bad.har"
    har.write_bytes(b'{"log": {"creator": "\xff", "entries": []}}')
    assert entries_file(har, tmp_path) is None


def test_a_name_duckdb_would_read_as_a_glob_is_read_in_place(tmp_path: Path) -> None:
    """read_json('a[1].har') would read a1.har; har_sql escapes the name, so no copy is made
    (test_browser_source_duckdb_read checks the right file is read)."""
    har = _write(tmp_path, "session[1]", ENTRIES, gz=False)
    _write(tmp_path, "session1", "[]", gz=False)
    assert entries_file(har, tmp_path) == har
