"""Load the Pixel hits of one or more HARs (plain or gzip'd) into the audit database.

DuckDB reads each HAR's entries itself — har_split hands it the JSON array, har_sql picks the
Pixel requests, pixel_sql decodes them — in one INSERT per HAR (1M hits: ~12 s CPU; the
Python scanner feeding SQL one batch at a time took ~37 s). What SQL leaves to domain/pixel
(odd escapes, no `ts`, multipart, ...) is inserted as a pending row (origin NULL) and replaced
by domain/pixel's reading, exactly as the in-memory engine reads it. A HAR DuckDB cannot read
that way (entries not last, a duplicate key, broken JSON) is streamed by the Python scanner
into JSON lines for the same SQL (har_lines); that scanner also words the error of a broken HAR.
"""

from __future__ import annotations

import dataclasses
import gzip
import importlib
import json
import logging
import shutil
import tempfile
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from threading import Event
from typing import Any

from capi_desktop.backend.audit_engine.har_lines import write_lines
from capi_desktop.backend.audit_engine.har_split import entries_file, is_gzip, remove
from capi_desktop.backend.audit_engine.progress import watch_query
from capi_desktop.backend.har_reader import ByteProgress, pixel_hit_of_entry
from capi_desktop.domain.audit.field_sql import BROWSER_FIELD_COLUMNS, sql_string
from capi_desktop.domain.audit.har_sql import array_source, lines_source, stage_sql
from capi_desktop.domain.audit.pixel_sql import decode_sql
from capi_desktop.domain.cancel import Cancel, Cancelled, as_check
from capi_desktop.domain.normalize.hashed import split_appendix
from capi_desktop.domain.pixel.hit import TECHNICAL_EVENTS, PixelHit

Connection = Any  # duckdb.DuckDBPyConnection

BROWSER_COLUMNS = (
    "b BIGINT, pixel_id VARCHAR, event_name VARCHAR, event_id VARCHAR, event_time DOUBLE,"
    " fbp VARCHAR, external_id VARCHAR, origin VARCHAR, hit VARCHAR, url VARCHAR,"
    " method VARCHAR, body VARCHAR," + BROWSER_FIELD_COLUMNS
)
_JSON_COLUMNS = (
    "{'b': 'BIGINT', 'pixel_id': 'VARCHAR', 'event_name': 'VARCHAR', 'event_id': 'VARCHAR',"
    " 'event_time': 'DOUBLE', 'fbp': 'VARCHAR', 'external_id': 'VARCHAR', 'origin': 'VARCHAR',"
    " 'hit': 'VARCHAR'}"
)
HitProgress = Callable[[int, int, int], None]  # (hits so far, bytes read, bytes in all HARs)
Watch = Callable[[], AbstractContextManager[Event]]  # progress.watch_query for one query
_PAGE = 20_000
_log = logging.getLogger(__name__)
_TECHNICAL = ", ".join(sql_string(name) for name in sorted(TECHNICAL_EVENTS))


_FIELDS = tuple(f.name for f in dataclasses.fields(PixelHit) if f.name != "raw_params")


def hit_to_json(hit: PixelHit) -> str:
    """The fields the comparison reads (raw_params dropped: half the size of a hit).

    Not dataclasses.asdict: its deep copy took 0.3 ms a hit, more than reading the hit."""
    return json.dumps({name: getattr(hit, name) for name in _FIELDS})


def hit_from_json(text: str) -> PixelHit:
    data = json.loads(text)
    for key in ("data_processing_options", "warnings"):
        if isinstance(data.get(key), list):
            data[key] = tuple(data[key])
    return PixelHit(**data)


def hit_from_url(url: str, method: str, body: str | None, origin: str) -> PixelHit | None:
    """The PixelHit of a request decoded in SQL, read again by domain/pixel (a listed row)."""
    request: dict[str, Any] = {"url": url, "method": method}
    if body:
        request["postData"] = {"text": body}
    hit = pixel_hit_of_entry({"request": request}, 0)
    return None if hit is None else dataclasses.replace(hit, origin=origin)


def _first_external_id(hit: PixelHit) -> str | None:
    value = hit.user_data.get("external_id")
    if isinstance(value, list | tuple):
        value = value[0] if value else None
    text = "" if value is None else str(value).strip()
    return text or None


def _row(index: int, hit: PixelHit, har_name: str) -> dict[str, Any]:
    fbp = split_appendix(hit.fbp.strip())[0] if hit.fbp and hit.fbp.strip() else None
    origin = f"{har_name} {hit.origin}" if hit.origin else har_name
    return {
        "b": index,
        "pixel_id": hit.pixel_id,
        "event_name": hit.event_name,
        "event_id": hit.event_id,
        "event_time": hit.event_time,
        "fbp": fbp,
        "external_id": _first_external_id(hit),
        "origin": origin,
        "hit": hit_to_json(dataclasses.replace(hit, origin=origin, raw_params={})),
    }


class _Decoded:
    """Hits domain/pixel decoded, inserted as JSON lines a page at a time."""

    def __init__(self, con: Connection, path: Path) -> None:
        self.con = con
        self.path = path
        self.lines: list[str] = []
        self.ignored = 0

    def add(self, b: int, hit: PixelHit | None, har_name: str) -> None:
        if hit is None:
            return
        if hit.event_name in TECHNICAL_EVENTS:
            self.ignored += 1  # pixel plumbing, never sent server-side
            return
        self.lines.append(json.dumps(_row(b, hit, har_name)))
        if len(self.lines) >= _PAGE:
            self.flush()

    def flush(self) -> None:
        if not self.lines:
            return
        self.path.write_text("\n".join(self.lines) + "\n", encoding="utf-8")
        self.lines.clear()
        self.con.execute(
            "INSERT INTO browser BY NAME SELECT * FROM read_json(?,"
            f" format='newline_delimited', columns={_JSON_COLUMNS})",
            [str(self.path)],
        )


