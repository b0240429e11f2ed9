"""Atomic JSON files: write via temp+rename; a corrupt file is moved aside, never lost."""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class LoadResult:
    """What was read, and a message for the user when the file had to be moved aside."""

    data: Any
    problem: str | None = None


def write_json_atomic(path: Path, data: Any, *, sort_keys: bool = True) -> None:
    import tempfile  # only writers need it; kept off the app's start-up path

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, indent=2, ensure_ascii=False, sort_keys=sort_keys)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


def load_json_file(path: Path, default: Any) -> LoadResult:
    """Read JSON; on a corrupt file move it to `<name>.corrupt-<time>` and return the default."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return LoadResult(default)
    except OSError as exc:
        return LoadResult(default, f"Could not read {path}: {exc.strerror or exc}")
    try:
        return LoadResult(json.loads(text))
    except (ValueError, RecursionError):
        aside = path.with_name(f"{path.name}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}")
        try:
            os.replace(path, aside)
        except OSError:
            return LoadResult(default, f"{path} is not valid JSON and could not be moved aside.")
        return LoadResult(
            default,
            f"{path.name} was damaged; it was kept as {aside.name} and a fresh one started.",
        )
