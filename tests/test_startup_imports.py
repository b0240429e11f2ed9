"""What the app has imported when the restored panel first paints: the heavy modules stay out.

Time to interactive (benchmarks/time_to_interactive.py) is mostly import time. A new
module-level import in a panel, a widget or a service can pull httpx, keyring, asyncio or the
error catalogue back in front of the first paint without any test failing, so this one runs
the real start-up (`run_app`, offscreen, throwaway home) and lists `sys.modules` right after
the restored panel has painted. To find who imports a module: `python -X importtime`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from capi_desktop.ui.panels.registry import panel_keys

# Runs in the child: the real run_app; the first paint of the restored panel (paint_now, as
# run_app calls it right after building that panel) reports sys.modules and ends the process.
_CHILD = """
import json, os, sys
import capi_desktop.app as app_module

_paint_now = app_module.MainWindow.paint_now

def _report(self):
    _paint_now(self)
    # PySide adds a class to its module's namespace when it first builds it.
    built = sorted(
        name
        for module in ("PySide6.QtCore", "PySide6.QtGui", "PySide6.QtWidgets")
        for name in vars(sys.modules[module])
    )
    report = {"panel": self.current_panel_key(), "modules": sorted(sys.modules), "built": built}
    sys.stdout.write(json.dumps(report))
    sys.stdout.flush()
    os._exit(0)

