"""Where ``review`` spends its time on a big database (no profiler overhead): the review run once in
one process (``store.review.review_view``, then the table), each of its stages timed by wrapping the
functions it calls, with the peak RSS after it and the SQL statements it ran (a count that grows with
the deals is an N+1). The garbage collector is tuned as ``cli.main`` tunes it.

    python bench/review_split.py sqlite:////path/deals.db [--team NAME] [--limit 30]

Run with TASPLUS_TODAY set as the database was generated for (scale.py: 2026-11-27).
"""

from __future__ import annotations

import argparse
import gc
import io
import resource
import time
from functools import wraps

STAGES = [  # (module, function): what review_view calls, in order; a nested call also counts in its caller's line
    ("tasplus_cli.store.review", "window_start"), ("tasplus_cli.store.review", "slow_facts"),
    ("tasplus_cli.store.review", "gather"),  # every deal's facts; the people map is judged inside, as rows stream
    ("tasplus_cli.store.coaching", "hands"), ("tasplus_cli.store.review", "agenda"),
    ("tasplus_cli.store.funnel", "base_lines"), ("tasplus_cli.store.review", "shown"),
    ("tasplus_cli.store.coaching", "last_time"), ("tasplus_cli.store.review_team", "reps"),
]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("url")
    ap.add_argument("--team")
    ap.add_argument("--limit", type=int, default=30)
    args = ap.parse_args()
    gc.set_threshold(50_000, 20, 20)
    statements = [0]
    rows: list[tuple[str, float, int, int]] = []

    def rss() -> int:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024

    def timed(name: str, f):  # noqa: ANN001, ANN202
        @wraps(f)
        def run(*a, **k):  # noqa: ANN002, ANN003, ANN202
            n, t = statements[0], time.perf_counter()
            try:
                return f(*a, **k)
            finally:
                rows.append((name, time.perf_counter() - t, rss(), statements[0] - n))
        return run

    import importlib
    import os

    os.environ["TASPLUS_DB"] = args.url
    t0 = time.perf_counter()
    from rich.console import Console
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    event.listen(Engine, "before_cursor_execute", lambda *a: statements.__setitem__(0, statements[0] + 1))
    from tasplus_cli.cli.env import env
    from tasplus_cli.domain.deals import DealFilter
    from tasplus_cli.render import review as render
    from tasplus_cli.store import review as store_review

    for mod, name in STAGES:
        m = importlib.import_module(mod)
        if hasattr(m, name):
            setattr(m, name, timed(name, getattr(m, name)))
    rows.append(("imports", time.perf_counter() - t0, rss(), 0))
    e = env()
    t = time.perf_counter()
    with e.session() as s:
        data = store_review.review_view(s, e.settings, e.today, DealFilter(team=args.team) if args.team else None,
                                        limit=args.limit)
    rows.append(("review_view (the whole)", time.perf_counter() - t, rss(), statements[0]))
    t = time.perf_counter()
    Console(file=io.StringIO(), width=160).print(render.document(data, e.view))
    rows.append(("render table", time.perf_counter() - t, rss(), 0))
    print(f"{data['summary']['deals_in_scope']} deals in scope, {data['summary']['deals_on_agenda']} on the agenda")
    for what, sec, peak, n in rows:
        print(f"{what:<28} {sec:6.3f} s  peak RSS {peak:4d} MiB  {n:3d} SQL statements")


if __name__ == "__main__":
    main()
