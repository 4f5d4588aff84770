"""The text policy (``domain.text``, docs/safety.md): text that could steer a terminal is refused
wherever it enters, and whatever is stored is printed as typed, never as markup or escape codes.

- Every text option and argument of every command (found by walking the command tree, so a new
  option is covered the day it is added) refuses ESC sequences (an OSC 8 hyperlink, a colour
  code), a C1 CSI, a bidi override, NUL and DEL with exit 2, one ``error:`` line naming the
  option, and the database unchanged; single-line ones refuse a newline too.
- Every column of every CSV kind refuses them as a bad row naming the line and the column.
- ``TASPLUS_USER`` and the answers typed at a prompt obey the same rule.
- Rich markup (``Upgrade [/bold] phase 2``, ``[link=file:///etc/passwd]deal[/link]``) is text on
  every screen; control characters already stored (an older version, another program) reach no
  screen raw: they are shown as U+FFFD, and JSON escapes them.
"""

from __future__ import annotations

import json
from typing import Optional

import pytest

from helpers import _command, _dump_url, dump, run, run_json

TODAY = "2026-11-27"
BANK = "华东省农商银行"
DEAL = "Upgrade [/bold] phase 2"
LINK = "[link=file:///etc/passwd]deal[/link]"
HOSTILE = {
    "osc8": "\x1b]8;;file:///etc/passwd\x07x\x1b]8;;\x07",
    "colour": "\x1b[31mred",
    "csi": "a\x9bb",
    "bidi": "abc\u202edef",
    "nul": "a\x00b",
    "del": "a\x7fb",
}
RAW = ("\x1b", "\x9b", "\u202e", "\x00", "\x7f", "\x07")  # never on a screen


@pytest.fixture
def world(tasplus_home, monkeypatch):
    """Every kind of record, through the CLI: a deal named with rich markup (``DEAL``) and one named
    like a hyperlink (``LINK``), with people, competitors, events, a survey, activities, a plan."""
    monkeypatch.setenv("TASPLUS_TODAY", TODAY)
    for args in (
        ["account", "add", BANK, "--industry", "[b]banking[/b]", "--region", "[i]杭州", "--notes", "[red]x[/red]\n2"],
        ["contact", "add", "王建国", "--account", BANK, "--title", "[bold]行长", "--circle", "[/]",
         "--department", "[dim]IT", "--phone", "[1]", "--email", "[a@b]", "--notes", "[/bold]"],
        ["contact", "add", "刘芳", "--account", BANK, "--reports-to", "王建国", "--title", "[/title]"],
        ["opp", "new", DEAL, "--account", BANK, "--amount", "600万", "--close-date", "2027-06-30"],
        ["opp", "new", LINK, "--account", BANK, "--amount", "200万"],
        ["competitor", "add", "[red]翼辰[/red]", "--opp", "OPP-0001", "--notes", "[/notes]"],
        ["competitor", "partner", "add", "CMP-0001", "[/partner]"],
        ["competitor", "event", "add", "CMP-0001", "[/event]"],
        ["competitor", "quote", "add", "CMP-0001", "100万", "--opp", "OPP-0001", "--product", "[/p]"],
        ["event", "add", "OPP-0001", "[/bold]监管要求", "--kind", "regulation", "--evidence", "[/e]", "--confirmed"],
        ["stakeholder", "add", "OPP-0001", "王建国", "--role", "approver", "--notes", "[/s]"],
        ["survey", "run", "OPP-0001", "--inside-source", "yes", "--source-contact", "王建国", "--our-fit", "4",
         "--our-closeness", "4", "--competitor", "[red]翼辰[/red]=5,3", "--date", "2026-11-20"],
        ["activity", "log", "OPP-0001", "--kind", "call", "--with", "王建国", "--summary", "[/summary]",
         "--date", "2026-11-20"],
        ["opp", "team", "add", "OPP-0001", "[/member]", "--role", "[/role]"],
        ["strategy", "set", "OPP-0001", "flanking", "--rationale", "[/why]"],
        ["tactic", "add", "OPP-0001", "[/tactic]"],
        ["value", "set", "OPP-0001", "--solution", "[/solution]", "--business-value", "[/v]", "--proof", "[/p]"],
        ["value", "compare", "OPP-0001", "CMP-0001", "--solution", "better", "--note", "[/n]"],
        ["opp", "edit", "OPP-0001", "--amount", "700万", "--reason", "[/reason]"],
        ["target", "set", "tester", "2026Q4", "500万"],
    ):
        run(*args)
    return tasplus_home


