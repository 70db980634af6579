"""The core stays easy to read: no dead code, one place for each fact, small modules, docstrings that are true."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from tec_desktop import errors
from tec_desktop.cli import exit_codes

ROOT = Path(__file__).resolve().parents[1]
CORE = sorted((ROOT / "tec_desktop").rglob("*.py"))
# Everything that may use the core: the app, the PDF writer, packaging, benchmarks, tools and tests.
USERS = [
    p
    for d in ("tec_desktop", "ui", "reports", "packaging", "bench", "tools", "tests")
    for p in (ROOT / d).rglob("*.py")
]
MAX_LINES = 400
# The workbook contract files are being split by the work on the leadership pack (issue 12).
TOO_LONG_FOR_NOW = {"workbook/schema.py", "workbook/template.py", "workbook/sample.py"}


def _used_names(tree: ast.AST):
    """Names read anywhere: variables, attributes, imports, keywords, and words in strings (not docstrings)."""
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            yield node.id
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load):
            yield node.attr
        elif isinstance(node, ast.alias):
            yield node.name.rsplit(".", 1)[-1]
        elif isinstance(node, ast.keyword) and node.arg:
            yield node.arg
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            yield from re.findall(r"[A-Za-z_]\w*", node.value)  # getattr names, entry points, plug-in paths


def test_no_dead_code_in_the_core():
    """Every function, class, method and dataclass field of the core is used somewhere (found this way:
    cells.split_ref, checks_base._normalize, SmtpSession.is_open and Workbook.extra_sheets, now gone)."""
    used: set[str] = set()
    for path in USERS:
        used.update(_used_names(ast.parse(path.read_text(encoding="utf-8"))))
    for config in ("pyproject.toml", "packaging/tec_desktop.spec"):
        used.update(re.findall(r"[A-Za-z_]\w*", (ROOT / config).read_text(encoding="utf-8")))
    dead = []
    for path in CORE:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                names.append((node.name, node.lineno))
            if isinstance(node, ast.ClassDef):
                names += [(s.target.id, s.lineno) for s in node.body if isinstance(s, ast.AnnAssign)
                          and isinstance(s.target, ast.Name)]  # fmt: skip
            dead += [f"{path.relative_to(ROOT)}:{line} {name}" for name, line in names
                     if name not in used and not (name.startswith("__") and name.endswith("__"))]  # fmt: skip
    assert not dead, "\n".join(dead)


def test_exit_codes_are_defined_once():
    assert (exit_codes.EXIT_OK, exit_codes.EXIT_FINDINGS, exit_codes.EXIT_FAILED) == (0, 1, 2)  # spec §6
    elsewhere = []
    for path in CORE:
        if path.name == "exit_codes.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets = node.targets if isinstance(node, ast.Assign) else []
            names = [n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)]
            elsewhere += [f"{path.relative_to(ROOT)}:{node.lineno} {n}" for n in names if n.startswith("EXIT_")]
    assert not elsewhere, elsewhere


def test_errors_module_says_what_it_defines():
    kinds = [v for v in vars(errors).values() if isinstance(v, type) and issubclass(v, errors.TecError)]
    assert len(kinds) == 3
    doc = errors.__doc__ or ""
    assert all(k.__name__ in doc for k in kinds) and "the one exception" not in doc.lower()


def test_core_modules_are_small():
    long = []
    for path in CORE:
        name = path.relative_to(ROOT / "tec_desktop").as_posix()
        lines = path.read_text(encoding="utf-8").count("\n")
        if lines > MAX_LINES and name not in TOO_LONG_FOR_NOW:
            long.append(f"{name}: {lines} lines")
    assert not long, long
