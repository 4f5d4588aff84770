"""``TASPLUS_LANG=zh``: the demo and the screens a Chinese team reads every week
(review, plan, map, win rate, funnel, a deal and its gate messages) contain no
English words beside commands to type, option names, codes and the demo's own
data (some customers and competitors have English names)."""

from __future__ import annotations

import re
import sqlite3

import pytest

from helpers import run

CODE = re.compile(r"\b[A-Z]{3}-\d{4}\b")
COMMAND = re.compile(r"tasplus [^\n“”\"（）()]*")  # a command to type runs to the end of its line or quote
OPTION = re.compile(r"--?[a-z][a-z-]*(?:[ =](?:[A-Z][A-Z_,.=]*|\d+))?")
# words that are the same in a Chinese text: the method's name, currency codes, file formats, and the
# error:/hint:/warning: prefixes that scripts grep for (kept in every language)
KEEP = {"error", "hint", "warning", "TAS", "CNY", "USD", "EUR", "JSON", "CSV", "NAME", "TEXT", "DATE", "CONTACT", "FIT", "CLOSENESS",
        "STAGE", "OPP", "PoC", "POC", "Mermaid", "NO_COLOR"}
WORD = re.compile(r"[A-Za-z][A-Za-z'’]+")


def _user_text(db) -> list[str]:
    """Every text value stored in the demo database, longest first."""
    conn = sqlite3.connect(db)
    values: set[str] = set()
    for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"):
        for row in conn.execute(f'SELECT * FROM "{table}"'):
            values |= {v for v in row if isinstance(v, str) and re.search("[A-Za-z]", v)}
    conn.close()
    return sorted(values, key=len, reverse=True)


PATH = re.compile(r"(?:[A-Za-z]:)?(?:/[\w.@~+-]+)+/?")


def english_words(output: str, user_text: list[str]) -> list[str]:
    """English words left once user data, commands, options, paths and codes are taken out.
    A user's value may be folded over two lines of a table cell, so its words count one by one."""
    for pattern in (COMMAND, PATH):
        output = pattern.sub(" ", output)
    for value in user_text:
        if len(value) >= 4:  # whole values; short ones ("B", a grade) only as words below
            output = output.replace(value, " ")
    for pattern in (OPTION, CODE):
        output = pattern.sub(" ", output)
    user_words = {w for v in user_text for w in WORD.findall(v)}
    return [w for w in WORD.findall(output) if w not in KEEP and w.upper() not in KEEP and w not in user_words]


@pytest.fixture()
def zh_demo(tasplus_home, monkeypatch):
    monkeypatch.setenv("TASPLUS_LANG", "zh")
    monkeypatch.setenv("TASPLUS_TODAY", "2026-11-30")
    monkeypatch.setenv("COLUMNS", "200")  # commands to type stay on one line
    out = run("demo")
    db = tasplus_home / "demo.db"
    monkeypatch.setenv("TASPLUS_DB", str(db))
    return out.stdout + out.stderr, _user_text(db)


def test_demo_output_has_no_english(zh_demo):
    output, user = zh_demo
    assert english_words(output, user) == []


@pytest.mark.parametrize("args", [
    ("review",), ("funnel",), ("plan", "OPP-0004"), ("plan", "OPP-0001"), ("map", "OPP-0004"),
    ("map", "--account", "ACC-0001"), ("winrate", "OPP-0004"), ("winrate", "OPP-0001"), ("winrate", "--all"),
    ("opp", "show", "OPP-0001"), ("opp", "show", "OPP-0004"), ("opp", "list"), ("opp", "grade", "OPP-0001"),
    ("opp", "history", "OPP-0004"), ("value", "show", "OPP-0004"), ("strategy", "suggest", "OPP-0004"),
])
def test_weekly_screens_have_no_english(zh_demo, args):
    _, user = zh_demo
    r = run(*args)
    assert english_words(r.stdout + r.stderr, user) == [], r.stdout + r.stderr


def test_gate_messages_have_no_english(zh_demo):
    _, user = zh_demo
    r = run("opp", "advance", "OPP-0001", code=1)  # tender stage, no tender issued yet: the gate holds
    assert english_words(r.stderr, user) == [], r.stderr


def test_a_bad_date_is_refused_in_chinese(zh_demo):
    _, user = zh_demo
    r = run("opp", "edit", "OPP-0004", "--close-date", "2027/2/30", code=2)
    error, hint = r.stderr.splitlines()[:2]
    assert "不是日期" in error and english_words(error, user) == [], r.stderr
    assert hint.startswith("hint: 请写"), r.stderr  # the forms to type (today, +14d) stay as typed
