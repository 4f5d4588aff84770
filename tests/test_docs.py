"""The examples in README.md and docs/ run as written.

Every command line of a ```bash block is something a reader types. Synopsis
lines with placeholders (OPP, NAME, [--flag]) live in ```text blocks instead.

- README.md: every ```bash block runs, in order, against a fresh database
  (the autouse fixture's TASPLUS_HOME).
- docs/*.md: the ```bash blocks marked by a ``<!-- test: demo -->`` line just
  above the fence run, in order, against a database built by
  ``tasplus demo`` (TASPLUS_DB points at it), one fresh demo per file.

A command line is a line whose command is ``tasplus`` (optionally after
``NAME=value`` environment assignments); a line ending in ``\\`` continues on
the next. Comment lines, output lines (``#``) and everything else (pip, venv,
export, bench scripts) are skipped. A line is expected to exit 0 unless its
trailing comment says otherwise, ``# exits 1: why``: a gate refusal shown on
purpose. Besides the assignments, one ``> FILE`` redirect of stdout is the only
shell syntax an example may use, so that a reader's shell and this test run
the same command.

The commands run in-process through ``helpers.run`` (the console script is
``app(prog_name="tasplus")`` and nothing more): a hundred examples cost seconds,
not a minute of interpreter start-ups.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path

import pytest

from helpers import assert_clean_error, run

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
DEMO_MARK = "<!-- test: demo -->"
# links to pages written in parallel with this test (issue 11); remove a page once it exists
PENDING_PAGES: set[str] = set()

_ASSIGN = re.compile(r"^[A-Z_][A-Z0-9_]*=")
_EXITS = re.compile(r"#.*\bexits (\d+)\b")
_PLACEHOLDER = re.compile(r"\[[-A-Z]|(?<![\w-])(OPP|ACT|EVT|NAME|TEXT|FILE|DIR|KIND|DATE|PATH|URL|STRATEGY)(?![\w-])|\w\|\w")


@dataclass(frozen=True)
class Command:
    source: str  # file:line, for the failure message
    text: str  # as written, continuation lines joined
    env: dict[str, str]
    args: list[str]
    stdout_to: str | None
    expect: int


def _fences(text: str):
    """Yield (info, marked, first line number, lines) for each fenced block."""
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("```"):
            info = line[3:].strip()
            prev = next((lines[j].strip() for j in range(i - 1, -1, -1) if lines[j].strip()), "")
            body, j = [], i + 1
            while j < len(lines) and not lines[j].startswith("```"):
                body.append(lines[j])
                j += 1
            yield info, prev == DEMO_MARK, i + 2, body
            i = j + 1
        else:
            i += 1


def _logical_lines(first: int, body: list[str]):
    """(line number, text) with backslash continuations joined."""
    buf, start = "", first
    for n, line in enumerate(body, first):
        if not buf:
            start = n
        if line.rstrip().endswith("\\"):
            buf += line.rstrip()[:-1] + " "
            continue
        yield start, buf + line
        buf = ""
    if buf:
        yield start, buf


def _parse(source: str, text: str) -> Command | None:
    """The command of one line, or None when it is not a tasplus command."""
    stripped = text.strip()
    if not stripped or stripped.startswith("#"):
        return None
    words = stripped.split()
    k = 0
    while k < len(words) and _ASSIGN.match(words[k]):
        k += 1
    if k == len(words) or words[k] != "tasplus":
        return None
    lexer = shlex.shlex(stripped, posix=True, punctuation_chars=True)
    lexer.commenters = "#"
    lexer.whitespace_split = True
    tokens = list(lexer)
    assert not any("$" in t or "`" in t for t in tokens), f"{source}: keep shell expansions out of examples: {text}"
    env = {}
    while tokens and _ASSIGN.match(tokens[0]):
        name, value = tokens.pop(0).split("=", 1)
        env[name] = value
    stdout_to = None
    if len(tokens) >= 2 and tokens[-2] == ">":
        stdout_to = tokens[-1]
        tokens = tokens[:-2]
    shell = {"|", "||", "&", "&&", ";", "<", ">", ">>", "(", ")"}
    assert not shell & set(tokens), f"{source}: one plain command per line (and at most '> FILE'): {text}"
    expect = _EXITS.search(stripped)
    return Command(source, stripped, env, tokens[1:], stdout_to, int(expect.group(1)) if expect else 0)


def commands(path: Path, *, marked_only: bool) -> list[Command]:
    out = []
    for info, marked, first, body in _fences(path.read_text(encoding="utf-8")):
        if info != "bash" or (marked_only and not marked):
            continue
        for n, text in _logical_lines(first, body):
            cmd = _parse(f"{path.relative_to(ROOT)}:{n}", text)
            if cmd is not None:
                out.append(cmd)
    return out


def _run_all(cmds: list[Command], cwd: Path, monkeypatch) -> None:
    monkeypatch.chdir(cwd)
    for cmd in cmds:
        with monkeypatch.context() as m:
            for name, value in cmd.env.items():
                m.setenv(name, value)
            result = run(*cmd.args, code=None)
        detail = (f"{cmd.source}: `{cmd.text}` exited {result.exit_code}, the example says {cmd.expect}\n"
                  f"stdout: {result.stdout[-2000:]}\nstderr: {result.stderr[-2000:]}\nexc: {result.exception!r}")
        if cmd.expect == 0:
            assert result.exit_code == 0, detail
        else:
            assert result.exit_code == cmd.expect, detail
            assert_clean_error(result, cmd.expect)
        if cmd.stdout_to:
            (cwd / cmd.stdout_to).write_text(result.stdout, encoding="utf-8")


def _docs() -> list[Path]:
    return sorted(DOCS.glob("*.md"))


def test_readme_examples_run_on_a_fresh_database(tmp_path, monkeypatch):
    cmds = commands(ROOT / "README.md", marked_only=False)
    assert len(cmds) >= 10, "README's examples were not found"
    assert any(c.expect for c in cmds), "README shows a gate refusal on purpose"
    _run_all(cmds, tmp_path, monkeypatch)


@pytest.mark.parametrize("page", [p.name for p in _docs() if commands(p, marked_only=True)])
def test_docs_examples_run_on_the_demo(page, tmp_path, monkeypatch):
    demo = tmp_path / "demo.db"
    run("demo", "--path", str(demo))
    monkeypatch.setenv("TASPLUS_DB", str(demo))
    monkeypatch.delenv("TASPLUS_USER")  # as a reader types them: `config set user` says who they are
    _run_all(commands(DOCS / page, marked_only=True), tmp_path, monkeypatch)


def test_docs_pages_with_examples_run_them():
    pages = {p.name for p in _docs() if commands(p, marked_only=True)}
    assert {"method.md", "csv.md", "team-database.md", "usage.md"} <= pages


def test_bash_blocks_hold_no_synopsis_lines():
    """Placeholders belong in ```text blocks: a ```bash line runs as written."""
    bad = []
    for path in [ROOT / "README.md", *_docs()]:
        for cmd in commands(path, marked_only=False):
            code = cmd.text.split(" #", 1)[0]
            if _PLACEHOLDER.search(re.sub(r'"[^"]*"', '""', code)):
                bad.append(f"{cmd.source}: {cmd.text}")
    assert not bad, "synopsis lines in ```bash blocks (move them to ```text):\n" + "\n".join(bad)


def test_relative_links_resolve():
    bad = []
    for path in [ROOT / "README.md", ROOT / "bench" / "README.md", *_docs()]:
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", path.read_text(encoding="utf-8")):
            if "://" in target or target.startswith("mailto:"):
                continue
            resolved = (path.parent / target).resolve()
            rel = resolved.relative_to(ROOT).as_posix() if resolved.is_relative_to(ROOT) else str(resolved)
            if not resolved.exists() and rel not in PENDING_PAGES:
                bad.append(f"{path.relative_to(ROOT)} → {target}")
    assert not bad, "broken links:\n" + "\n".join(bad)
