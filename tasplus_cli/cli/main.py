"""Console-script entry point: ``tasplus`` → ``app``."""

from __future__ import annotations


def main() -> None:
    from tasplus_cli.cli.app import app

    app(prog_name="tasplus")
