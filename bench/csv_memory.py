"""Peak memory of ``tasplus import`` (issue 12, case 5): streaming CSV import, bounded by the
limits on a row and a cell (``[csv]`` in config.toml), not by the file.

    python bench/csv_memory.py [--rows 300000] [--hostile-mb 200] [--no-reimport]

Generates, in a temporary folder, N deals (about 210 bytes a row: 300,000 make a ~60 MB file,
with external ids and a Chinese text column) and hostile inputs, then runs each as a
``tasplus import`` subprocess and reports its peak RSS (``os.wait4``'s ``ru_maxrss``), its time
and exit code:

- the deals with ``--dry-run`` into a fresh database, then for real;
- a line of 200 MB of commas, a 200 MB cell without a line break, and ``yes name,industry |
  tasplus import accounts -`` (an endless pipe): each must stop with exit 2;
- ``tasplus export opportunities`` of the stored deals to a file, beside its peer
  ``sqlite-utils rows DB opportunity --csv`` in the same run (when sqlite-utils is installed);
- the deals again into the database that now holds them (``--dry-run``): matching keeps compact
  arrays of the stored deals' codes, external ids and keys and reads only the rows a batch
  needs (docs/csv.md "Limits and memory"), so this one is bounded too.

Target: every case under 150 MiB (bench/import_bench.py: the same with times beside sqlite-utils).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

BIN = Path(sys.executable).parent
TASPLUS = str(BIN / "tasplus") if (BIN / "tasplus").exists() else "tasplus"
STAGES = ["validate", "initiate", "analyze", "present", "tender", "bid", "negotiate"]
TARGET_MIB = 150


def deals(path: Path, rows: int, seed: int = 12) -> None:
    rnd = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as f:
        f.write("external_id,name,account,amount,stage,close_date,owner,currency,grade_reason\r\n")
        for i in range(rows):
            f.write(f"SF-{i:08d},商机 {i:06d},客户 {i % 500:03d},{rnd.randint(10_000, 20_000_000)},"
                    f"{rnd.choice(STAGES)},2027-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d},rep{i % 30:02d},"
                    f"CNY,客户预算已经批复，决策链清楚，两家竞争对手，年底前完成招标准备与技术交流 {i}\r\n")


def hostile(path: Path, header: bytes, fill: bytes, mb: int) -> None:
    with path.open("wb") as f:
        f.write(header)
        block = fill * (1 << 20)
        for _ in range(mb):
            f.write(block)


def measure(args: list[str], env: dict, stdin: Path | str | None = None) -> tuple[int, float, float, str]:
    """(exit code, peak RSS in MiB, seconds, last line of stderr) of ``tasplus ARGS`` (of the
    command itself when ARGS starts with ``!``)."""
    start = time.perf_counter()
    src = (open(stdin, "rb") if isinstance(stdin, Path)  # noqa: SIM115 - closed below
           else subprocess.PIPE if stdin else subprocess.DEVNULL)
    cmd = args[1:] if args[0] == "!" else [TASPLUS, *args]
    proc = subprocess.Popen(cmd, stdin=src, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env=env)
    if stdin == "endless":
        threading.Thread(target=_endless, args=(proc.stdin,), daemon=True).start()
    err: list[bytes] = []
    reader = threading.Thread(target=lambda: err.append(proc.stderr.read()), daemon=True)
    reader.start()
    _, status, usage = os.wait4(proc.pid, 0)
    reader.join()
    if isinstance(stdin, Path):
        src.close()
    seconds = time.perf_counter() - start
    lines = err[0].decode(errors="replace").strip().splitlines() if err and err[0] else [""]
    return os.waitstatus_to_exitcode(status), usage.ru_maxrss / 1024, seconds, lines[0][:110]


def _endless(pipe) -> None:  # noqa: ANN001 - yes name,industry
    block = b"name,industry\n" * 4096
    try:
        while True:
            pipe.write(block)
    except (BrokenPipeError, ValueError, OSError):
        pass


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=300_000)
    ap.add_argument("--hostile-mb", type=int, default=200)
    ap.add_argument("--no-reimport", action="store_true", help="skip the import into the database holding the deals")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="tasplus-csv-memory-"))
    try:
        env = dict(os.environ, TASPLUS_HOME=str(work / "home"), TASPLUS_USER="bench", NO_COLOR="1")
        env.pop("TASPLUS_DB", None)
        subprocess.run([TASPLUS, "init"], env=env, capture_output=True, check=True)
        data = work / "deals.csv"
        deals(data, args.rows)
        commas, cell = work / "commas.csv", work / "cell.csv"
        hostile(commas, b"name,industry\n", b",", args.hostile_mb)
        hostile(cell, b"", b"x", args.hostile_mb)
        size = data.stat().st_size / 1e6
        cases = [
            (f"{args.rows:,} deals ({size:.0f} MB), --dry-run", ["import", "opportunities", str(data),
                                                                 "--create-missing", "--dry-run"], None, True),
            (f"{args.rows:,} deals ({size:.0f} MB), written", ["import", "opportunities", str(data),
                                                               "--create-missing"], None, True),
            (f"a {args.hostile_mb} MB line of commas", ["import", "accounts", str(commas)], None, True),
            (f"a {args.hostile_mb} MB cell, no line break", ["import", "accounts", str(cell)], None, True),
            ("yes name,industry | import accounts -", ["import", "accounts", "-"], "endless", True),
        ]
        exported = work / "exported.csv"
        cases.append((f"export the {args.rows:,} deals to a file", ["export", "opportunities", str(exported)],
                      None, True))
        peer = shutil.which("sqlite-utils", path=str(BIN)) or shutil.which("sqlite-utils")
        if peer:
            cases.append(("  peer: sqlite-utils rows … opportunity --csv",
                          ["!", "sh", "-c", f'"{peer}" rows "{work / "home" / "tasplus.db"}" opportunity --csv'
                           f' > "{work / "peer.csv"}"'], None, False))
        if not args.no_reimport:
            cases.append((f"the {args.rows:,} deals again, stored (--dry-run)",
                          ["import", "opportunities", str(data), "--dry-run"], None, True))
        print(f"{'case':<46} {'exit':>4} {'peak RSS':>10} {'time':>8}  first line of stderr")
        worst = 0.0
        for label, cmd, stdin, bounded in cases:
            code, mib, seconds, said = measure(cmd, env, stdin)
            worst = max(worst, mib) if bounded else worst
            mark = "" if bounded else "  (peer, not counted)"
            print(f"{label:<46} {code:>4} {mib:>6.0f} MiB {seconds:>6.1f} s  {said}{mark}")
        verdict = "ok" if worst < TARGET_MIB else "OVER"
        print(f"bounded cases: peak {worst:.0f} MiB, target < {TARGET_MIB} MiB: {verdict}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
