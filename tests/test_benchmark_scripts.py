"""Benchmark and helper scripts are not run by the suite: at least every module they import must exist."""

from __future__ import annotations

import ast
import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = sorted([*ROOT.glob("benchmarks/*.py"), *ROOT.glob("scripts/*.py")])


def _project_imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return {name for name in names if name.split(".")[0] == "capi_desktop"}


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_script_imports_resolve(script: Path) -> None:
    missing = [name for name in _project_imports(script) if importlib.util.find_spec(name) is None]
    assert not missing, f"{script.name} imports modules that do not exist: {missing}"


def test_time_to_interactive_runs_and_prints_the_ratio() -> None:
    """One run of the time-to-interactive benchmark on the Error lookup panel, end to end."""
    script = ROOT / "benchmarks" / "time_to_interactive.py"
    done = subprocess.run(
        [sys.executable, str(script), "--runs", "1", "--panel", "errors"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "errors panel built and painted" in done.stdout
    ratio = re.search(r"ratio app/bare, panel painted \(worst panel\): (\d+\.\d+)", done.stdout)
    assert ratio is not None, done.stdout
    assert float(ratio.group(1)) > 1.0  # the app paints more than a bare window
