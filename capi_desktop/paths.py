"""Where settings, history, logs and caches live (platformdirs, overridable for tests)."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from capi_desktop.config import APP_AUTHOR, APP_NAME

# Setting this puts every app directory under one root: tests, screenshots and
# portable runs use it so nothing touches the user's real dirs.
HOME_ENV = "CAPI_DESKTOP_HOME"


def _dirs() -> platformdirs.PlatformDirs:
    return platformdirs.PlatformDirs(APP_NAME.replace(" ", ""), APP_AUTHOR, roaming=False)


def _root() -> Path | None:
    value = os.environ.get(HOME_ENV)
    return Path(value) if value else None


def _ensure(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


def config_dir() -> Path:
    root = _root()
    return _ensure(root / "config" if root else Path(_dirs().user_config_dir))


def data_dir() -> Path:
    root = _root()
    return _ensure(root / "data" if root else Path(_dirs().user_data_dir))


def log_dir() -> Path:
    root = _root()
    return _ensure(root / "logs" if root else Path(_dirs().user_log_dir))


def cache_dir() -> Path:
    root = _root()
    return _ensure(root / "cache" if root else Path(_dirs().user_cache_dir))


def all_dirs() -> dict[str, Path]:
    return {"config": config_dir(), "data": data_dir(), "logs": log_dir(), "cache": cache_dir()}
