"""``tasplus funnel``: totals equal the sums of the deals; both forecasts per METHOD §9."""

from __future__ import annotations

from helpers import run, run_json


def test_funnel_totals_and_forecasts(bank):
    run("user", "add", "李娜")
    run("opp", "new", "A1", "--account", bank, "--amount", "6000000")
    run("opp", "new", "C1", "--account", bank, "--amount", "400000", "--owner", "李娜")
    run("opp", "new", "E-pending", "--account", bank, "--amount", "700000", "--partner", "P", "--registration", "R1")
    run("opp", "new", "E-ok", "--account", bank, "--amount", "500000", "--partner", "P", "--registration", "R2")
    run("opp", "grade", "E-ok", "--registration-status", "approved")
    run("opp", "new", "Lost", "--account", bank, "--amount", "900000")
    run("opp", "close", "Lost", "--lost", "--reason", "price")
    run("opp", "advance", "C1", "--to", "negotiate")
    f = run_json("funnel")
    deals = [d for d in run_json("opp", "list") if not (d["grade"] == "E" and d["registration_status"] != "approved")]
    assert f["totals"]["count"] == len(deals) == 3
    assert f["totals"]["amount"] == sum(d["amount"] for d in deals) == 6_900_000
    assert sum(r["amount"] for r in f["stages"]) == f["totals"]["amount"]
    # classic: 6,000,000 × 10 % + 400,000 × 90 % + 500,000 × 10 %; no win rates yet → TAS+ 0
    assert f["totals"]["classic_forecast"] == 600_000 + 360_000 + 50_000
    assert f["totals"]["tasplus_forecast"] == 0
    validate = next(r for r in f["stages"] if r["stage"] == "validate")
    assert validate["by_class"]["AB"] == {"count": 1, "amount": 6_000_000}
    assert validate["by_class"]["E"] == {"count": 1, "amount": 500_000}
    conv = {(c["from"], c["to"]): c for c in f["conversion"]}
    assert conv[("validate", "initiate")]["entered"] == 2  # C1 moved on, Lost closed in validate
    assert conv[("validate", "initiate")]["moved_on"] == 1
    mine = run_json("funnel", "--owner", "李娜")
    assert mine["totals"]["count"] == 1 and mine["totals"]["amount"] == 400_000
    assert run_json("funnel", "--grade", "A")["totals"]["amount"] == 6_000_000
    assert "Pipeline" in run("funnel").stdout