app_module.MainWindow.paint_now = _report
sys.exit(app_module.run_app())
"""

# Never before any panel paints: the keyring is probed, the warehouse audit and a browser run
# only when asked for.
NEVER_BEFORE_PAINT = {"keyring", "duckdb", "playwright"}

# Loaded once the panel has painted (app.py) or on first use, not to show these panels.
AFTER_PAINT = {
    "asyncio",
    "qasync",
    "httpx",
    "ssl",
    "sqlite3",
    "capi_desktop.backend.graph_client",
    "capi_desktop.backend.history",
    "capi_desktop.backend.quality_client",
}
NOT_BEFORE_PAINT = {
    # The first-run panel: profiles only; Verify's report, the Graph error models and the
    # error catalogue load with the first result, normalization with the Composer.
    "credentials": NEVER_BEFORE_PAINT
    | AFTER_PAINT
    | {
        "capi_desktop.backend.graph_errors",
        "capi_desktop.backend.graph_models",
        "capi_desktop.domain.error_catalog",
        "capi_desktop.domain.normalize",
        "capi_desktop.domain.lint",
        "phonenumbers",
        "pycountry",
        "pygments",
        # A profile's id is made when one is created, not to show the list (uuid imports
        # platform: ~2 ms).
        "uuid",
        "platform",
    },
    # The restored draft, its preview (highlighted), score and Event tab paint first; its
    # first lint runs at the loop's next turn (the list says "checking…"), normalization with
    # the first typed row, the Customer and Custom data tabs and their lists when first shown,
    # code generation with Copy as. The network, the history and the error catalogue wait.
    "composer": NEVER_BEFORE_PAINT
    | AFTER_PAINT
    | {
        "capi_desktop.domain.error_catalog",
        "capi_desktop.domain.lint.engine",
        "capi_desktop.domain.lint.value_verdicts",
        "capi_desktop.domain.normalize.engine",
        "capi_desktop.domain.normalize.model",
        "capi_desktop.domain.codegen",
        "capi_desktop.ui.panels.composer.customer_section",
        "capi_desktop.ui.panels.composer.custom_data_section",
        "capi_desktop.domain.event_kinds.extinfo",  # with the first app event: ~1.5 ms
        "capi_desktop.domain.redact",  # scrubs a draft being written, not one being read
        "capi_desktop.ui.focus_order",  # with a kind group's Tab order
        "difflib",  # key suggestions ("did you mean") and lint's typo check, with heapq: ~1 ms
        "hashlib",
        "phonenumbers",
        "pycountry",
        "capi_desktop.ui.panels.composer.icons",  # lint findings show after the first paint
        "pygments",  # the preview colours without it (ui/json_colours); the editor loads it
        "uuid",  # event IDs come from domain.request.event_ids (uuid imports platform: ~2 ms)
        "platform",
    },
    "errors": NEVER_BEFORE_PAINT | AFTER_PAINT,
    # Its snapshot store (sqlite3) is read while built; the Graph client (httpx) is made on
    # the first refresh, lint (for a diagnostic's rule name) with the first diagnostic.
    # The live session paints before asyncio and the network load (the relay starts on demand).
    "live": NEVER_BEFORE_PAINT | AFTER_PAINT,
    "quality": NEVER_BEFORE_PAINT
    | (AFTER_PAINT - {"sqlite3"})
    | {"capi_desktop.domain.normalize", "capi_desktop.domain.lint", "phonenumbers", "pycountry"},
}


def _first_paint_report(panel: str, home: Path) -> dict[str, Any]:
    (home / "config").mkdir(mode=0o700)
    (home / "config" / "settings.json").write_text(
        json.dumps({"last_panel": panel}), encoding="utf-8"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", CAPI_DESKTOP_HOME=str(home))
    done = subprocess.run(
        [sys.executable, "-c", _CHILD], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    report: dict[str, Any] = json.loads(done.stdout)
    assert report["panel"] == panel
    return report


def _modules_at_first_paint(panel: str, home: Path) -> set[str]:
    return set(_first_paint_report(panel, home)["modules"])


def _loaded(modules: set[str], names: set[str]) -> list[str]:
    """The names among `modules`, packages counted when any of their submodules is there."""
    return sorted(n for n in names if any(m == n or m.startswith(n + ".") for m in modules))


@pytest.mark.parametrize("panel", sorted(NOT_BEFORE_PAINT))
def test_the_restored_panel_paints_without_the_heavy_modules(panel: str, tmp_path: Path) -> None:
    modules = _modules_at_first_paint(panel, tmp_path)
    assert f"capi_desktop.ui.panels.{panel}" in modules  # the probe saw the real panel
    loaded = _loaded(modules, NOT_BEFORE_PAINT[panel])
    assert not loaded, f"imported before the {panel} panel's first paint: {loaded}"


@pytest.mark.parametrize("panel", [key for key in panel_keys() if key not in NOT_BEFORE_PAINT])
def test_no_panel_needs_the_keyring_or_the_warehouse_to_paint(panel: str, tmp_path: Path) -> None:
    loaded = _loaded(_modules_at_first_paint(panel, tmp_path), NEVER_BEFORE_PAINT)
    assert not loaded, f"imported before the {panel} panel's first paint: {loaded}"


# The panels benchmarks/time_to_interactive.py times paint before PySide builds these classes
# (a class and its enums are built on first use: the `Qt` namespace, 93 enums, 15-20 ms; a
# dialog or QIcon ~1 ms). ui/qt_keys says how, and which calls build them.
DIALOGS = {"QMessageBox", "QFileDialog", "QInputDialog", "QDialog"}
NOT_BUILT_BEFORE_PAINT = {
    "composer": {"Qt", *DIALOGS, "QTextEdit", "QIcon", "QScrollBar"},
    "credentials": {"Qt", *DIALOGS},
}


@pytest.mark.parametrize("panel", sorted(NOT_BUILT_BEFORE_PAINT))
def test_the_timed_panels_paint_before_pyside_builds_what_they_do_not_show(
    panel: str, tmp_path: Path
) -> None:
    report = _first_paint_report(panel, tmp_path)
    assert "capi_desktop.ui.widgets.wrapped_label" in report["modules"]  # a real panel painted
    built = sorted(NOT_BUILT_BEFORE_PAINT[panel] & set(report["built"]))
    assert not built, f"PySide built these before the {panel} panel painted: {built}"
