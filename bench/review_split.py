"""Where ``review`` spends its time on a big database (no profiler overhead): each stage of
``store.review.review_view`` and the rendering timed in one process, with the peak RSS after each,
and the number of SQL statements each stage ran (a count that grows with the deals is an N+1).

    python bench/review_split.py sqlite:////path/deals.db [--team NAME]

Run with TASPLUS_TODAY set as the database was generated for (scale.py: 2026-11-27).
"""

from __future__ import annotations

import argparse
import io
import resource
import time


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("url")
    ap.add_argument("--team")
    args = ap.parse_args()
    t = time.perf_counter()
    marks: list[tuple[str, float, int, int]] = []
    statements = [0]

    def mark(what: str) -> None:
        nonlocal t
        now = time.perf_counter()
        marks.append((what, now - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024, statements[0]))
        statements[0], t = 0, now

    import os

    os.environ["TASPLUS_DB"] = args.url
    from rich.console import Console
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    event.listen(Engine, "before_cursor_execute", lambda *a: statements.__setitem__(0, statements[0] + 1))

    from tasplus_cli.cli.env import env
    from tasplus_cli.domain.review import agenda
    from tasplus_cli.render import review as render
    from tasplus_cli.store import coaching as coaching_store, review as store_review
    from tasplus_cli.domain.deals import DealFilter
    mark("imports")
    e = env()
    deals = DealFilter(team=args.team) if args.team else None
    with e.session() as s:
        start = store_review.window_start(s, None, e.today, args.team)
        rv = store_review.params(e.settings)
        st = e.settings
        facts = store_review.gather(s, st.template, st.interaction, rv.big_amount_change, e.today, start, deals,
                                    st.plan.clear_margin)
        mark(f"gather ({len(facts)} deals)")
        hands = coaching_store.hands(s, {d.id: d.code for d in facts})
        mark("hands")
        items = agenda(facts, e.today, rv, hands)
        mark(f"agenda ({len(items)} items)")
        data = store_review.review_view(s, st, e.today, deals, limit=30)
        mark("review_view (the whole)")
    Console(file=io.StringIO(), width=160).print(render.document(data, e.view))
    mark("render table")
    for what, sec, rss, n in marks:
        print(f"{what:<28} {sec:6.3f} s  peak RSS {rss:4d} MiB  {n:3d} SQL statements")


if __name__ == "__main__":
    main()
