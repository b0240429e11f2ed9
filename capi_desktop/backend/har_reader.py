"""Stream Pixel hits out of a HAR file without loading it whole; other entries and cookies are dropped."""

from __future__ import annotations

import codecs
import dataclasses
import json
import os
import re
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from capi_desktop.domain.cancel import Cancel, Cancelled, as_check
from capi_desktop.domain.pixel.request import PixelHit, hit_from_har_entry

ByteProgress = Callable[[int, int], None]  # (bytes read, file size)

_CHUNK = 1 << 20
_WS = " \t\r\n"
# A value bigger than this is stepped over, not decoded: decoding holds the GIL for the whole
# value (365 ms for a 160 MB response body, a frozen UI), and no Pixel hit is anywhere near it.
_SKIP_ABOVE = 8 << 20
_STRING_REST = re.compile(r'[^"\\]*(?:\\.[^"\\]*)*', re.S)  # up to a closing quote
_STRUCTURAL = re.compile(r'["\[\]{}]')


class HarError(ValueError):
    """The file is not a readable HAR; the message names the position, never file content."""


class _Scanner:
    """A growing text window over a binary file, decoded as UTF-8 chunk by chunk."""

    def __init__(self, handle: IO[bytes], chunk: int | None = None) -> None:
        self.handle = handle
        self.chunk = chunk or _CHUNK
        self.decoder = codecs.getincrementaldecoder("utf-8-sig")(errors="replace")
        self.decoder_json = json.JSONDecoder()
        self.buf = ""
        self.pos = 0
        self.base = 0  # characters dropped from the front of buf so far
        self.eof = False
        self.bytes_read = 0

    def fill(self, want: int | None = None) -> bool:
        if self.eof:
            return False
        data = self.handle.read(want or self.chunk)
        self.bytes_read += len(data)
        text = self.decoder.decode(data, final=not data)
        if not data:
            self.eof = True
        if self.pos > len(self.buf) // 2:  # drop what has been consumed
            self.base += self.pos
            self.buf = self.buf[self.pos :]
            self.pos = 0
        self.buf += text
        return bool(data) or bool(text)

    def peek(self) -> str:
        while True:
            while self.pos < len(self.buf) and self.buf[self.pos] in _WS:
                self.pos += 1
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self.fill():
                return ""

    def expect(self, char: str) -> None:
        found = self.peek()
        if found != char:
            raise HarError(
                f"not a HAR file: expected '{char}' at character {self.base + self.pos},"
                f" found {found or 'end of file'!r}"
            )
        self.pos += 1

    def value(self) -> Any:
        self.peek()
        want = self.chunk
        while True:
            try:
                value, end = self.decoder_json.raw_decode(self.buf, self.pos)
            except RecursionError:
                raise HarError(
                    f"the HAR nests values too deeply to read, at character {self.base + self.pos}"
                ) from None
            except json.JSONDecodeError as exc:
                cut_off = exc.msg.startswith("Unterminated string") or exc.pos >= len(self.buf) - 64
                if self.eof or not cut_off:
                    raise HarError(
                        f"the HAR is not valid JSON at character {self.base + exc.pos}: {exc.msg}"
                    ) from None
                if len(self.buf) - self.pos > _SKIP_ABOVE and self.peek() in ("[", "{"):
                    self.skip_container()
                    return None
                # Probably cut at the window's end: read more, doubling so a huge entry
                # (an embedded response body) is not re-parsed once per megabyte.
                self.fill(want)
                want *= 2
                continue
            if end == len(self.buf) and not self.eof and not isinstance(value, dict | list | str):
                self.fill()  # a bare number/literal may continue in the next chunk
                continue
            self.pos = end
            return value

    def _need_more(self) -> None:
        if not self.fill():
            raise HarError(f"the HAR ends inside a value at character {self.base + self.pos}")

    def _skip_string_rest(self) -> None:
        """Step past a string's closing quote, at most one chunk per C call."""
        while True:
            stop = min(len(self.buf), self.pos + self.chunk)
            match = _STRING_REST.match(self.buf, self.pos, stop)
            self.pos = match.end() if match else self.pos
            if self.pos < stop and self.buf[self.pos] == '"':
                self.pos += 1
                return
            if self.pos >= len(self.buf) - 1:  # the window ends in the string (or its escape)
                self._need_more()

    def skip_container(self) -> None:
        """Step over the object/array at pos without decoding it (the GIL is let go between
        chunks); only brackets and strings are followed, the rest is not validated."""
        depth = 0
        while True:
            stop = min(len(self.buf), self.pos + self.chunk)
            match = _STRUCTURAL.search(self.buf, self.pos, stop)
            if match is None:
                self.pos = stop
                if stop >= len(self.buf):
                    self._need_more()
                continue
            self.pos = match.end()
            char = match.group()
            if char == '"':
                self._skip_string_rest()
            elif char in "[{":
                depth += 1
            else:
                depth -= 1
                if depth == 0:
                    return


