"""Start-up benchmark (issue 11, "done when"): ``tasplus --help`` against
``sqlite-utils --help`` and a bare ``python -c "import sqlmodel"``, in the same run;
with ``--db``, the everyday commands on that database against the same floor (issue 16).

    python bench/startup.py [--repeat 21] [--install] [--check] [--db PATH]

Each command is a whole process (interpreter start, imports, output to a pipe),
run ``--repeat`` times in rounds whose order rotates, so all of them see the same
machine load; one untimed round warms the file cache first. Also timed, for
scale: ``python -c pass`` (the interpreter alone) and ``tasplus --version``.

Prints a table of medians and the ratios to ``sqlite-utils --help`` (target for
``tasplus --help``: at most 1) and to ``import sqlmodel`` (what every command
that touches the database pays anyway). ``--check`` exits 1 when the target is
missed. ``sqlite-utils`` is the peer, not a dependency: ``pip install
sqlite-utils`` into this venv (``--install`` does that).

``--db PATH`` (a database of ``scale.py``'s ``generate()``, e.g. 10,000 deals: it
needs ``OPP-0001``) adds ``opp show``, ``winrate``, ``map``, ``activity log`` and
``survey run`` with flags (no prompt), each a whole process on a copy of PATH (the
last two write to it: one activity, one survey per run), and prints each median
÷ ``import sqlmodel`` (issue 16's target: at most 1.2). The package is byte-compiled
first (``compileall``), as an installed one is: with ``PYTHONDONTWRITEBYTECODE`` set
and no ``__pycache__``, every run would compile tasplus from source.
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

from import_bench import BIN, tool


EVERYDAY = {  # issue 16: name → arguments after ``tasplus --db DB``
    "opp show": ["opp", "show", "OPP-0001"],
    "winrate": ["winrate", "OPP-0001"],
    "map": ["map", "OPP-0001"],
    "activity log": ["activity", "log", "OPP-0001", "--kind", "call", "--summary", "bench"],
    "survey run": ["survey", "run", "OPP-0001", "--inside-source", "no", "--our-fit", "3", "--our-closeness", "3",
                   "--no-input"],
}
FLOOR = 'python -c "import sqlmodel"'


def everyday(db: str) -> dict[str, list[str]]:
    return {f"tasplus {name}": [str(BIN / "tasplus"), "--db", db, *args] for name, args in EVERYDAY.items()}


def commands(sqlite_utils: str) -> dict[str, list[str]]:
    py = sys.executable
    return {
        "python -c pass": [py, "-c", "pass"],
        "tasplus --version": [str(BIN / "tasplus"), "--version"],
        "tasplus --help": [str(BIN / "tasplus"), "--help"],
        "sqlite-utils --help": [sqlite_utils, "--help"],
        FLOOR: [py, "-c", "import sqlmodel"],
    }


def once(cmd: list[str], env: dict) -> float:
    start = time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{done.stderr.decode(errors='replace')}")
    return elapsed


def measure(cmds: dict[str, list[str]], env: dict, repeat: int) -> dict[str, list[float]]:
    names = list(cmds)
    for name in names:  # warm the file cache
        once(cmds[name], env)
    times: dict[str, list[float]] = {name: [] for name in names}
    for n in range(repeat):
        shift = n % len(names)
        for name in names[shift:] + names[:shift]:
            times[name].append(once(cmds[name], env))
    return times


def report(times: dict[str, list[float]]) -> float:
    """Print the table; return tasplus --help / sqlite-utils --help."""
    med = {name: statistics.median(t) for name, t in times.items() if not name.startswith(tuple(everyday_names()))}
    peer, floor = med["sqlite-utils --help"], med[FLOOR]
    width = max(map(len, med))
    print(f"{'command':<{width}}  median    min      ÷ sqlite-utils --help  ÷ import sqlmodel")
    for name, m in med.items():
        print(f"{name:<{width}}  {m * 1000:5.0f} ms  {min(times[name]) * 1000:5.0f} ms  "
              f"{m / peer:8.2f}×               {m / floor:6.2f}×")
    ratio = med["tasplus --help"] / peer
    print(f"\ntasplus --help / sqlite-utils --help = {ratio:.2f}× (target ≤ 1; aim 0.5)")
    return ratio


def everyday_names() -> list[str]:
    return [f"tasplus {name}" for name in EVERYDAY]


def report_everyday(times: dict[str, list[float]], db: str) -> None:
    """The everyday commands on ``db``, each ÷ the floor of the same run (target ≤ 1.2)."""
    floor = statistics.median(times[FLOOR])
    names = [n for n in everyday_names() if n in times]
    width = max(map(len, names))
    print(f"\neveryday commands on {db} (target: ≤ 1.2× {FLOOR}, {floor * 1000:.0f} ms in this run)")
    print(f"{'command':<{width}}  median    min      ÷ import sqlmodel")
    for name in names:
        m = statistics.median(times[name])
        print(f"{name:<{width}}  {m * 1000:5.0f} ms  {min(times[name]) * 1000:5.0f} ms  {m / floor:6.2f}×")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=21)
    ap.add_argument("--install", action="store_true", help="pip install sqlite-utils into this venv if missing")
    ap.add_argument("--check", action="store_true", help="exit 1 when tasplus --help is slower than the peer")
    ap.add_argument("--db", help="a generated database (scale.py, e.g. 10,000 deals): also time the everyday commands")
    args = ap.parse_args()
    sqlite_utils = tool("sqlite-utils", args.install)
    if sqlite_utils is None:
        sys.exit("sqlite-utils is not installed: pip install sqlite-utils (or rerun with --install)")
    import tasplus_cli

    compileall.compile_dir(os.path.dirname(tasplus_cli.__file__), quiet=1)
    with tempfile.TemporaryDirectory(prefix="tasplus-startup-bench-") as home:
        env = dict(os.environ, TASPLUS_HOME=home, COLUMNS="80", NO_COLOR="1")
        env.pop("TASPLUS_DB", None)
        cmds = commands(sqlite_utils)
        if args.db:
            db = os.path.join(home, "bench.db")
            shutil.copyfile(args.db, db)
            cmds.update(everyday(db))
        try:
            load = f", load {os.getloadavg()[0]:.1f}"
        except OSError:
            load = ""
        print(f"{args.repeat} runs each, medians (Python {sys.version.split()[0]}, {os.cpu_count()} CPUs{load})")
        times = measure(cmds, env, args.repeat)
        ratio = report(times)
        if args.db:
            report_everyday(times, args.db)
    if args.check and ratio > 1:
        sys.exit(1)


if __name__ == "__main__":
    main()
