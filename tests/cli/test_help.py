"""Every command documents itself: help text with an example."""

from __future__ import annotations

import typer

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
