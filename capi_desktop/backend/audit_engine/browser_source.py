"""Stream the Pixel hits of one or more HARs into the audit database in batches."""

from __future__ import annotations

import dataclasses
import json
import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from capi_desktop.backend.har_reader import iter_pixel_hits
from capi_desktop.domain.cancel import Cancel
from capi_desktop.domain.normalize.hashed import split_appendix
from capi_desktop.domain.pixel.hit import TECHNICAL_EVENTS, PixelHit

Connection = Any  # duckdb.DuckDBPyConnection

BROWSER_COLUMNS = (
    "b BIGINT, pixel_id VARCHAR, event_name VARCHAR, event_id VARCHAR, event_time DOUBLE,"
    " fbp VARCHAR, external_id VARCHAR, origin VARCHAR, hit VARCHAR"
)
_READ_COLUMNS = (
    "{'b': 'BIGINT', 'pixel_id': 'VARCHAR', 'event_name': 'VARCHAR', 'event_id': 'VARCHAR',"
    " 'event_time': 'DOUBLE', 'fbp': 'VARCHAR', 'external_id': 'VARCHAR', 'origin': 'VARCHAR',"
    " 'hit': 'VARCHAR'}"
)
_BATCH = 20_000
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


def load_hars(
    con: Connection,
    hars: Sequence[Path],
    *,
    cancel: Cancel,
    on_progress: HitProgress,
) -> tuple[int, int]:
    """Append every Pixel hit of the HARs, in file order, to `browser`; (hits, technical ignored)."""
    total_bytes = sum(p.stat().st_size for p in hars)
    done_bytes = 0
    count = ignored = 0
    handle, temp_name = tempfile.mkstemp(prefix="capi-audit-hits-", suffix=".jsonl")
    os.close(handle)
    temp = Path(temp_name)
    try:
        pending: list[str] = []
        counted = [0]  # read by the byte-progress callback

        def flush() -> None:
            temp.write_text("\n".join(pending) + "\n", encoding="utf-8")
            con.execute(
                "INSERT INTO browser SELECT * FROM read_json(?, format='newline_delimited',"
                f" columns={_READ_COLUMNS})",
                [str(temp)],
            )
            pending.clear()

        for har in hars:

            def on_bytes(done: int, _total: int, base: int = done_bytes) -> None:
                on_progress(counted[0], base + done, total_bytes)

            for hit in iter_pixel_hits(har, on_bytes, cancel):
                if hit.event_name in TECHNICAL_EVENTS:
                    ignored += 1  # pixel plumbing, never sent server-side
                    continue
                count += 1
                counted[0] = count
                pending.append(json.dumps(_row(count, hit, har.name)))
                if len(pending) >= _BATCH:
                    flush()
                    on_progress(count, done_bytes, total_bytes)
            done_bytes += har.stat().st_size
        if pending:
            flush()
        on_progress(count, total_bytes, total_bytes)
    finally:
        temp.unlink(missing_ok=True)
    return count, ignored
