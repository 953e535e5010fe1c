"""The floor plan holds: no import circle among backchannel's modules, and no arrow from the
library up into the web app or the command line.

The imports are read from the source (``ast``), function-level imports included, so a
circle hidden inside a function still counts; imports under ``if TYPE_CHECKING:`` are for the
type checker and never run, so they do not. ``from package import name`` is an arrow to
``package.name`` when that is a module, else to the package itself.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "backchannel"
#: The layers that may import everything and that nothing in the library may import.
TOP = ("backchannel.web", "backchannel.cli")


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _target(name: str) -> str | None:
    """The module ``name`` lands on (the longest known prefix), or None outside backchannel."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _imports(module: str) -> set[str]:
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    package = module if MODULES[module].name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in _runtime_nodes(tree):
        if isinstance(node, ast.Import):
            found.update(filter(None, (_target(alias.name) for alias in node.names)))
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(node, package)
            for alias in node.names:
                found.add(_target(f"{base}.{alias.name}") or "")
    found.discard("")
    found.discard(module)
    return {m for m in found if m.startswith("backchannel")}


def _runtime_nodes(tree: ast.AST):
    """Every node, except those under ``if TYPE_CHECKING:`` (names for the type checker,
    never imported when the code runs)."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            yield from (n for child in node.orelse for n in [child, *_runtime_nodes(child)])
            continue
        yield node
        yield from _runtime_nodes(node)


def _absolute(node: ast.ImportFrom, package: str) -> str:
    if not node.level:
        return node.module or ""
    parts = package.split(".")
    base = ".".join(parts[: len(parts) - node.level + 1])
    return f"{base}.{node.module}" if node.module else base


GRAPH = {module: _imports(module) for module in MODULES}


def _is_top(module: str) -> bool:
    return any(module == top or module.startswith(top + ".") for top in TOP)


def test_the_graph_was_read():
    assert "backchannel.ingest" in GRAPH["backchannel.cli"]
    assert len(MODULES) > 40


@pytest.mark.parametrize("module", sorted(m for m in GRAPH if not _is_top(m)))
def test_the_library_never_imports_the_web_app_or_the_command_line(module):
    upward = sorted(m for m in GRAPH[module] if _is_top(m))
    assert not upward, f"{module} imports {', '.join(upward)}"


def _circle() -> list[str] | None:
    """One import circle, as the modules round it, or None."""
    state: dict[str, int] = {}  # 1 on the path, 2 done
    path: list[str] = []

    def visit(module: str) -> list[str] | None:
        state[module] = 1
        path.append(module)
        for nxt in sorted(GRAPH.get(module, ())):
            if state.get(nxt) == 1:
                return path[path.index(nxt) :] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        path.pop()
        state[module] = 2
        return None

    for module in sorted(GRAPH):
        if module not in state and (found := visit(module)):
            return found
    return None


def test_no_import_circle():
    circle = _circle()
    assert circle is None, " → ".join(circle or ())
