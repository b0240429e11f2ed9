"""The real app (run_app) starts, builds its panel, and shuts down cleanly on window close."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

CHILD = """
from PySide6.QtCore import QTimer
import capi_desktop.app as app_module

_create = app_module.create_application

def _create_and_schedule_close(*args, **kwargs):
    app = _create(*args, **kwargs)
    # Close like a user would, once the loop is running and the panel is built.
    QTimer.singleShot(1500, app.closeAllWindows)
    return app

app_module.create_application = _create_and_schedule_close
raise SystemExit(app_module.run_app())
"""


def _run_app(home: Path) -> str:
    """Run the app until it closes itself; returns its log. No output on stderr allowed."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", CAPI_DESKTOP_HOME=str(home))
    done = subprocess.run(
        [sys.executable, "-X", "dev", "-c", CHILD],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    noise = [
        line
        for line in done.stderr.splitlines()
        if line.strip() and "propagateSizeHints" not in line
    ]
    assert done.returncode == 0, done.stderr
    assert noise == [], "unexpected output on stderr:\n" + "\n".join(noise)
    return (home / "logs" / "capi-desktop.log").read_text(encoding="utf-8")


def test_app_starts_and_stops_cleanly(tmp_path: Path) -> None:
    log = _run_app(tmp_path)
    assert "stopped cleanly" in log
    assert "ERROR" not in log
    settings = (tmp_path / "config" / "settings.json").read_text(encoding="utf-8")
    assert "window_geometry" in settings


def test_what_the_first_panel_logs_before_the_log_file_exists_reaches_it(tmp_path: Path) -> None:
    """The restored panel is built before logging is set up (time to interactive): a damaged
    profiles file found while building it is still logged to the file, not to stderr."""
    (tmp_path / "config").mkdir(mode=0o700)
    (tmp_path / "config" / "profiles.json").write_text('{"profiles": [{"name": null}]}')
    log = _run_app(tmp_path)
    assert "profiles: 1 saved profile(s)" in log
    assert log.index("profiles: 1 saved profile(s)") < log.index("stopped cleanly")
