"""A reader that closes the pipe early (``tasplus opp list | head -1``, ``… | true``) is a quiet exit 0,
as ``head`` already gets when the output fits in the pipe: no "internal error", no Python
"Exception ignored" message, for a table and for --json, on the real console script."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
import typer

from helpers import run
from tasplus_cli.cli.errors import reported


def _script() -> str:
    script = shutil.which("tasplus", path=os.path.dirname(sys.executable)) or shutil.which("tasplus")
    assert script, "the tasplus console script is not installed"
    return script


@pytest.fixture
def deals(bank):
    for n in range(3):
        run("opp", "new", f"项目{n}", "--account", bank, "--amount", "100万")


@pytest.mark.parametrize("args", [["opp", "list"], ["opp", "list", "--json"], ["--help"]])
def test_a_pipe_closed_before_the_output_is_a_quiet_exit(deals, args):
    proc = subprocess.Popen([_script(), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()  # nobody reads: every write to stdout fails with EPIPE
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 0 and err == "", err


@pytest.mark.parametrize("args", [["opp", "list"], ["opp", "list", "--json"]])
def test_a_reader_that_stops_after_a_line_is_a_quiet_exit(deals, args):
    proc = subprocess.Popen([_script(), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 0 and err == "", err


def test_a_pipe_closed_in_the_middle_of_a_command_is_a_quiet_exit():
    """When the output outgrows the pipe's buffer, the write inside the command fails: same exit."""
    with pytest.raises(typer.Exit) as stopped, reported():
        raise BrokenPipeError(32, "Broken pipe")
    assert stopped.value.exit_code == 0
