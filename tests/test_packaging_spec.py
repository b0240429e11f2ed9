"""The PyInstaller spec stays in step with the code: nothing it excludes is imported by the app."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

from capi_desktop import __version__

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "packaging" / "pyinstaller" / "capi_desktop.spec"
LAUNCHER = ROOT / "packaging" / "pyinstaller" / "launcher.py"


def _spec_list(name: str) -> list[str]:
    for node in ast.parse(SPEC.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == name for t in node.targets
        ):
            return list(ast.literal_eval(node.value))
    raise AssertionError(f"{name} not found in {SPEC.name}")


def _imported_modules(path: Path) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules.add(node.module)
            modules.update(f"{node.module}.{alias.name}" for alias in node.names)
    return modules


def test_app_never_imports_what_the_build_excludes() -> None:
    excluded = _spec_list("QT_EXCLUDES") + _spec_list("OTHER_EXCLUDES")
    assert "PyQt5" in excluded and "PySide6.QtQml" in excluded
    offenders = []
    for path in sorted((ROOT / "capi_desktop").rglob("*.py")):
        for module in _imported_modules(path):
            hit = [e for e in excluded if module == e or module.startswith(e + ".")]
            if hit:
                offenders.append(f"{path.relative_to(ROOT)} imports {module}")
    assert not offenders, (
        "the frozen build leaves these out; drop them from the spec's excludes or avoid them:\n"
        + "\n".join(offenders)
    )


def test_spec_bundles_resources_where_resources_py_looks() -> None:
    text = SPEC.read_text(encoding="utf-8")
    assert '"capi_desktop/_resources"' in text
    assert '"capi_desktop" / "_resources"' in (ROOT / "capi_desktop" / "resources.py").read_text(
        encoding="utf-8"
    )
    assert 'collect_submodules("capi_desktop")' in text  # commands and panels are found by name
    assert 'copy_metadata("keyring")' in text  # keyring finds backends via entry points


def test_pycountry_translations_are_not_needed() -> None:
    # The spec drops pycountry/locales; reading translated names would then fail when frozen.
    for path in (ROOT / "capi_desktop").rglob("*.py"):
        assert "LOCALES_DIR" not in path.read_text(encoding="utf-8"), path


def test_launcher_runs_the_cli() -> None:
    done = subprocess.run(
        [sys.executable, str(LAUNCHER), "--version"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0 and __version__ in done.stdout


def test_launcher_paint_probe_marks_first_paint(tmp_path: Path) -> None:
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        CAPI_DESKTOP_HOME=str(tmp_path / "home"),
        CAPI_DESKTOP_PAINT_PROBE="1",
    )
    done = subprocess.run(
        [sys.executable, str(LAUNCHER)], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert "FIRST-PAINT" in done.stdout.splitlines()
