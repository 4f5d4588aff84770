"""The command reference in README.md, generated from the commands' own ``--help``.

    python tools/reference.py            # print it
    python tools/reference.py --write    # replace it in README.md

``tests/test_readme.py`` fails when README's copy is stale, so the reference
and ``--help`` never disagree.
"""

from __future__ import annotations

import sys
from pathlib import Path

START, END = "<!-- reference:start -->", "<!-- reference:end -->"
WIDTH = 100


def _commands(cmd, path):  # noqa: ANN001, ANN202
    yield path, cmd
    for name, sub in getattr(cmd, "commands", {}).items():
        yield from _commands(sub, path + [name])


def markdown() -> str:
    import typer

    from tasplus_cli.cli.app import app

    root = typer.main.get_command(app)
    out = []
    for path, cmd in _commands(root, ["tasplus"]):
        if getattr(cmd, "hidden", False):
            continue
        parent = None
        ctx = None
        for i, name in enumerate(path):
            node = root if i == 0 else node.commands[name]  # noqa: F821 - set on the first pass
            ctx = node.make_context(name, [], parent=parent, resilient_parsing=True, terminal_width=WIDTH,
                                    max_content_width=WIDTH)
            parent = ctx
        text = cmd.get_help(ctx).rstrip()
        out.append(f"#### `{' '.join(path)}`\n\n```text\n{text}\n```\n")
    return "\n".join(out)


def replace_in(readme: str, reference: str) -> str:
    head, rest = readme.split(START, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{START}\n{reference}\n{END}{tail}"


def main(argv: list[str]) -> None:
    ref = markdown()
    if "--write" in argv:
        path = Path(__file__).resolve().parents[1] / "README.md"
        path.write_text(replace_in(path.read_text(encoding="utf-8"), ref), encoding="utf-8")
    else:
        sys.stdout.write(ref)


if __name__ == "__main__":
    main(sys.argv[1:])
