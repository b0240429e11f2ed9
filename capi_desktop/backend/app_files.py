"""The app's own folders at start: private modes (0700/0600) and orphaned temp files removed."""

from __future__ import annotations

import contextlib
import logging
import os
import stat
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

DIR_MODE = 0o700
FILE_MODE = 0o600
# A temp file younger than this may belong to another running instance mid-write.
ORPHAN_AGE_S = 120.0


@dataclass(frozen=True)
class Tidied:
    removed: int = 0
    removed_bytes: int = 0
    made_private: int = 0


def _is_our_temp(path: Path) -> bool:
    # json_store.write_text_atomic names them ".<file>.<random>.tmp".
    return path.name.startswith(".") and path.name.endswith(".tmp")


def _folders(dirs: Iterable[Path]) -> list[Path]:
    found: list[Path] = []
    for folder in dirs:
        if folder.is_dir():
            found.append(folder)
            found.extend(p for p in folder.iterdir() if p.is_dir() and not p.is_symlink())
    return found


def tidy_app_dirs(dirs: Iterable[Path], *, now: float | None = None) -> Tidied:
    """chmod the app dirs 0700 and their files 0600; delete orphaned temp files. Never raises."""
    now = time.time() if now is None else now
    removed = removed_bytes = private = 0
    for folder in _folders(dirs):
        with contextlib.suppress(OSError):
            if stat.S_IMODE(folder.stat().st_mode) != DIR_MODE:
                os.chmod(folder, DIR_MODE)
                private += 1
        try:
            entries = list(folder.iterdir())
        except OSError:
            continue
        for path in entries:
            try:
                info = path.lstat()
                if not stat.S_ISREG(info.st_mode):
                    continue
                if _is_our_temp(path) and now - info.st_mtime > ORPHAN_AGE_S:
                    path.unlink()
                    removed += 1
                    removed_bytes += info.st_size
                elif stat.S_IMODE(info.st_mode) & 0o077:
                    os.chmod(path, FILE_MODE)
                    private += 1
            except OSError as exc:
                log.warning("could not tidy %s: %s", path, exc)
    if removed:
        log.info("removed %d orphaned temp file(s) (%d bytes) from a crash", removed, removed_bytes)
    if private:
        log.info("made %d app file(s)/folder(s) private to this user", private)
    return Tidied(removed, removed_bytes, private)
