"""Layer rules: domain is pure, only ui/ and app.py touch Qt/qasync, only backend touches I/O libs."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "capi_desktop"
QT = {"PySide6", "qasync", "shiboken6"}
IO_LIBS = {"httpx", "keyring", "sqlite3", "socket", "http", "urllib.request", "requests"}
QT_ALLOWED = ("ui/", "app.py", "self_test.py", "commands/screenshot.py")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _matches(name: str, banned: set[str]) -> bool:
    return any(name == b or name.startswith(b + ".") for b in banned)


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_layer_rules(path: Path) -> None:
    rel = path.relative_to(PACKAGE).as_posix()
    imports = _imports(path)
    if not rel.startswith(QT_ALLOWED):
        assert not {n for n in imports if _matches(n, QT)}, f"{rel} imports Qt/qasync"
    if rel.startswith("domain/"):
        bad = {
            n for n in imports if _matches(n, IO_LIBS | {"capi_desktop.backend", "capi_desktop.ui"})
        }
        assert not bad, f"domain module {rel} imports {bad}"
        assert "open(" not in path.read_text(encoding="utf-8"), f"{rel} does file I/O"
    if rel.startswith("backend/"):
        bad = {n for n in imports if _matches(n, {"capi_desktop.ui"})}
        assert not bad, f"backend module {rel} imports the UI"


def test_every_module_has_a_docstring() -> None:
    missing = [
        str(p.relative_to(PACKAGE))
        for p in _modules()
        if p.stat().st_size and ast.get_docstring(ast.parse(p.read_text(encoding="utf-8"))) is None
    ]
    assert not missing, f"modules without a docstring: {missing}"


# The composition roots: they build the app and its services and hand the UI what it needs.
COMPOSITION_ROOTS = {
    "capi_desktop.app",
    "capi_desktop.cli",
    "capi_desktop.commands",
    "capi_desktop.service_factory",
    "capi_desktop.screenshots",
}


@pytest.mark.parametrize(
    "path",
    [p for p in _modules() if p.relative_to(PACKAGE).as_posix().startswith("ui/")],
    ids=lambda p: str(p.relative_to(PACKAGE)),
)
def test_the_ui_never_imports_a_composition_root(path: Path) -> None:
    """Arrows point from app/cli/commands to the UI, never back (even inside a function)."""
    bad = {n for n in _imports(path) if _matches(n, COMPOSITION_ROOTS)}
    assert not bad, f"{path.relative_to(PACKAGE)} imports {bad}"


# The window's wiring: panels are reached through ui/links.py and ui/panel_lifecycle.py's
# Protocols, never by probing attributes. (registry.py looks a panel class up by its name in
# a lazily imported module: that is import by name, not wiring.)
WIRING = (
    "app.py",
    "ui/main_window.py",
    "ui/close_guard.py",
    "ui/window_menus.py",
    "ui/screenshot.py",
)


@pytest.mark.parametrize("rel", WIRING)
def test_window_wiring_uses_no_getattr_or_hasattr(rel: str) -> None:
    tree = ast.parse((PACKAGE / rel).read_text(encoding="utf-8"))
    probes = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in {"getattr", "hasattr"}
    ]
    assert not probes, f"{rel} probes attributes on lines {probes}"
