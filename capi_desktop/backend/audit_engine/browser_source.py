"""Stream the Pixel hits of one or more HARs into the audit database in batches.

The common Pixel GET goes to DuckDB as its URL and is decoded there (domain/audit/pixel_sql.py):
measured at 100k hits, Python's decoding took 85 µs a hit plus 55 µs to stage it as JSON, the
SQL decoding ~3 µs. Every other request (POST bodies, odd escapes, no `ts`, ...) is decoded by
domain/pixel in Python, exactly as the in-memory engine reads it.
"""

from __future__ import annotations

import dataclasses
import json
import re
import tempfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from capi_desktop.backend.har_reader import iter_har_entries, pixel_hit_of_entry
from capi_desktop.domain.audit.field_sql import BROWSER_FIELD_COLUMNS
from capi_desktop.domain.audit.pixel_sql import SIMPLE_PIXEL_URL, decode_sql
from capi_desktop.domain.cancel import Cancel
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
_STAGE_COLUMNS = (
    "{'b': 'BIGINT', 'entry': 'BIGINT', 'method': 'VARCHAR', 'started': 'VARCHAR',"
    " 'url': 'VARCHAR', 'body': 'VARCHAR'}"
)
_BATCH = 50_000
_SIMPLE = re.compile(SIMPLE_PIXEL_URL)
_SAFE = re.compile(r"^[^\t\r\n]{1,100}$")
_SAFE_BODY = re.compile(r"^[^\t\r\n]*$")
HitProgress = Callable[[int, int, int], None]  # (hits so far, bytes read, bytes in all HARs)


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


class _Batch:
    """Hits waiting to go in: GET URLs for SQL to decode, and hits Python decoded."""

    def __init__(self, con: Connection, folder: Path) -> None:
        self.con = con
        self.stage = folder / "stage.tsv"
        self.decoded = folder / "decoded.jsonl"
        self.urls: list[str] = []
        self.hits: list[str] = []
        self.count = self.ignored = 0

    def add_hit(self, b: int, hit: PixelHit, har_name: str) -> None:
        if hit.event_name in TECHNICAL_EVENTS:
            self.ignored += 1  # pixel plumbing, never sent server-side
            return
        self.count += 1
        self.hits.append(json.dumps(_row(b, hit, har_name)))

    def add_url(self, b: int, entry: int, method: str, started: str, url: str, body: str) -> None:
        self.urls.append(f"{b}\t{entry}\t{method}\t{started}\t{url}\t{body}")

    def full(self) -> bool:
        return len(self.urls) + len(self.hits) >= _BATCH

    def flush(self, har_name: str) -> None:
        if self.urls:
            self.stage.write_text("\n".join(self.urls) + "\n", encoding="utf-8")
            self.urls.clear()
            self._decode(har_name)
        if self.hits:
            self.decoded.write_text("\n".join(self.hits) + "\n", encoding="utf-8")
            self.hits.clear()
            self.con.execute(
                "INSERT INTO browser BY NAME SELECT * FROM read_json(?,"
                f" format='newline_delimited', columns={_JSON_COLUMNS})",
                [str(self.decoded)],
            )

    def _decode(self, har_name: str) -> None:
        stage = (
            f"read_csv('{self.stage}', delim='\t', quote='', escape='', header=false,"
            f" auto_detect=false, columns={_STAGE_COLUMNS})"
        )
        self.con.execute(f"CREATE OR REPLACE TEMP TABLE decoded AS {decode_sql(stage, har_name)}")
        try:
            ok = "has_ev AND NOT py"
            self.con.execute(
                "INSERT INTO browser SELECT * EXCLUDE (py, has_ev, technical, entry)"
                f" FROM decoded WHERE {ok} AND NOT technical"
            )
            found = self.con.execute(
                f"SELECT COUNT(*) FILTER (WHERE {ok} AND NOT technical), COUNT(*) FILTER"
                f" (WHERE {ok} AND technical), COUNT(*) FILTER (WHERE py AND has_ev) FROM decoded"
            ).fetchone()
            self.count += int(found[0])
            self.ignored += int(found[1])
            again = []
            if found[2]:  # read the stage again only for their startedDateTime
                again = self.con.execute(
                    "SELECT d.b, d.entry, d.method, s.started, d.url, d.body FROM decoded d"
                    f" JOIN {stage} s ON s.b = d.b WHERE d.py AND d.has_ev ORDER BY d.b"
                ).fetchall()
        finally:
            self.con.execute("DROP TABLE IF EXISTS decoded")
        for b, entry, method, started, url, body in again:
            request: dict[str, Any] = {"url": url, "method": method}
            if body:
                request["postData"] = {"text": body}
            hit = pixel_hit_of_entry({"request": request, "startedDateTime": started}, entry)
            if hit is not None:
                self.add_hit(b, hit, har_name)


def _form_body(post: Any) -> str | None:
    """The form body SQL may decode ('' for none), or None when domain/pixel must read it
    (multipart, params[] lists, spaces around it, tabs or line breaks inside)."""
    if post is None:
        return ""
    if not isinstance(post, Mapping):
        return None
    text, params, mime = post.get("text"), post.get("params"), post.get("mimeType")
    if not (isinstance(text, str) and text):
        return None if isinstance(params, list) and params else ""
    multipart = isinstance(mime, str) and mime.lower().startswith("multipart/")
    if multipart or text.strip() != text or text.startswith("--") or len(text) > 1 << 16:
        return None
    return text if _SAFE_BODY.match(text) else None


def _request(entry: Any) -> Mapping[str, Any] | None:
    if not isinstance(entry, dict):
        return None
    request = entry.get("request", entry)
    return request if isinstance(request, Mapping) else None


def load_hars(
    con: Connection,
    hars: Sequence[Path],
    *,
    cancel: Cancel,
    on_progress: HitProgress,
) -> tuple[int, int]:
    """Append every Pixel hit of the HARs, in file order, to `browser`; (hits, technical ignored)."""
    total_bytes = sum(p.stat().st_size for p in hars)
    done_bytes = base = 0
    with tempfile.TemporaryDirectory(prefix="capi-audit-hits-") as folder:
        batch = _Batch(con, Path(folder))
        for har in hars:

            def on_bytes(done: int, _total: int, start: int = done_bytes) -> None:
                on_progress(batch.count, start + done, total_bytes)

            entries = 0
            for count, entry in iter_har_entries(har, on_bytes, cancel):
                entries = count
                request = _request(entry)
                url = None if request is None else request.get("url")
                if not isinstance(url, str) or "facebook.com/tr" not in url.lower():
                    continue  # what is_pixel_url tests first: not a Pixel hit
                assert request is not None
                method, started = request.get("method"), entry.get("startedDateTime", "")
                body = _form_body(request.get("postData"))
                if (
                    body is not None
                    and isinstance(method, str)
                    and isinstance(started, str)
                    and _SAFE.match(method)
                    and (not started or _SAFE.match(started))
                    and len(url) < 1 << 20
                    and _SIMPLE.match(url)
                ):
                    batch.add_url(base + count, count, method, started, url, body)
                else:
                    hit = pixel_hit_of_entry(entry, count)
                    if hit is not None:
                        batch.add_hit(base + count, hit, har.name)
                if batch.full():
                    batch.flush(har.name)
            batch.flush(har.name)
            base += entries
            done_bytes += har.stat().st_size
        on_progress(batch.count, total_bytes, total_bytes)
    return batch.count, batch.ignored
