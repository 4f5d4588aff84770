"""Scale benchmark (issue "Fast at a whole company's size"): every figure at every size, as ratios
against a peer or the start-up floor measured in the same rounds.

    python bench/scale.py [--sizes 1000,10000,100000] [--repeat 5] [--keep DIR] [--pg URL]

Generates databases of N open deals, each with 10 activities, 2 surveys (2 competitor scores
each, a win-rate point per survey), 5 stakeholders and a compelling event, owned by 50 reps under
5 managers under one director (``TEAM``), with targets for this quarter and the next, forecast
categories and an agreed action on one deal in ten — directly through SQLAlchemy Core bulk
inserts into a database that tasplus migrated itself. Then, per size, in rounds whose order
rotates (every command sees the same load), medians of ``--repeat``, with each process's peak
RSS (``os.wait4``):

- the floor: ``python -c "import sqlmodel"``, what every database command pays before its work;
- ``review``, ``review --team director``, ``forecast``, ``forecast --team director``: their time,
  their *work* (time beyond the floor) and peak memory;
- ``funnel --json`` and ``opp list --json`` beside ``bench/bare_lists.py`` (the stdlib ``sqlite3``
  script that prints the same bytes; checked before timing) and the ratio;
- the everyday commands ``opp show``, ``winrate``, ``map``, ``activity log`` and ``survey run``
  with flags, as a ratio to the floor (the last two write: a row per run);

and at the end each command's growth of work per ×10 data. ``--keep DIR`` keeps the SQLite
databases (generating 100,000 deals takes about a minute) and reuses them.

``--pg postgresql+psycopg://USER:PASSWORD@HOST:PORT/postgres`` runs the same bench on
PostgreSQL: one database per size (``tasplus_bench_N``, created and dropped by the bench; the
role needs CREATEDB), filled by the same generator; the bare sqlite3 scripts are SQLite's only.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

BIN = Path(sys.executable).parent
TODAY = date(2026, 11, 27)
DIRECTOR = "director"
# the sales team: a director, 5 managers, 10 reps each (user name, manager name)
TEAM = [(DIRECTOR, None)] + [(f"mgr{m}", DIRECTOR) for m in range(5)] + [
    (f"rep{m}{r}", f"mgr{m}") for m in range(5) for r in range(10)]
STAGES = ["validate", "initiate", "analyze", "present", "tender", "bid", "negotiate"]
KINDS = ["call", "email", "meeting", "demo", "dinner"]


def tasplus(*args: str, env: dict) -> list[str]:
    if len(args) > 1 and args[0] == "--db":
        args = ("--db", cli_url(args[1]), *args[2:])
    return [str(BIN / "tasplus"), *args]


def generate(url: str, deals: int, seed: int = 7, now: datetime | None = None) -> None:
    """A tasplus database at ``url`` with ``deals`` deals and their activities, surveys and stakeholders;
    ``now`` (default: the clock) stamps the records, so a pinned ``now`` and seed give the same database
    (tests/test_outputs_unchanged.py)."""
    from sqlalchemy import insert

    from tasplus_cli.store import models as m, models as t
    from tasplus_cli.store.db import make_engine
    from tasplus_cli.store.migrate import ensure_head

    rnd = random.Random(seed)
    engine = make_engine(url, write=True)
    ensure_head(engine, url)
    now = now or datetime.now(timezone.utc)
    n_acc = max(1, deals // 10)
    owners = [name for name, boss in TEAM if boss and boss != DIRECTOR]
    with engine.begin() as conn:
        conn.execute(insert(m.Account), [{"id": i, "code": f"ACC-{i:04d}", "name": f"Account {i}",
                                          "created_at": now, "updated_at": now} for i in range(1, n_acc + 1)])
        contacts = []
        for a in range(1, n_acc + 1):
            for k in range(8):
                cid = (a - 1) * 8 + k + 1
                contacts.append({"id": cid, "code": f"CON-{cid:04d}", "account_id": a, "name": f"Person {cid}",
                                 "reports_to_id": (a - 1) * 8 + 1 if k else None,
                                 "relationship": rnd.choice(["positive", "neutral", "negative", None]),
                                 "created_at": now, "updated_at": now})
        conn.execute(insert(m.Contact), contacts)
        conn.execute(insert(t.Competitor), [{"id": i, "code": f"CMP-{i:04d}", "name": f"Rival {i}",
                                             "created_at": now, "updated_at": now} for i in range(1, 6)])
        opps, events, stakes, acts, links, surveys, scores, points, changes, actions = ([] for _ in range(10))
        aid = sid = 0
        for o in range(1, deals + 1):
            acc = rnd.randint(1, n_acc)
            amount = rnd.choice([150_000, 450_000, 2_000_000, 6_000_000]) * 100
            grade = "A" if amount >= 5e8 else "B" if amount >= 1e8 else "C" if amount >= 3e7 else "D"
            stage = rnd.choice(STAGES)
            opps.append({"id": o, "code": f"OPP-{o:04d}", "name": f"Deal {o}", "account_id": acc,
                         "owner": rnd.choice(owners), "amount_minor": amount, "currency": "CNY", "stage": stage,
                         "status": "open", "grade": grade, "grade_manual": False,
                         "forecast_category": rnd.choice(["pipeline", "pipeline", "best-case", "commit"]),
                         "close_date": TODAY + timedelta(days=rnd.randint(-30, 200)), "created_at": now,
                         "updated_at": now})
            events.append({"id": o, "code": f"EVT-{o:04d}", "opp_id": o, "text": "budget", "kind": "budget",
                           "status": rnd.choice(["confirmed", "unconfirmed"]), "created_at": now, "changed_at": now})
            people = [(acc - 1) * 8 + k + 1 for k in range(8)]
            for k, role in enumerate(["approver", "decision-maker", "evaluator", "user", "user"]):
                stakes.append({"opp_id": o, "contact_id": people[k], "role": role, "inside_source": k == 2,
                               "created_at": now, "updated_at": now})
            for k in range(10):
                aid += 1
                day = TODAY - timedelta(days=rnd.randint(-10, 60))
                acts.append({"id": aid, "code": f"ACT-{aid:06d}", "account_id": acc, "opp_id": o,
                             "kind": rnd.choice(KINDS), "day": day,
                             "status": "planned" if day > TODAY - timedelta(days=3) else "done",
                             "summary": "touch", "created_at": now})
                links.append({"activity_id": aid, "contact_id": rnd.choice(people)})
            previous = None
            for k in range(2):
                sid += 1
                day = TODAY - timedelta(days=14 - 7 * k)
                surveys.append({"id": sid, "code": f"SUR-{sid:06d}", "opp_id": o, "day": day,
                                "inside_source": rnd.random() < .6, "our_fit": rnd.randint(1, 5),
                                "our_closeness": rnd.randint(1, 5), "created_at": now})
                for c in rnd.sample(range(1, 6), 2):
                    scores.append({"survey_id": sid, "competitor_id": c, "fit": rnd.randint(1, 5),
                                   "closeness": rnd.randint(1, 5)})
                rate = rnd.randint(0, 80)
                points.append({"opp_id": o, "day": day, "at": datetime.combine(day, datetime.min.time(), timezone.utc),
                               "win_rate": rate, "rank": rnd.randint(1, 4), "previous": previous,
                               "is_event": previous is not None and abs(rate - previous) >= 10, "trigger": "survey",
                               "survey_id": sid, "reasons": "[]", "inputs": "{}"})
                previous = rate
            changes.append({"opp_id": o, "at": now - timedelta(days=rnd.randint(0, 20)), "by": "bench",
                            "field": "stage", "old": "validate", "new": stage})
            if o % 10 == 0:
                due = TODAY + timedelta(days=rnd.randint(-10, 14))
                actions.append({"code": f"AGR-{o // 10:04d}", "opp_id": o, "text": "call the approver",
                                "owner": opps[-1]["owner"], "due": due, "status": rnd.choice(["open", "done"]),
                                "agreed_on": TODAY - timedelta(days=7), "created_at": now})
        users = [{"name": n, "manager": b, "created_at": now, "updated_at": now} for n, b in TEAM]
        quarter = f"{TODAY.year}Q{(TODAY.month - 1) // 3 + 1}"
        targets = [{"user": n, "period": p, "amount_minor": 3_000_000_00, "currency": "CNY", "updated_at": now}
                   for n, b in TEAM if b and b != DIRECTOR for p in (quarter, next_quarter(quarter))]
        for table, rows in ((m.Opportunity, opps), (m.CompellingEvent, events), (t.Stakeholder, stakes),
                            (t.Activity, acts), (t.ActivityContact, links), (t.Survey, surveys),
                            (t.SurveyScore, scores), (t.WinRatePoint, points), (m.OppChange, changes),
                            (m.AppUser, users), (m.SalesTarget, targets), (m.CoachingAction, actions)):
            for i in range(0, len(rows), 5000):
                conn.execute(insert(table), rows[i:i + 5000])
        if engine.dialect.name == "postgresql":  # the ids were given: move each sequence past them
            from sqlalchemy import text

            from sqlmodel import SQLModel

            for table in SQLModel.metadata.sorted_tables:
                if "id" in table.c and table.c.id.autoincrement in (True, "auto") and table.c.id.primary_key:
                    conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                                      f"COALESCE((SELECT max(id) FROM {table.name}), 0) + 1, false)"))
    if engine.dialect.name == "postgresql":  # what autovacuum does within a minute of a bulk load
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            from sqlalchemy import text

            conn.execute(text("ANALYZE"))
    engine.dispose()


def pg_database(server: str, name: str, create: bool, reuse: bool = False) -> tuple[str, bool]:
    """The URL of a fresh database ``name`` on the server (``create``), or drop it; ``reuse``: keep it
    when it already holds deals. Also: whether it is new (to be filled)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(server, isolation_level="AUTOCOMMIT")
    url = server.rsplit("/", 1)[0] + "/" + name
    with engine.connect() as conn:
        if reuse and conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first():
            engine.dispose()
            return url, False
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        if create:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return url, True


