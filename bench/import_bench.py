"""Import benchmark (issue 6; QUALITY.md "Speed"): ``tasplus import`` against
``sqlite-utils insert --csv`` of the same file, in the same run.

    python bench/import_bench.py [--rows 100000] [--repeat 3]

Generates N opportunities as a CSV file (name, account, amount, stage,
close_date, owner, currency; 500 accounts named in the rows), then times,
alternating so both see the same machine load:

- ``tasplus import opportunities FILE --create-missing --json`` into a fresh
  database (``tasplus init`` made it first, untimed): parsing, validation,
  grading, 500 new accounts, 100,000 deals and their history lines;
- ``sqlite-utils insert DB opps FILE --csv`` into a fresh file;
- ``sqlite3 DB .import`` (the floor), when the ``sqlite3`` shell is installed.

Prints each run, the medians and the ratio sqlite-utils / tasplus (target ≥ 1,
aim 3). Needs ``sqlite-utils`` next to this Python or on PATH:
``pip install sqlite-utils`` (``--install`` does that into this venv).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent
STAGES = ["validate", "initiate", "analyze", "present", "tender", "bid", "negotiate"]


def generate(path: Path, rows: int, seed: int = 6) -> None:
    rnd = random.Random(seed)
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["name", "account", "amount", "stage", "close_date", "owner", "currency"])
        for i in range(rows):
            w.writerow([f"商机 {i:06d}", f"客户 {i % 500:03d}", rnd.randint(10_000, 20_000_000), rnd.choice(STAGES),
                        f"2027-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}", f"rep{i % 30:02d}", "CNY"])


def tool(name: str, install: bool) -> str | None:
    found = BIN / name if (BIN / name).exists() else shutil.which(name)
    if found is None and install and name == "sqlite-utils":
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "sqlite-utils"], check=True)
        return tool(name, install=False)
    return str(found) if found else None


def timed(cmd: list[str], env: dict, stdin: str | None = None) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, input=stdin, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{done.stderr}")
    return elapsed, done.stdout


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--install", action="store_true", help="pip install sqlite-utils into this venv if missing")
    args = ap.parse_args()
    sqlite_utils = tool("sqlite-utils", args.install)
    if sqlite_utils is None:
        sys.exit("sqlite-utils is not installed: pip install sqlite-utils (or rerun with --install)")
    sqlite3 = shutil.which("sqlite3")
    work = Path(tempfile.mkdtemp(prefix="tasplus-import-bench-"))
    try:
        data = work / "opportunities.csv"
        generate(data, args.rows)
        print(f"{args.rows:,} opportunities, {data.stat().st_size / 1e6:.1f} MB, {args.repeat} runs each")
        times: dict[str, list[float]] = {"tasplus": [], "sqlite-utils": [], "sqlite3": []}
        for n in range(args.repeat):
            home = work / f"home{n}"
            env = dict(os.environ, TASPLUS_HOME=str(home), TASPLUS_USER="bench", NO_COLOR="1")
            env.pop("TASPLUS_DB", None)
            timed([str(BIN / "tasplus"), "init"], env)
            t, out = timed([str(BIN / "tasplus"), "import", "opportunities", str(data), "--create-missing",
                            "--json"], env)
            report = json.loads(out)
            assert report["inserted"] == args.rows and report["bad_rows"] == 0, report
            times["tasplus"].append(t)
            t, _ = timed([sqlite_utils, "insert", str(work / f"su{n}.db"), "opps", str(data), "--csv"], env)
            times["sqlite-utils"].append(t)
            if sqlite3:
                t, _ = timed([sqlite3, str(work / f"s3{n}.db")], env,
                             stdin=f".mode csv\n.import {data} opps\n")
                times["sqlite3"].append(t)
            print(f"  run {n + 1}: " + ", ".join(f"{k} {v[-1]:.2f} s" for k, v in times.items() if v))
        med = {k: statistics.median(v) for k, v in times.items() if v}
        print(f"tasplus import opportunities  median {med['tasplus']:.2f} s")
        print(f"sqlite-utils insert --csv     median {med['sqlite-utils']:.2f} s")
        if "sqlite3" in med:
            print(f"sqlite3 .import (the floor)   median {med['sqlite3']:.2f} s")
        print(f"ratio sqlite-utils / tasplus: {med['sqlite-utils'] / med['tasplus']:.2f}× "
              "(target ≥ 1, aim 3)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
