"""Hand a HAR's `log.entries` array (plain or gzip'd) to DuckDB as a file of its own.

DuckDB reads a JSON array of entries with several threads in C (1M Pixel entries, 560 MB:
0.9 s CPU; Python's json scanner: 4.4 s, plus ~4 s to pick the fields). It cannot start
reading in the middle of a file, so the bytes of the array are copied to a temporary file —
only when the HAR ends right after it (`entries` is the last member of `log`, `log` the
last of the document, as browsers write it). Anything else returns None and the HAR goes
through the Python scanner (har_reader), which also gives the error message for a broken file.
"""

from __future__ import annotations

import codecs
import gzip
import json
import os
import shutil
import sys
from io import BufferedIOBase
from pathlib import Path
from typing import IO

_WS = " \t\r\n"
_HEAD = 1 << 16  # first look; doubled up to _MAX_HEAD while `pages` & co. are longer
_MAX_HEAD = 64 << 20
_TAIL = 4096
_COPY = 1 << 22


def is_gzip(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(2) == b"\x1f\x8b"


def _open(path: Path) -> BufferedIOBase:
    if is_gzip(path):
        return gzip.GzipFile(path, "rb")
    return path.open("rb")


def _skip_ws(text: str, at: int) -> int:
    while at < len(text) and text[at] in _WS:
        at += 1
    return at


def _members(text: str, at: int, decoder: json.JSONDecoder) -> list[tuple[str, int]]:
    """(key, index of its value) for the object starting at `at`, up to the first "log" or
    "entries" key (its value is not read). Raises ValueError when the text is cut short."""
    found: list[tuple[str, int]] = []
    at = _skip_ws(text, at + 1)
    while True:
        if text[at] == "}":
            return found
        if found:
            if text[at] != ",":
                raise ValueError("no comma")
            at = _skip_ws(text, at + 1)
        key, at = decoder.raw_decode(text, at)
        at = _skip_ws(text, at)
        if not isinstance(key, str) or text[at] != ":":
            raise ValueError("not an object key")
        at = _skip_ws(text, at + 1)
        found.append((key, at))
        if key in ("log", "entries"):
            return found
        _value, at = decoder.raw_decode(text, at)
        at = _skip_ws(text, at)


def _array_start(text: str) -> int | None:
    """Index of the '[' that opens the entries (of `log`, or a top-level array), or None."""
    decoder = json.JSONDecoder()
    at = _skip_ws(text, 1 if text.startswith("\ufeff") else 0)
    if text[at] == "[":
        return at
    if text[at] != "{":
        return None
    root = _members(text, at, decoder)
    if not root or root[-1][0] != "log" or text[root[-1][1]] != "{":
        return None  # the Python scanner says why
    log = _members(text, root[-1][1], decoder)
    if not log or log[-1][0] != "entries" or text[log[-1][1]] != "[":
        return None
    return log[-1][1]


def _find_start(handle: BufferedIOBase) -> tuple[int, bool] | None:
    """(byte offset of the entries' '[', whether it is the document itself)."""
    size = _HEAD
    while size <= _MAX_HEAD:
        handle.seek(0)
        data = handle.read(size)
        try:  # a character cut at the end of the head is held back, not an error
            text = codecs.getincrementaldecoder("utf-8")().decode(data, final=len(data) < size)
        except UnicodeDecodeError:
            return None  # the Python scanner reads invalid UTF-8 (as U+FFFD)
        try:
            at = _array_start(text)
        except (ValueError, IndexError, RecursionError):  # cut off in the head, or broken
            if len(data) < size:
                return None
            size *= 2
            continue
        if at is None:
            return None
        head = text[:at].lstrip("\ufeff").strip(_WS)
        return len(text[:at].encode("utf-8")), head == ""
    return None


def _tail_ok(tail: bytes) -> int | None:
    """Bytes of `tail` after the entries' closing ']' when only `}}` and spaces follow."""
    rest = tail.rstrip(_WS.encode())
    for _closing in range(2):
        if not rest.endswith(b"}"):
            return None
        rest = rest[:-1].rstrip(_WS.encode())
    if not rest.endswith(b"]"):
        return None
    return len(tail) - len(rest)


def _copy_range(src: BufferedIOBase, dst: IO[bytes], offset: int) -> None:
    """Copy src from `offset` to its end; in the kernel where it can (5x less CPU)."""
    size = os.fstat(src.fileno()).st_size
    done = offset
    if sys.platform == "linux":
        try:
            while done < size:
                step = os.copy_file_range(
                    src.fileno(), dst.fileno(), min(size - done, 1 << 30), done
                )
                if step == 0:
                    break
                done += step
        except OSError:  # e.g. a file system that cannot: copy what is left by hand
            pass
    src.seek(done)
    dst.seek(done - offset)
    shutil.copyfileobj(src, dst, _COPY)


def entries_file(har: Path, folder: Path) -> Path | None:
    """A file holding just the JSON array of the HAR's entries (the HAR itself when it is
    one plain array), or None when DuckDB cannot be handed them this way. Raises OSError."""
    gz = is_gzip(har)
    with _open(har) as handle:
        start = _find_start(handle)
        if start is None:
            return None
        offset, whole = start
        if whole and not gz:  # read in place (har_sql escapes glob characters)
            return har
        target = folder / "entries.json"
        with target.open("wb") as out:
            if gz:
                handle.seek(offset)
                shutil.copyfileobj(handle, out, _COPY)
            else:
                _copy_range(handle, out, offset)
    if whole:
        return target
    size = target.stat().st_size
    with target.open("r+b") as out:
        out.seek(max(0, size - _TAIL))
        cut = _tail_ok(out.read())
        if cut is None:
            target.unlink()
            return None
        out.truncate(size - cut)
    return target


def remove(path: Path, har: Path) -> None:
    """Delete the copy made by entries_file (never the HAR itself)."""
    if path != har:
        path.unlink(missing_ok=True)