def cli_url(url: str) -> str:
    """``url`` as ``--db`` takes it: without a password (tasplus refuses one on the command line;
    PGPASSWORD or ~/.pgpass gives it)."""
    from sqlalchemy.engine import URL, make_url

    u = make_url(url)
    return URL.create(u.drivername, u.username, None, u.host, u.port, u.database).render_as_string()


def next_quarter(period: str) -> str:
    year, q = int(period[:4]), int(period[-1])
    return f"{year + q // 4}Q{q % 4 + 1}"


# what the issue "Fast at a whole company's size" times at every size (name: tasplus arguments after --db)
MANAGER = {"review": ("review",), "review --team": ("review", "--team", DIRECTOR), "forecast": ("forecast",),
           "forecast --team": ("forecast", "--team", DIRECTOR)}
LISTS = {"funnel --json": ("funnel", "--json"), "opp list --json": ("opp", "list", "--json")}
EVERYDAY = {"opp show": ("opp", "show", "OPP-0001"), "winrate": ("winrate", "OPP-0001"), "map": ("map", "OPP-0001"),
            "activity log": ("activity", "log", "OPP-0001", "--kind", "call", "--summary", "bench call"),
            "survey run (flags)": ("survey", "run", "OPP-0001", "--inside-source", "yes", "--our-fit", "4",
                                   "--our-closeness", "3", "--competitor", "Rival 1=3,2", "--competitor", "Rival 2=2,2",
                                   "--answered-by", "rep00", "--no-input")}
