"""Hostile input (QUALITY "Bad input never loses data", issue 7).

One table of bad inputs across the commands: wrong types, out-of-range
scores, unknown stages and roles, negative and absurd amounts, impossible
dates, empty and 10 MB names and notes, control characters, unknown and
ambiguous codes, a missing account, a reports-to cycle, CSV files in the
wrong encoding or cut short, and bad config files. Each case is refused with
the exit code it names, one ``error:`` line (plus at most a ``hint:`` line;
an import lists its bad rows above them; a usage error such as a bad number
is the tool's own lines too, never Click's ``Usage:``/``Error:``) that says
what was wrong, no traceback, no "internal error", nothing on stdout, and the
database exactly as it was (``dump``), the config file too. Bad config files
leave every file in the home folder as it was.

The starting database is built through the CLI (an account with a reporting
line of three people, two deals with similar names, competitors, a confirmed
compelling event, a stakeholder, a survey, an activity). As no case may change
it, every case of a group runs against one such database, and a failure names
its case. Rich markup in names is not an error: it is stored and printed as
typed (its own test). No command deletes an account; the database itself
refuses to orphan a deal (its own test).
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pytest
from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError

from helpers import dump, run, run_json

TODAY = "2026-11-27"
BANK = "华东省农商银行"
MB10 = 10 * 1024 * 1024
SURVEY = ["survey", "run", "OPP-0001", "--inside-source", "yes", "--source-contact", "孙悦", "--reviewed-by", "王磊"]
SCORES = ["--our-fit", "4", "--our-closeness", "4"]
RIVAL = ["--competitor", "翼辰软件=5,3"]


@dataclass
class Case:
    id: str
    args: list[str] | Callable[[Path], list[str]]  # a callable gets the folder of the case's files
    code: int
    says: str  # in the error line: the case was refused for the right reason
    config: bytes | None = None  # written to config.toml for the case, then removed
    env: dict[str, str] = field(default_factory=dict)  # environment of the case
    report: bool = False  # an import: its bad rows are listed above the error


def _csv(*lines: str, encoding: str = "utf-8") -> bytes:
    return "".join(line + "\r\n" for line in lines).encode(encoding)


HEADER = "name,account,amount,stage,close_date"
GOOD = f"新建项目,{BANK},1000000,validate,2027-06-30"


def _import(kind: str, name: str, *flags: str) -> Callable[[Path], list[str]]:
    return lambda folder: ["import", kind, str(folder / name), *flags]


CSV_FILES = {
    "gbk.csv": _csv(HEADER, GOOD, encoding="gbk"),
    "png.csv": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe\xff\xff",
    "utf16-no-bom.csv": _csv(HEADER, GOOD, encoding="utf-16-le"),
    "cut-in-a-character.csv": _csv(HEADER, GOOD)[:-5] + "华".encode()[:2],
    "cut-in-a-quote.csv": _csv(HEADER, GOOD) + f'"另一个项目,{BANK},20'.encode(),
    "cut-in-a-row.csv": _csv(HEADER, GOOD) + "另一个项目,华东省农".encode(),
    "empty.csv": b"",
    "bom-only.csv": codecs.BOM_UTF8,
    "nul.csv": _csv(HEADER) + f"新\x00项目,{BANK},1,validate,2027-06-30\r\n".encode(),
    "huge-cell.csv": _csv(HEADER, GOOD, "x," + "a" * 70_000 + ",1,validate,2027-06-30"),
    "huge-row.csv": _csv(HEADER, GOOD, "x," + "a" * 1_100_000 + ",1,validate,2027-06-30"),
    "extra-cells.csv": _csv(HEADER, f"x,{BANK},1,validate,2027-06-30,surplus"),
    "bad-values.csv": _csv(HEADER, GOOD, f"y,{BANK},-5,closing,2027-02-30"),
    "missing-account.csv": _csv("name,account_code,amount", "孤儿商机,ACC-0099,100"),
    "cycle.csv": _csv("name,account,reports_to_name", f"王建国,{BANK},孙悦"),
    "unknown-owner.csv": _csv("name,account,amount,owner", f"新建项目,{BANK},100,nobody"),
    "escape.csv": _csv("name,industry", "新客户,\x1b]8;;file:///etc/passwd\x07bank\x1b]8;;\x07"),
}

CASES = [
    # wrong types
    Case("type/person-days", ["opp", "team", "add", "OPP-0001", "陈静", "--person-days", "abc"], 2, "--person-days"),
    Case("type/fit", [*SURVEY, "--our-fit", "four", "--our-closeness", "4", *RIVAL], 2, "--our-fit"),
    Case("type/limit", ["review", "--limit", "many"], 2, "--limit"),
    Case("type/amount", ["opp", "new", "新项目", "--account", BANK, "--amount", "abc"], 2, "'abc' is not an amount"),
    Case("type/inside-source", [*SURVEY[:3], "--inside-source", "maybe", *SCORES, *RIVAL], 2, "yes or no"),
    # out-of-range scores and numbers
    Case("range/fit-6", [*SURVEY, "--our-fit", "6", "--our-closeness", "4", *RIVAL], 2, "1–5, not 6"),
    Case("range/closeness-0", [*SURVEY, "--our-fit", "4", "--our-closeness", "0", *RIVAL], 2, "1–5, not 0"),
    Case("range/rival-9", [*SURVEY, *SCORES, "--competitor", "翼辰软件=5,9"], 2, "closeness must be"),
    Case("range/rival-shape", [*SURVEY, *SCORES, "--competitor", "翼辰软件=5"], 2, "NAME=FIT,CLOSENESS"),
    Case("range/person-days", ["opp", "team", "add", "OPP-0001", "陈静", "--person-days", "-5"], 2, "between 0"),
    Case("range/config-set", ["config", "set", "winrate.no_inside_source_factor", "0.9"], 2, "at most 0.7"),
    # unknown stages, roles and other vocabularies
    Case("vocab/stage", ["opp", "advance", "OPP-0002", "--to", "closing"], 2, "unknown stage 'closing'"),
    Case("vocab/stage-zh", ["opp", "new", "新项目", "--account", BANK, "--amount", "1", "--stage", "签合同"], 2,
         "unknown stage"),
    Case("vocab/role", ["stakeholder", "add", "OPP-0001", "刘芳", "--role", "boss"], 2, "decision role 'boss'"),
    Case("vocab/relationship", ["stakeholder", "add", "OPP-0001", "刘芳", "--role", "user", "--relationship",
                                "lovely"], 2, "relationship status"),
    Case("vocab/influence", ["contact", "add", "赵磊", "--account", BANK, "--influence", "huge"], 2, "influence"),
    Case("vocab/activity-kind", ["activity", "log", "OPP-0001", "--kind", "party", "--summary", "x"], 2,
         "activity kind"),
    Case("vocab/grade", ["opp", "grade", "OPP-0001", "--set", "F", "--reason", "x"], 2, "unknown grade 'F'"),
    Case("vocab/event-kind", ["event", "add", "OPP-0001", "传闻", "--kind", "rumour"], 2, "event kind"),
    Case("vocab/department", ["opp", "team", "add", "OPP-0001", "陈静", "--department", "sales-ops"], 2,
         "department"),
    Case("vocab/strategy", ["strategy", "set", "OPP-0001", "blitz"], 2, "unknown strategy"),
    Case("vocab/comparison", ["value", "compare", "OPP-0001", "翼辰软件", "--solution", "superb"], 2, "comparison"),
    Case("vocab/status", ["opp", "list", "--status", "pending"], 2, "unknown status"),
    # negative and absurd amounts
    Case("amount/negative", ["opp", "new", "新项目", "--account", BANK, "--amount", "-5"], 2, "negative"),
    Case("amount/negative-wan", ["opp", "edit", "OPP-0001", "--amount", "-1万"], 2, "negative"),
    Case("amount/absurd", ["opp", "new", "新项目", "--account", BANK, "--amount", "9" * 26], 2, "beyond any real deal"),
    Case("amount/overflow", ["opp", "edit", "OPP-0001", "--amount", "1e400"], 2, "beyond any real deal"),
    Case("amount/nan", ["opp", "new", "新项目", "--account", BANK, "--amount", "nan"], 2, "not an amount"),
    Case("amount/fraction", ["opp", "new", "新项目", "--account", BANK, "--amount", "0.001"], 2, "two decimals"),
    Case("amount/quote", ["competitor", "quote", "add", "翼辰软件", "--opp", "OPP-0001", "--", "-100"], 2,
         "negative"),
    Case("amount/currency", ["opp", "new", "新项目", "--account", BANK, "--amount", "1", "--currency", "XXXX"], 2,
         "not a currency code"),
    # impossible dates
    Case("date/feb-30", ["opp", "new", "新项目", "--account", BANK, "--amount", "1", "--close-date", "2027-02-30"],
         2, "'2027-02-30' is not a date"),
    Case("date/month-13", ["opp", "edit", "OPP-0001", "--close-date", "2027-13-01"], 2, "not a date"),
    Case("date/not-leap", ["event", "add", "OPP-0001", "预算", "--deadline", "2027-02-29"], 2, "not a date"),
    Case("date/year-0", ["review", "--since", "0000-01-01"], 2, "not a date"),
    Case("date/close", ["opp", "close", "OPP-0002", "--abandoned", "--date", "2026-02-30"], 2, "not a date"),
    Case("date/done-in-future", ["activity", "log", "OPP-0001", "--kind", "call", "--summary", "x", "--date",
                                 "+30d"], 2, "in the future"),
    Case("date/survey-future", [*SURVEY, *SCORES, *RIVAL, "--date", "+3d"], 2, "in the future"),
    Case("date/survey-backwards", [*SURVEY, *SCORES, *RIVAL, "--date", "2026-11-01"], 2, "latest survey"),
    Case("date/today-env", ["activity", "log", "OPP-0001", "--kind", "call", "--summary", "今天"], 2,
         "TASPLUS_TODAY: '2027-02-30' is not a date", env={"TASPLUS_TODAY": "2027-02-30"}),
    # empty and enormous names and notes
    Case("name/empty-account", ["account", "add", ""], 2, "NAME cannot be empty"),
    Case("name/blank-deal", ["opp", "new", "   ", "--account", BANK, "--amount", "1"], 2, "NAME cannot be empty"),
    Case("name/empty-contact", ["contact", "add", "", "--account", BANK], 2, "NAME cannot be empty"),
    Case("name/blank-competitor", ["competitor", "add", " "], 2, "NAME cannot be empty"),
    Case("name/empty-owner", ["opp", "new", "新项目", "--account", BANK, "--amount", "1", "--owner", ""], 2,
         "--owner cannot be empty"),
    Case("name/long-owner", ["opp", "edit", "OPP-0001", "--owner", "o" * 300], 2, "--owner is 300 characters"),
    Case("name/long-contact", ["contact", "add", "王" * 201, "--account", BANK], 2, "at most 200"),
    Case("name/10mb-account", lambda _: ["account", "add", "x" * MB10], 2, "10,485,760 characters"),
    Case("name/10mb-contact", lambda _: ["contact", "add", "王" * MB10, "--account", BANK], 2, "characters long"),
    Case("name/10mb-note", lambda _: ["account", "edit", BANK, "--notes", "n" * MB10], 2, "characters long"),
    Case("name/10mb-reason", lambda _: ["opp", "close", "OPP-0002", "--lost", "--reason", "r" * MB10], 2,
         "characters long"),
    Case("name/100k-lookup", lambda _: ["opp", "show", "升级" * 50_000], 1, "no deal matches '升级升级"),
    # control characters (rich markup is not an error: test_markup_is_stored_and_printed_as_typed)
    Case("control/nul", ["account", "add", "Acme\x00Corp"], 2, "control characters"),
    Case("control/newline", ["account", "add", "Acme\nCorp"], 2, "control characters"),
    Case("control/ansi", ["account", "add", "\x1b[31mRed\x1b[0m"], 2, "control characters"),
    Case("control/tab", ["contact", "edit", "王建国", "--name", "王\t建国"], 2, "control characters"),
    Case("control/bell", ["competitor", "add", "翼辰\x07软件"], 2, "control characters"),
    Case("control/cr", ["opp", "edit", "OPP-0001", "--name", "a\rb"], 2, "control characters"),
    Case("control/owner", ["opp", "edit", "OPP-0001", "--owner", "张\x1b伟"], 2, "control characters"),
    Case("control/industry", ["account", "edit", BANK, "--industry", "\x1b[31mbank"], 2, "--industry contains control"),
    Case("control/osc8-notes", ["contact", "edit", "王建国", "--notes", "\x1b]8;;file:///etc/passwd\x07x\x1b]8;;\x07"], 2,
         "--notes contains control characters (U+001B)"),
    Case("control/bidi-reason", ["opp", "close", "OPP-0002", "--lost", "--reason", "价格\u202e高"], 2,
         "--reason contains control characters (U+202E)"),
    Case("control/c1-role", ["opp", "team", "add", "OPP-0001", "陈静", "--role", "a\x9bb"], 2, "--role contains"),
    Case("control/user", ["account", "add", "新客户"], 2, "TASPLUS_USER contains control characters",
         env={"TASPLUS_USER": "张\x1b[2J伟"}),
    Case("control/csv-text", _import("accounts", "escape.csv"), 1, "1 bad row", report=True),
    # unknown and ambiguous codes and names
    Case("code/unknown-deal", ["opp", "show", "OPP-9999"], 1, "no deal OPP-9999"),
    Case("code/malformed", ["opp", "show", "OPP-abc"], 1, "no deal matches 'OPP-abc'"),
    Case("code/markup-name", ["opp", "show", "[bold red]nobody[/]"], 1, "no deal matches '[bold red]nobody[/]'"),
    Case("code/wildcard", ["opp", "show", "%"], 1, "no deal matches '%'"),
    Case("code/empty", ["opp", "close", "", "--abandoned"], 2, "the deal code or name is empty"),
    Case("code/blank-account", ["contact", "add", "赵磊", "--account", "  "], 2, "the account code or name is empty"),
    Case("code/event-by-text", ["event", "confirm", "监管要求"], 2, "not a compelling event code"),
    Case("code/ambiguous", ["opp", "advance", "升级"], 2, "OPP-0001 核心系统升级一期, OPP-0002 核心系统升级二期"),
    Case("code/contact", ["stakeholder", "add", "OPP-0001", "CON-0099", "--role", "user"], 1, "no contact CON-0099"),
    Case("code/event", ["event", "confirm", "EVT-0099"], 1, "no compelling event EVT-0099"),
    Case("code/activity", ["activity", "done", "ACT-0099", "--outcome", "x"], 1, "no activity ACT-0099"),
    Case("code/competitor", ["competitor", "show", "CMP-0099"], 1, "no competitor CMP-0099"),
    Case("code/survey-rival", [*SURVEY, *SCORES, "--competitor", "无名公司=3,3"], 1, "no competitor matches"),
    # an account that is not there (no command deletes one: test_the_database_refuses_to_orphan_deals)
    Case("account/new-deal", ["opp", "new", "孤儿商机", "--account", "ACC-0099", "--amount", "1"], 1,
         "no account ACC-0099"),
    Case("account/move-deal", ["opp", "edit", "OPP-0001", "--account", "ACC-0099"], 1, "no account ACC-0099"),
    Case("account/contact", ["contact", "add", "赵磊", "--account", "不存在的客户"], 1, "no account matches"),
    Case("account/import", _import("opportunities", "missing-account.csv"), 1, "1 bad row", report=True),
    # reporting lines that would form a cycle
    Case("cycle/two-up", ["contact", "edit", "王建国", "--reports-to", "孙悦"], 1, "would form a cycle"),
    Case("cycle/self", ["contact", "edit", "王建国", "--reports-to", "王建国"], 1, "would form a cycle"),
    Case("cycle/import", _import("contacts", "cycle.csv"), 1, "1 bad row", report=True),
    # CSV files in the wrong encoding or cut short
    Case("csv/gbk-as-utf8", _import("opportunities", "gbk.csv", "--encoding", "utf-8"), 2, "not valid utf-8"),
    Case("csv/binary", _import("opportunities", "png.csv"), 2, "neither GB18030, Big5, Windows-1252 nor Shift-JIS reads it"),
    Case("csv/utf16-no-bom", _import("opportunities", "utf16-no-bom.csv"), 2,
         "neither GB18030, Big5, Windows-1252 nor Shift-JIS reads it"),
    Case("csv/cut-in-a-character", _import("opportunities", "cut-in-a-character.csv"), 2, "is not UTF-8"),
    Case("csv/unknown-encoding", _import("opportunities", "gbk.csv", "--encoding", "klingon"), 2,
         "unknown encoding"),
    Case("csv/cut-in-a-quote", _import("opportunities", "cut-in-a-quote.csv"), 1, "nothing was written", report=True),
    Case("csv/cut-in-a-row", _import("opportunities", "cut-in-a-row.csv"), 1, "nothing was written", report=True),
    Case("csv/empty", _import("opportunities", "empty.csv"), 2, "empty.csv is empty"),
    Case("csv/bom-only", _import("opportunities", "bom-only.csv"), 2, "is empty"),
    Case("csv/nul", _import("opportunities", "nul.csv"), 1, "nothing was written", report=True),
    Case("csv/huge-cell", _import("opportunities", "huge-cell.csv"), 1, "nothing was written", report=True),
    Case("csv/huge-row", _import("opportunities", "huge-row.csv"), 2, "the row on line 3 is longer than"),
    Case("csv/extra-cells", _import("opportunities", "extra-cells.csv"), 1, "nothing was written", report=True),
    Case("csv/bad-values", _import("opportunities", "bad-values.csv"), 1, "nothing was written", report=True),
    Case("csv/no-file", _import("opportunities", "missing.csv"), 1, "no file"),
    Case("csv/folder", lambda folder: ["import", "opportunities", str(folder)], 2, "cannot read"),
    Case("csv/kind", _import("bananas", "gbk.csv"), 2, "unknown kind 'bananas'"),
    # people: every name given for a user is a user; managers form a tree
    Case("user/owner", ["opp", "edit", "OPP-0001", "--owner", "nobody"], 1, "--owner: no user called 'nobody'"),
    Case("user/new-owner", ["opp", "new", "新项目", "--account", BANK, "--amount", "1", "--owner", "nobody"], 1,
         "--owner: no user called 'nobody'"),
    Case("user/answered-by", [*SURVEY, *SCORES, *RIVAL, "--answered-by", "nobody"], 1,
         "--answered-by: no user called 'nobody'"),
    Case("user/reviewed-by", [*SURVEY[:-1], "nobody", *SCORES, *RIVAL], 1, "--reviewed-by: no user called 'nobody'"),
    Case("user/review-owner", ["review", "--owner", "nobody"], 1, "--owner: no user called 'nobody'"),
    Case("user/team", ["opp", "list", "--team", "nobody"], 1, "--team: no user called 'nobody'"),
    Case("user/team-and-owner", ["opp", "list", "--team", "王磊", "--owner", "张伟"], 2,
         "--team cannot be combined with --owner"),
    Case("user/team-and-mine", ["funnel", "--team", "王磊", "--mine"], 2, "--team cannot be combined with --mine"),
    Case("user/mine", ["opp", "list", "--mine"], 1, "--mine: you are 'nobody'", env={"TASPLUS_USER": "nobody"}),
    Case("user/manager", ["user", "add", "李娜", "--manager", "nobody"], 1, "--manager: no user called 'nobody'"),
    Case("user/cycle", ["user", "edit", "王磊", "--manager", "张伟"], 2, "managers may not form a loop"),
    Case("user/self-manager", ["user", "edit", "张伟", "--manager", "张伟"], 2, "cannot manage themself"),
    Case("user/duplicate", ["user", "add", "TESTER"], 1, "a user called 'tester' already exists"),
    Case("user/rename-taken", ["user", "edit", "张伟", "--name", "王磊"], 1, "a user called '王磊' already exists"),
    Case("user/empty", ["user", "add", "  "], 2, "NAME cannot be empty"),
    Case("user/control", ["user", "add", "张\x1b[2J伟"], 2, "control characters"),
    Case("user/long", ["user", "add", "u" * 300], 2, "at most 200"),
    Case("user/email", ["user", "add", "李娜", "--email", "li.na"], 2, "'li.na' is not an email address"),
    Case("user/remove-owner", ["user", "remove", "tester"], 1, "owns 2 deals (2 open)"),
    Case("user/remove-manager", ["user", "remove", "王磊"], 1, "manages 1 person (张伟)"),
    Case("user/unknown", ["user", "edit", "nobody", "--email", "a@b.cn"], 1, "NAME: no user called 'nobody'"),
    Case("user/reassign-to", ["opp", "reassign", "tester", "nobody", "--yes"], 1, "TO: no user called 'nobody'"),
    Case("user/reassign-from", ["opp", "reassign", "nobody", "王磊", "--yes"], 1, "FROM: no user called 'nobody'"),
    Case("user/reassign-confirm", ["opp", "reassign", "tester", "王磊"], 2, "confirm with --yes"),
    Case("user/reassign-same", ["opp", "reassign", "tester", "TESTER", "--yes"], 2, "the same user"),
    Case("user/import-owner", _import("opportunities", "unknown-owner.csv"), 1, "1 bad row", report=True),
    # bad config files: nothing on disk changes
    Case("config/toml", ["account", "add", "新客户"], 2, "is not valid TOML", config=b'language = "en'),
    Case("config/bytes", ["opp", "list"], 2, "is not valid TOML", config=b"\xff\xfe\x00l"),
    Case("config/language", ["account", "add", "新客户"], 2, "language must be one of", config=b'language = "fr"'),
    Case("config/probability", ["opp", "list"], 2, "probability must be 0–100",
         config=b'[[stages]]\nkey = "a"\nprobability = 500\n'),
    Case("config/section", ["account", "add", "新客户"], 2, "winrate must be a table", config=b"winrate = 3"),
    Case("config/type", ["opp", "list"], 2, "gates.survey_days must be a whole number",
         config=b'[gates]\nsurvey_days = "x"\n'),
    Case("config/user", ["account", "add", "新客户"], 2, "user must be text", config=b'user = ["a", "b"]'),
    Case("config/folder", ["opp", "list"], 2, "cannot read the config file", config=b"<folder>"),
    Case("config/not-a-database", lambda folder: ["--db", str(folder / "gbk.csv"), "account", "add", "新客户"], 1,
         "is not a SQLite database"),
]

GROUPS = sorted({c.id.split("/")[0] for c in CASES})


@pytest.fixture
def world(tasplus_home, monkeypatch):
    """The starting database, through the CLI; ``TASPLUS_TODAY`` pinned."""
    monkeypatch.setenv("TASPLUS_TODAY", TODAY)
    run("user", "add", "王磊")
    run("user", "add", "张伟", "--manager", "王磊")
    run("account", "add", BANK, "--industry", "banking")
    run("account", "add", "瑞康医疗集团")
    run("contact", "add", "王建国", "--account", BANK, "--title", "行长")
    run("contact", "add", "刘芳", "--account", BANK, "--reports-to", "王建国")
    run("contact", "add", "孙悦", "--account", BANK, "--reports-to", "刘芳")
    run("opp", "new", "核心系统升级一期", "--account", BANK, "--amount", "600万", "--close-date", "2027-06-30")
    run("opp", "new", "核心系统升级二期", "--account", BANK, "--amount", "200万")
    run("competitor", "add", "翼辰软件", "--opp", "OPP-0001")
    run("competitor", "add", "澜拓数科")
    run("event", "add", "OPP-0001", "监管要求2027年底前完成改造", "--kind", "regulation", "--confirmed")
    run("stakeholder", "add", "OPP-0001", "王建国", "--role", "approver")
    run(*SURVEY, *SCORES, *RIVAL, "--date", "2026-11-20")
    run("activity", "log", "OPP-0001", "--kind", "call", "--with", "王建国", "--summary", "电话沟通", "--date",
        "2026-11-20")
    return tasplus_home


def _files(home: Path) -> dict[str, bytes]:
    return {str(p.relative_to(home)): p.read_bytes() for p in sorted(home.rglob("*")) if p.is_file()}


def _refused(case: Case, result) -> list[str]:  # noqa: ANN001
    """What is wrong with how ``case`` was refused (empty: refused cleanly)."""
    problems = []
    if result.exit_code != case.code:
        problems.append(f"exit {result.exit_code}, wanted {case.code}")
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        problems.append(f"raised {result.exception!r}")
    if "Traceback" in result.stdout + result.stderr or "internal error" in result.stderr:
        problems.append("a traceback or an internal error")
    if result.stdout:
        problems.append(f"printed on stdout: {result.stdout[:200]!r}")
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    first = next((i for i, line in enumerate(lines) if line.startswith("error: ")), None)
    tail = [] if first is None else lines[first:]
    ok = (first is not None and (first == 0 or case.report) and len(tail) <= 2
          and (len(tail) == 1 or tail[1].startswith("hint: ")))
    said = tail[0] if tail else ""
    if not ok:
        problems.append("not one error line (and at most a hint)")
    if case.says not in said:
        problems.append(f"the error does not say {case.says!r}")
    if any(len(line) > 2000 for line in lines):
        problems.append("a line of more than 2,000 characters (an argument quoted whole?)")
    return problems if not problems else problems + [f"stderr: {result.stderr[:1500]}"]


def _run_case(case: Case, home: Path, folder: Path, monkeypatch) -> list[str]:  # noqa: ANN001
    """Run one case; every file in the home folder (database included) and the CSV folder must be
    byte for byte what it was."""
    config = home / "config.toml"
    home.mkdir(exist_ok=True)  # on PostgreSQL the home folder holds no database
    if case.config == b"<folder>":
        config.mkdir()
    elif case.config is not None:
        config.write_bytes(case.config)
    args = case.args(folder) if callable(case.args) else case.args
    on_disk = _files(home), _files(folder)
    with monkeypatch.context() as m:
        for k, v in case.env.items():
            m.setenv(k, v)
        result = run(*args, code=None)
    problems = _refused(case, result)
    if (_files(home), _files(folder)) != on_disk:
        problems.append("a file changed on disk")
    if config.is_dir():
        config.rmdir()
    config.unlink(missing_ok=True)
    return problems


@pytest.mark.parametrize("group", GROUPS)
def test_bad_input_is_refused_cleanly_and_writes_nothing(group, world, tmp_path, monkeypatch):
    folder = tmp_path / "files"
    folder.mkdir()
    for name, data in CSV_FILES.items():
        (folder / name).write_bytes(data)
    before = dump(world)
    failures = {}
    for case in (c for c in CASES if c.id.split("/")[0] == group):
        problems = _run_case(case, world, folder, monkeypatch)
        if dump(world) != before:
            problems.append("the database changed")
            before = dump(world)
        if problems:
            failures[case.id] = problems
    assert not failures, "\n".join(f"{k}: " + "; ".join(v) for k, v in failures.items())


def test_the_table_covers_every_kind_of_hostile_input():
    assert len(CASES) >= 40 and len({c.id for c in CASES}) == len(CASES)
    commands = {tuple(c.args[:2]) for c in CASES if isinstance(c.args, list)}
    assert len(commands) >= 25
    assert set(GROUPS) == {"type", "range", "vocab", "amount", "date", "name", "control", "code", "account", "cycle",
                           "csv", "config", "user"}


def test_markup_is_stored_and_printed_as_typed(world):
    """Rich markup in names is text: kept, listed and shown exactly as typed, never styled or dropped."""
    account, deal = "[bold]Acme[/bold] 医院", "[red]大单[/red] [link=https://evil.example]点我[/link]"
    r = run("account", "add", account)
    assert account in r.stderr
    run("opp", "new", deal, "--account", account, "--amount", "100")
    assert [a["name"] for a in run_json("account", "list")][-1] == account
    assert run_json("opp", "show", "OPP-0003")["name"] == deal
    assert account in run("account", "list").stdout
    shown = run("opp", "show", "OPP-0003").stdout
    assert "[red]大单[/red]" in shown and "[link=https://evil.example]" in shown and "\x1b]8;" not in shown
    assert "[red]大单[/red]" in run("opp", "list").stdout


def test_the_database_refuses_to_orphan_deals(world, tasplus_db):
    """No command deletes an account. Below the commands, the database's foreign keys (on for every
    SQLite connection; always on in PostgreSQL) refuse to delete one that has deals: nothing cascades."""
    from tasplus_cli.store.db import session
    from tasplus_cli.store.models import Account

    assert "delete" not in run("account", "--help").stdout and "remove" not in run("account", "--help").stdout
    before = dump(world)
    with pytest.raises(IntegrityError):
        with session(tasplus_db, write=True) as s:
            s.execute(delete(Account).where(Account.code == "ACC-0001"))
    assert dump(world) == before
    assert [d["account_code"] for d in run_json("opp", "list")] == ["ACC-0001", "ACC-0001"]

