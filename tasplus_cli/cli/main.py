"""Console-script entry point: ``tasplus`` → ``app``.

The last flush of stdout happens here, inside tasplus, so that a reader who
closed the pipe early is a quiet exit rather than Python's "Exception ignored"
message (``cli/errors.py``).
"""

from __future__ import annotations


def main() -> None:
    try:
        from tasplus_cli.cli.app import app
        from tasplus_cli.cli.errors import close_stdout
    except KeyboardInterrupt:  # Ctrl-C while Python is still loading tasplus: nothing ran yet
        raise SystemExit(130) from None

    try:
        app(prog_name="tasplus")
    finally:
        close_stdout()
