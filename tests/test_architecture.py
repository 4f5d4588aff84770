"""The layers of ``tasplus_cli`` and which may import which (docs/architecture.md).

Every module is parsed with ``ast`` (nothing is imported): every ``import`` and
``from … import`` at any depth counts, function-local lazy imports included, and
so do ``importlib.import_module("…")`` calls with a literal name. Relative
imports are resolved against the module's package. A failure names the module,
the import (with its line) and the rule it breaks.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parents[1] / "tasplus_cli"
HEAVY = ("sqlalchemy", "sqlmodel", "alembic", "rich", "typer", "questionary")


@dataclass(frozen=True)
class Rule:
    id: str
    name: str
    covers: tuple[str, ...]  # module prefixes the rule applies to ("" = every module)
    forbidden: tuple[str, ...]  # module prefixes those modules may not import
    exempt: tuple[str, ...] = ()  # modules the rule does not apply to


RULES = [
    Rule("domain", "domain/ is pure: the method's rules, stdlib only, no storage, screens, files or settings file",
         ("tasplus_cli.domain",),
         (*HEAVY, "tasplus_cli.store", "tasplus_cli.render", "tasplus_cli.cli", "tasplus_cli.csvio",
          "tasplus_cli.config", "tasplus_cli.envvars", "tasplus_cli.paths", "tasplus_cli.api")),
    Rule("store", "store/ reads and writes the database: never screens, commands or the config file",
         ("tasplus_cli.store",),
         ("tasplus_cli.render", "tasplus_cli.cli", "tasplus_cli.config", "rich", "typer", "questionary")),
    Rule("render", "render/ turns data into screens: it never fetches data or reads settings itself",
         ("tasplus_cli.render",),
         ("tasplus_cli.store", "tasplus_cli.cli", "tasplus_cli.api", "tasplus_cli.config", "tasplus_cli.envvars",
          "sqlalchemy", "sqlmodel", "alembic")),
    Rule("csvio", "csvio/ reads and writes CSV files: no database, screens or commands",
         ("tasplus_cli.csvio",),
         ("tasplus_cli.store", "tasplus_cli.render", "tasplus_cli.cli", "tasplus_cli.api")),
    Rule("leaves", "messages/, defaults, settings, config, envvars and paths are leaves: no database, screens, commands or UI libraries",
         ("tasplus_cli.messages", "tasplus_cli.defaults", "tasplus_cli.settings", "tasplus_cli.config", "tasplus_cli.envvars",
          "tasplus_cli.paths"),
         (*HEAVY, "tasplus_cli.store", "tasplus_cli.render", "tasplus_cli.cli", "tasplus_cli.csvio",
          "tasplus_cli.api")),
    Rule("api", "api.py is the library under the CLI: no screens, commands or UI libraries",
         ("tasplus_cli.api",), ("tasplus_cli.render", "tasplus_cli.cli", "rich", "typer", "questionary")),
    Rule("cli", "only cli/ imports cli/ (and the package's __main__, which runs it)",
         ("",), ("tasplus_cli.cli",), exempt=("tasplus_cli.cli", "tasplus_cli.__main__")),
    Rule("questionary", "only cli/prompts.py imports questionary",
         ("",), ("questionary",), exempt=("tasplus_cli.cli.prompts",)),
    Rule("click", "nothing imports click: Typer's vendored copy is an implementation detail",
         ("",), ("click",)),
]


def _under(name: str, prefix: str) -> bool:
    return prefix == "" or name == prefix or name.startswith(prefix + ".")


def module_name(path: Path, root: Path = PKG) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(source: str, module: str, is_package: bool = False) -> list[tuple[str, int]]:
    """(imported module, line) for every import in ``source``, at any depth. ``from a import b``
    yields ``a`` and ``a.b`` (``b`` may be a submodule); relative imports are made absolute."""
    package = module if is_package else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, *([base] if base else [])])
            found.append((base, node.lineno))
            found += [(f"{base}.{alias.name}", node.lineno) for alias in node.names if alias.name != "*"]
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "import_module"
              and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            found.append((node.args[0].value, node.lineno))
    return found


def modules() -> dict[str, tuple[Path, list[tuple[str, int]]]]:
    out = {}
    for path in sorted(PKG.rglob("*.py")):
        name = module_name(path)
        out[name] = path, imports(path.read_text(encoding="utf-8"), name, path.name == "__init__.py")
    return out


def violations(rule: Rule, found: dict[str, tuple[Path, list[tuple[str, int]]]]) -> list[str]:
    bad = []
    for name, (path, imported) in found.items():
        if not any(_under(name, p) for p in rule.covers) or any(_under(name, e) for e in rule.exempt):
            continue
        for target, line in imported:
            hit = next((f for f in rule.forbidden if _under(target, f)), None)
            if hit:
                bad.append(f"{name} imports {target} ({path.relative_to(PKG.parent)}:{line}): breaks "
                           f"\"{rule.name}\"")
    return sorted(set(bad))


@pytest.fixture(scope="module")
def found():
    return modules()


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_no_module_breaks_the_layering(rule, found):
    bad = violations(rule, found)
    assert not bad, f"{len(bad)} forbidden import(s):\n" + "\n".join(bad)


def test_the_scan_sees_every_kind_of_import(tmp_path):
    source = """
import os
from . import sibling
from ..store import db as store_db
from ...cli.output import emit
def lazy():
    import sqlalchemy.orm
    if True:
        from rich.table import Table
    return importlib.import_module("questionary")
"""
    got = {m for m, _ in imports(source, "tasplus_cli.domain.sub.mod")}
    assert {"os", "tasplus_cli.domain.sub", "tasplus_cli.domain.sub.sibling", "tasplus_cli.domain.store.db",
            "tasplus_cli.domain.store", "sqlalchemy.orm", "rich.table.Table", "questionary"} <= got
    assert "tasplus_cli.cli.output" in got and "tasplus_cli.cli.output.emit" in got
    assert {m for m, _ in imports("from . import x", "tasplus_cli.render", is_package=True)} == {
        "tasplus_cli.render", "tasplus_cli.render.x"}
    pkg = tmp_path / "tasplus_cli"
    (pkg / "domain").mkdir(parents=True)
    assert module_name(pkg / "domain" / "__init__.py", pkg) == "tasplus_cli.domain"
    assert module_name(pkg / "domain" / "dates.py", pkg) == "tasplus_cli.domain.dates"


def test_the_rules_catch_a_forbidden_import():
    fake = {"tasplus_cli.domain.x": (PKG / "domain" / "x.py", [("sqlmodel", 3)]),
            "tasplus_cli.render.y": (PKG / "render" / "y.py", [("tasplus_cli.store.read.opps", 7)]),
            "tasplus_cli.store.z": (PKG / "store" / "z.py", [("click", 1)])}
    said = [line for rule in RULES for line in violations(rule, fake)]
    assert any(s.startswith("tasplus_cli.domain.x imports sqlmodel (tasplus_cli/domain/x.py:3)") and "domain/ is pure"
               in s for s in said)
    assert any(s.startswith("tasplus_cli.render.y imports tasplus_cli.store.read.opps") for s in said)
    assert any("nothing imports click" in s for s in said) and len(said) == 3


def test_every_layer_is_scanned(found):
    layers = {name.split(".")[1] for name in found if name.count(".") >= 1}
    assert {"domain", "store", "render", "csvio", "cli", "messages"} <= layers
    assert len(found) > 60
