"""domain/calibration: Brier score and bins, percentiles, conversion, stays, lost reasons,
checked against sums written out by hand on a small made-up history."""

from __future__ import annotations

from datetime import date

import pytest

from tasplus_cli.domain.calibration import (Conversion, Histogram, Reason, Scored, bin_of, lost_reason, percentile,
                                            rate_on, stage_on, stays)

# (prediction %, won) of six closed deals
HAND = [(80, True), (70, False), (30, False), (95, True), (100, True), (5, False)]


def test_brier_and_bins_by_hand():
    s = Scored()
    for p, won in HAND:
        s.add(p, won)
    # (0.8-1)² + 0.7² + 0.3² + (0.95-1)² + 0 + 0.05² = 0.04 + 0.49 + 0.09 + 0.0025 + 0 + 0.0025
    assert s.brier == round(0.625 / 6, 4) == 0.1042
    d = s.as_dict()
    assert d["n"] == 6
    by = {b["bin"]: (b["n"], b["mean_predicted"], b["win_share"]) for b in d["bins"] if b["n"]}
    assert by == {"0–9": (1, 5.0, 0.0), "30–39": (1, 30.0, 0.0), "70–79": (1, 70.0, 0.0),
                  "80–89": (1, 80.0, 100.0), "90–100": (2, 97.5, 100.0)}
    assert [b["n"] for b in d["bins"]].count(0) == 5 and len(d["bins"]) == 10


@pytest.mark.parametrize("p, i", [(0, 0), (9, 0), (10, 1), (89, 8), (90, 9), (100, 9)])
def test_bins_are_ten_points_and_100_is_in_the_last(p, i):
    assert bin_of(p) == i


def test_a_coin_flip_scores_a_quarter_and_nothing_scores_none():
    s = Scored()
    s.add(50, True)
    s.add(50, False)
    assert s.brier == 0.25
    assert Scored().brier is None and Scored().as_dict()["bins"][0]["win_share"] is None


def test_percentiles_are_nearest_rank_without_keeping_values():
    values = [3, 1, 4, 1, 5, 9, 2, 6]  # sorted: 1 1 2 3 4 5 6 9
    h = Histogram()
    for v in values:
        h.add(v)
    assert (h.percentile(50), h.percentile(80), h.percentile(100)) == (3, 6, 9)
    assert percentile(values, 50) == 3 and percentile([], 50) is None
    assert h.as_dict() == {"n": 8, "mean_days": 3.9, "median_days": 3, "p80_days": 6}


def test_conversion_counts_jumps_and_wins():
    c = Conversion(["a", "b", "c"])
    c.add({"a", "c"}, won=True)     # jumped b, then won
    c.add({"a", "b"}, won=False)    # lost in b
    c.add({"a"}, won=False)         # lost in a
    rows = [(r["from"], r["to"], r["entered"], r["moved_on"], r["rate"]) for r in c.rows()]
    assert rows == [("a", "b", 3, 2, 66.7), ("b", "c", 1, 0, 0.0), ("c", "won", 1, 1, 100.0)]


def test_the_stage_and_the_win_rate_on_a_day():
    moves = [(date(2027, 1, 10), "b"), (date(2027, 2, 1), "c")]
    assert stage_on(date(2027, 1, 9), "a", moves) == "a"
    assert stage_on(date(2027, 1, 10), "a", moves) == "b"
    assert stage_on(date(2027, 3, 1), "a", moves) == "c"
    points = [(date(2027, 1, 5), 40), (date(2027, 1, 5), 45), (date(2027, 1, 20), None)]
    assert rate_on(date(2027, 1, 4), points) == (False, None)
    assert rate_on(date(2027, 1, 5), points) == (True, 45)   # the last of the day
    assert rate_on(date(2027, 1, 25), points) == (True, None)  # n/a


def test_stays_run_from_creation_through_each_move_to_the_close():
    moves = [(date(2027, 1, 11), "b"), (date(2027, 1, 31), "c")]
    assert stays(date(2027, 1, 1), date(2027, 2, 10), "a", moves) == [("a", 10), ("b", 20), ("c", 10)]


REASONS = [Reason("price", ("price", "价格")), Reason("timing", ("budget", "推迟"))]


@pytest.mark.parametrize("text, key", [
    ("Our PRICE was 20% higher", "price"), ("对方价格低", "price"), ("budget frozen", "timing"),
    ("项目推迟到明年", "timing"), ("no idea", "other"), (None, "other"), ("   ", "other"),
    ("price and budget", "price"),  # the first reason listed wins
])
def test_lost_reasons_match_aliases_case_blind_as_substrings(text, key):
    assert lost_reason(text, REASONS) == key
