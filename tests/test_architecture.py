"""The package's layout holds: no import cycle, and the stages free of the disk, incremental and parallel layers."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "careerguide"

PURE_STAGES = ("careerguide.validate", "careerguide.link", "careerguide.render")
"""Stages that take values and return values: they read no disk, keep no cache and start no process."""
ALLOWED = {
    "careerguide.model": set(),
    "careerguide.text": {"careerguide.model"},
    "careerguide.load": {"careerguide.model", "careerguide.text"},
    "careerguide.validate": {"careerguide.model", "careerguide.text"},
    "careerguide.link": {"careerguide.model", "careerguide.text", "careerguide.validate"},
    "careerguide.render": {"careerguide.model", "careerguide.text", "careerguide.validate", "careerguide.link"},
    "careerguide.write": {"careerguide.model", "careerguide.text"},
}
"""What each part may import besides itself. The layers (incremental, parallel), `build` and the commands sit above
them all."""


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The package's modules that `name` imports anywhere in its code (function bodies and type-checking blocks too)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("careerguide."))
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("careerguide"):
            for alias in node.names:
                child = f"{node.module}.{alias.name}"
                found.add(child if child in known else node.module)
    # Importing a submodule runs its packages' __init__ first, unless the importer is inside them already.
    for target in list(found):
        parts = target.split(".")
        for end in range(2, len(parts)):
            parent = ".".join(parts[:end])
            if not name.startswith(parent + ".") and name != parent:
                found.add(parent)
    return (found & known) - {name, "careerguide"}


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(name, path, set(modules)) for name, path in modules.items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

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
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def _part(module: str) -> str:
    return ".".join(module.split(".")[:2])


def test_no_import_cycle():
    assert _cycles(_graph()) == []


def test_each_part_imports_only_the_parts_below_it():
    wrong = sorted(
        f"{module} imports {target}"
        for module, targets in _graph().items()
        if _part(module) in ALLOWED
        for target in targets
        if _part(target) != _part(module) and _part(target) not in ALLOWED[_part(module)]
    )
    assert wrong == []


def test_the_pure_stages_touch_no_disk_and_start_no_process():
    """Reading and writing belong to load and write; `os`, `subprocess` and file access stay out of the pure stages."""
    forbidden = {"os", "shutil", "subprocess", "tempfile", "multiprocessing", "sqlite3", "pickle"}
    wrong = []
    for name, path in _modules().items():
        if _part(name) not in PURE_STAGES:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = (
                [alias.name for alias in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            wrong += [f"{name} imports {module}" for module in names if module.split(".")[0] in forbidden]
            if (
                isinstance(node, ast.Attribute)
                and node.attr
                in {
                    "read_text",
                    "read_bytes",
                    "write_text",
                    "write_bytes",
                    "open",
                    "iterdir",
                    "rglob",
                }
                and not _packaged(ast.unparse(node.value))
            ):
                wrong.append(f"{name}:{node.lineno} calls .{node.attr}")
            if isinstance(node, ast.Name) and node.id == "open":
                wrong.append(f"{name}:{node.lineno} calls open")
    assert wrong == []


def _packaged(expression: str) -> bool:
    """Whether a file read is of the generator's own package (its code or a packaged font), not of a site root."""
    return "__file__" in expression or expression.startswith("resources.files(")


def test_no_module_over_400_lines_and_no_function_over_60():
    long_modules = [
        f"{name}: {n} lines"
        for name, path in _modules().items()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > 400
    ]
    long_functions = []
    for name, path in _modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.end_lineno - node.lineno + 1 > 60:
                long_functions.append(f"{name}.{node.name}: {node.end_lineno - node.lineno + 1} lines")
    assert long_modules + long_functions == []
