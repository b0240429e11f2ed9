"""`capi-desktop --self-test`: check the installation (Qt, keyring, resources, dirs) and report."""

from __future__ import annotations

import os
import platform
import sys
from collections.abc import Callable

from capi_desktop import paths
from capi_desktop.config import APP_NAME, VERSION


def _check_qt() -> str:
    os.environ.setdefault("QT_API", "pyside6")
    from PySide6 import __version__ as pyside_version
    from PySide6.QtCore import qVersion
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    return f"Qt {qVersion()} (PySide6 {pyside_version}), platform plugin {app.platformName()}"  # type: ignore[attr-defined]


def _check_keyring() -> str:
    from capi_desktop.backend.keyring_status import keyring_state

    state = keyring_state()
    status = "system" if state.usable else f"session-only ({state.reason})"
    return f"{state.backend_name}: {status}"


def _check_resources() -> str:
    from capi_desktop.resources import load_json, resource_path, resources_dir

    found = []
    for name in ("error_codes.json", "field_catalog.json"):
        if resource_path(name).exists():
            load_json(name)
            found.append(name)
    icon = resource_path("icons", "capi-desktop.svg")
    if icon.exists():
        found.append("icons")
    if "error_codes.json" not in found:
        raise FileNotFoundError("error_codes.json missing")
    return f"{resources_dir()} ({', '.join(found)})"


def _check_dirs() -> str:
    return ", ".join(f"{name}={path}" for name, path in paths.all_dirs().items())


CHECKS: tuple[tuple[str, Callable[[], str]], ...] = (
    ("Qt", _check_qt),
    ("Keyring", _check_keyring),
    ("Resources", _check_resources),
    ("Dirs", _check_dirs),
)


def run_self_test() -> int:
    print(f"{APP_NAME} {VERSION}")
    print(f"Python {platform.python_version()} on {platform.platform()}")
    failed = 0
    for name, check in CHECKS:
        try:
            print(f"[ok]   {name}: {check()}")
        except Exception as exc:
            failed += 1
            print(f"[FAIL] {name}: {type(exc).__name__}: {exc}")
    print("self-test passed" if not failed else f"self-test failed ({failed} check(s))")
    return 1 if failed else 0
