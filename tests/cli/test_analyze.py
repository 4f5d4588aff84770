"""``tasplus analyze`` (METHOD §15) on a hand-made history driven through the CLI with
TASPLUS_TODAY moving: every figure of ``analyze --json`` equals an independent computation
from what the test did; filters; bad input (one line, the exit code, nothing written);
the terminal at 80 columns without colour, and in Chinese."""

from __future__ import annotations

import math
import os
import random
import re
from datetime import date, datetime, time, timedelta, timezone

import pytest
from helpers import _dump_url, add_account, assert_clean_error, dump, run, run_json

BASE = date(2026, 1, 5)
PROBS = {"validate": 10, "initiate": 20, "analyze": 30, "present": 40, "tender": 60, "bid": 80, "negotiate": 90}
KEYS = list(PROBS)
REASONS = ["Price 20% above the winner", "决策人倾向对手", "客户预算冻结", "no feedback at all"]


def _date_back(day: date, opp: str | None) -> None:
    """Date the history lines just written (and a new deal's creation) to ``day``, as if typed then."""
    from sqlalchemy import create_engine, text

    stamp = datetime.combine(day, time(9), tzinfo=timezone.utc)
    engine = create_engine(_dump_url(os.environ["TASPLUS_HOME"]).replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as conn:
        conn.execute(text("UPDATE opp_change SET at = :at WHERE id > :last"), {"at": stamp, "last": _date_back.last})
        if opp:
            conn.execute(text("UPDATE opportunity SET created_at = :at WHERE code = :code"), {"at": stamp, "code": opp})
        _date_back.last = conn.execute(text("SELECT COALESCE(MAX(id), 0) FROM opp_change")).scalar()
    engine.dispose()


def _on(mp: pytest.MonkeyPatch, day: date, *args: str, new: str | None = None, json: bool = False):
    mp.setenv("TASPLUS_TODAY", day.isoformat())
    out = run_json(*args) if json else run(*args)
    _date_back(day, new)
    return out


def build() -> list[dict]:
    """24 closed deals, two reps, two competitors, two industries; what was done, deal by deal."""
    rng = random.Random(15)
    _date_back.last = 0
    deals = []
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TASPLUS_TODAY", BASE.isoformat())
        add_account("江北银行", industry="banking")
        add_account("仁和医院", industry="healthcare")
        for c in ("翼辰软件", "澜拓数科"):
            run("competitor", "add", c)
        for i in range(24):
            owner = "alice" if i % 3 == 0 else "tester"
            mp.setenv("TASPLUS_USER", owner)
            created = BASE + timedelta(days=4 * i)
            life = 35 + (i * 11) % 80
            closed = created + timedelta(days=life)
            first_close = created + timedelta(days=life - 10)
            code = f"OPP-{i + 1:04d}"
            account = "江北银行" if i % 2 else "仁和医院"
            _on(mp, created, "opp", "new", f"Deal {i}", "-a", account, "--amount", "200000",
                "--close-date", first_close.isoformat(), new=code)
            d = {"code": code, "owner": owner, "created": created, "closed": closed, "first": first_close,
                 "final": first_close, "moves": [], "points": [], "industry": "banking" if i % 2 else "healthcare",
                 "rival": "翼辰软件" if i % 4 < 2 else "澜拓数科"}
            if i % 5 != 4:  # every fifth deal never confirms a compelling event: its win rate is n/a
                _on(mp, created + timedelta(days=1), "event", "add", code, "budget approved", "--confirmed")
            for off in sorted(rng.sample(range(2, life), k=1 + i % 3)):
                day = created + timedelta(days=off)
                fit, close = rng.randint(1, 5), rng.randint(1, 5)
                sv = _on(mp, day, "survey", "run", code, "--inside-source", rng.choice(["yes", "no"]),
                         "--our-fit", str(fit), "--our-closeness", str(close), "--competitor",
                         f"{d['rival']}={rng.randint(1, 5)},{rng.randint(1, 5)}", "--no-input", json=True)
                d["points"].append((day, sv["win_rate"]))
            stage = 0
            for off in sorted(rng.sample(range(1, life), k=rng.randint(0, 3))):
                stage = min(6, stage + rng.randint(1, 3))
                day = created + timedelta(days=off)
                if not d["moves"] or d["moves"][-1][1] != KEYS[stage]:
                    _on(mp, day, "opp", "advance", code, "--to", KEYS[stage])
                    d["moves"].append((day, KEYS[stage]))
            if i % 3 == 1:  # a slip
                d["final"] = first_close + timedelta(days=5 + i)
                _on(mp, created + timedelta(days=life // 2), "opp", "edit", code, "--close-date", d["final"].isoformat())
            outcome = ["won", "lost", "lost", "abandoned", "won", "lost"][i % 6]
            if outcome == "won" and stage != 6:
                _on(mp, closed - timedelta(days=1) if closed - timedelta(days=1) > created else closed,
                    "opp", "advance", code, "--to", "negotiate")
                d["moves"].append((closed - timedelta(days=1) if closed - timedelta(days=1) > created else closed,
                                   "negotiate"))
            args = ["opp", "close", code, f"--{outcome}"]
            d["reason"] = None
            if outcome != "won":
                d["reason"] = REASONS[i % 4]
                args += ["--reason", d["reason"]]
            d["winner"] = outcome == "lost" and i % 2 == 0
            if d["winner"]:
                args += ["--competitor", d["rival"]]
            _on(mp, closed, *args)
            d["outcome"] = outcome
            deals.append(d)
    return deals


@pytest.fixture
def history(prebuilt, monkeypatch):
    deals = prebuilt(build)
    monkeypatch.setenv("TASPLUS_TODAY", (BASE + timedelta(days=300)).isoformat())
    return deals


# --- the independent computation --------------------------------------------------------

def _nearest_rank(values: list[int], q: float) -> int | None:
    values = sorted(values)
    return values[max(1, math.ceil(q / 100 * len(values))) - 1] if values else None


def _stage_on(d: dict, day: date) -> str:
    stage = "validate"
    for when, new in sorted(d["moves"], key=lambda m: m[0]):
        if when <= day:
            stage = new
    return stage


def _expected(deals: list[dict], h: int) -> dict:
    tas, classic, na = [], [], 0
    for d in deals:
        on = d["closed"] - timedelta(days=h)
        if h and d["created"] > on:
            continue
        won = 1 if d["outcome"] == "won" else 0
        classic.append((PROBS[_stage_on(d, on)], won))
        before = [p for day, p in d["points"] if day <= on]
        if not before or before[-1] is None:
            na += 1
        else:
            tas.append((before[-1], won))

    def brier(pairs):
        return round(sum((p / 100 - o) ** 2 for p, o in pairs) / len(pairs), 4) if pairs else None
    return {"tas_n": len(tas), "tas": brier(tas), "classic_n": len(classic), "classic": brier(classic), "na": na,
            "bins": [(len(b), sum(o for _, o in b)) for b in
                     ([pair for pair in tas if min(pair[0] // 10, 9) == i] for i in range(10))]}


def test_every_figure_equals_an_independent_computation(history):
    deals = history
    data = run_json("analyze")
    assert data["closed"] == {"deals": 24, "won": 8, "lost": 12, "abandoned": 4}
    assert data["meaningful"] is True
    for row in data["calibration"]["horizons"]:
        want = _expected(deals, row["days_before"])
        assert (row["tasplus"]["n"], row["tasplus"]["brier"]) == (want["tas_n"], want["tas"]), row["days_before"]
        assert (row["classic"]["n"], row["classic"]["brier"]) == (want["classic_n"], want["classic"])
        assert row["tasplus_na"] + row["tasplus_none"] == want["na"]
        assert [(b["n"], b["won"]) for b in row["tasplus"]["bins"]] == want["bins"]
    v = data["velocity"]
    cycles = [(d["closed"] - d["created"]).days for d in deals]
    assert (v["cycle"]["all"]["median_days"], v["cycle"]["all"]["p80_days"]) == (
        _nearest_rank(cycles, 50), _nearest_rank(cycles, 80))
    slips = [(d["final"] - d["first"]).days for d in deals]
    assert (v["slippage"]["deals"], v["slippage"]["slipped"]) == (24, sum(1 for s in slips if s > 0))
    assert v["slippage"]["median_days"] == _nearest_rank([s for s in slips if s > 0], 50)
    entered = sum(1 for d in deals)  # every deal starts in validate
    moved = sum(1 for d in deals if d["moves"] or d["outcome"] == "won")
    assert (v["conversion"][0]["entered"], v["conversion"][0]["moved_on"]) == (entered, moved)
    w = data["winloss"]
    for row in w["by_owner"]:
        mine = [d for d in deals if d["owner"] == row["key"]]
        assert (row["deals"], row["won"]) == (len(mine), sum(d["outcome"] == "won" for d in mine))
        assert row["win_share"] == round(100 * row["won"] / row["deals"], 1)
    for row in w["by_competitor"]:
        theirs = [d for d in deals if d["rival"] == row["key"]]
        assert (row["deals"], row["won"], row["lost_to"]) == (
            len(theirs), sum(d["outcome"] == "won" for d in theirs), sum(d["winner"] for d in theirs))
    reasons = {r["reason"]: r["deals"] for r in w["by_lost_reason"]}
    texts = [d["reason"] for d in deals if d["reason"]]
    assert reasons == {k: v for k, v in {
        "price": texts.count(REASONS[0]), "relationship": texts.count(REASONS[1]),
        "timing": texts.count(REASONS[2]), "other": texts.count(REASONS[3])}.items() if v}


def test_filters_narrow_the_deals(history):
    deals = history
    assert run_json("analyze", "--owner", "alice")["closed"]["deals"] == sum(d["owner"] == "alice" for d in deals)
    assert run_json("analyze", "--industry", "Healthcare")["closed"]["deals"] == sum(
        d["industry"] == "healthcare" for d in deals)
    cut = BASE + timedelta(days=80)
    assert run_json("analyze", "--to", cut.isoformat())["closed"]["deals"] == sum(d["closed"] <= cut for d in deals)
    assert run_json("analyze", "--from", cut.isoformat())["closed"]["deals"] == sum(d["closed"] >= cut for d in deals)
    left = run_json("analyze", "--exclude-abandoned")
    assert left["closed"] == {"deals": 20, "won": 8, "lost": 12, "abandoned": 0}
    only = run_json("analyze", "winloss", "--grade", "D")
    assert "winloss" in only and "calibration" not in only and only["closed"]["deals"] == 24
    few = run_json("analyze", "--owner", "alice")
    assert few["meaningful"] is False and few["closed"]["deals"] < 20
    month = min(d["closed"] for d in deals)  # a month given as a period is its first to its last day
    first = month.replace(day=1)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    by_period = run_json("analyze", "--period", f"{month:%Y-%m}")
    assert by_period == run_json("analyze", "--from", first.isoformat(), "--to", last.isoformat())
    assert by_period["closed"]["deals"] == sum(first <= d["closed"] <= last for d in deals) > 0


@pytest.mark.parametrize("args, code", [
    (("--from", "2030-01-01"), 1),                 # a period with no closed deals
    (("--owner", "nobody"), 1),                    # an unknown user
    (("--industry", "mining"), 1),                 # a filter that matches nothing
    (("--from", "2026-06-01", "--to", "2026-01-01"), 2),
    (("--from", "someday"), 2),
    (("forecast",), 2),                             # not a part of analyze
    (("--grade", "Z"), 2),
    (("--period", "2026Q5"), 2),
    (("--period", "2026Q1", "--from", "2026-01-01"), 2),
])
def test_bad_input_is_one_line_and_writes_nothing(history, tasplus_home, args, code):
    before = dump(tasplus_home)
    r = run("analyze", *args, code=None)
    assert_clean_error(r, code)
    assert len([line for line in r.stderr.splitlines() if line.startswith("error:")]) == 1
    assert r.stdout == ""
    assert dump(tasplus_home) == before


def test_an_empty_database_says_so(tasplus_home):
    r = run("analyze", "--json", code=None)
    assert_clean_error(r, 1)
    assert "no closed deals to analyse" in r.stderr


def test_the_screen_fits_80_columns_without_colour(history, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("NO_COLOR", "1")
    out = run("analyze").stdout
    assert "\x1b[" not in out
    assert max(len(line) for line in out.splitlines()) <= 80
    assert "Brier" in out and "┃" in out and "Win share by owner" in out
    monkeypatch.setenv("TASPLUS_LANG", "zh")
    zh = run("analyze").stdout
    assert "赢单比例" in zh and not re.search(r"\b(Win share|Closed deals|median|days)\b", zh)


def test_stored_text_shows_as_typed(history, monkeypatch):
    """A competitor, an owner's deal name and a lost reason holding rich markup print as typed."""
    monkeypatch.setenv("TASPLUS_TODAY", (BASE + timedelta(days=300)).isoformat())
    run("competitor", "add", "[red]Rival[/red]")
    run("opp", "new", "[bold]X", "-a", "江北银行", "--amount", "200000")
    run("opp", "close", "[bold]X", "--lost", "--reason", "[/b] too dear", "--competitor", "[red]Rival[/red]")
    out = run("analyze", "winloss", "--from", (BASE + timedelta(days=300)).isoformat()).stdout
    assert "[red]Rival[/red]" in out and "[/b] too dear" in out
