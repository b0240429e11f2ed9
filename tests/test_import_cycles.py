"""No import cycles among capi_desktop modules (top-level imports; function-level and TYPE_CHECKING ones are lazy)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "capi_desktop"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _top_level_imports(body: list[ast.stmt]) -> Iterator[ast.Import | ast.ImportFrom]:
    """Imports that run when the module is imported: module body, try/if/with blocks; not
    functions or classes' methods, not `if TYPE_CHECKING:` blocks."""
    for node in body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        elif isinstance(node, ast.If):
            if not _is_type_checking(node.test):
                yield from _top_level_imports(node.body)
            yield from _top_level_imports(node.orelse)
        elif isinstance(node, ast.Try):
            for block in (node.body, node.orelse, node.finalbody):
                yield from _top_level_imports(block)
            for handler in node.handlers:
                yield from _top_level_imports(handler.body)
        elif isinstance(node, ast.With):
            yield from _top_level_imports(node.body)


def _resolve(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    if node.level == 0:
        return node.module or ""
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, *([node.module] if node.module else [])])


def import_graph() -> dict[str, set[str]]:
    """module -> the capi_desktop modules its import runs. `from pkg import name` is an arrow
    to `pkg.name` when that is a module, else to `pkg`; importing `a.b.c` also runs `a` and
    `a.b` first, except the importer's own parent packages (already running by then)."""
    paths = sorted(PACKAGE.rglob("*.py"))
    modules = {module_name(path): path for path in paths}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        named: set[str] = set()
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in _top_level_imports(tree.body):
            if isinstance(node, ast.Import):
                named.update(alias.name for alias in node.names)
                continue
            base = _resolve(name, path.name == "__init__.py", node)
            for alias in node.names:
                named.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base)
        parents = {".".join(name.split(".")[:end]) for end in range(1, name.count(".") + 1)}
        targets = set(named)
        for target in named:
            parts = target.split(".")
            targets.update(".".join(parts[:end]) for end in range(1, len(parts)))
        graph[name] = {
            t for t in targets if t in modules and t != name and (t in named or t not in parents)
        }
    return graph


def cycles(graph: dict[str, set[str]]) -> list[tuple[str, ...]]:
    """One cycle per strongly connected component with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[tuple[str, ...]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component: list[str] = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(tuple(sorted(component)))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def real_cycles() -> list[tuple[str, ...]]:
    return cycles(import_graph())


def test_no_import_cycles() -> None:
    found = real_cycles()
    assert not found, "import cycles (break one arrow each):\n" + "\n".join(map(" -> ".join, found))


def test_the_graph_sees_import_time_arrows_only() -> None:
    graph = import_graph()
    assert "capi_desktop.ui.main_window" in graph["capi_desktop.app"]
    # `from capi_desktop.ui.panels.credentials import CredentialsPanel` runs the package and module
    assert "capi_desktop.ui.panels.credentials.panel" in graph["capi_desktop.ui.panels.credentials"]
    # services.py names the backend classes under TYPE_CHECKING only: no arrow
    assert "capi_desktop.backend.credentials" not in graph["capi_desktop.services"]
    # cli.py discovers commands inside a function: no arrow
    assert not {t for t in graph["capi_desktop.cli"] if t.startswith("capi_desktop.commands.")}


def test_the_detector_finds_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [("a", "b", "c")]
