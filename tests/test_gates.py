"""The project's standards as checks that fail the suite: lint, format, strict types, import
rules, no import cycle among the project's modules, and no SQL in handlers. They run after
every other test (see `conftest.py`), so a failing test is reported before a style slip."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SQL = re.compile(r"^\s*(SELECT|INSERT|UPDATE|DELETE|CREATE|ALTER|DROP|PRAGMA|BEGIN|WITH|REPLACE)\b")

PACKAGES = ("bot", "handlers", "storage")

pytestmark = pytest.mark.gate


def _run(*command: str) -> None:
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}"


def test_ruff_finds_nothing() -> None:
    _run(str(BIN / "ruff"), "check", ".")


def test_the_code_is_formatted_as_ruff_formats_it() -> None:
    _run(str(BIN / "ruff"), "format", "--check", ".")


def test_mypy_strict_passes() -> None:
    _run(str(BIN / "mypy"))


def test_import_contracts_hold() -> None:
    _run(str(BIN / "lint-imports"))


def sql_strings(source: str) -> list[str]:
    """String literals of `source` that start like an SQL statement."""
    return [
        node.value
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and SQL.match(node.value)
    ]


def test_handlers_hold_no_sql() -> None:
    found = {
        str(path.relative_to(ROOT)): strings
        for path in (ROOT / "handlers").rglob("*.py")
        if (strings := sql_strings(path.read_text(encoding="utf-8")))
    }
    assert found == {}


def test_the_sql_check_sees_a_query() -> None:
    assert sql_strings('db.execute("SELECT id FROM visits")\nx = "Selesai"') == ["SELECT id FROM visits"]


def imported_test_files(source: str) -> list[str]:
    """The test files (`tests.test_*`, `.test_*`) that `source` imports, in any form and anywhere."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names if alias.name.startswith("tests.test_")]
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if module.startswith("tests.test_") or (node.level and module.startswith("test_")):
                found.append(module)
            elif module in ("tests", "tests.decisions") or (node.level and not module):
                found += [f"{module}.{alias.name}" for alias in node.names if alias.name.startswith("test_")]
    return found


def test_test_files_share_helpers_only_through_tests_support() -> None:
    found = {
        str(path.relative_to(ROOT)): imported
        for path in [*(ROOT / "tests").rglob("*.py"), *(ROOT / "bench").glob("*.py")]
        if (imported := imported_test_files(path.read_text(encoding="utf-8")))
    }
    assert found == {}


def test_the_test_import_check_sees_each_form() -> None:
    source = (
        "from tests.test_process import ROOT\nimport tests.test_stop\nfrom tests import test_lock\n"
        "def later():\n    from .test_flood import x\n"
        "from tests.support.process import ROOT\nfrom tests import support\n"
    )
    assert imported_test_files(source) == ["tests.test_process", "tests.test_stop", "tests.test_lock", "test_flood"]


def modules_of(root: Path, packages: Sequence[str]) -> dict[str, Path]:
    """Dotted name -> file of every module of `packages` under `root` (a package by its `__init__`)."""
    found = {}
    for package in packages:
        for path in (root / package).rglob("*.py"):
            parts = path.relative_to(root).with_suffix("").parts
            found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def imports_of(name: str, path: Path, modules: Mapping[str, Path]) -> set[str]:
    """The modules of `modules` that module `name` imports anywhere: at the top, inside a
    function, under TYPE_CHECKING. Its own enclosing packages do not count: Python imports
    them before it, whatever it says."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    named: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            named += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: `from . import x`, `from ..y import z`
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([node.module] if node.module else [])])
            named += [base, *(f"{base}.{alias.name}" for alias in node.names)]
    found = set()
    for target in named:
        while target and target not in modules:  # `package.module.NAME` is `package.module`
            target = target.rpartition(".")[0]
        if target and target != name and not name.startswith(f"{target}."):
            found.add(target)
    return found


def import_cycles(root: Path, packages: Sequence[str]) -> list[list[str]]:
    """The strongly connected components of more than one module of the import graph: the
    modules that reach each other through imports, each such group sorted."""
    modules = modules_of(root, packages)
    graph = {name: imports_of(name, path, modules) for name, path in modules.items()}
    reach = {name: _reachable(graph, name) for name in graph}
    groups = {frozenset({name} | {other for other in reach[name] if name in reach[other]}) for name in graph}
    return sorted(sorted(group) for group in groups if len(group) > 1)


def _reachable(graph: Mapping[str, set[str]], start: str) -> set[str]:
    seen: set[str] = set()
    todo = list(graph[start])
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo += graph[name]
    return seen


def test_no_module_imports_itself_through_others() -> None:
    assert import_cycles(ROOT, PACKAGES) == []


def test_the_cycle_check_sees_a_cycle_hidden_in_a_function_and_under_type_checking(tmp_path: Path) -> None:
    package = tmp_path / "loop"
    package.mkdir()
    (package / "__init__.py").write_text("from loop import a\n")  # its own package: no cycle
    (package / "a.py").write_text("def later():\n    from loop.b import thing\n    return thing\n")
    (package / "b.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from . import a\nthing = 1\n"
    )
    (package / "c.py").write_text("import loop.a\nfrom .b import thing\n")
    assert import_cycles(tmp_path, ["loop"]) == [["loop.a", "loop.b"]]
