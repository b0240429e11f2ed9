"""DuckDB reads the HAR entries itself: the same browser table as the Python scanner's way,
and the hits domain/pixel reads, for odd entries too; what DuckDB refuses goes through Python."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import duckdb
import pytest

from capi_desktop.backend.audit_engine import browser_source
from capi_desktop.backend.audit_engine.browser_source import BROWSER_COLUMNS, load_hars
from capi_desktop.backend.har_reader import iter_pixel_hits
from capi_desktop.domain.cancel import Cancelled
from capi_desktop.domain.pixel.hit import TECHNICAL_EVENTS
from tests.unit.backend.har_factory import BASE_TS_MS, har_entry, other_entry, pixel_url, write_har


def _post(body: str, mime: str = "application/x-www-form-urlencoded") -> dict[str, Any]:
    entry = har_entry("https://www.facebook.com/tr/", "POST", body)
    entry["request"]["postData"]["mimeType"] = mime
    return entry


def _multipart(fields: dict[str, str]) -> str:
    parts = [
        f'--x\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'
        for k, v in fields.items()
    ]
    return "".join(parts) + "--x--\r\n"


def _odd_entries() -> list[dict[str, Any]]:
    """Entries DuckDB reads (valid JSON, unique keys) that SQL must route with care."""
    ts = BASE_TS_MS
    form = "id=1234567890123456&ev=Lead&eid=f1&ts=" + str(ts)
    params = har_entry("https://www.facebook.com/tr/?id=1&ev=Lead&eid=p1", "POST", "")
    params["request"]["postData"] = {"text": "", "params": [{"name": "ts", "value": str(ts)}]}
    numeric_method = har_entry(pixel_url("Lead", "m1", ts))
    numeric_method["request"]["method"] = 5
    no_url = har_entry(pixel_url("Lead", "n1", ts))
    no_url["request"]["url"] = 17
    null_request = har_entry(pixel_url("Lead", "r1", ts))
    null_request["request"] = None
    no_started = har_entry(pixel_url("Lead", "t0", ts).replace(f"&ts={ts}", ""))
    del no_started["startedDateTime"]
    return [
        other_entry(0),
        har_entry(pixel_url("Purchase", "g1", ts)),
        _post(form),
        _post(_multipart({"id": "1234567890123456", "ev": "Lead", "eid": "f2", "ts": str(ts)})),
        params,
        _post(" " + form.replace("f1", "f3")),
        _post(form.replace("f1", "f4") + "\u2003"),  # Python's strip() removes U+2003
        _post(form.replace("f1", "f5") + "&x=" + "y" * 70_000),
        har_entry(pixel_url("Purchase", "caf\u00e9", ts)),  # non-ASCII escape
        har_entry(pixel_url("Purchase", "t1", ts).replace(f"&ts={ts}", "")),  # HAR time
        no_started,
        har_entry(pixel_url("SubscribedButtonClick", "s1", ts)),
        har_entry(pixel_url("Microdata", "s2", ts).replace("www.", "WWW.")),  # pending
        har_entry(pixel_url("Lead", "u1", ts).replace("www.facebook.com", "WWW.Facebook.COM")),
        har_entry(pixel_url("Lead", "k1", ts).replace("facebook", "faceboo\u212a")),  # Kelvin
        har_entry(pixel_url("Lead", "h1", ts) + "#frag"),
        har_entry(pixel_url("Lead", "a+b%2Bc", ts) + "&ev=ViewContent"),  # last ev wins
        har_entry(pixel_url("Lead", "x1", ts, fbp="fb.1.1.1.AQ")),  # fbp appendix
        har_entry(pixel_url("Lead", "i1", ts).replace("id=1234567890123456", "id=PIXEL")),
        numeric_method,
        no_url,
        null_request,
        har_entry(pixel_url("Lead", "d1", ts), "get"),
        har_entry("https://www.facebook.com/tr/?id=1234567890123456&eid=no-ev"),
        other_entry(1),
    ]


def _table(
    har: list[Path], *, python: bool, monkeypatch: pytest.MonkeyPatch, scanned: int = 0
) -> Any:
    """(hits, ignored) and the browser table; `scanned`: HARs the Python scanner must read."""
    seen: list[Path] = []
    real = browser_source.write_lines

    def spy(source: Path, *args: Any) -> int:
        seen.append(source)
        return real(source, *args)

    with monkeypatch.context() as patch:
        patch.setattr(browser_source, "write_lines", spy)
        if python:
            patch.setattr(browser_source, "entries_file", lambda _har, _folder: None)
        con = duckdb.connect()
        con.execute(f"CREATE TABLE browser ({BROWSER_COLUMNS})")
        found = load_hars(con, har, cancel=None, on_progress=lambda *_a: None)
        rows = con.execute("SELECT * FROM browser ORDER BY b").fetchall()
    assert len(seen) == (len(har) if python else scanned)
    return found, rows


def _python_hits(har: Path) -> list[Any]:
    return [h for h in iter_pixel_hits(har) if h.event_name not in TECHNICAL_EVENTS]


def test_duckdb_reads_odd_entries_as_the_python_scanner_and_domain_pixel_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    har = write_har(tmp_path / "odd.har", _odd_entries())
    fast = _table([har], python=False, monkeypatch=monkeypatch)
    slow = _table([har], python=True, monkeypatch=monkeypatch)
    assert fast == slow
    (count, ignored), rows = fast
    hits = _python_hits(har)
    assert (count, ignored) == (len(hits), len(list(iter_pixel_hits(har))) - len(hits)) == (18, 2)
    for row, hit in zip(rows, hits, strict=True):
        assert row[1:5] == (hit.pixel_id, hit.event_name, hit.event_id, hit.event_time)
        assert row[7] == f"odd.har {hit.origin}"
    names = {row[3] for row in rows}
    assert {"k1", "u1", "f2", "p1", "caf\u00e9", "t1", "a+b%2Bc"} <= names
    assert sum(1 for row in rows if row[8] is None) >= 4  # decoded in SQL, not Python


def test_gzip_and_several_hars_load_in_file_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = write_har(tmp_path / "first.har", _odd_entries())
    second = write_har(tmp_path / "second.har", [har_entry(pixel_url("Lead", "z9", BASE_TS_MS))])
    packed = tmp_path / "first.har.gz"
    packed.write_bytes(gzip.compress(first.read_bytes()))
    array = tmp_path / "array.har"  # a top-level array of entries, read in place
    array.write_text(json.dumps(json.loads(second.read_text())["log"]["entries"]))
    (count, _i), rows = _table([packed, second, array], python=False, monkeypatch=monkeypatch)
    plain = _table([first], python=False, monkeypatch=monkeypatch)[1]
    assert count == len(plain) + 2
    assert [r[1:7] for r in rows[: len(plain)]] == [r[1:7] for r in plain]
    assert [r[7] for r in rows[-2:]] == ["second.har HAR entry 1", "array.har HAR entry 1"]
    assert [r[0] for r in rows] == sorted({r[0] for r in rows})  # b unique, in file order
    slow = _table([packed, second, array], python=True, monkeypatch=monkeypatch)[1]
    assert [r[1:] for r in slow] == [r[1:] for r in rows]


_REFUSED = {
    "entries before pages": '{"log": {"entries": [ENTRY], "pages": []}}',
    "duplicate key": '{"log": {"entries": [ENTRY_DUP]}}',
    "lone surrogate": '{"log": {"entries": [ENTRY_SURROGATE]}}',
    "entry that is no object": '{"log": {"entries": [null, 3, ENTRY]}}',
    "postData text only": '{"log": {"entries": [ENTRY_POST_STRING]}}',
    "bare request": '{"log": {"entries": [BARE]}}',
    "no method": '{"log": {"entries": [NO_METHOD]}}',
    "null method": '{"log": {"entries": [NULL_METHOD]}}',
}


def _refused_har(tmp_path: Path, name: str, template: str) -> Path:
    url = pixel_url("Purchase", "e1", BASE_TS_MS)
    entry = json.dumps(har_entry(url))
    bare = {"url": url, "method": "GET", "startedDateTime": "2025-11-24T16:00:00.000Z"}
    text = (
        template.replace("ENTRY_DUP", '{"request": {"url": "https://x.example/"}, ' + entry[1:])
        .replace("ENTRY_SURROGATE", entry[:-1] + ', "comment": "\\ud800"}')
        .replace("ENTRY_POST_STRING", entry.replace('"queryString"', '"postData": "ev=x", "q"'))
        .replace("NO_METHOD", entry.replace('"method": "GET", ', ""))
        .replace("NULL_METHOD", entry.replace('"method": "GET"', '"method": null'))
        .replace("BARE", json.dumps(bare))
        .replace("ENTRY", entry)
    )
    path = tmp_path / f"{name.replace(' ', '-')}.har"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("name", sorted(_REFUSED))
def test_what_duckdb_refuses_the_python_scanner_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    har = _refused_har(tmp_path, name, _REFUSED[name])
    found = _table([har], python=False, monkeypatch=monkeypatch, scanned=1)  # DuckDB said no
    (count, _ignored), rows = found
    hits = _python_hits(har)
    assert count == len(hits) >= 1
    assert [r[1:5] for r in rows] == [
        (h.pixel_id, h.event_name, h.event_id, h.event_time) for h in hits
    ]


def test_a_cancel_stops_the_duckdb_read(tmp_path: Path) -> None:
    har = write_har(tmp_path / "a.har", [har_entry(pixel_url("Lead", "c1", BASE_TS_MS))])
    con = duckdb.connect()
    con.execute(f"CREATE TABLE browser ({BROWSER_COLUMNS})")
    with pytest.raises(Cancelled):
        load_hars(con, [har], cancel=lambda: True, on_progress=lambda *_a: None)


def test_progress_reaches_every_byte_of_every_har(tmp_path: Path) -> None:
    hars = [
        write_har(tmp_path / f"{i}.har", [har_entry(pixel_url("Lead", f"p{i}", BASE_TS_MS))])
        for i in range(2)
    ]
    seen: list[tuple[int, int, int]] = []
    con = duckdb.connect()
    con.execute(f"CREATE TABLE browser ({BROWSER_COLUMNS})")
    load_hars(con, hars, cancel=None, on_progress=lambda *a: seen.append(a))
    total = sum(p.stat().st_size for p in hars)
    assert seen[-1] == (2, total, total)
    assert [s[1] for s in seen] == sorted(s[1] for s in seen)


def test_the_cli_audits_a_gzipd_har_as_the_memory_engine_audits_it_plain(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """As a user runs it: `capi-desktop audit --har x.har.gz` (auto picks DuckDB for .gz)."""
    from capi_desktop.cli import main
    from tests.unit.backend.har_factory import server_event, write_jsonl

    entries = _odd_entries()
    har = write_har(tmp_path / "odd.har", entries)
    packed = tmp_path / "odd.har.gz"
    packed.write_bytes(gzip.compress(har.read_bytes()))
    t = BASE_TS_MS // 1000
    server = write_jsonl(
        tmp_path / "s.jsonl", [server_event("Lead", f"f{i}", t + 2) for i in range(1, 6)]
    )
    counts = ("matched", "at_risk", "double_counted", "browser_only", "server_only")
    found = []
    for path, engine in ((har, "memory"), (packed, "auto")):
        code = main(
            ["audit", "--har", str(path), "--server", str(server), "--json", "--engine", engine]
        )
        summary = json.loads(capsys.readouterr().out)
        found.append((code, summary["browser_hits"], *(summary[k] for k in counts)))
    assert found[0] == found[1] and found[0][1] == 18
    assert any("judged in SQL" in note for note in summary["notes"])  # the DuckDB engine ran


def test_glob_characters_in_a_har_name_read_that_har(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """DuckDB reads a path as a glob (a[1].har would be a1.har): never the wrong file."""
    wanted = tmp_path / "shop[1].har"
    wanted.write_text(json.dumps([har_entry(pixel_url("Lead", "right", BASE_TS_MS))]))
    decoy = tmp_path / "shop1.har"
    decoy.write_text(json.dumps([har_entry(pixel_url("Lead", "wrong", BASE_TS_MS))]))
    (count, _i), rows = _table([wanted], python=False, monkeypatch=monkeypatch)
    assert count == 1 and rows[0][3] == "right"
