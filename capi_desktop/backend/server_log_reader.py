"""Read server-side CAPI events from JSONL, a JSON array, request bodies or logged requests."""

from __future__ import annotations

import codecs
import json
import os
import re
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from capi_desktop.domain.audit.model import ServerEvent
from capi_desktop.domain.request.event_model import from_value

_READ_BLOCK = 1 << 20
_PIXEL_IN_URL = re.compile(r"/(\d{5,20})/events\b")
_BODY_KEYS = ("body", "request_body", "request", "payload", "json")
_PIXEL_KEYS = ("pixel_id", "pixel", "dataset_id")
_NO_EVENTS = (
    "no server events found: expected CAPI events (with event_name), a request body"
    ' {"data": [...]}, a JSON array of either, or one of them per line'
)


class ServerLogError(ValueError):
    """The file holds no readable server events; the message gives line and column."""


def _pixel_of(record: Mapping[str, Any]) -> str | None:
    for key in _PIXEL_KEYS:
        value = record.get(key)
        if isinstance(value, str | int) and not isinstance(value, bool) and str(value).isdigit():
            return str(value)
    for key in ("url", "endpoint", "path"):
        value = record.get(key)
        if isinstance(value, str):
            match = _PIXEL_IN_URL.search(value)
            if match:
                return match.group(1)
    return None


def _unwrap(record: Mapping[str, Any]) -> tuple[Any, str | None]:
    """A logged request ({url, body}) → (the body, its pixel); other values pass through."""
    pixel = _pixel_of(record)
    if "data" in record or "event_name" in record:
        return record, pixel
    for key in _BODY_KEYS:
        body = record.get(key)
        if isinstance(body, str):
            try:
                body = json.loads(body)
            except ValueError:
                continue
        if isinstance(body, Mapping | list):
            return body, pixel
    return record, pixel


def _array_item(item: Any, where: str, pixel: str | None) -> list[ServerEvent]:
    if (isinstance(item, Mapping) and "event_name" not in item) or isinstance(item, list):
        return events_from_value(item, where, pixel)
    if isinstance(item, Mapping):
        return [ServerEvent(dict(item), pixel, where)]
    return []


def events_from_value(value: Any, origin: str, pixel: str | None = None) -> list[ServerEvent]:
    """All events in one decoded JSON value (event, list, request body, logged request)."""
    if isinstance(value, list):
        found: list[ServerEvent] = []
        for index, item in enumerate(value):
            found += _array_item(item, f"{origin}[{index}]", pixel)
        return found
    if isinstance(value, Mapping):
        body, own_pixel = _unwrap(value)
        if body is not value:
            return events_from_value(body, origin, own_pixel or pixel)
        parsed = from_value(dict(value))
        if not parsed.ok or parsed.request is None:
            return []
        single = parsed.shape == "event"
        return [
            ServerEvent(
                dict(event), own_pixel or pixel, origin if single else f"{origin} data[{index}]"
            )
            for index, event in enumerate(parsed.request.events())
            if isinstance(event, Mapping)
        ]
    return []


def _json_line(line: str, number: int) -> list[ServerEvent]:
    if not line.strip():
        return []
    try:
        value = json.loads(line)
        return events_from_value(value, f"line {number}")
    except json.JSONDecodeError as exc:
        raise ServerLogError(
            f"line {number}, column {exc.colno}: {exc.msg} (expected one JSON value per line)"
        ) from None
    except RecursionError:
        raise ServerLogError(f"line {number}: the JSON is nested too deeply to read") from None


def _jsonl(text: str) -> list[ServerEvent]:
    events: list[ServerEvent] = []
    for number, line in enumerate(text.splitlines(), 1):
        events += _json_line(line, number)
    return events


def parse_server_text(text: str) -> list[ServerEvent]:
    """Events from text: one JSON document, or JSON Lines. Raises ServerLogError."""
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise ServerLogError("the server-side file is empty")
    try:
        value = json.loads(text)
        events = None
    except json.JSONDecodeError as exc:
        if exc.msg != "Extra data":
            raise ServerLogError(f"line {exc.lineno}, column {exc.colno}: {exc.msg}") from None
        events = _jsonl(text)
    except RecursionError:
        raise ServerLogError("the JSON is nested too deeply to read") from None
    if events is None:
        try:
            events = events_from_value(value, "file")
        except RecursionError:
            raise ServerLogError("the JSON is nested too deeply to read") from None
    if not events:
        raise ServerLogError(_NO_EVENTS)
    return events


def _first_line_is_json(path: Path) -> bool:
    with path.open(encoding="utf-8-sig", errors="replace") as handle:
        first = next((line for line in handle if line.strip()), "")
    if first.lstrip().startswith("["):
        return False  # an array (even on one line) is streamed item by item instead
    try:
        json.loads(first)
    except (ValueError, RecursionError):
        return False
    return True


def _streamed_array(path: Path, on_items: Callable[[int], None] | None) -> list[ServerEvent] | None:
    """Events of a top-level JSON array, decoded one item at a time; None if not that shape.

    One json.loads of a big array holds the GIL for as long as it takes (100+ ms for 20k
    events), freezing the UI thread while a worker reads the log.
    """
    from capi_desktop.backend.har_reader import HarError, JsonScanner, iter_array

    events: list[ServerEvent] = []
    with path.open("rb") as handle:
        scanner = JsonScanner(handle)
        if scanner.peek() != "[":
            return None
        try:
            for index, item in enumerate(iter_array(scanner)):
                events += _array_item(item, f"file[{index}]", None)
                if on_items is not None and index % 1000 == 999:
                    on_items(index + 1)
            if scanner.peek():
                return None  # more after the array (JSON Lines of arrays): read it whole
        except HarError:
            return None  # read it whole for an error message with line and column
    return events


def _lines(path: Path) -> Iterator[str]:
    """The file's lines, read in 1 MiB blocks.

    Big reads on purpose: every read() lets go of the GIL, and a worker that lets go and takes
    it back every few lines (a text file's 8 KiB reads) starves a waiting UI thread: CPython
    forces a hand-over only after a whole switch interval in which the GIL never changed hands.
    """
    decoder = codecs.getincrementaldecoder("utf-8-sig")(errors="replace")
    rest = ""
    with path.open("rb") as handle:
        while True:
            block = handle.read(_READ_BLOCK)
            text = rest + decoder.decode(block, final=not block)
            lines = text.split("\n")
            rest = lines.pop()
            yield from lines
            if not block:
                break
    if rest:
        yield rest


def read_server_events(
    path: str | os.PathLike[str], on_lines: Callable[[int], None] | None = None
) -> list[ServerEvent]:
    """Read a server-side log file. Raises ServerLogError or OSError.

    JSON Lines are read line by line so a big log is never held twice in memory;
    `on_lines(count)` is called every 1,000 lines.
    """
    path = Path(path)
    streamed = _streamed_array(path, on_lines)
    if streamed:
        return streamed
    if not _first_line_is_json(path):
        return parse_server_text(path.read_text(encoding="utf-8", errors="replace"))
    events: list[ServerEvent] = []
    for number, line in enumerate(_lines(path), 1):
        events += _json_line(line, number)
        if on_lines is not None and number % 1000 == 0:
            on_lines(number)
    if not events:
        raise ServerLogError(_NO_EVENTS)
    return events
