"""UI settings (window geometry, last panel, ...) in a JSON file under the config dir."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from capi_desktop.backend.json_store import load_json_file, write_json_atomic

log = logging.getLogger(__name__)


def _same_kind(value: Any, default: Any) -> bool:
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(value, bool) and isinstance(default, bool)
    if isinstance(default, float):
        return isinstance(value, int | float)
    return isinstance(value, type(default))


class Settings:
    """A small key/value store; `save()` writes atomically."""

    def __init__(self, path: Path) -> None:
        self.path = path
        result = load_json_file(path, {}, expect=dict)
        self._values: dict[str, Any] = result.data if isinstance(result.data, dict) else {}
        self.problem = result.problem

    def get(self, key: str, default: Any = None) -> Any:
        """The stored value, or `default` when missing or of another type than `default`.

        A hand-edited or damaged settings file (e.g. a spacing of "abc") must not break the
        panel that reads it.
        """
        value = self._values.get(key, default)
        if default is None or value is default or _same_kind(value, default):
            return value
        log.warning("ignoring setting %s: expected %s", key, type(default).__name__)
        return default

    def set(self, key: str, value: Any) -> None:
        self._values[key] = value

    def save(self) -> None:
        write_json_atomic(self.path, self._values)

    def save_quietly(self) -> bool:
        """Save, logging instead of raising (quitting must work on a read-only or full disk)."""
        try:
            self.save()
        except (OSError, TypeError, ValueError) as exc:
            log.warning("could not save settings to %s: %s", self.path, exc)
            return False
        return True