# --- the rule itself ------------------------------------------------------------------------

@pytest.mark.parametrize("value, multiline, bad", [
    ("华东省农商银行 [/bold]", False, None), ("a\tb", False, "\t"), ("a\nb", False, "\n"), ("a\tb\nc", True, None),
    ("a\rb", True, "\r"), ("\x1b[31m", True, "\x1b"), ("a\x9bb", True, "\x9b"), ("a\u202eb", True, "\u202e"),
    ("a\u2066b", False, "\u2066"), ("a\x00b", True, "\x00"), ("a\x7fb", True, "\x7f"), ("a\udc9bb", True, "\udc9b"),
    ("\u200f עברית", False, None),  # a right-to-left mark is a letter's companion, not an override
])
def test_the_rule(value, multiline, bad):
    from tasplus_cli.domain import text
    from tasplus_cli.domain.errors import InvalidValue

    assert text.bad_character(value, multiline) == bad
    if bad is None:
        assert text.check(value, "--notes" if multiline else "NAME") == value
        return
    with pytest.raises(InvalidValue) as e:
        text.check(value, "--notes" if multiline else "NAME")
    assert e.value.message.startswith("--notes contains control characters (U+" if multiline else
                                      "NAME contains control characters (U+")
    assert value not in e.value.message


def test_multi_line_fields_take_windows_line_breaks_and_shown_text_is_safe():
    from tasplus_cli.domain import text

    assert text.check("a\r\nb", "--notes") == "a\nb" and text.is_multiline("--business-value")
    assert not text.is_multiline("--industry") and not text.is_multiline("NAME")
    assert text.visible("a\x1b[31mb\tc\nd\x9b\u202e") == "a\ufffd[31mb\tc\nd\ufffd\ufffd"
    data = {"name": "ok", "rows": [{"n": "x\x07"}, ("y", 1)]}
    assert text.visible_all(data) == {"name": "ok", "rows": [{"n": "x\ufffd"}, ("y", 1)]}
    clean = {"a": ["b", {"c": 1}]}
    assert text.visible_all(clean) is clean
    encoded = json.dumps({"k": "a\x9bb\u202ec\x1b"}, ensure_ascii=False)
    assert json.loads(text.json_visible(encoded)) == {"k": "a\x9bb\u202ec\x1b"}
    assert not any(ch in text.json_visible(encoded) for ch in RAW)


# --- every text option and argument of every command -----------------------------------------

def _leaves(cmd=None, path=()):
    """(path, command) of every leaf command of the tree."""
    cmd = _command() if cmd is None else cmd
    subs = getattr(cmd, "commands", None)
    if subs is None:
        yield list(path), cmd
        return
    for name, sub in subs.items():
        yield from _leaves(sub, (*path, name))


def _text_params():
    """(command path, parameter, every other required value filled) for each text or path parameter."""
    from pathlib import Path

    from tasplus_cli.cli.command import _annotation

    texts = (str, Optional[str], Path, Optional[Path])

    def filler(p):
        return "1" if _annotation(p) in (int, float) else "x"

    for path, cmd in _leaves():
        for target in cmd.params:
            if _annotation(target) not in texts or getattr(target, "is_flag", False):
                continue
            options, arguments = [], []
            for p in cmd.params:
                value = None if p is not target and not p.required and p.param_type_name == "option" else filler(p)
                if value is None:
                    continue
                if p.param_type_name == "option":
                    options.append((p, value))
                else:
                    arguments.append((p, value))
            yield path, target, options, arguments


def _argv(path, target, options, arguments, hostile):
    argv = list(path)
    for p, value in options:
        argv.append(f"{max(p.opts, key=len)}={hostile if p is target else value}")
    argv.append("--")
    argv += [hostile if p is target else value for p, value in arguments]
    return argv


