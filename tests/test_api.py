"""The public Python API (``tasplus_cli.api.Workspace``): the same rules and the same dicts as
the command line, one transaction per call."""

from __future__ import annotations

from datetime import date

import pytest

from helpers import run_json
from tasplus_cli.api import Workspace
from tasplus_cli.domain.errors import GateBlocked, NotFound


@pytest.fixture()
def ws(tasplus_home):
    return Workspace.from_environment()


def test_a_deal_through_the_api_reads_the_same_from_the_cli(ws):
    ws.add_account("华东省农商银行")
    deal = ws.new_deal("核心系统升级", account="华东省农商银行", amount="6,000,000", close_date=date(2027, 6, 30))
    assert (deal["code"], deal["grade"], deal["stage"], deal["owner"]) == ("OPP-0001", "A", "validate", "tester")
    with pytest.raises(GateBlocked):
        ws.advance("OPP-0001")
    ws.add_event("OPP-0001", "监管要求年底前上线", kind="regulation", confirmed=True)
    assert ws.advance("OPP-0001") == "initiate"
    assert ws.deal("OPP-0001") == run_json("opp", "show", "OPP-0001")
    assert ws.deals() == run_json("opp", "list")


def test_survey_win_rate_and_review(ws):
    ws.add_account("Acme")
    ws.new_deal("Upgrade", account="Acme", amount=2_000_000)
    ws.add_event("Upgrade", "board deadline", kind="budget", confirmed=True)
    rate = ws.run_survey("Upgrade", inside_source=True, our_fit=4, our_closeness=4,
                         competitors={"Rival": (5, 3), "Other": (3, 2)})
    assert rate == run_json("winrate", "OPP-0001")
    assert rate["win_rate"] == 42  # METHOD §9's worked example: 64 / (64 + 64 + 25)
    review = ws.review()
    assert review == run_json("review", "--limit", "0")


def test_errors_are_the_named_ones_and_write_nothing(ws):
    with pytest.raises(NotFound):
        ws.new_deal("X", account="nobody", amount=1)
    assert ws.deals() == []


def test_demo_loads_through_the_api(tmp_path, ws):
    demo = Workspace(tmp_path / "demo.db", ws.settings, "tester", date(2026, 11, 30))
    counts = demo.load_demo()
    assert counts["deals"] == len(demo.deals(status=None)) > 10
