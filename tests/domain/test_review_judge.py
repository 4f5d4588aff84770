"""``judge`` decides the review's warnings without wording them; ``warnings`` words the same ones, and the
agenda built on keys tells each deal exactly as the worded rules would (issue 16: words only for the
deals shown)."""

from __future__ import annotations

from datetime import date

import pytest

from tasplus_cli.domain import relations
from tasplus_cli.domain.coaching import Action, Hand
from tasplus_cli.domain.review import DealReview, Params, agenda, judge, warnings
from tasplus_cli.store.review_map import ByDeal

TODAY = date(2026, 11, 27)
PEOPLE = {1: relations.Person(1, "CON-0001", "王建国", relationship="negative"),
          2: relations.Person(2, "CON-0002", "刘芳")}


def deal(code: str = "OPP-0001", **kw) -> DealReview:
    d = dict(code=code, name="核心系统升级", owner="张伟", grade="A", graded_up=False, stage="present",
             stage_index=3, analyze_index=2, stage_probability=80, status="open", close_date=date(2026, 11, 1),
             confirmed_events=0, events_lost=["预算推迟"], last_survey=None, rank=5, win_rate=20,
             win_rate_moves=[(30, 20, "inside source lost")], last_done_activity=None, overdue_activities=2,
             win_rate_before=45, competitor_scores=[("云擎", date(2026, 10, 1))],
             unreviewed_surveys=[("SRV-0001", date(2026, 11, 20))], forecast_category="commit",
             stage_entered=date(2026, 1, 1), stage_days=30, close_date_moves=[("2026-09-01", "2026-10-01"),
                                                                               ("2026-10-01", "2026-11-01")],
             map_flags=relations.judge([relations.Stake(1, "approver", inside_source=True)], PEOPLE, {2: "deep"}, False),
             amount_minor=100, id=1)
    d.update(kw)
    return DealReview(**d)


@pytest.mark.parametrize("d", [deal(), deal(grade="C", map_flags=[]), deal(status="won"),
                               deal(confirmed_events=1, events_lost=[], rank=1, win_rate_moves=[])])
def test_judge_decides_the_warnings_that_warnings_words(d):
    worded = warnings(d, TODAY, Params())
    assert [p.key for p in judge(d, TODAY, Params())] == [w.key for w in worded]
    assert all(w.title and w.question and w.command for w in worded)


def test_the_map_is_judged_once_and_worded_on_demand():
    stakes = [relations.Stake(1, "approver", inside_source=True), relations.Stake(2, "decision-maker")]
    hits = relations.judge(stakes, PEOPLE, {2: "deep"}, False)
    flags = relations.warnings("OPP-0001", stakes, PEOPLE, {2: "deep"}, False)
    assert [h.key for h in hits] == [f.key for f in flags] == ["negative", "not_contacted", "single_threaded",
                                                                   "inside_source_conflict"]
    assert hits[0].word("OPP-0001") == flags[0]


def test_the_agenda_on_keys_tells_each_deal_as_the_worded_rules_do():
    action = Action("AGR-0001", "拜访", "张伟", date(2026, 12, 1), warning="survey_stale")
    deals = [deal(), deal("OPP-0002", grade="B", amount_minor=500, id=2), deal("OPP-0003", grade="D", id=3)]
    items = agenda(deals, TODAY, Params(), {"OPP-0002": Hand(actions=(action,))})
    assert [it.deal.code for it in items] == ["OPP-0001", "OPP-0002"]  # a D deal without a big change stays off
    for it in items:
        told = it.told(TODAY, Params())
        assert [w.key for w in told.warnings] == list(it.keys) and len(told.hand.open) == it.open
    assert "survey_stale" not in [w.key for w in items[1].told(TODAY, Params()).hand.open]  # answered: in hand


class _Rows:
    def __init__(self, rows: list) -> None:
        self.rows = rows

    def partitions(self, size: int):  # noqa: ANN201 - a Result's batches
        return [self.rows[i:i + size] for i in range(0, len(self.rows), size)]


def test_rows_by_deal_skip_other_deals_and_rows_of_none():
    rows = _Rows([(None, "account"), (1, "a"), (1, "b"), (2, "c"), (4, "d"), (5, "e")])
    by = ByDeal(rows)
    assert by.take(1) == [(1, "a"), (1, "b")]
    assert by.take(3) == []
    assert by.take(4) == [(4, "d")]
    assert by.take(6) == []
