"""The app is in Fusion whether it creates its QApplication or is handed one in another style."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

# Runs in the child (a fresh process: one QApplication each). `existing` is the style of an app
# made before create_application (tests, another host), or None to let it create its own.
_CHILD = """
import json, sys
import PySide6.QtWidgets as widgets
import capi_desktop.app as app_module

existing = sys.argv[1] if len(sys.argv) > 1 else None
if existing:
    host = widgets.QApplication(["host", "-style", existing])
app = app_module.create_application(theme="light")
# Read before asking for the style: asking builds PySide's QStyle type (what FUSION_ARGS avoids).
style_type_built = "QStyle" in vars(widgets)
print(json.dumps({"style": app.style().name().lower(), "style_type_built": style_type_built}))
"""


def _start(*existing: str) -> dict[str, object]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, *existing],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    report: dict[str, object] = json.loads(done.stdout.splitlines()[-1])
    return report


def test_an_app_it_creates_starts_in_fusion_without_building_pyside_style_type() -> None:
    assert _start() == {"style": "fusion", "style_type_built": False}


@pytest.mark.parametrize("style", ["windows", "fusion"])
def test_an_app_made_elsewhere_is_switched_to_fusion(style: str) -> None:
    assert _start(style)["style"] == "fusion"
