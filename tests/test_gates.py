"""The project's standards as checks that fail the suite: lint, format, strict types, import
rules, and no SQL in handlers. They run after every other test (see `conftest.py`), so a
failing test is reported before a style slip."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SQL = re.compile(r"^\s*(SELECT|INSERT|UPDATE|DELETE|CREATE|ALTER|DROP|PRAGMA|BEGIN|WITH|REPLACE)\b")

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
