"""The floor for ``opp list --json`` and ``funnel --json`` (issue 16, item 2): the same output from
the standard library alone (``sqlite3`` and ``json``), and the bench that times both against it.

    python bench/bare_lists.py list DBFILE            # prints what `tasplus --db sqlite:///DBFILE opp list --json` prints
    python bench/bare_lists.py funnel DBFILE          # ... and what `funnel --json` prints
    python bench/bare_lists.py bench DB1 DB2 ... [--repeat 5]

``bench`` runs, in rotating order and after one untimed round, ``tasplus opp list --json``,
``bench/bare_lists.py list``, ``tasplus funnel --json`` and ``bench/bare_lists.py funnel`` on each
database (whole processes, stdout to a pipe, ``TASPLUS_TODAY`` = 2026-11-27 unless set), checks that
each pair printed the same bytes (exit 1 if not) and prints the medians and the ratios
tasplus ÷ bare. ``bench_rows`` is the same as a function (``bench/scale.py`` calls it).

What the bare script hard-codes, where tasplus reads its settings: the default stage template
(``tasplus_cli/defaults.py``: keys and probabilities), the default base currency (CNY), grade
classes (A/B: AB, C/D: CD, E) and today (``TASPLUS_TODAY``, else the real date). So it prints
tasplus's bytes for a database used with the default settings (the bench's, the demo's); a
changed template or currency in a config file is not read. It reads only what the output
shows, and as SQLite stores it (dates are ISO text already), the way a person would write it
by hand: what tasplus must be close to.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

BASE = "CNY"
STAGES = [("validate", 10), ("initiate", 20), ("analyze", 30), ("present", 40), ("tender", 60), ("bid", 80),
          ("negotiate", 90)]
TODAY = "2026-11-27"  # the bench's day (scale.py)
# what json.dumps(ensure_ascii=False) leaves raw and tasplus writes as \uXXXX (domain.text.json_visible)
_RAW = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
LIST_SQL = """
SELECT o.code, o.name, a.name, a.code, o.owner, o.stage, o.grade, o.status, o.amount_minor, o.currency,
       o.close_date, r.win_rate, o.grade_manual, o.grade_reason, o.partner, o.registration_id,
       o.registration_status, o.closed_on, o.lost_reason, o.approved_on, o.tender_issued_on, o.bid_result,
       o.contract_signed_on, o.external_id, o.forecast_category
FROM opportunity o JOIN account a ON a.id = o.account_id
LEFT JOIN (SELECT w.opp_id, w.win_rate FROM win_rate_point w JOIN (
             SELECT p.opp_id, max(p.id) AS mid FROM win_rate_point p JOIN opportunity d ON d.id = p.opp_id
             WHERE d.closed_on IS NULL OR p.day <= d.closed_on GROUP BY p.opp_id) m ON w.id = m.mid) r
       ON r.opp_id = o.id
WHERE o.status = 'open' ORDER BY o.id
"""
FUNNEL_SQL = """
SELECT o.id, o.code, o.stage, o.status, o.grade, o.amount_minor, o.registration_status, o.currency, r.win_rate
FROM opportunity o
LEFT JOIN (SELECT w.opp_id, w.win_rate FROM win_rate_point w JOIN (
             SELECT p.opp_id, max(p.id) AS mid FROM win_rate_point p JOIN opportunity d ON d.id = p.opp_id
             WHERE d.closed_on IS NULL OR p.day <= d.closed_on GROUP BY p.opp_id) m ON w.id = m.mid) r
       ON r.opp_id = o.id
ORDER BY o.id
"""
RATES_SQL = """
SELECT f.currency, f.rate_micro, f.day FROM fx_rate f
JOIN (SELECT currency, max(day) AS day FROM fx_rate WHERE day <= ? GROUP BY currency) l
  ON l.currency = f.currency AND l.day = f.day