def _started_at(entry: dict[str, Any]) -> int | None:
    started = entry.get("startedDateTime")
    if not isinstance(started, str):
        return None
    try:
        return int(datetime.fromisoformat(started.replace("Z", "+00:00")).timestamp())
    except ValueError:
        return None


def _with_har_time(hit: PixelHit, entry: dict[str, Any]) -> PixelHit:
    if hit.event_time is not None:
        return hit
    started = _started_at(entry)
    if started is None:
        return hit
    note = "no ts parameter: time taken from the HAR entry's startedDateTime"
    return dataclasses.replace(
        hit, event_time=started, event_time_ms=started * 1000, warnings=(*hit.warnings, note)
    )


def _entries(scanner: _Scanner) -> Iterator[Any]:
    """Yield each element of `log.entries` (or of a top-level array of entries)."""
    if scanner.peek() == "[":
        yield from _array(scanner)
        return
    scanner.expect("{")
    for key in _keys(scanner):
        if key != "log":
            scanner.value()
            continue
        scanner.expect("{")
        for log_key in _keys(scanner):
            if log_key == "entries":
                yield from _array(scanner)
                return
            scanner.value()  # version, creator, pages: small, skipped
        break
    raise HarError("not a HAR file: no log.entries")


def _keys(scanner: _Scanner) -> Iterator[str]:
    """Iterate an object's keys; the caller consumes each value. Assumes '{' was read."""
    first = True
    while True:
        if scanner.peek() == "}":
            scanner.pos += 1
            return
        if not first:
            scanner.expect(",")
        first = False
        key = scanner.value()
        if not isinstance(key, str):
            raise HarError("not a HAR file: an object key is not a string")
        scanner.expect(":")
        yield key


def _array(scanner: _Scanner) -> Iterator[Any]:
    scanner.expect("[")
    first = True
    while True:
        if scanner.peek() == "]":
            scanner.pos += 1
            return
        if not first:
            scanner.expect(",")
        first = False
        yield scanner.value()


# For other streamed JSON files (server logs): errors still raise HarError.
JsonScanner = _Scanner
iter_array = _array


def iter_har_entries(
    path: str | os.PathLike[str],
    on_progress: ByteProgress | None = None,
    cancel: Cancel = None,
) -> Iterator[tuple[int, Any]]:
    """Yield (entry number from 1, entry) of a HAR in file order. Raises HarError, OSError or
    Cancelled."""
    should_cancel = as_check(cancel)
    path = Path(path)
    total = path.stat().st_size
    with path.open("rb") as handle:
        scanner = _Scanner(handle)
        last_report = 0
        for count, entry in enumerate(_entries(scanner), 1):
            if count % 256 == 0:
                if should_cancel():
                    raise Cancelled
                if on_progress is not None and scanner.bytes_read - last_report >= scanner.chunk:
                    last_report = scanner.bytes_read
                    on_progress(scanner.bytes_read, total)
            yield count, entry
        if on_progress is not None:
            on_progress(total, total)


def pixel_hit_of_entry(entry: Any, count: int) -> PixelHit | None:
    """The Pixel hit of HAR entry number `count` as iter_pixel_hits yields it, or None."""
    if not isinstance(entry, dict):
        return None
    hit = hit_from_har_entry(entry)
    if hit is None:
        return None
    return dataclasses.replace(_with_har_time(hit, entry), origin=f"HAR entry {count}")


def iter_pixel_hits(
    path: str | os.PathLike[str],
    on_progress: ByteProgress | None = None,
    cancel: Cancel = None,
) -> Iterator[PixelHit]:
    """Yield the Meta Pixel hits of a HAR in file order. Raises HarError, OSError or Cancelled."""
    for count, entry in iter_har_entries(path, on_progress, cancel):
        hit = pixel_hit_of_entry(entry, count)
        if hit is not None:
            yield hit