def _duckdb() -> Any:
    return importlib.import_module("duckdb")  # not at start-up (see runner._duckdb)


def _insert(con: Connection, source: str, base: int, har_name: str, watch: Watch) -> None:
    """Every Pixel request of `source` into `browser`: decoded in SQL, or pending."""
    sql = decode_sql(stage_sql(source, base), har_name)
    with watch() as stopped:
        try:
            con.execute(f"INSERT INTO browser SELECT * EXCLUDE (keep) FROM ({sql}) WHERE keep")
        except _duckdb().InterruptException:
            raise Cancelled from None
    if stopped.is_set():
        raise Cancelled


def _settle(con: Connection, base: int, decoded: _Decoded, har_name: str) -> None:
    """Replace the pending rows of one HAR (b > base) by domain/pixel's reading; drop its
    technical hits (counted as ignored)."""
    found = con.execute(
        f"SELECT COUNT(*) FROM browser WHERE b > {base} AND origin IS NOT NULL"
        f" AND event_name IN ({_TECHNICAL})"
    ).fetchone()
    decoded.ignored += int(found[0])
    last = base
    while True:
        page = con.execute(
            f"SELECT b, hit FROM browser WHERE b > {last} AND origin IS NULL ORDER BY b"
            f" LIMIT {_PAGE}"
        ).fetchall()
        if not page:
            break
        for b, raw in page:
            decoded.add(b, pixel_hit_of_entry(json.loads(raw), b - base), har_name)
        last = page[-1][0]
    decoded.flush()
    con.execute(
        f"DELETE FROM browser WHERE b > {base} AND (origin IS NULL"
        f" OR (hit IS NULL AND event_name IN ({_TECHNICAL})))"
    )


def _count(con: Connection) -> int:
    return int(con.execute("SELECT COUNT(*) FROM browser").fetchone()[0])


def _read_fast(con: Connection, har: Path, folder: Path, base: int, watch: Watch) -> bool:
    """DuckDB reads the HAR's entries itself; False when it cannot (nothing was loaded)."""
    try:
        entries = entries_file(har, folder)
    except OSError:  # no room for the copy, ...: the Python scanner needs little
        return False
    if entries is None:
        return False
    duckdb = _duckdb()
    try:
        _insert(con, array_source(str(entries)), base, har.name, watch)
    except (duckdb.InvalidInputException, duckdb.ConversionException) as exc:
        # a duplicate key, broken JSON, a bare request, ...; DuckDB's text may quote the
        # HAR (personal data), so only its kind is logged
        _log.info("%s: read by the Python scanner (%s)", har.name, type(exc).__name__)
        return False
    finally:
        remove(entries, har)
    return True


@dataclasses.dataclass(frozen=True)
class Scan:
    """How one HAR's reading reports progress and notices a cancel."""

    on_bytes: ByteProgress
    cancel: Cancel
    watch: Watch


def _read_python(
    con: Connection, har: Path, folder: Path, base: int, decoded: _Decoded, scan: Scan
) -> int:
    """The Python scanner streams the HAR into JSON lines for the same SQL; returns its
    number of entries."""
    source = har
    if is_gzip(har):
        source = folder / f"{har.name}.json"
        with gzip.open(har, "rb") as packed, source.open("wb") as plain:
            shutil.copyfileobj(packed, plain, 1 << 22)
    lines = folder / "entries.jsonl"

    def on_entry(count: int, entry: Any) -> None:
        decoded.add(base + count, pixel_hit_of_entry(entry, count), har.name)

    try:
        with lines.open("wb") as out:
            entries = write_lines(source, out, on_entry, scan.on_bytes, scan.cancel)
        decoded.flush()
        _insert(con, lines_source(str(lines)), base, har.name, scan.watch)
    finally:
        lines.unlink(missing_ok=True)
        if source != har:
            source.unlink(missing_ok=True)
    return entries


def load_hars(
    con: Connection,
    hars: Sequence[Path],
    *,
    cancel: Cancel,
    on_progress: HitProgress,
) -> tuple[int, int]:
    """Append every Pixel hit of the HARs, in file order, to `browser`; (hits, technical ignored)."""
    should_cancel = as_check(cancel)
    sizes = [p.stat().st_size for p in hars]
    total, done, base, before = sum(sizes), 0, 0, _count(con)
    with tempfile.TemporaryDirectory(prefix="capi-audit-hits-") as tmp:
        folder = Path(tmp)
        decoded = _Decoded(con, folder / "decoded.jsonl")
        for har, size in zip(hars, sizes, strict=True):
            hits = _count(con) - before

            def on_bytes(
                read: int, of: int, start: int = done, size: int = size, hits: int = hits
            ) -> None:
                on_progress(hits, start + size * min(read, of) // max(of, 1), total)  # of: unpacked

            def watch(start: int = done, size: int = size, hits: int = hits) -> Any:
                def on_fraction(fraction: float) -> None:
                    on_progress(hits, start + int(size * fraction), total)

                return watch_query(con, should_cancel, on_fraction)

            if should_cancel():
                raise Cancelled
            if _read_fast(con, har, folder, base, watch):
                last = con.execute(f"SELECT MAX(b) FROM browser WHERE b > {base}").fetchone()[0]
                top = base if last is None else int(last)
            else:
                top = base + _read_python(
                    con, har, folder, base, decoded, Scan(on_bytes, should_cancel, watch)
                )
            _settle(con, base, decoded, har.name)
            base, done = top, done + size
        on_progress(_count(con) - before, total, total)
    return _count(con) - before, decoded.ignored
