"""What a new user tripped over on the deal, account and contact screens (issue 11, item 8):
words broken letter by letter at 80 columns, internal field names, plurals, hints that
name options a command does not have, suggested commands that do not run when pasted."""

from __future__ import annotations

import re
import shlex

import pytest
from rich.cells import cell_len

from helpers import run, run_json

LONG = "Hengtong Precision Manufacturing (恒通精密)"


def _words(*values: str | None) -> set[str]:
    return {w for v in values if v for w in re.findall(r"[A-Za-z][A-Za-z-]{3,15}", v)}


def _narrow(monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setenv("COLUMNS", "80")


@pytest.fixture
def people(bank):
    run("account", "add", LONG, "--industry", "manufacturing")
    run("contact", "add", "David Lin", "--account", "ACC-0002", "--title", "Plant Manager, Ningbo",
        "--relationship", "strong-positive", "--influence", "medium", "--circle", "Operations")
    run("contact", "add", "蒋海燕", "--account", "ACC-0002", "--title", "信息中心主任兼运营管理部总经理",
        "--reports-to", "David Lin", "--relationship", "strong-negative")
    return "ACC-0002"


def test_contact_list_at_80_columns_keeps_words_whole(people, monkeypatch):
    _narrow(monkeypatch)
    out = run("contact", "list").stdout
    assert all(cell_len(line) <= 80 for line in out.splitlines()), out
    shown = set(re.findall(r"[A-Za-z][A-Za-z-]+", out))
    rows = run_json("contact", "list")
    expected = _words(*(r[k] for r in rows for k in ("name", "account", "title"))) | {"Relationship", "Influence"}
    assert expected <= shown, (expected - shown, out)
    assert "hidden columns:" in out  # what did not fit is named, not squeezed


def test_chinese_labels_stay_whole_at_80_columns(people, monkeypatch):
    """Chinese has no spaces: a short label (关系状况, 强负向, 深层接触) is one word and is not
    broken between characters; a long Chinese title still folds inside its cell."""
    _narrow(monkeypatch)
    monkeypatch.setenv("TASPLUS_LANG", "zh")
    out = run("contact", "list").stdout
    assert all(cell_len(line) <= 80 for line in out.splitlines()), out
    for word in ("关系状况", "强正向", "强负向", "影响力"):
        assert word in out, (word, out)
    assert "信息中心主任兼运营管理部总经理" not in out and "信息" in out  # folded, not cut


def test_history_at_80_columns_keeps_words_whole(bank, monkeypatch):
    run("opp", "new", "Core banking", "--account", bank, "--amount", "1200000")
    run("opp", "edit", "Core banking", "--tender-issued", "2026-01-05", "--amount", "6000000",
        "--reason", "the customer widened the scope to every branch")
    run("opp", "grade", "Core banking", "--set", "C", "--reason", "pilot only")
    run("opp", "grade", "Core banking", "--auto")
    _narrow(monkeypatch)
    out = run("opp", "history", "Core banking").stdout
    assert all(cell_len(line) <= 80 for line in out.splitlines()), out
    shown = set(re.findall(r"[A-Za-z][A-Za-z-]+", out))
    rows = run_json("opp", "history", "Core banking")
    assert _words(*(r[k] for r in rows for k in ("new", "reason"))) <= shown, out


def test_field_names_are_the_ones_users_know(bank):
    run("opp", "new", "Deal", "--account", bank, "--amount", "400000")
    r = run("opp", "edit", "Deal", "--amount", "1200000", "--tender-issued", "2026-01-05")
    assert "changed amount, tender issued (grade B)" in r.stderr
    assert "amount_minor" not in r.stderr and "tender_issued_on" not in r.stderr
    run("opp", "grade", "Deal", "--set", "A", "--reason", "reference")
    run("opp", "grade", "Deal", "--auto")
    out = run("opp", "history", "Deal").stdout
    assert "graded by hand" in out and "tender issued" in out
    assert "grade_manual" not in out and "tender_issued_on" not in out
    fields = [h["field"] for h in run_json("opp", "history", "Deal")]  # JSON keeps the stored names
    assert "grade_manual" in fields and "tender_issued_on" in fields and "amount" in fields


def test_pipeline_caption_counts_and_marks_only_when_needed(bank):
    run("opp", "new", "Only", "--account", bank, "--amount", "100000")
    out = run("opp", "list").stdout
    assert "1 deal ·" in out and "1 deals" not in out and "graded by hand" not in out
    run("opp", "new", "Second", "--account", bank, "--amount", "100000")
    run("opp", "grade", "Second", "--set", "A", "--reason", "reference")
    out = run("opp", "list").stdout
    assert "2 deals ·" in out and "(* graded by hand)" in out


@pytest.mark.parametrize("args, notes", [
    (["opp", "new", "x" * 201, "--account", "ACC-0001", "--amount", "1"], False),
    (["event", "add", "OPP-0001", "y" * 201], False),
    (["opp", "team", "add", "OPP-0001", "z" * 201], False),
    (["account", "add", "a" * 201], True),
    (["contact", "add", "b" * 201, "--account", "ACC-0001"], True),
])
def test_long_name_hints_name_only_options_the_command_has(bank, args, notes):
    run("opp", "new", "Deal", "--account", bank, "--amount", "100")
    r = run(*args, code=2)
    assert "at most 200" in r.stderr and ("--notes" in r.stderr) is notes, r.stderr


def _all_options() -> set[str]:
    from typer.main import get_command

    from tasplus_cli.cli.app import app

    found: set[str] = set()

    def walk(cmd) -> None:  # noqa: ANN001
        for p in cmd.params:
            found.update(o for o in p.opts if o.startswith("-"))
        for sub in getattr(cmd, "commands", {}).values():
            walk(sub)

    walk(get_command(app))
    return found | {"--help", "-h"}  # help options are not parameters


def test_every_option_a_hint_or_gate_names_exists():
    from tasplus_cli.messages.en import MESSAGES

    named = {o for v in MESSAGES.values() for o in re.findall(r"(?<![\w-])--[a-z][a-z-]+", v)}
    assert named and named <= _all_options(), named - _all_options()
    from datetime import date

    from tasplus_cli.domain.stages import DealFacts, GATE_KEYS, missing_gates

    fixes = [m.fix for m in missing_gates(GATE_KEYS, DealFacts(code="OPP-0001", grade="A"), date(2027, 1, 1))]
    used = {o for f in fixes for o in re.findall(r"(?<![\w-])--[a-z][a-z-]+", f)}
    assert len(fixes) == len(GATE_KEYS) and used <= _all_options(), used - _all_options()


def _hinted_command(stderr: str) -> list[str]:
    """The first command a hint suggests (hints join several with `` | ``, then ``(or …)``)."""
    first = re.split(r" \| | +\(or ", stderr.split("hint:", 1)[1].strip())[0]
    found = re.search(r"tasplus .*", first)
    assert found, stderr
    return shlex.split(found.group(0))[1:]


def test_suggested_commands_run_when_pasted(bank):
    run("opp", "new", "Small", "--account", bank, "--amount", "100")
    run("opp", "advance", "Small", "--to", "negotiate")
    r = run("opp", "advance", "Small", code=1)  # the last stage: the hint says how to close it
    run(*_hinted_command(r.stderr))
    assert run_json("opp", "show", "Small")["status"] == "won"
    r = run("opp", "approve", "Small", code=1)  # closed: the hint reopens it
    run(*_hinted_command(r.stderr))
    assert run_json("opp", "show", "Small")["status"] == "open"
    run("opp", "new", "Big", "--account", bank, "--amount", "9000000")
    run("event", "add", "Big", "budget", "--confirmed")
    run("opp", "advance", "Big")
    r = run("opp", "advance", "Big", code=1)  # initiate: approve it, then a team outside sales
    run(*_hinted_command(r.stderr))
    assert run_json("opp", "show", "Big")["next_gate"]["missing"][0]["gate"] == "team_outside_sales"


@pytest.mark.parametrize("text, width, lines", [
    ("策略会已开，补录中", 10, ["策略会已", "开，补录中"]),  # a closing mark never starts a line
    ("CON-0011 冯涛: decision-maker, positive", 16, ["CON-0011 冯涛:", "decision-maker,", "positive"]),
    ("CON-0011 decision-maker", 10, ["CON-0011", "decision-", "maker"]),  # after a hyphen, never inside a code
    ("Hengtong Precision Manufacturing (恒通精密)", 14, ["Hengtong", "Precision", "Manufacturing", "(恒通精密)"]),
    ("十四五配网改造专项资金已下达", 12, ["十四五配网改", "造专项资金已", "下达"]),
])
def test_cells_fold_at_word_boundaries(text, width, lines):
    from rich.text import Text

    from tasplus_cli.render.tables import fold

    assert fold(Text(text), width).plain.split("\n") == lines


MARKUP_NAME = "Upgrade [/bold] phase 2 [link=file:///etc/passwd]x[/link]"


@pytest.mark.parametrize("args", [("opp", "history", "OPP-0001"), ("survey", "list", "OPP-0001"),
                                  ("stakeholder", "list", "OPP-0001"), ("competitor", "list", "--opp", "OPP-0001")])
def test_a_deal_name_with_markup_is_printed_as_typed_in_titles(bank, args):
    """Titles are text, never rich markup: no MarkupError, no live hyperlink."""
    run("opp", "new", MARKUP_NAME, "--account", bank, "--amount", "100")
    out = run(*args).stdout
    assert MARKUP_NAME in " ".join(out.split()), out
