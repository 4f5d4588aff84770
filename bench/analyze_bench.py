"""Analyze benchmark (issue "Does the TAS+ win rate predict?", "Speed"): one command, ratios in one run.

    python bench/analyze_bench.py [--sizes 10000,100000] [--repeat 3] [--keep DIR]

Generates, for each size N, N closed deals (won, lost, abandoned; closed over the last
year), each with 10 history lines (``opp_change``: created, 3–6 stage moves, the
close-date changes that make up the rest, the status) and 2 win-rate points (one in
twenty dated after the close, one in thirty n/a), plus a competitor on every other
deal and lost reasons, directly through SQLAlchemy Core bulk inserts into a database
that tasplus migrated itself (as ``scale.py`` does). 100,000 deals: 1,000,000 history
lines and 200,000 win-rate points. Then, in the same run, rounds in a fixed order:

- ``tasplus analyze --json`` (calibration at 4 horizons, win/loss, velocity), with its
  peak RSS (``os.wait4``'s ``ru_maxrss``): memory must stay flat with the data;
- ``brier_bare.py``: one SQL statement through ``sqlite3`` computing the same Brier score
  of the TAS+ win rate at the close; the bench checks that it equals the ``brier`` of
  ``calibration.horizons[0].tasplus`` in analyze's JSON (and its ``n``) and prints both;
- the start-up floor, ``python -c "import sqlmodel"``: a command's *work* is its time
  beyond it (target for analyze at 100,000 deals: < 2 s of work);
- ``tasplus report review --html`` on the demo (``tasplus demo --path``; target < 1 s of work).

The databases are generated in a child process: ``ru_maxrss`` counts the memory a child
shares with its parent at the fork, so the bench itself never imports SQLAlchemy.

Prints the medians, the work, the ratios and the peak RSS. The load (``uptime``) is printed
before and after: the machine is shared, absolute times move with it, ratios much less.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, time as dtime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from scale import STAGES, TEAM, load  # noqa: E402 - the same team and stages as the scale bench

BIN = Path(sys.executable).parent
HERE = Path(__file__).parent
TODAY = date(2026, 11, 27)
CHUNK = 10_000  # deals built and inserted at a time (the generator's memory stays bounded)
REASONS = ["price too high", "lost on price", "no budget", "went with the incumbent", "timing", "feature gap", None]


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, dtime(hour, 0), timezone.utc)


def _deal(o: int, rnd: random.Random, owners: list[str], n_acc: int) -> tuple[dict, list, list, list]:
    """One closed deal with its 10 history lines, 2 win-rate points and maybe a competitor."""
    closed = TODAY - timedelta(days=rnd.randint(0, 365))
    created = closed - timedelta(days=rnd.randint(30, 300))
    span = (closed - created).days
    k = rnd.randint(3, 6)  # stage moves; the other 8 - k lines of the 10 change the close date
    idx = sorted(rnd.sample(range(len(STAGES)), k + 1))
    move_days = sorted(created + timedelta(days=rnd.randint(1, span)) for _ in range(k))
    lines = [{"opp_id": o, "at": _at(created, 9), "by": "bench", "field": "created", "old": None, "new": None}]
    for j, day in enumerate(move_days):
        lines.append({"opp_id": o, "at": _at(day, 10), "by": "bench", "field": "stage",
                      "old": STAGES[idx[j]], "new": STAGES[idx[j + 1]]})
    planned = created + timedelta(days=rnd.randint(30, 200))
    for day in sorted(created + timedelta(days=rnd.randint(1, span)) for _ in range(8 - k)):
        new = planned + timedelta(days=rnd.randint(-10, 45))
        lines.append({"opp_id": o, "at": _at(day, 11), "by": "bench", "field": "close_date",
                      "old": planned.isoformat(), "new": new.isoformat()})
        planned = new
    # the hidden truth: the last rate before the close is about right
    first = rnd.randint(10, 80)
    last = max(0, min(100, first + rnd.randint(-20, 20)))
    won = rnd.random() < last / 100
    status = "won" if won else ("abandoned" if rnd.random() < .15 else "lost")
    lines.append({"opp_id": o, "at": _at(closed, 17), "by": "bench", "field": "status", "old": "open", "new": status})
    points = []
    for j, rate in enumerate((first, last)):
        day = created + timedelta(days=rnd.randint(0, span // 2) + (span // 2 if j else 0))
        if j and rnd.random() < .05:
            day = closed + timedelta(days=rnd.randint(1, 20))  # recorded after the close: not a prediction
        points.append({"opp_id": o, "day": day, "at": _at(day, 12), "trigger": "survey", "reasons": "[]", "inputs": "{}",
                       "win_rate": None if rnd.random() < 1 / 30 else rate, "rank": rnd.randint(1, 4),
                       "previous": first if j else None, "is_event": False})
    amount = rnd.choice([150_000, 450_000, 2_000_000, 6_000_000]) * 100
    deal = {"id": o, "code": f"OPP-{o:06d}", "name": f"Deal {o}", "account_id": rnd.randint(1, n_acc),
            "owner": rnd.choice(owners), "amount_minor": amount, "currency": "CNY", "stage": STAGES[idx[-1]],
            "status": status, "grade": rnd.choice("ABCD"), "grade_manual": False, "close_date": planned,
            "closed_on": closed, "lost_reason": rnd.choice(REASONS) if status != "won" else None,
            "forecast_category": "pipeline", "created_at": _at(created, 9), "updated_at": _at(closed, 17)}
    rivals = [] if o % 2 else [{"opp_id": o, "competitor_id": rnd.randint(1, 5), "is_winner": status == "lost",
                                "added_at": _at(created, 9)}]
    return deal, lines, points, rivals


def generate(url: str, deals: int, seed: int = 11) -> None:
    """A tasplus database at ``url`` holding ``deals`` closed deals and their history (see the module docstring)."""
    from sqlalchemy import insert

    from tasplus_cli.store import models as m
    from tasplus_cli.store.db import make_engine
    from tasplus_cli.store.migrate import ensure_head

    rnd = random.Random(seed)
    engine = make_engine(url, write=True)
    ensure_head(engine, url)
    now = datetime.now(timezone.utc)
    n_acc = max(1, deals // 10)
    owners = [name for name, boss in TEAM if boss and boss != "director"]
    with engine.begin() as conn:
        conn.execute(insert(m.AppUser), [{"name": n, "manager": b, "created_at": now, "updated_at": now}
                                         for n, b in TEAM])
        conn.execute(insert(m.Account), [{"id": i, "code": f"ACC-{i:05d}", "name": f"Account {i}",
                                          "industry": ["manufacturing", "energy", "finance"][i % 3],
                                          "created_at": now, "updated_at": now} for i in range(1, n_acc + 1)])
        conn.execute(insert(m.Competitor), [{"id": i, "code": f"CMP-{i:04d}", "name": f"Rival {i}",
                                             "created_at": now, "updated_at": now} for i in range(1, 6)])
        for lo in range(1, deals + 1, CHUNK):
            opps, lines, points, rivals = [], [], [], []
            for o in range(lo, min(deals, lo + CHUNK - 1) + 1):
                d, ls, ps, rs = _deal(o, rnd, owners, n_acc)
                opps.append(d)
                lines += ls
                points += ps
                rivals += rs
            for table, rows in ((m.Opportunity, opps), (m.OppChange, lines), (m.WinRatePoint, points),
                                (m.OppCompetitor, rivals)):
                conn.execute(insert(table), rows)
    engine.dispose()


def run(cmd: list[str], env: dict, out: Path | None = None) -> tuple[float, int]:
    """(seconds, peak RSS in KiB) of one whole process; its stdout into ``out``."""
    with open(out or os.devnull, "wb") as sink:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, stdout=sink, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - t0
        err = proc.stderr.read().decode()
        proc.stderr.close()
        proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}): {err[-400:]}")
    return elapsed, usage.ru_maxrss


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="10000,100000")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--keep", metavar="DIR", help="build (or reuse) the databases in DIR and keep them")
    ap.add_argument("--generate", nargs=2, metavar=("N", "FILE"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.generate:  # in a child process: the bench's own memory stays small, and so does what
        generate(f"sqlite:///{args.generate[1]}", int(args.generate[0]))  # its forked children start with
        return
    sizes = [int(x) for x in args.sizes.split(",")]
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="tasplus-analyze-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, TASPLUS_HOME=str(work / "home"), TASPLUS_TODAY=TODAY.isoformat(), COLUMNS="100")
    print(f"before: {load()}", flush=True)
    tasplus = str(BIN / "tasplus")
    files = {}
    for n in sizes:
        files[n] = work / f"closed-{n}.db"
        if not files[n].exists():
            t0 = time.perf_counter()
            subprocess.run([sys.executable, __file__, "--generate", str(n), str(files[n])], check=True)
            print(f"generated {n:>7} closed deals, {10 * n} history lines, {2 * n} win-rate points "
                  f"in {time.perf_counter() - t0:5.1f} s", flush=True)
    demo = work / "demo.db"
    if not demo.exists():
        subprocess.run([tasplus, "demo", "--path", str(demo), "--yes"], env=env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    html = work / "review.html"
    cmds = {"floor": [sys.executable, "-c", "import sqlmodel"],
            "report": [tasplus, "--db", str(demo), "report", "review", "--html", str(html), "--force"]}
    for n in sizes:
        cmds[f"analyze {n}"] = [tasplus, "--db", str(files[n]), "analyze", "--json"]
        cmds[f"bare {n}"] = [sys.executable, str(HERE / "brier_bare.py"), str(files[n])]
    for what, cmd in cmds.items():  # one untimed round: the file cache warm for everyone
        run(cmd, env)
    times: dict[str, list[float]] = {k: [] for k in cmds}
    rss: dict[str, int] = {}
    for _ in range(args.repeat):
        for what, cmd in cmds.items():
            sec, peak = run(cmd, env, work / f"{what.replace(' ', '-')}.out")
            times[what].append(sec)
            rss[what] = max(rss.get(what, 0), peak)
    med = {k: statistics.median(v) for k, v in times.items()}
    floor = med["floor"]
    print(f"\nstart-up floor (python -c 'import sqlmodel'): {floor:.3f} s, peak RSS {rss['floor'] // 1024} MiB")
    print(f"\n{'what':<34} {'median s':>9} {'work s':>8} {'÷ bare':>8} {'peak RSS':>9}")
    for n in sizes:
        a, b = med[f"analyze {n}"], med[f"bare {n}"]
        print(f"{'tasplus analyze --json, ' + format(n, ','):<34} {a:9.3f} {a - floor:8.3f} {a / b:8.2f} "
              f"{rss[f'analyze {n}'] // 1024:5d} MiB")
        print(f"{'bare Brier SQL (sqlite3), ' + format(n, ','):<34} {b:9.3f} {'':>8} {1:8.2f} "
              f"{rss[f'bare {n}'] // 1024:5d} MiB")
    r = med["report"]
    print(f"{'tasplus report review --html, demo':<34} {r:9.3f} {r - floor:8.3f} {'':>8} {rss['report'] // 1024:5d} MiB")
    print("\nthe same Brier score (TAS+ win rate at the close):")
    ok = True
    for n in sizes:
        data = json.loads((work / f"analyze-{n}.out").read_text(encoding="utf-8"))
        at_close = next(h for h in data["calibration"]["horizons"] if h["days_before"] == 0)["tasplus"]
        bare = json.loads((work / f"bare-{n}.out").read_text(encoding="utf-8"))
        same = (at_close["n"], at_close["brier"]) == (bare["n"], bare["brier"])
        ok &= same
        print(f"  {n:>7} deals: analyze n={at_close['n']} brier={at_close['brier']}   "
              f"bare SQL n={bare['n']} brier={bare['brier']} (unrounded {bare['sum'] / bare['n']:.6f})   "
              f"{'equal' if same else 'DIFFERENT'}")
    if len(sizes) > 1:
        lo, hi = min(sizes), max(sizes)
        print(f"\nanalyze ×{hi // lo} data: ×{med[f'analyze {hi}'] / med[f'analyze {lo}']:.1f} time, "
              f"×{(med[f'analyze {hi}'] - floor) / max(1e-9, med[f'analyze {lo}'] - floor):.1f} work, "
              f"×{rss[f'analyze {hi}'] / rss[f'analyze {lo}']:.2f} peak RSS")
    print(f"after: {load()}")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    if not ok:
        raise SystemExit("the Brier scores differ")


if __name__ == "__main__":
    main()
