"""Every command documents itself: help text with an example, readable metavars (OPP, DATE, TEXT,
never Typer's {opp} or <str>), and the example quoted when a required value is missing."""

from __future__ import annotations

import re

import typer

from helpers import run
from tasplus_cli.cli.app import app


def leaves(cmd, path=()):
    subs = getattr(cmd, "commands", None)
    if subs:
        for name, sub in subs.items():
            yield from leaves(sub, path + (name,))
    else:
        yield path, cmd


def test_every_command_has_help_with_an_example():
    root = typer.main.get_command(app)
    missing = [" ".join(p) for p, cmd in leaves(root) if "Example" not in (cmd.help or "")]
    assert missing == []


def test_every_group_and_option_has_help():
    root = typer.main.get_command(app)
    bare = []
    for path, cmd in leaves(root):
        for param in cmd.params:
            if getattr(param, "help", None) in (None, "") and param.name not in ("help",):
                bare.append(f"{' '.join(path)} {param.name}")
    assert bare == []


def _contexts(root):
    """(path, command, context) for every leaf, each context under its parents', as --help builds it."""
    for path, cmd in leaves(root):
        ctx = root.make_context("tasplus", [], resilient_parsing=True)
        node = root
        for name in path:
            node = node.commands[name]
            ctx = node.make_context(name, [], parent=ctx, resilient_parsing=True)
        yield path, cmd, ctx


def _terms(help_text: str) -> list[str]:
    """The usage line and the left column of the Arguments and Options sections of a help page."""
    terms, section = [], None
    for line in help_text.splitlines():
        if line.startswith("Usage: "):
            terms.append(line)
        elif line and not line.startswith(" "):
            section = line
        elif section in ("Arguments:", "Options:") and line.startswith("  ") and line[2] != " ":
            terms.append(line.strip().split("  ")[0])
    return terms


def test_every_metavar_is_readable():
    """No Typer placeholders such as {opp}, <str> or <list[str]> in any usage line or option column:
    arguments by their name in capitals (OPP, NAME), options by the kind of value (DATE, TEXT, N)."""
    root = typer.main.get_command(app)
    unreadable, seen = [], 0
    for path, cmd, ctx in _contexts(root):
        for term in _terms(cmd.get_help(ctx)):
            seen += 1
            if re.search(r"[<>{}]", term):
                unreadable.append(f"{' '.join(path)}: {term}")
        unreadable += [f"{' '.join(path)}: argument {p.metavar}" for p in cmd.params
                       if p.param_type_name == "argument" and (p.metavar or "x") != (p.metavar or "x").upper()]
    assert seen > 300 and unreadable == []


def test_opp_new_and_survey_run_read_as_a_person_would_type_them():
    new = run("opp", "new", "--help").stdout
    assert "Usage: tasplus opp new [OPTIONS] NAME\n" in new
    for column in ("  NAME  Deal name.", "-a, --account ACCOUNT", "--amount AMOUNT", "--close-date DATE",
                   "--currency TEXT", "--stage STAGE"):
        assert column in new, column
    survey = run("survey", "run", "--help").stdout
    assert "Usage: tasplus survey run [OPTIONS] OPP\n" in survey
    assert "--competitor NAME=FIT,CLOSENESS" in survey and "--date DATE" in survey and "  OPP  " in survey
    assert "[OPTIONS] [KIND] [FILE]" in run("import", "--help").stdout  # optional arguments in brackets
    assert "TACTIC_ID  Tactic number." in run("tactic", "done", "--help").stdout
    assert "--person-days NUMBER" in run("opp", "team", "add", "--help").stdout
    assert "-n, --limit N" in run("review", "--help").stdout


def test_bare_groups_print_their_help_and_succeed():
    """``tasplus`` and ``tasplus opp`` with nothing else: the help on stdout, exit 0 (as gh, cargo and
    docker do), so ``tasplus | less`` works and asking what there is is not an error."""
    for args in ([], ["opp"], ["opp", "team"], ["competitor", "quote"]):
        r = run(*args)
        assert r.stdout.startswith("Usage: tasplus") and "Commands:" in r.stdout and r.stderr == "", args


def test_every_command_names_a_missing_value_without_a_terminal():
    """Every command with a required argument or option, run without it (no terminal): one error line
    naming the first missing value, and a hint with the command's own example (CLI.md "Prompts")."""
    required = [(path, next(p for p in cmd.params if p.required))
                for path, cmd in leaves(typer.main.get_command(app)) if any(p.required for p in cmd.params)]
    wrong = []
    for path, first in required:
        r = run(*path, code=None)
        name = max(first.opts, key=len) if first.param_type_name == "option" else first.metavar
        lines = r.stderr.splitlines()
        if (r.exit_code, r.stdout, len(lines)) != (2, "", 2) or not lines[0].startswith(f"error: missing {name}") \
                or not lines[1].startswith(f"hint: for example: tasplus {' '.join(path)}"):
            wrong.append(f"{' '.join(path)} → {r.exit_code} {r.stderr!r}")
    assert len(required) > 40 and wrong == []
