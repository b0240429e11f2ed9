"""Streaming HAR reader: only Pixel hits come out, across chunk boundaries, with progress and cancel."""

from __future__ import annotations

import itertools
import json
import threading
from pathlib import Path

import pytest

from capi_desktop.backend import har_reader
from capi_desktop.backend.har_reader import HarError, iter_pixel_hits
from capi_desktop.domain.cancel import Cancelled
from tests.unit.backend.har_factory import (
    BASE_TS_MS,
    COOKIE_CANARY,
    har_entry,
    other_entry,
    pixel_url,
    write_har,
)


def _mixed_entries(count: int) -> list[dict[str, object]]:
    entries: list[dict[str, object]] = []
    for i in range(count):
        entries.append(other_entry(i))
        if i % 3 == 0:
            entries.append(har_entry(pixel_url("Purchase", f"ord-{i}", BASE_TS_MS + i)))
        elif i % 3 == 1:
            body = pixel_url("Lead", f"lead-{i}", BASE_TS_MS + i).split("?", 1)[1]
            entries.append(har_entry("https://www.facebook.com/tr/", "POST", body))
    return entries


@pytest.mark.parametrize("chunk", [7, 64, 1 << 20])
def test_yields_only_pixel_hits_in_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    monkeypatch.setattr(har_reader, "_CHUNK", chunk)
    path = write_har(tmp_path / "a.har", _mixed_entries(30))
    hits = list(iter_pixel_hits(path))
    assert [h.event_id for h in hits] == [
        f"ord-{i}" if i % 3 == 0 else f"lead-{i}" for i in range(30) if i % 3 != 2
    ]
    assert {h.method for h in hits} == {"GET", "POST"}
    assert hits[0].origin == "HAR entry 2"
    assert all(COOKIE_CANARY not in repr(h) for h in hits)


def test_top_level_array_and_missing_ts(tmp_path: Path) -> None:
    url = "https://www.facebook.com/tr/?id=1&ev=Lead&eid=x"
    path = tmp_path / "entries.json"
    path.write_text(json.dumps([har_entry(url), other_entry(1)]), encoding="utf-8")
    (hit,) = list(iter_pixel_hits(path))
    assert hit.event_time == 1764000000  # from startedDateTime 2025-11-24T16:00:00Z
    assert any("startedDateTime" in w for w in hit.warnings)


def test_progress_and_event_cancel(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(har_reader, "_CHUNK", 4096)
    path = write_har(tmp_path / "big.har", _mixed_entries(2000))
    seen: list[tuple[int, int]] = []
    hits = list(iter_pixel_hits(path, lambda done, total: seen.append((done, total))))
    assert len(hits) == 1334
    size = path.stat().st_size
    assert seen[-1] == (size, size) and len(seen) > 3
    assert all(a <= b for (a, _), (b, _) in itertools.pairwise(seen))

    stop = threading.Event()

    def progress(done: int, total: int) -> None:
        stop.set()

    with pytest.raises(Cancelled):
        list(iter_pixel_hits(path, progress, stop))
    with pytest.raises(Cancelled):
        list(iter_pixel_hits(path, None, lambda: True))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"log": {"version": "1.2"}}', "no log.entries"),
        ('{"other": 1}', "no log.entries"),
        ('{"log": {"entries": [{"request": {}}, ', "not valid JSON"),
        ('{"log": {"entries": [{"request": {}} {"x": 1}]}}', "expected ','"),
        ("", "expected '{'"),
        ("42", "expected '{'"),
    ],
)
def test_bad_files(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.har"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(HarError, match=message):
        list(iter_pixel_hits(path))


def test_corrupt_middle_fails_fast_without_reading_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(har_reader, "_CHUNK", 1024)
    good = json.dumps(other_entry(0))
    text = '{"log": {"entries": [' + good + ', {"request": nope}, ' + ", ".join([good] * 3000)
    path = tmp_path / "corrupt.har"
    path.write_text(text + "]}}", encoding="utf-8")
    with pytest.raises(HarError, match="not valid JSON at character"):
        list(iter_pixel_hits(path))


def test_entry_larger_than_the_chunk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(har_reader, "_CHUNK", 256)
    big = har_entry(pixel_url("Purchase", "big", BASE_TS_MS))
    big["response"] = {"content": {"text": "x" * 200_000}}
    path = write_har(tmp_path / "huge.har", [other_entry(0), big, other_entry(1)])
    assert [h.event_id for h in iter_pixel_hits(path)] == ["big"]


def test_byte_order_mark_and_crlf(tmp_path: Path) -> None:
    har = {"log": {"entries": [har_entry(pixel_url("Lead", "bom", BASE_TS_MS))]}}
    path = tmp_path / "bom.har"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(har, indent=2).replace("\n", "\r\n").encode())
    assert [h.event_id for h in iter_pixel_hits(path)] == ["bom"]


@pytest.mark.parametrize("chunk", [7, 64, 4096])
def test_huge_entry_is_stepped_over_not_decoded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    monkeypatch.setattr(har_reader, "_CHUNK", chunk)
    monkeypatch.setattr(har_reader, "_SKIP_ABOVE", 4000)  # bigger than any Pixel entry here
    tricky = 'a \\"quoted\\" {not} [a] \\\\ end\\\\' * 3000 + "é\u2028"
    huge = other_entry(1)
    huge["response"] = {"content": {"text": tricky, "parts": [{"x": ["}", "]"]}, [tricky]]}}
    entries = [har_entry(pixel_url("Lead", "before", BASE_TS_MS)), huge]
    entries.append(har_entry(pixel_url("Purchase", "after", BASE_TS_MS)))
    path = write_har(tmp_path / "huge.har", entries)
    decoded: list[object] = []
    real = har_reader.hit_from_har_entry
    monkeypatch.setattr(
        har_reader, "hit_from_har_entry", lambda entry: decoded.append(entry) or real(entry)
    )
    hits = list(iter_pixel_hits(path))
    assert len(decoded) == 2  # the huge entry was never decoded
    assert [(h.event_id, h.origin) for h in hits] == [
        ("before", "HAR entry 1"),
        ("after", "HAR entry 3"),
    ]
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("parts")], encoding="utf-8")  # cut inside the huge entry
    with pytest.raises(HarError):
        list(iter_pixel_hits(path))