def test_every_text_option_and_argument_refuses_what_could_steer_a_terminal(world):
    from pathlib import Path

    from tasplus_cli.cli.command import _annotation, flag
    from tasplus_cli.domain.text import is_multiline

    before = dump(world)
    params = list(_text_params())
    assert len(params) > 200  # the tree was walked (account --industry, contact --title, --reason, …)
    named = {f"{' '.join(path)} {flag(t)}" for path, t, _, _ in params}
    for expected in ("account add --industry", "account edit --region", "contact add --title", "contact edit --phone",
                     "contact add --email", "contact add --circle", "contact add --department", "opp close --reason",
                     "value set --solution", "opp team add --role", "activity log --summary", "event add TEXT",
                     "competitor edit --notes", "strategy set --rationale", "tactic add TEXT", "config set VALUE",
                     "survey run --reviewed-by", "db backup PATH"):
        assert expected in named, expected
    failures = []
    for path, target, options, arguments in params:
        cases = dict(HOSTILE)
        if not is_multiline(target.name):
            cases["newline"] = "a\nb"
        for case, hostile in cases.items():
            argv = _argv(path, target, options, arguments, hostile)
            r = run(*argv, code=None)
            lines = r.stderr.splitlines()
            said = "contains control characters (U+"
            if case == "nul" and _annotation(target) in (Path, Optional[Path]):
                said = "embedded null byte"  # a path is parsed before the policy sees it (a shell cannot pass NUL)
            ok = (r.exit_code == 2 and not r.stdout and lines and lines[0].startswith("error: ")
                  and f"{flag(target)}" in lines[0] and said in lines[0]
                  and len(lines) == 2 and lines[1].startswith("hint: ") and not any(ch in r.stderr for ch in RAW))
            if not ok:
                failures.append(f"{' '.join(path)} {flag(target)} [{case}]: exit {r.exit_code} {r.stderr[:300]!r}")
    assert not failures, "\n".join(failures[:40])
    assert dump(world) == before


