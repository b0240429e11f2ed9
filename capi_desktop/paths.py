"""Where settings, history, logs and caches live (platformdirs, overridable for tests)."""

from __future__ import annotations

import os
from collections.abc import Callable
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
    # 0700: hashed PII, drafts with raw inputs and the log are for this user only.
    if not path.is_dir():
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        path.chmod(0o700)  # mkdir's mode is filtered by the umask
    return path


def _app_dir(subdir: str, platform_dir: Callable[[platformdirs.PlatformDirs], str]) -> Path:
    """`subdir` under the CAPI_DESKTOP_HOME root if set, else the platform's directory."""
    root = _root()
    return _ensure(root / subdir if root else Path(platform_dir(_dirs())))


def config_dir() -> Path:
    return _app_dir("config", lambda dirs: dirs.user_config_dir)


def data_dir() -> Path:
    return _app_dir("data", lambda dirs: dirs.user_data_dir)


def log_dir() -> Path:
    return _app_dir("logs", lambda dirs: dirs.user_log_dir)


def cache_dir() -> Path:
    return _app_dir("cache", lambda dirs: dirs.user_cache_dir)


def all_dirs() -> dict[str, Path]:
    return {"config": config_dir(), "data": data_dir(), "logs": log_dir(), "cache": cache_dir()}
