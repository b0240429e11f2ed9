"""Atomic JSON files: write via temp+rename; a damaged file is moved aside, named, never lost."""

from __future__ import annotations

import json
import logging
import os
import time
from pathlib import Path
from typing import Any, NamedTuple

from capi_desktop.backend.file_notices import FileNotice, announce, drain_notices

__all__ = ["LoadResult", "drain_notices", "load_json_file", "move_aside", "write_json_atomic"]

log = logging.getLogger(__name__)

# Files this app writes are private to the user: personal data and hashes (issue 18 item 8).
FILE_MODE = 0o600


class LoadResult(NamedTuple):  # not a frozen dataclass: ~0.5-1.5 ms less at start
    """What was read, and a message for the user when the file had to be moved aside."""

    data: Any
    problem: str | None = None


def write_json_atomic(path: Path, data: Any, *, sort_keys: bool = True) -> None:
    text = json.dumps(data, indent=2, ensure_ascii=False, sort_keys=sort_keys)
    write_text_atomic(path, text)


def write_text_atomic(path: Path, text: str) -> None:
    """Write text via a private (0600) temp file in the same folder, fsync, then rename."""
    import tempfile  # only writers need it; kept off the app's start-up path

    if not path.parent.is_dir():
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, FILE_MODE)
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


def move_aside(path: Path, reason: str) -> LoadResult:
    """Rename a damaged file to `<name>.corrupt-<time>`, announce it, return the message."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    aside, n = path.with_name(f"{path.name}.corrupt-{stamp}"), 1
    while aside.exists():
        n += 1
        aside = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
    try:
        os.replace(path, aside)
    except OSError as exc:
        message = (
            f"{path} was damaged ({reason}) and could not be moved aside "
            f"({exc.strerror or exc}); it is ignored for this session."
        )
        announce(FileNotice(path, message))
        return LoadResult(None, message)
    message = f"{path} was damaged ({reason}): it was kept as {aside} and a fresh one was started."
    announce(FileNotice(path, message, aside))
    return LoadResult(None, message)


def load_json_file(path: Path, default: Any, *, expect: type | None = None) -> LoadResult:
    """Read JSON; a damaged file (bad bytes, cut off, not JSON, not `expect`) is moved aside."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return LoadResult(default)
    except OSError as exc:
        message = f"Could not read {path} ({exc.strerror or exc}); it is ignored this session."
        announce(FileNotice(path, message))
        return LoadResult(default, message)
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        reason = f"not UTF-8 text: byte 0x{raw[exc.start]:02x} at offset {exc.start}"
        return LoadResult(default, move_aside(path, reason).problem)
    except (ValueError, RecursionError) as exc:
        reason = "empty file" if not raw.strip() else f"not valid JSON: {_json_reason(exc)}"
        return LoadResult(default, move_aside(path, reason).problem)
    if expect is not None and not isinstance(data, expect):
        reason = f"expected a JSON {_kind(expect)}, found a {_kind(type(data))}"
        return LoadResult(default, move_aside(path, reason).problem)
    return LoadResult(data)


def _json_reason(exc: BaseException) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"{exc.msg} at line {exc.lineno} column {exc.colno}"
    return "nested too deeply" if isinstance(exc, RecursionError) else "unreadable"


def _kind(kind: type) -> str:
    names = {dict: "object", list: "list", str: "string", int: "number", float: "number"}
    return names.get(kind, "null" if kind is type(None) else kind.__name__)
