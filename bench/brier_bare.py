"""The bare peer of ``analyze_bench.py``: the Brier score of the TAS+ win rate at the close,
in one SQL statement through the ``sqlite3`` module (no tasplus, no SQLAlchemy).

    python bench/brier_bare.py DATABASE_FILE        # prints {"n": …, "brier": …, "sum": …}

The same definition as ``tasplus analyze`` (docs/analyze.md, ``store.analyze_stream``):
every closed deal (won, lost, abandoned), its last win-rate point dated on or before
the day it closed (by day, then entry); a deal without such a point, or whose point
is n/a, is not scored; outcome won = 1, else 0; Brier = mean of (rate/100 − outcome)².
"""

from __future__ import annotations

import json
import sqlite3
import sys

SQL = """
WITH last AS (
    SELECT o.status = 'won' AS won,
           (SELECT p.win_rate FROM win_rate_point p
             WHERE p.opp_id = o.id AND p.day <= o.closed_on
             ORDER BY p.day DESC, p.id DESC LIMIT 1) AS rate
      FROM opportunity o
     WHERE o.status IN ('won', 'lost', 'abandoned'))
SELECT count(*), sum((rate / 100.0 - won) * (rate / 100.0 - won)) FROM last WHERE rate IS NOT NULL
"""


def brier(path: str) -> dict:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    n, total = con.execute(SQL).fetchone()
    con.close()
    return {"n": n, "brier": round(total / n, 4) if n else None, "sum": total}


if __name__ == "__main__":
    print(json.dumps(brier(sys.argv[1])))
