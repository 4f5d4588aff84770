"""The public MavenTech CRM sample (a 440-deal slice, tests/fixtures/crm_sample and
tests/fixtures/maventech_slice) imported with the documented --map/--value-map
(docs/analyze.md, "Real data"): ``analyze --json`` gives win share by agent, manager and
product, and the median cycle from engagement to close, equal to an independent
computation from the CSV files with the csv module."""

from __future__ import annotations

import csv
import math
from collections import Counter
from datetime import datetime
from pathlib import Path

import pytest
from helpers import run, run_json

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
PIPELINE = FIXTURES / "crm_sample" / "sales_pipeline.csv"
TEAMS = FIXTURES / "maventech_slice" / "sales_teams.csv"
# docs/analyze.md, "Real data": the product becomes the deal's name, the engagement its creation
MAVEN_OPTIONS = ["--map", "opportunity_id=external_id", "--map", "product=name", "--map", "sales_agent=owner",
                 "--map", "close_value=amount", "--map", "engage_date=created_at", "--map", "close_date=closed_on",
                 "--map", "deal_stage=stage", "--map", "deal_stage=status",
                 "--value-map", "stage:Prospecting=validate", "--value-map", "stage:Engaging=analyze",
                 "--value-map", "stage:*=negotiate", "--value-map", "status:Prospecting=open",
                 "--value-map", "status:Engaging=open", "--value-map", "account:=Unknown account",
                 "--date-format", "%d-%m-%y", "--create-missing"]


def _rows() -> list[dict]:
    with PIPELINE.open(encoding="utf-8", newline="") as f:
        return [r for r in csv.DictReader(f) if r["deal_stage"] in ("Won", "Lost")]


def _shares(rows: list[dict], key) -> dict[str, tuple[int, int, float]]:  # noqa: ANN001
    deals, won = Counter(key(r) for r in rows), Counter(key(r) for r in rows if r["deal_stage"] == "Won")
    return {k: (n, won[k], round(100 * won[k] / n, 1)) for k, n in deals.items()}


def _day(text: str):  # noqa: ANN202
    return datetime.strptime(text, "%d-%m-%y").date()


@pytest.fixture
def maventech():
    run("import", "opportunities", str(PIPELINE), *MAVEN_OPTIONS)
    return _rows()


def test_win_share_by_agent_and_product_and_the_median_cycle(maventech):
    rows = maventech
    data = run_json("analyze")
    assert data["closed"]["deals"] == len(rows) and data["closed"]["won"] == sum(r["deal_stage"] == "Won" for r in rows)
    got = {r["key"]: (r["deals"], r["won"], r["win_share"]) for r in data["winloss"]["by_owner"]}
    assert got == _shares(rows, lambda r: r["sales_agent"])
    got = {r["key"]: (r["deals"], r["won"], r["win_share"]) for r in data["winloss"]["by_name"]}
    by_product = _shares(rows, lambda r: r["product"])
    assert got == {k: v for k, v in by_product.items() if v[0] > 1}  # a name of one deal alone is left out
    assert len(got) >= 5
    cycles = sorted((_day(r["close_date"]) - _day(r["engage_date"])).days for r in rows)
    median = cycles[math.ceil(len(cycles) / 2) - 1]  # nearest rank
    assert data["velocity"]["cycle"]["all"]["median_days"] == median
    won = sorted((_day(r["close_date"]) - _day(r["engage_date"])).days for r in rows if r["deal_stage"] == "Won")
    assert data["velocity"]["cycle"]["won"]["median_days"] == won[math.ceil(len(won) / 2) - 1]
    # no surveys in a CRM export: every deal is left out of the TAS+ score, the stage probability is scored
    at_close = data["calibration"]["horizons"][0]
    assert at_close["tasplus"]["n"] == 0 and at_close["tasplus_none"] == len(rows)
    assert at_close["classic"]["n"] == len(rows)


def test_win_share_by_manager(maventech):
    run("import", "users", str(TEAMS), "--map", "sales_agent=name", "--create-missing")
    with TEAMS.open(encoding="utf-8", newline="") as f:
        manager = {r["sales_agent"]: r["manager"] for r in csv.DictReader(f)}
    got = {r["key"]: (r["deals"], r["won"], r["win_share"]) for r in run_json("analyze")["winloss"]["by_manager"]}
    assert got == _shares(maventech, lambda r: manager[r["sales_agent"]])
    some = sorted(set(manager.values()))[0]
    team = run_json("analyze", "--team", some)
    assert team["closed"]["deals"] == sum(manager[r["sales_agent"]] == some for r in maventech)