def test_the_root_options_and_tasplus_user_are_refused_by_name(world, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    before = dump(world)
    r = run("--db", "x\x1b[31m.db", "opp", "list", code=2)
    assert r.stderr.startswith("error: --db contains control characters (U+001B)")
    for case, hostile in HOSTILE.items():
        if case == "nul":
            continue  # no environment variable can hold one
        monkeypatch.setenv("TASPLUS_USER", "张伟" + hostile)
        r = run("opp", "new", "新项目", "--account", BANK, "--amount", "1", code=2)
        assert r.stderr.startswith("error: TASPLUS_USER contains control characters (U+"), r.stderr
        assert "hint: set TASPLUS_USER to plain text" in r.stderr
    monkeypatch.setenv("TASPLUS_LANG", "zh")
    r = run("account", "add", "新客户", "--industry", "\x1b[31m", code=2)
    assert r.stderr.startswith("error: --industry 含有控制字符（U+001B）")
    assert dump(world) == before


def test_multi_line_fields_keep_tabs_and_new_lines(world):
    run("account", "edit", BANK, "--notes", "第一行\r\n第二行\t完")
    assert run_json("account", "show", BANK)["notes"] == "第一行\n第二行\t完"
    run("activity", "log", "OPP-0001", "--kind", "call", "--summary", "谈了\n两件事")
    assert run_json("activity", "list")[-1]["summary"] == "谈了\n两件事"


def test_a_prompt_answer_is_checked_before_it_is_taken(world, monkeypatch):
    """A required value asked for at a terminal: a bidi override is refused under the answer, and
    the corrected answer is taken."""
    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    from tasplus_cli.cli import prompts
    from tasplus_cli.cli.env import Env

    assert prompts._answer(None)("abc\u202edef") == "control characters (U+202E) are not allowed; type it again"
    assert prompts._answer(None)("[/bold] fine") is True
    monkeypatch.setattr(Env, "interactive", property(lambda self: not self.no_input_flag))
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        pipe.send_text("新客户\u202e\r\x7f\r")
        pipe.close()
        run("account", "add")
    assert [a["name"] for a in run_json("account", "list")][-1] == "新客户"


# --- every column of every CSV kind ----------------------------------------------------------

def _csv_columns():
    from tasplus_cli.store.transfer import KINDS

    for kind in KINDS.values():
        required = [fields[0] for fields in kind.required_columns().values()]
        for field in kind.fields:
            yield kind, field, required


def test_every_csv_column_refuses_what_could_steer_a_terminal(world, tmp_path):
    import csv

    before = dump(world)
    columns = list(_csv_columns())
    assert len(columns) > 100
    failures = []
    for i, (kind, field, required) in enumerate(columns):
        hostile = list(HOSTILE.values())[i % len(HOSTILE)]
        header = [*dict.fromkeys([*required, field.name])]
        path = tmp_path / f"{kind.name}-{field.name}.csv"
        with path.open("w", newline="", encoding="utf-8") as f:
            csv.writer(f).writerows([header, [hostile if h == field.name else "x" for h in header]])
        r = run("import", kind.name, str(path), "--json", code=None)
        report = json.loads(r.stdout) if r.stdout else {}
        mine = [e for e in report.get("errors", []) if e["column"] == field.name and e["line"] == 2]
        if r.exit_code != 1 or not mine or "contains control characters (U+" not in mine[0]["reason"]:
            failures.append(f"{kind.name}.{field.name}: exit {r.exit_code} {r.stdout[:300]} {r.stderr[:300]}")
    assert not failures, "\n".join(failures)
    assert dump(world) == before


def test_a_csv_report_names_the_line_and_column_and_quotes_nothing_raw(world, tmp_path):
    path = tmp_path / "accounts.csv"
    path.write_text("name,industry,notes\r\n新客户,bank\x1b]8;;file:///etc/passwd\x07x,\"a\r\nb\"\r\n", "utf-8")
    r = run("import", "accounts", str(path), code=1)
    assert "line 2: industry=" in r.stderr and "industry contains control characters (U+001B)" in r.stderr
    assert not any(ch in r.stderr + r.stdout for ch in RAW)
    path.write_text("name,notes\r\n新客户,\"第一行\r\n第二行\"\r\n", "utf-8")
    run("import", "accounts", str(path))
    assert run_json("account", "show", "新客户")["notes"] == "第一行\n第二行"


# --- every screen: markup is text, stored control characters are shown, never executed ---------

WRITES = {"opp new", "opp grade", "survey run", "survey review", "import", "db backup", "db upgrade", "opp reassign"}
ARGUMENT = {"OPP": "OPP-0001", "SURVEY": "SUR-0001", "ACCOUNT": "ACC-0001", "CONTACT": "CON-0001", "COMPETITOR": "CMP-0001"}
MORE = [["map", "OPP-0001", "--format", "mermaid"], ["map", "--account", "ACC-0001"],
        ["map", "--account", "ACC-0001", "--format", "mermaid"], ["review", "--format", "markdown"],
        ["winrate", "--all"], ["winrate", "OPP-0001"], ["competitor", "list", "--opp", "OPP-0001"],
        ["contact", "list", "--account", "ACC-0001"], ["activity", "list", "--account", "ACC-0001"],
        ["map", "OPP-0001"], ["opp", "list", "--status", "all"],
        ["forecast", "--period", "2027Q2", "--format", "markdown"]]
# a suffix for every stored name and free text, as an older version or another program may have left it
# (no NUL: PostgreSQL text cannot hold one)
STORED = " [/bold][link=file:///etc/passwd]x[/link] \x1b]8;;file:///etc/passwd\x07y\x1b]8;;\x07\x1b[31m\x9b\u202e!"
# values the screens read as data (a field name, an amount in the history, JSON, a vocabulary word), not as text
NOT_TEXT = {("history", "old"), ("history", "new"), ("history", "field"), ("win-rates", "reasons"),
            ("win-rates", "inputs"), ("win-rates", "trigger"), ("tactics", "strategy"), ("tactics", "status")}
NO_USER_TEXT = {"funnel", "tactic catalogue", "config show", "db doctor", "fx list",
                "coach list"}  # the world has no action (not a CSV kind): tests/cli/test_coaching.py checks its texts
BARE_IS_AN_ERROR = {"winrate", "map", "analyze"}  # one deal or --all / --account: in MORE; analyze: no closed deal
# here (tests/cli/test_analyze.py shows stored text on its screen)


def _screens():
    """Every read command of the tree (those with ``--json``, less the writing ones), its required
    arguments filled in, then ``MORE`` (other formats and filters)."""
    from tasplus_cli.cli.command import metavar

    reads = [(path, cmd) for path, cmd in _leaves() if " ".join(path) not in WRITES | BARE_IS_AN_ERROR
             and any("--json" in getattr(p, "opts", ()) for p in cmd.params)]
    return [path + [ARGUMENT[metavar(p)] for p in cmd.params if p.required] for path, cmd in reads] + MORE


def _store_hostile_text(home) -> None:
    """Append ``STORED`` to every stored name and free text (the CSV kinds' Name and Text columns)."""
    from sqlalchemy import create_engine, update

    from tasplus_cli.store.transfer import KINDS
    from tasplus_cli.store.transfer.values import Name, Text

    engine = create_engine(_dump_url(home).replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as conn:
        for kind in KINDS.values():
            table = kind.table
            for f in kind.fields:
                if isinstance(f.type, (Name, Text)) and f.col in table.c and (kind.name, f.name) not in NOT_TEXT:
                    column = table.c[f.col]
                    conn.execute(update(table).where(column.isnot(None)).values({f.col: column + STORED}))
    engine.dispose()


def test_markup_in_a_deal_name_is_text_in_every_title(world):
    """Issue case: ``Upgrade [/bold] phase 2`` broke these screens with a MarkupError; a link name was live."""
    for args in (["opp", "history", "OPP-0001"], ["survey", "list", "OPP-0001"], ["stakeholder", "list", "OPP-0001"],
                 ["competitor", "list", "--opp", "OPP-0001"], ["plan", "OPP-0001"], ["winrate", "OPP-0001"],
                 ["map", "OPP-0001"], ["review"]):
        r = run(*args)
        assert f"OPP-0001 {DEAL}" in r.stdout, (args, r.stdout)
    assert DEAL in run("opp", "show", "OPP-0001").stdout
    for args in (["opp", "history", "OPP-0002"], ["opp", "show", "OPP-0002"], ["opp", "list"]):
        r = run(*args)
        assert LINK in r.stdout and "\x1b]8;" not in r.stdout, (args, r.stdout)


def test_every_screen_prints_stored_text_as_typed_and_no_escape_code(world):
    screens = _screens()
    assert len(screens) >= 30
    _store_hostile_text(world)
    failures = []
    for args in screens:
        r = run(*args, code=None)
        out = r.stdout + r.stderr
        problems = []
        if r.exit_code != 0 or "internal error" in out or r.exception and not isinstance(r.exception, SystemExit):
            problems.append(f"exit {r.exit_code} {r.exception!r}")
        if any(ch in out for ch in RAW):
            problems.append("a control character reached the terminal")
        shown = "\\[/bold\\]" if "markdown" in args else "[/bold]"
        if " ".join(args) not in NO_USER_TEXT and (shown not in out or "\ufffd" not in out):
            problems.append("the stored text is not shown as typed, with U+FFFD for the control characters")
        if problems:
            failures.append(f"{' '.join(args)}: {'; '.join(problems)}\n{out[:600]}")
    assert not failures, "\n\n".join(failures)


def test_json_carries_stored_text_unchanged_and_escaped(world):
    _store_hostile_text(world)
    for args in (["opp", "show", "OPP-0001"], ["account", "list"], ["opp", "history", "OPP-0001"]):
        r = run(*args, "--json")
        assert not any(ch in r.stdout for ch in RAW), args
        assert STORED in r.stdout.encode().decode("unicode_escape", "ignore") or STORED in json.dumps(
            json.loads(r.stdout), ensure_ascii=False)