"""


def major(minor: int) -> int | float:
    return minor // 100 if minor % 100 == 0 else minor / 100


def rates(db: sqlite3.Connection) -> dict[str, tuple[int, dict]]:
    """currency → (rate_micro, the rate as JSON) in force today (its latest on or before)."""
    today = os.environ.get("TASPLUS_TODAY") or date.today().isoformat()
    return {c: (r, {"currency": c, "rate": r // 1_000_000 if r % 1_000_000 == 0 else r / 1_000_000, "date": d})
            for c, r, d in db.execute(RATES_SQL, (today,)) if c != BASE}


def to_base(minor: int, currency: str, fx: dict[str, tuple[int, dict]]) -> int | None:
    if currency == BASE:
        return minor
    r = fx.get(currency)
    return None if r is None else (minor * r[0] + 500_000) // 1_000_000


def opp_list(db: sqlite3.Connection) -> list[dict]:
    fx = rates(db)
    out = []
    for (code, name, account, account_code, owner, stage, grade, status, amount, currency, close_date, win_rate,
         manual, reason, partner, reg_id, reg_status, closed_on, lost_reason, approved_on, tender_issued_on,
         bid_result, contract_signed_on, external_id, category) in db.execute(LIST_SQL):
        base = to_base(amount, currency, fx)
        out.append({
            "code": code, "name": name, "account": account, "account_code": account_code, "owner": owner,
            "stage": stage, "grade": grade, "status": status, "amount": major(amount), "currency": currency,
            "close_date": close_date, "win_rate": win_rate, "grade_manual": bool(manual), "grade_reason": reason,
            "partner": partner, "registration_id": reg_id, "registration_status": reg_status,
            "closed_on": closed_on, "lost_reason": lost_reason, "approved_on": approved_on,
            "tender_issued_on": tender_issued_on, "bid_result": bid_result,
            "contract_signed_on": contract_signed_on, "external_id": external_id, "forecast_category": category,
            "amount_base": None if base is None else major(base), "fx": rate[1] if (rate := fx.get(currency)) else None,
        })
    return out


def funnel(db: sqlite3.Connection) -> dict:
    fx = rates(db)
    keys = [k for k, _ in STAGES]
    prob = dict(STAGES)
    rows = {k: {"count": 0, "amount": 0, "AB": [0, 0], "CD": [0, 0], "E": [0, 0], "classic": 0, "tasplus": 0}
            for k in keys}
    total = classic = tasplus = counted = 0
    used, left_out = set(), {}
    reached, open_in, codes = {}, {}, {}
    for i, code, stage, status, grade, amount, reg, currency, win_rate in db.execute(FUNNEL_SQL):
        codes[i] = code
        reached[code] = {stage}
        if status != "open":
            continue
        open_in[code] = stage
        if grade == "E" and reg != "approved":
            continue
        base = to_base(amount, currency, fx)
        if base is None:
            n, a = left_out.get(currency, (0, 0))
            left_out[currency] = (n + 1, a + amount)
            continue
        if currency != BASE:
            used.add(currency)
        total += base
        counted += 1
        c = base * prob.get(stage, 0) // 100
        t = base * (win_rate or 0) // 100
        classic += c
        tasplus += t
        r = rows.get(stage)
        if r is not None:
            r["count"] += 1
            r["amount"] += base
            by = r["AB" if grade in ("A", "B") else "CD" if grade in ("C", "D") else "E"]
            by[0] += 1
            by[1] += base
            r["classic"] += c
            r["tasplus"] += t
    for opp_id, old, new in db.execute("SELECT opp_id, old, new FROM opp_change WHERE field = 'stage'"):
        seen = reached.get(codes.get(opp_id))
        if seen is not None:
            if old:
                seen.add(old)
            if new:
                seen.add(new)
    conversion = []
    for i in range(len(keys) - 1):
        later = set(keys[i + 1:])
        entered = [c for c, seen in reached.items() if keys[i] in seen and open_in.get(c) != keys[i]]
        moved = sum(1 for c in entered if reached[c] & later)
        n = len(entered)
        conversion.append({"from": keys[i], "to": keys[i + 1], "entered": n, "moved_on": moved,
                           "rate": round(100 * moved / n) if n else None})
    return {
        "currency": BASE, "rates": [fx[c][1] for c in sorted(used)],
        "left_out": [{"currency": c, "deals": n, "amount": major(a)} for c, (n, a) in sorted(left_out.items())],
        "stages": [{"stage": k, "count": r["count"], "amount": major(r["amount"]),
                    "by_class": {cls: {"count": r[cls][0], "amount": major(r[cls][1])} for cls in ("AB", "CD", "E")},
                    "classic": major(r["classic"]), "tasplus": major(r["tasplus"])}
                   for k, r in rows.items()],
        "totals": {"count": counted, "amount": major(total), "classic_forecast": major(classic),
                   "tasplus_forecast": major(tasplus), "left_out": sum(n for n, _ in left_out.values())},
        "conversion": conversion,
    }


def emit(data: object) -> None:
    text = json.dumps(data, ensure_ascii=False)
    if not text.isprintable():
        text = _RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    sys.stdout.buffer.write(text.encode("utf-8", "surrogatepass") + b"\n")


# --- the bench ---------------------------------------------------------------------------------------

def _tasplus() -> str:
    return str(Path(sys.executable).parent / "tasplus")


def commands(db: str, tasplus: str | None = None) -> dict[str, tuple[list[str], list[str]]]:
    """what → (tasplus's command, the bare script's) for the database file ``db``."""
    me, t = str(Path(__file__).resolve()), tasplus or _tasplus()
    url = f"sqlite:///{Path(db).resolve()}"
    return {"opp list --json": ([t, "--db", url, "opp", "list", "--json"], [sys.executable, me, "list", db]),
            "funnel --json": ([t, "--db", url, "funnel", "--json"], [sys.executable, me, "funnel", db])}


def _run(cmd: list[str], env: dict) -> tuple[float, bytes]:
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    took = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}): {proc.stderr.decode()[-400:]}")
    return took, proc.stdout


def bench_rows(dbs: list[str], repeat: int = 5, env: dict | None = None,
               tasplus: str | None = None) -> list[dict]:
    """Per database and command: the medians of tasplus and of the bare script (rotating order, one
    untimed round first), their ratio, and whether they printed the same bytes."""
    env = dict(env or os.environ)
    env.setdefault("TASPLUS_TODAY", TODAY)
    env.setdefault("TASPLUS_HOME", str(Path(dbs[0]).resolve().parent))
    jobs = [(db, what, side, cmd) for db in dbs for what, pair in commands(db, tasplus).items()
            for side, cmd in zip(("tasplus", "bare"), pair)]
    times: dict[tuple, list[float]] = {(db, what, side): [] for db, what, side, _ in jobs}
    outputs: dict[tuple, bytes] = {}
    for round_ in range(repeat + 1):
        order = jobs[round_ % len(jobs):] + jobs[:round_ % len(jobs)]
        for db, what, side, cmd in order:
            took, out = _run(cmd, env)
            if round_ == 0:
                outputs[(db, what, side)] = out
            else:
                times[(db, what, side)].append(took)
    rows = []
    for db in dbs:
        for what in commands(db):
            t, b = (statistics.median(times[(db, what, side)]) for side in ("tasplus", "bare"))
            same = outputs[(db, what, "tasplus")] == outputs[(db, what, "bare")]
            rows.append({"db": db, "what": what, "tasplus": t, "bare": b, "ratio": t / b, "identical": same,
                         "bytes": len(outputs[(db, what, "tasplus")])})
    return rows


def _load() -> str:
    with open("/proc/loadavg", encoding="ascii") as f:
        return " ".join(f.read().split()[:3])


def bench_main(argv: list[str]) -> int:
    import argparse

    ap = argparse.ArgumentParser(prog="bare_lists.py bench")
    ap.add_argument("dbs", nargs="+", metavar="DBFILE")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--tasplus", help="the tasplus executable (default: beside this Python)")
    args = ap.parse_args(argv)
    print(f"load before: {_load()}", flush=True)
    rows = bench_rows(args.dbs, args.repeat, tasplus=args.tasplus)
    print(f"{'database':<28} {'what':<16} {'tasplus s':>9} {'bare s':>8} {'ratio':>6}  output")
    for r in rows:
        print(f"{Path(r['db']).name:<28} {r['what']:<16} {r['tasplus']:9.3f} {r['bare']:8.3f} {r['ratio']:6.2f}  "
              f"{'identical' if r['identical'] else 'DIFFERENT'} ({r['bytes']:,} bytes)")
    print(f"load after: {_load()}; medians of {args.repeat}, ratio = tasplus ÷ bare (target at 100,000 deals: ≤ 1.5)")
    return 0 if all(r["identical"] for r in rows) else 1


def main(argv: list[str]) -> int:
    if argv[:1] == ["bench"]:
        return bench_main(argv[1:])
    if len(argv) != 2 or argv[0] not in ("list", "funnel"):
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    db = sqlite3.connect(f"file:{Path(argv[1]).resolve()}?mode=ro", uri=True)
    emit(opp_list(db) if argv[0] == "list" else funnel(db))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
