"""Scale benchmark (QUALITY.md "Speed"): one command, ratios against peers in the same run.

    python bench/scale.py [--sizes 1000,10000] [--repeat 5]

Generates databases of N deals, each with 10 activities, 2 surveys (2
competitor scores each, a win-rate point per survey) and 5 stakeholders,
directly through SQLAlchemy Core bulk inserts into a database that tasplus
migrated itself, then times, in the same run:

- ``tasplus --help`` against ``sqlite-utils --help``;
- ``tasplus opp list --json`` on the largest database against a bare script
  that imports sqlmodel and selects the same rows;
- ``tasplus review`` and ``tasplus funnel`` at every size, with the growth factor, and their *work*:
  the time beyond a bare ``python -c "import sqlmodel"`` measured in the same run (the start-up floor
  every database command pays; QUALITY.md's target is "under 1 s of work");
- the manager's commands on the largest database (``--team-size``, default 20,000 deals; issue "The
  manager's week": under 0.5 s of work each): ``review --team``, ``forecast --team`` and ``coach list``.
  The deals belong to 50 reps under 5 managers under one director (``TEAM``), with targets for this
  quarter and the next, forecast categories and an agreed action on one deal in ten.

Prints the medians and ratios, and the load before and after. Needs ``sqlite-utils`` on PATH (``pip install sqlite-utils``).

``--pg postgresql+psycopg://USER:PASSWORD@HOST:PORT/postgres`` runs the same bench on
PostgreSQL: one database per size (``tasplus_bench_N``, created and dropped by the bench; the role
needs CREATEDB), filled by the same generator.
"""

from __future__ import annotations

import argparse
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
    engine.dispose()


def pg_database(server: str, name: str, create: bool) -> str:
    """The URL of a fresh database ``name`` on the server (``create``), or drop it."""
    from sqlalchemy import create_engine, text

    engine = create_engine(server, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        if create:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return server.rsplit("/", 1)[0] + "/" + name


def cli_url(url: str) -> str:
    """``url`` as ``--db`` takes it: without a password (tasplus refuses one on the command line;
    PGPASSWORD or ~/.pgpass gives it)."""
    from sqlalchemy.engine import URL, make_url

    u = make_url(url)
    return URL.create(u.drivername, u.username, None, u.host, u.port, u.database).render_as_string()


def next_quarter(period: str) -> str:
    year, q = int(period[:4]), int(period[-1])
    return f"{year + q // 4}Q{q % 4 + 1}"


BARE = """
import sys
from sqlmodel import Session, create_engine, select
from tasplus_cli.store.models import Account, Opportunity
engine = create_engine(sys.argv[1])
with Session(engine) as s:
    rows = s.exec(select(Opportunity, Account).join(Account, Account.id == Opportunity.account_id)
                  .where(Opportunity.status == "open").order_by(Opportunity.id)).all()
print(len(rows))
"""


def load() -> str:
    """The machine's load (the bench shares it: absolute times move with it, ratios much less)."""
    with open("/proc/loadavg", encoding="ascii") as f:
        return "load average " + " ".join(f.read().split()[:3])


def timed(cmd: list[str], env: dict, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        runs.append(time.perf_counter() - t0)
        if proc.returncode != 0:
            raise SystemExit(f"{' '.join(cmd)} failed: {proc.stderr.decode()[-400:]}")
    return statistics.median(runs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--pg", metavar="URL", help="run on PostgreSQL (a server URL ending in /postgres)")
    ap.add_argument("--team-size", type=int, default=20000, help="deals of the database the manager's commands "
                                                                 "are timed on (0: skip them)")
    args = ap.parse_args()
    sizes = [int(x) for x in args.sizes.split(",")]
    peer = shutil.which("sqlite-utils", path=str(BIN)) or shutil.which("sqlite-utils")
    if not peer:
        raise SystemExit("sqlite-utils is not installed: pip install sqlite-utils")
    work = Path(tempfile.mkdtemp(prefix="tasplus-bench-"))
    env = dict(os.environ, TASPLUS_HOME=str(work), TASPLUS_TODAY=TODAY.isoformat(), COLUMNS="160")
    print(f"before: {load()}", flush=True)
    dbs = {}
    for n in sorted(set(sizes) | ({args.team_size} if args.team_size else set())):
        dbs[n] = pg_database(args.pg, f"tasplus_bench_{n}", True) if args.pg else f"sqlite:///{work}/deals-{n}.db"
        t0 = time.perf_counter()
        generate(dbs[n], n)
        print(f"generated {n:>6} deals in {time.perf_counter() - t0:5.1f} s → {cli_url(dbs[n])}", flush=True)
    rows = []
    help_t = timed(tasplus("--help", env=env), env, args.repeat)
    peer_t = timed([peer, "--help"], env, args.repeat)
    rows.append(("tasplus --help", help_t, "sqlite-utils --help", peer_t))
    big = dbs[max(sizes)]
    list_t = timed(tasplus("--db", str(big), "opp", "list", "--json", env=env), env, args.repeat)
    bare = work / "bare.py"
    bare.write_text(BARE, encoding="utf-8")
    bare_t = timed([sys.executable, str(bare), big], env, args.repeat)
    rows.append((f"opp list --json ({max(sizes)} deals)", list_t, "bare sqlmodel select", bare_t))
    print(f"\n{'what':<40} {'median s':>9}   {'peer':<26} {'median s':>9} {'ratio':>7}")
    for what, a, peer_name, b in rows:
        print(f"{what:<40} {a:9.3f}   {peer_name:<26} {b:9.3f} {a / b:7.2f}")
    floor = timed([sys.executable, "-c", "import sqlmodel"], env, args.repeat)
    print(f"\nstart-up floor (python -c 'import sqlmodel'): {floor:.3f} s")
    for cmd in ("review", "funnel"):
        times = {n: timed(tasplus("--db", str(dbs[n]), cmd, env=env), env, args.repeat) for n in sizes}
        line = "  ".join(f"{n} deals {t:6.3f} s (work {t - floor:5.3f} s)" for n, t in times.items())
        growth = ""
        if len(sizes) > 1:
            lo, hi = min(sizes), max(sizes)
            growth = (f"  growth ×{times[hi] / times[lo]:.1f} total, ×{(times[hi] - floor) / (times[lo] - floor):.1f}"
                      f" work, for ×{hi // lo} data")
        print(f"tasplus {cmd:<8} {line}{growth}")
    if args.team_size:
        team_db = dbs[args.team_size]
        print(f"\nthe manager's commands on {args.team_size} deals, {len(TEAM) - 6} reps (target: < 0.5 s of work each)")
        for cmd in (("review", "--team", DIRECTOR), ("forecast", "--team", DIRECTOR), ("coach", "list")):
            t = timed(tasplus("--db", str(team_db), *cmd, env=env), env, args.repeat)
            print(f"tasplus {' '.join(cmd):<26} {t:6.3f} s (work {t - floor:5.3f} s)")
    print(f"after: {load()}")
    shutil.rmtree(work, ignore_errors=True)
    for n in dbs if args.pg else ():
        pg_database(args.pg, f"tasplus_bench_{n}", False)


if __name__ == "__main__":
    main()
