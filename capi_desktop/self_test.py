"""`capi-desktop --self-test`: check the installation (Qt, keyring, resources, dirs) and report."""

from __future__ import annotations

import importlib
import importlib.metadata
import json
import os
import platform
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from capi_desktop import paths
from capi_desktop.config import APP_NAME, VERSION

# Catalogues the panels cannot work without; each must be a non-empty JSON document.
REQUIRED_JSON = (
    ("Error catalogue", "error_codes.json"),
    ("Field contract", "field_contract.json"),
    ("Standard events", "standard_events.json"),
)
APP_ICON = ("icons", "capi-desktop.svg")
HICOLOR_DIR = ("icons", "hicolor")
# The keyring entry point that must exist on each OS: a frozen build that lost keyring's
# metadata silently falls back to "no keyring", so its absence is an installation failure.
NATIVE_KEYRING = {"linux": "SecretService", "win32": "Windows", "darwin": "macOS"}


class SelfTestWarning(Exception):
    """A degraded but working state (e.g. no OS keyring on this machine): reported, not failed."""


def _no_display() -> bool:
    """Linux without X11/Wayland (SSH, CI): Qt would abort the process instead of failing."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return False
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _qt_app() -> object:
    os.environ.setdefault("QT_API", "pyside6")
    if _no_display():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication(sys.argv[:1])


def check_version() -> str:
    kind = "frozen build" if getattr(sys, "frozen", False) else "from source"
    return f"{APP_NAME} {VERSION} ({kind}, {sys.executable})"


def check_python() -> str:
    impl = platform.python_implementation()
    return f"{impl} {platform.python_version()} on {platform.platform()}"


def check_qt() -> str:
    from PySide6 import __version__ as pyside_version
    from PySide6.QtCore import qVersion

    _qt_app()
    return f"Qt {qVersion()}, PySide6 {pyside_version}"


def check_platform_plugin() -> str:
    from PySide6.QtGui import QGuiApplication

    _qt_app()
    name = QGuiApplication.platformName()
    if not name:
        raise RuntimeError("Qt started without a platform plugin")
    if name == "offscreen" and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        return f"{name} (no DISPLAY or WAYLAND_DISPLAY: the GUI itself needs a desktop session)"
    return name


def _keyring_entry_points() -> list[str]:
    return sorted(ep.name for ep in importlib.metadata.entry_points(group="keyring.backends"))


def check_keyring() -> str:
    from capi_desktop.backend.keyring_status import keyring_state

    available = _keyring_entry_points()
    native = NATIVE_KEYRING.get(sys.platform)
    if native and native not in available:
        raise RuntimeError(
            f"keyring backend {native!r} is not registered (found: {available or 'none'}); "
            "the build is missing keyring's entry-point metadata"
        )
    if sys.platform == "linux":
        for module in ("secretstorage", "jeepney"):  # the Secret Service backend needs both
            importlib.import_module(module)
    state = keyring_state()
    detail = f"{state.backend_name}; registered backends: {', '.join(available)}"
    if not state.usable:
        raise SelfTestWarning(f"session-only, {state.reason} ({detail})")
    return f"usable: {detail}"


def check_resources_dir() -> str:
    from capi_desktop.resources import resources_dir

    return str(resources_dir())


def _json_check(filename: str) -> Callable[[], str]:
    def check() -> str:
        from capi_desktop.resources import resource_path

        path = resource_path(filename)
        if not path.is_file():
            raise FileNotFoundError(f"{filename} is missing from {path.parent}")
        # Read the file itself, not resources.load_json's process-wide cache.
        data = json.loads(path.read_text(encoding="utf-8"))
        if not data:
            raise ValueError(f"{filename} is empty")
        return f"{filename} ({path.stat().st_size // 1024} KB)"

    return check


def check_icons() -> str:
    from PySide6.QtGui import QIcon, QPixmap

    from capi_desktop.resources import resource_path

    _qt_app()
    svg = resource_path(*APP_ICON)
    if not svg.is_file():
        raise FileNotFoundError(f"{svg.name} is missing")
    # Rendering the SVG needs Qt's svg image-format/icon-engine plugins in the build.
    if QIcon(str(svg)).pixmap(64, 64).isNull():
        raise RuntimeError(f"{svg.name} does not render as a QIcon (Qt SVG plugin missing?)")
    pngs = sorted(resource_path(*HICOLOR_DIR).glob("*/apps/*.png"))
    if not pngs:
        raise FileNotFoundError("no hicolor PNG icons found")
    broken = [p.parent.parent.name for p in pngs if QPixmap(str(p)).isNull()]
    if broken:
        raise RuntimeError(f"hicolor PNGs do not load: {', '.join(broken)}")
    return f"{svg.name} renders; {len(pngs)} hicolor PNGs load"


def _dir_check(getter: Callable[[], Path]) -> Callable[[], str]:
    def check() -> str:
        path = getter()
        with tempfile.NamedTemporaryFile(dir=path, prefix=".self-test-"):
            pass  # proves the directory is writable
        return str(path)

    return check


CHECKS: tuple[tuple[str, Callable[[], str]], ...] = (
    ("Version", check_version),
    ("Python", check_python),
    ("Qt", check_qt),
    ("Platform plugin", check_platform_plugin),
    ("Keyring", check_keyring),
    ("Resources", check_resources_dir),
    *((label, _json_check(filename)) for label, filename in REQUIRED_JSON),
    ("Icons", check_icons),
    ("Config dir", _dir_check(paths.config_dir)),
    ("Data dir", _dir_check(paths.data_dir)),
    ("Log dir", _dir_check(paths.log_dir)),
    ("Cache dir", _dir_check(paths.cache_dir)),
)


def run_self_test() -> int:
    """Print one line per check; 0 when nothing failed (warnings allowed), else 1."""
    print(f"{APP_NAME} {VERSION} self-test")
    failed = warned = 0
    for name, check in CHECKS:
        try:
            print(f"[ok]   {name}: {check()}")
        except SelfTestWarning as warning:
            warned += 1
            print(f"[warn] {name}: {warning}")
        except Exception as exc:  # every failure is reported, then the next check runs
            failed += 1
            print(f"[FAIL] {name}: {type(exc).__name__}: {exc}")
    summary = f"{failed} failed, {warned} warning(s)"
    print(f"self-test {'FAILED' if failed else 'passed'} ({summary})")
    sys.stdout.flush()
    return 1 if failed else 0
