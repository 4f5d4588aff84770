"""Import and export benchmark (issue 6, issue 16 item 4): ``tasplus import`` and ``tasplus
export`` against ``sqlite-utils`` on the same file and table, in the same run.

    python bench/import_bench.py [--rows 300000] [--repeat 3]

Generates N opportunities as a CSV file (name, account, amount, stage, close_date, owner,
currency; 500 accounts named in the rows), then, ``--repeat`` times, alternating so all see the
same machine load, runs each of these as a whole process and records its time and peak RSS
(``os.wait4``):

- ``tasplus import opportunities FILE --create-missing --json`` into a fresh database
  (``tasplus init`` made it first, untimed): parsing, validation, grading, 500 new accounts,
  N deals and their history lines, in one transaction;
- ``sqlite-utils insert DB opps FILE --csv`` into a fresh file (its peer);
- the same ``tasplus import`` again, into the database that now holds those deals: every row
  matched to its stored deal and found unchanged (memory must not grow with the stored deals);
- ``tasplus export opportunities OUT`` of those deals, and its peer ``sqlite-utils rows DB
  opportunity --csv`` on the same database;
- ``sqlite3 DB .import`` (the floor), when the ``sqlite3`` shell is installed.

Prints each run, the medians and the ratios: sqlite-utils insert / tasplus import (target ≥ 1),
tasplus export / sqlite-utils rows (target ≤ 1.5), and every peak RSS (target < 150 MiB for
tasplus). Needs ``sqlite-utils`` next to this Python or on PATH: ``pip install sqlite-utils``
(``--install`` does that into this venv).
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
import threading
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


def measured(cmd: list[str], env: dict, stdin: str | None = None, stdout: Path | None = None) -> tuple[float, float, str]:
    """(seconds, peak RSS in MiB, stdout text unless written to ``stdout``) of one process."""
    start = time.perf_counter()
    out = stdout.open("wb") if stdout else subprocess.PIPE
    proc = subprocess.Popen(cmd, env=env, stdin=subprocess.PIPE if stdin else subprocess.DEVNULL, stdout=out,
                            stderr=subprocess.PIPE)
    got: dict[str, bytes] = {}
    pipes = [("err", proc.stderr), *([("out", proc.stdout)] if not stdout else [])]
    readers = [threading.Thread(target=lambda k=k, f=f: got.__setitem__(k, f.read()), daemon=True) for k, f in pipes]
    for r in readers:
        r.start()
    if stdin:
        proc.stdin.write(stdin.encode())
        proc.stdin.close()
    _, status, usage = os.wait4(proc.pid, 0)
    for r in readers:
        r.join()
    if stdout:
        out.close()
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status):
        sys.exit(f"failed: {' '.join(cmd)}\n{got.get('err', b'').decode(errors='replace')}")
    return seconds, usage.ru_maxrss / 1024, got.get("out", b"").decode()


CASES = {
    "import": "tasplus import, fresh database",
    "insert": "sqlite-utils insert --csv",
    "sqlite3": "sqlite3 .import (the floor)",
    "reimport": "tasplus import, database holding them",
    "export": "tasplus export opportunities",
    "rows": "sqlite-utils rows --csv (same table)",
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=300_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--install", action="store_true", help="pip install sqlite-utils into this venv if missing")
    args = ap.parse_args()
    sqlite_utils = tool("sqlite-utils", args.install)
    if sqlite_utils is None:
        sys.exit("sqlite-utils is not installed: pip install sqlite-utils (or rerun with --install)")
    sqlite3 = shutil.which("sqlite3")
    tasplus = str(BIN / "tasplus")
    work = Path(tempfile.mkdtemp(prefix="tasplus-import-bench-"))
    try:
        data = work / "opportunities.csv"
        generate(data, args.rows)
        print(f"{args.rows:,} opportunities, {data.stat().st_size / 1e6:.1f} MB, {args.repeat} runs each; "
              f"load {os.getloadavg()[0]:.1f}")
        runs: dict[str, list[tuple[float, float]]] = {k: [] for k in CASES}
        for n in range(args.repeat):
            home = work / f"home{n}"
            env = dict(os.environ, TASPLUS_HOME=str(home), TASPLUS_USER="bench", NO_COLOR="1")
            env.pop("TASPLUS_DB", None)
            measured([tasplus, "init"], env)
            t, mib, out = measured([tasplus, "import", "opportunities", str(data), "--create-missing", "--json"], env)
            report = json.loads(out)
            assert report["inserted"] == args.rows and report["bad_rows"] == 0, report
            runs["import"].append((t, mib))
            t, mib, _ = measured([sqlite_utils, "insert", str(work / f"su{n}.db"), "opps", str(data), "--csv"], env)
            runs["insert"].append((t, mib))
            if sqlite3:
                runs["sqlite3"].append(measured([sqlite3, str(work / f"s3{n}.db")], env,
                                                stdin=f".mode csv\n.import {data} opps\n")[:2])
            t, mib, out = measured([tasplus, "import", "opportunities", str(data), "--json"], env)
            report = json.loads(out)
            assert report["unchanged"] == args.rows and report["bad_rows"] == 0, report
            runs["reimport"].append((t, mib))
            runs["export"].append(measured([tasplus, "export", "opportunities", str(work / "out.csv"), "--force"],
                                           env)[:2])
            runs["rows"].append(measured([sqlite_utils, "rows", str(home / "tasplus.db"), "opportunity", "--csv"],
                                         env, stdout=work / "peer.csv")[:2])
            print(f"  run {n + 1}: " + ", ".join(f"{k} {v[-1][0]:.2f} s {v[-1][1]:.0f} MiB"
                                                 for k, v in runs.items() if v))
        med = {k: (statistics.median(t for t, _ in v), max(m for _, m in v)) for k, v in runs.items() if v}
        print(f"{'':<42} {'median':>8} {'peak RSS':>9}")
        for k, (t, mib) in med.items():
            print(f"{CASES[k]:<42} {t:>6.2f} s {mib:>5.0f} MiB")
        print(f"ratio sqlite-utils insert / tasplus import (fresh): {med['insert'][0] / med['import'][0]:.2f}× "
              "(target ≥ 1)")
        print(f"ratio sqlite-utils insert / tasplus import (holding them): "
              f"{med['insert'][0] / med['reimport'][0]:.2f}×")
        print(f"ratio tasplus export / sqlite-utils rows --csv: {med['export'][0] / med['rows'][0]:.2f}× "
              "(target ≤ 1.5)")
        worst = max(med[k][1] for k in ("import", "reimport", "export"))
        print(f"tasplus peak RSS {worst:.0f} MiB (target < 150 MiB: {'ok' if worst < 150 else 'OVER'}); "
              f"load {os.getloadavg()[0]:.1f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
