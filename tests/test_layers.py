# SPDX-License-Identifier: EUPL-1.2
"""The drawing of the imports has no arrows running upward and no circles (issue 11.3).

Apps are stacked: each may import those below it, never one above, whether at the top
of a module or inside a function. An app below learns of one above only through
`inspraak.core.events` subscriptions and the small registries (`data_section_register`,
`session_themes_register`) that the app above fills in its AppConfig.ready.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

PLATFORM = Path(__file__).parent.parent / "inspraak"

# Lower numbers lie below; apps on one level may use each other only if no circle forms.
LAYERS = {
    "core": 0,
    "consultations": 1,
    "votes": 2,
    "intake": 3,
    "sensemaking": 3,
    "live": 4,
    "reports": 5,
    "decisions": 6,
    "api": 7,
    "demo": 8,
    "cli": 9,
}


def _modules() -> dict[str, Path]:
    found = {}
    for path in PLATFORM.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        parts = path.relative_to(PLATFORM.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def _imports(path: Path, known: set[str]) -> set[str]:
    """The inspraak modules `path` imports anywhere in it (top level or inside functions)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return {n for n in names if n in known}


def _app(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(path, set(modules)) - {name} for name, path in modules.items()}


def test_no_app_imports_an_app_above_it() -> None:
    upward = [
        f"{module} -> {target}"
        for module, targets in _graph().items()
        for target in targets
        if _app(module) in LAYERS
        and _app(target) in LAYERS
        and LAYERS[_app(target)] > LAYERS[_app(module)]
    ]
    assert upward == []


def test_core_imports_no_other_app() -> None:
    core = {m: t for m, t in _graph().items() if _app(m) == "core"}
    assert {t for targets in core.values() for t in targets if _app(t) != "core"} == set()


def test_apps_do_not_import_each_other_in_a_circle() -> None:
    between: dict[str, set[str]] = defaultdict(set)
    for module, targets in _graph().items():
        for target in targets:
            if _app(module) != _app(target) and _app(module) and _app(target):
                between[_app(module)].add(_app(target))
    circles = [(a, b) for a, bs in between.items() for b in bs if a in between.get(b, set())]
    assert circles == []


def test_every_app_is_on_a_layer() -> None:
    apps = {p.name for p in PLATFORM.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert apps <= set(LAYERS), apps - set(LAYERS)


def _circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of two or more modules (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_module_imports_itself_round_a_circle() -> None:
    graph = _graph()
    # A package's __init__ that imports its own submodules to register them is no circle.
    for module in graph:
        graph[module] = {t for t in graph[module] if not module.startswith(t + ".")}
    assert _circles(graph) == []
