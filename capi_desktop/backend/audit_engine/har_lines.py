"""The Python way into the audit for a HAR DuckDB cannot be handed whole: stream it with
har_reader and write each Pixel request as one JSON line holding only what domain/pixel
reads of an entry (request url, method, postData; startedDateTime), for the same SQL.

Requests JSON cannot carry unchanged (a lone surrogate, a postData that is not an object, no
method) go to `on_entry`, which decodes them with domain/pixel at once.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import IO, Any

from capi_desktop.backend.har_reader import ByteProgress, iter_har_entries
from capi_desktop.domain.audit.har_sql import PIXEL_HINT
from capi_desktop.domain.cancel import Cancel

OnEntry = Callable[[int, Any], None]  # (entry number, entry) for domain/pixel
_POST_KEYS = ("text", "mimeType", "params")  # all hit_from_har_entry reads of postData


def _request(entry: Any) -> Mapping[str, Any] | None:
    if not isinstance(entry, dict):
        return None
    request = entry.get("request", entry)  # a bare request is read as one (domain/pixel)
    return request if isinstance(request, Mapping) else None


def _line(count: int, entry: dict[str, Any], request: Mapping[str, Any]) -> bytes | None:
    """The JSON line of a Pixel request, or None when JSON lines cannot carry it as it is."""
    if request.get("method") is None:  # absent ("GET") and null ("None") read alike in SQL
        return None
    post = request.get("postData")
    if post is not None and not isinstance(post, Mapping):
        return None
    slim: dict[str, Any] = {"url": request["url"], "method": request["method"]}
    if post is not None:
        slim["postData"] = {key: post[key] for key in _POST_KEYS if key in post}
    started = entry.get("startedDateTime")
    line = {"n": count, "startedDateTime": started, "request": slim}
    try:
        return (json.dumps(line, ensure_ascii=False) + "\n").encode("utf-8")
    except (UnicodeEncodeError, ValueError, TypeError):  # lone surrogates, ...
        return None


def write_lines(
    har: Path,
    out: IO[bytes],
    on_entry: OnEntry,
    on_bytes: ByteProgress,
    cancel: Cancel,
) -> int:
    """Write the HAR's Pixel requests to `out`; returns how many entries the HAR has.
    Raises HarError, OSError or Cancelled."""
    entries = 0
    for count, entry in iter_har_entries(har, on_bytes, cancel):
        entries = count
        request = _request(entry)
        url = None if request is None else request.get("url")
        if not isinstance(url, str) or PIXEL_HINT not in url.lower():
            continue  # what is_pixel_url tests first: not a Pixel hit
        assert request is not None
        line = _line(count, entry, request)
        if line is None:
            on_entry(count, entry)
        else:
            out.write(line)
    return entries