FLOOR = "import sqlmodel (floor)"


def load() -> str:
    """The machine's load (the bench shares it: absolute times move with it, ratios much less)."""
    with open("/proc/loadavg", encoding="ascii") as f:
        return "load average " + " ".join(f.read().split()[:3])


def once(cmd: list[str], env: dict) -> tuple[float, int]:
    """Seconds and peak RSS (KiB, ``os.wait4``) of one whole process; exits when it fails."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - t0
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(cmd)} failed: {err.decode(errors='replace')[-400:]}")
    return elapsed, usage.ru_maxrss


def rounds(cmds: dict[str, list[str]], env: dict, repeat: int) -> dict[str, tuple[float, int]]:
    """Each command ``repeat`` times, in rounds whose order rotates (all see the same load), after one
    untimed round: the median seconds and the largest peak RSS (KiB) of each."""
    names = list(cmds)
    for name in names:
        once(cmds[name], env)
    runs: dict[str, list[tuple[float, int]]] = {name: [] for name in names}
    for n in range(repeat):
        for name in names[n % len(names):] + names[:n % len(names)]:
            runs[name].append(once(cmds[name], env))
    return {name: (statistics.median(t for t, _ in r), max(k for _, k in r)) for name, r in runs.items()}


def same_bytes(a: list[str], b: list[str], env: dict) -> bool:
    """Whether the two commands print the same bytes (the bare scripts must print what tasplus prints),
    compared by digest as they stream: a bench holding 60 MB of output would count in the peak RSS of
    every process it starts afterwards (Linux keeps a forked child's high-water mark across exec)."""
    def digest(cmd: list[str]) -> str:
        h = hashlib.sha256()
        with subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL) as proc:
            for chunk in iter(lambda: proc.stdout.read(1 << 16), b""):
                h.update(chunk)
        return h.hexdigest()

    return digest(a) == digest(b)


