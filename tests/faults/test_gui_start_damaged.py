"""A real GUI start (subprocess) on damaged files: exit 0, no traceback, a box naming each file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

CHILD = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
import capi_desktop.app as app_module

_create = app_module.create_application

def report_and_close(app):
    for widget in app.topLevelWidgets():
        if widget.objectName() == "main-window-under-test":
            widget.show_panel("composer")  # the autosave is read when the Composer opens
    def later():
        boxes = [w for w in app.allWidgets() if isinstance(w, QMessageBox)
                 and w.objectName() == "file-notice" and w.isVisible()]
        print("NOTICE<<" + "\\n".join(b.text() for b in boxes) + ">>", flush=True)
        app.closeAllWindows()
    QTimer.singleShot(1200, later)

def _create_and_schedule(*args, **kwargs):
    app = _create(*args, **kwargs)
    QTimer.singleShot(1500, lambda: report_and_close(app))
    return app

_Window = app_module.MainWindow
class Window(_Window):
    def __init__(self, *a, **k):
        super().__init__(*a, **k)
        self.setObjectName("main-window-under-test")
app_module.MainWindow = Window
app_module.create_application = _create_and_schedule
raise SystemExit(app_module.run_app())
"""

BAD = b'{"x": "\\xff\\xfe\\xfd truncated'


def start_app(home: Path) -> subprocess.CompletedProcess[str]:
    """Run the real app on `home` until CHILD closes it; stdout carries the notice text."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", CAPI_DESKTOP_HOME=str(home))
    return subprocess.run(
        [sys.executable, "-c", CHILD], capture_output=True, text=True, timeout=90, env=env
    )


def _files(home: Path) -> dict[str, Path]:
    return {
        "settings": home / "config" / "settings.json",
        "profiles": home / "config" / "profiles.json",
        "autosave": home / "data" / "drafts" / "autosave.capi.json",
    }


@pytest.mark.parametrize("damaged", ["settings", "profiles", "autosave", "all"])
def test_gui_starts_on_damaged_files_and_names_them(tmp_path: Path, damaged: str) -> None:
    files = _files(tmp_path)
    for path in files.values():
        path.parent.mkdir(parents=True, exist_ok=True)
    files["settings"].write_text(json.dumps({"last_panel": "credentials"}))
    files["profiles"].write_text(json.dumps({"version": 1, "profiles": []}))
    bad = list(files) if damaged == "all" else [damaged]
    for name in bad:
        files[name].write_bytes(BAD)
    done = start_app(tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    notice = done.stdout.split("NOTICE<<", 1)[1].split(">>", 1)[0]
    for name in bad:
        copies = list(files[name].parent.glob(files[name].name + ".corrupt-*"))
        assert len(copies) == 1 and copies[0].read_bytes() == BAD
        assert str(files[name]) in notice and str(copies[0]) in notice
    log = (tmp_path / "logs" / "capi-desktop.log").read_text(encoding="utf-8")
    assert "stopped cleanly" in log
    for name in bad:
        assert str(files[name]) in log


def test_gui_starts_with_wrong_typed_settings_values(tmp_path: Path) -> None:
    settings = tmp_path / "config" / "settings.json"
    settings.parent.mkdir(parents=True)
    values = {
        "last_panel": "send",
        "send.journey_spacing_s": "abc",
        "window_geometry": 12,
        "active_profile": [1],
        "history.store_raw_inputs": "yes",
    }
    settings.write_text(json.dumps(values))
    done = start_app(tmp_path)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    log = (tmp_path / "logs" / "capi-desktop.log").read_text(encoding="utf-8")
    assert "stopped cleanly" in log and "ERROR" not in log


def test_gui_starts_when_the_log_file_cannot_be_written(tmp_path: Path) -> None:
    (tmp_path / "logs" / "capi-desktop.log").mkdir(parents=True)  # a folder where the file goes
    done = start_app(tmp_path)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    notice = done.stdout.split("NOTICE<<", 1)[1].split(">>", 1)[0]
    assert "capi-desktop.log cannot be written" in notice


def test_quitting_with_an_unwritable_settings_file_does_not_raise(tmp_path: Path) -> None:
    (tmp_path / "config" / "settings.json").mkdir(parents=True)  # cannot be replaced by a file
    done = start_app(tmp_path)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    log = (tmp_path / "logs" / "capi-desktop.log").read_text(encoding="utf-8")
    assert "could not save settings" in log and "stopped cleanly" in log
    assert list((tmp_path / "config").glob(".*.tmp")) == []
