"""Console-script entry point: ``tasplus`` → ``app``.

``tasplus --version`` answers before the command tree is imported. The cyclic
garbage collector runs rarely (a command is a short process whose objects
live until it ends; a collection every 700 allocations spent a third of a
large review walking them); memory is still reclaimed by reference counting
and by the rarer collections.

The last flush of stdout happens here, inside tasplus, so that a reader who
closed the pipe early is a quiet exit rather than Python's "Exception ignored"
message (``cli/errors.py``).
"""

from __future__ import annotations


def main() -> None:
    import gc
    import sys

    if sys.argv[1:] == ["--version"]:
        from tasplus_cli import __version__

        print(f"tasplus {__version__}")
        return
    gc.set_threshold(50_000, 20, 20)
    try:
        from tasplus_cli.cli.app import app
        from tasplus_cli.cli.errors import close_stdout
    except KeyboardInterrupt:  # Ctrl-C while Python is still loading tasplus: nothing ran yet
        raise SystemExit(130) from None

    try:
        app(prog_name="tasplus")
    finally:
        close_stdout()