def size_table(n: int, url: str, env: dict, repeat: int) -> dict[str, tuple[float, int]]:
    """Time everything the issue names on one database, with the floor and the bare scripts in the same rounds."""
    db = ("--db", url)
    cmds = {FLOOR: [sys.executable, "-c", "import sqlmodel"]}
    cmds.update({name: tasplus(*db, *args, env=env) for name, args in {**MANAGER, **LISTS, **EVERYDAY}.items()})
    bare = Path(__file__).with_name("bare_lists.py")
    if url.startswith("sqlite") and bare.exists():
        path = url.split("///", 1)[1]
        for name, what in (("funnel --json", "funnel"), ("opp list --json", "list")):
            cmds[f"bare sqlite3: {name}"] = [sys.executable, str(bare), what, path]
            if not same_bytes(cmds[name], cmds[f"bare sqlite3: {name}"], env):
                raise SystemExit(f"bench/bare_lists.py {what} does not print what tasplus {name} prints at {n} deals")
    got = rounds(cmds, env, repeat)
    floor = got[FLOOR][0]
    print(f"\n{n:,} deals ({url.split(':', 1)[0]}), {load()}")
    print(f"{'what':<34} {'median s':>9} {'work s':>8} {'peak MiB':>9}   {'÷ peer or floor':<28}")
    for name, (t, kib) in got.items():
        peer = ""
        if name in LISTS and f"bare sqlite3: {name}" in got:
            peer = f"{t / got[f'bare sqlite3: {name}'][0]:5.2f}× bare sqlite3 (target ≤ 1.5)"
        elif name in EVERYDAY:
            peer = f"{t / floor:5.2f}× floor (target ≤ 1.2 at 10k)"
        elif name in MANAGER:
            peer = "target: work < 2 s at 100k, < 200 MiB"
        work = "" if name == FLOOR or name.startswith("bare") else f"{t - floor:8.3f}"
        print(f"{name:<34} {t:9.3f} {work:>8} {kib / 1024:9.0f}   {peer}")
    return got


def growth(results: dict[int, dict[str, tuple[float, int]]]) -> None:
    """Each command's work from one size to the next (target for the review: ≤ ×3 per ×10 from 10k to 100k)."""
    sizes = sorted(results)
    print("\ngrowth of the work (time beyond the floor) per ×10 data")
    for name in (*MANAGER, *LISTS, "opp show", "map"):
        steps = []
        for lo, hi in zip(sizes, sizes[1:]):
            w = [results[k][name][0] - results[k][FLOOR][0] for k in (lo, hi)]
            steps.append(f"{lo:,} → {hi:,}: ×{w[1] / w[0]:.1f}" if w[0] > 0.005 else f"{lo:,} → {hi:,}: (work ≈ 0)")
        print(f"  {name:<18} " + "   ".join(steps))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--pg", metavar="URL", help="run on PostgreSQL (a server URL ending in /postgres)")
    ap.add_argument("--keep", metavar="DIR", help="keep the SQLite databases in DIR (with --pg: keep the "
                                                  "tasplus_bench_N databases) and reuse them in later runs")
    ap.add_argument("--generate", nargs=2, metavar=("URL", "N"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.generate:
        return generate(args.generate[0], int(args.generate[1]))
    sizes = sorted(int(x) for x in args.sizes.split(","))
    work = Path(tempfile.mkdtemp(prefix="tasplus-bench-"))
    keep = Path(args.keep) if args.keep else work
    keep.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, TASPLUS_HOME=str(work), TASPLUS_TODAY=TODAY.isoformat(), COLUMNS="160", NO_COLOR="1")
    env.pop("TASPLUS_DB", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # the untimed first round writes the bytecode, as an installed copy has it
    if args.pg:  # tasplus takes no password in --db: the environment gives it
        from sqlalchemy.engine import make_url

        env["PGPASSWORD"] = make_url(args.pg).password or env.get("PGPASSWORD", "")
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, medians of {args.repeat}; before: {load()}",
          flush=True)
    results = {}
    for n in sizes:
        if args.pg:
            url, fresh = pg_database(args.pg, f"tasplus_bench_{n}", True, reuse=bool(args.keep))
        else:
            url = f"sqlite:///{keep}/deals-{n}.db"
            fresh = not (keep / f"deals-{n}.db").exists()
        if fresh:
            t0 = time.perf_counter()
            # in a child process: a child's peak RSS counts the memory of the parent it was forked from
            subprocess.run([sys.executable, __file__, "--generate", url, str(n)], check=True)
            print(f"generated {n:>7,} deals in {time.perf_counter() - t0:5.1f} s → {cli_url(url)}", flush=True)
        results[n] = size_table(n, url, env, args.repeat)
        if args.pg and not args.keep:
            pg_database(args.pg, f"tasplus_bench_{n}", False)
    if len(sizes) > 1:
        growth(results)
    print(f"\nafter: {load()}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
