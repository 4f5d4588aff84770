"""Deals end to end through the real CLI (CliRunner): the issue's "done when"."""

from __future__ import annotations

import json

import pytest

from helpers import assert_clean_error, dump, run, run_json

DEAL_KEYS = {"code", "name", "account", "owner", "stage", "grade", "status", "amount", "currency", "close_date",
             "win_rate"}


def test_big_deal_needs_a_confirmed_event_to_leave_validate(bank):
    run("opp", "new", "核心系统升级", "--account", bank, "--amount", "6,000,000", "--close-date", "2027-06-30")
    deal = run_json("opp", "show", "OPP-0001")
    assert deal["grade"] == "A" and deal["stage"] == "validate" and deal["amount"] == 6_000_000
    blocked = run("opp", "advance", "OPP-0001", code=1)
    assert "no confirmed compelling event" in blocked.stderr and "tasplus event add OPP-0001" in blocked.stderr
    run("event", "add", "OPP-0001", "监管要求年底前改造", "--kind", "regulation")
    run("opp", "advance", "OPP-0001", code=1)  # unconfirmed does not count
    run("event", "confirm", "EVT-0001")
    run("opp", "advance", "OPP-0001")
    assert run_json("opp", "show", "OPP-0001")["stage"] == "initiate"


def test_small_deal_takes_the_fast_track(bank):
    run("opp", "new", "智能排班", "--account", bank, "--amount", "200000")
    assert run_json("opp", "show", "智能排班")["grade"] == "D"
    run("opp", "advance", "智能排班", "--to", "谈判签约")
    assert run_json("opp", "show", "OPP-0001")["stage"] == "negotiate"


def test_ab_deals_move_one_stage_forward_and_back_any(bank):
    run("opp", "new", "Big", "--account", bank, "--amount", "2000000")
    r = run("opp", "advance", "Big", "--to", "analyze", code=1)
    assert "one stage at a time" in r.stderr
    run("opp", "advance", "Big", "--force", "--reason", "pilot")
    run("opp", "advance", "Big", "--to", "validate")
    assert run_json("opp", "show", "Big")["stage"] == "validate"


def test_force_needs_reason_and_is_recorded(tasplus_home, bank):
    run("opp", "new", "Big", "--account", bank, "--amount", "2000000")
    before = dump(tasplus_home)
    assert_clean_error(run("opp", "advance", "Big", "--force", code=None), 2)
    assert dump(tasplus_home) == before
    run("opp", "advance", "Big", "--force", "--reason", "客户口头确认预算")
    hist = run_json("opp", "history", "Big")
    override = [h for h in hist if h["field"] == "gate_override"]
    assert override and override[0]["new"] == "confirmed_event" and override[0]["reason"] == "客户口头确认预算"


def test_every_change_is_in_history(bank):
    run("account", "add", "瑞康医疗集团")
    run("user", "add", "李娜")
    run("opp", "new", "Deal", "--account", bank, "--amount", "400000", "--close-date", "2027-01-31")
    run("opp", "edit", "Deal", "--amount", "1200000", "--close-date", "2027-03-31", "--owner", "李娜",
        "--reason", "scope grew")
    run("opp", "team", "add", "Deal", "陈静", "--department", "售前", "--role", "架构师")
    run("opp", "grade", "Deal", "--set", "A", "--reason", "样板客户")
    run("opp", "edit", "Deal", "--amount", "200000")  # graded by hand: stays A
    run("opp", "team", "remove", "Deal", "陈静")
    run("opp", "approve", "Deal")
    run("opp", "edit", "Deal", "--account", "瑞康医疗集团")
    hist = run_json("opp", "history", "Deal")
    changes = [(h["field"], h["old"], h["new"]) for h in hist]
    assert ("amount", "400,000 CNY", "1,200,000 CNY") in changes
    assert ("grade", "C", "B") in changes  # re-graded by the amount
    assert ("close_date", "2027-01-31", "2027-03-31") in changes
    assert ("owner", "tester", "李娜") in changes
    assert ("grade", "B", "A (by hand)") in changes
    assert ("account", "ACC-0001", "ACC-0002") in changes
    assert any(f == "team" and n and "陈静" in n for f, _, n in changes)
    assert any(f == "team" and o and "陈静" in o and n is None for f, o, n in changes)
    assert all(h["by"] and h["at"] for h in hist)
    assert run_json("opp", "show", "Deal")["grade"] == "A"
    run("opp", "grade", "Deal", "--auto")
    assert run_json("opp", "show", "Deal")["grade"] == "D"


def test_partner_registration_makes_e(bank):
    run("opp", "new", "Portal", "--account", bank, "--amount", "800000", "--partner", "宁波智联",
        "--registration", "BB-1")
    d = run_json("opp", "show", "Portal")
    assert (d["grade"], d["registration_status"]) == ("E", "pending")
    run("opp", "grade", "Portal", "--registration-status", "approved")
    g = run_json("opp", "grade", "Portal")
    assert g["registration_status"] == "approved" and "partner-led" in g["why"]


def test_close_won_lost_abandoned(bank):
    run("opp", "new", "W", "--account", bank, "--amount", "100000")
    run("opp", "new", "L", "--account", bank, "--amount", "100000")
    run("opp", "new", "X", "--account", bank, "--amount", "100000")
    run("opp", "new", "Big", "--account", bank, "--amount", "9000000")
    run("opp", "close", "W", "--won", "--date", "2026-11-01")
    assert_clean_error(run("opp", "close", "L", "--lost", code=None), 2)  # lost needs a reason
    run("opp", "close", "L", "--lost", "--reason", "price")
    run("opp", "close", "X", "--abandoned", "--reason", "no budget")
    r = run("opp", "close", "Big", "--won", code=1)  # A deal: won only from negotiate
    assert "negotiate" in r.stderr
    assert_clean_error(run("opp", "close", "W", "--won", "--lost", code=None), 2)
    statuses = {d["name"]: d["status"] for d in run_json("opp", "list", "--status", "all")}
    assert statuses == {"W": "won", "L": "lost", "X": "abandoned", "Big": "open"}
    assert [d["name"] for d in run_json("opp", "list")] == ["Big"]
    assert run("opp", "advance", "W", code=1).stderr.count("closed") == 1
    run("opp", "reopen", "W")
    assert run_json("opp", "show", "W")["status"] == "open"


def test_won_from_negotiate_needs_contract_signed(bank):
    run("opp", "new", "Big", "--account", bank, "--amount", "9000000")
    for _ in range(6):
        run("opp", "advance", "Big", "--force", "--reason", "test")
    r = run("opp", "close", "Big", "--won", code=1)
    assert "contract signed" in r.stderr
    run("opp", "close", "Big", "--won", "--contract-signed", "2026-11-20")
    assert run_json("opp", "show", "Big")["status"] == "won"


@pytest.mark.parametrize("args, code", [
    (["opp", "new", "X", "--account", "ACC-0001", "--amount", "abc"], 2),
    (["opp", "new", "X", "--account", "ACC-0001", "--amount", "-100"], 2),
    (["opp", "new", "X", "--account", "ACC-0001", "--amount", "100", "--close-date", "2027-02-30"], 2),
    (["opp", "new", "X", "--account", "ACC-0099", "--amount", "100"], 1),
    (["opp", "new", "", "--account", "ACC-0001", "--amount", "100"], 2),
    (["opp", "new", "X", "--account", "ACC-0001", "--amount", "100", "--currency", "元元"], 2),
    (["opp", "new", "X", "--account", "ACC-0001", "--amount", "100", "--partner", "P"], 2),
    (["opp", "advance", "OPP-0042"], 1),
    (["opp", "advance", "Deal", "--to", "nowhere"], 2),
    (["opp", "advance", "Deal"], 2),  # ambiguous: two deals contain "Deal"
    (["opp", "list", "--grade", "Z"], 2),
    (["opp", "list", "--status", "sleeping"], 2),
    (["opp", "grade", "Deal A", "--set", "A"], 2),  # needs --reason
    (["opp", "team", "add", "Deal A", "X", "--department", "hr"], 2),
    (["event", "add", "Deal A", "t", "--kind", "whim"], 2),
    (["event", "confirm", "EVT-0009"], 1),
    (["contact", "add", "Y", "--account", "ACC-0001", "--relationship", "lukewarm"], 2),
])
def test_bad_input_is_a_clean_error_and_writes_nothing(tasplus_home, bank, args, code):
    run("opp", "new", "Deal A", "--account", bank, "--amount", "100")
    run("opp", "new", "Deal B", "--account", bank, "--amount", "100")
    before = dump(tasplus_home)
    assert_clean_error(run(*args, code=None), code)
    assert dump(tasplus_home) == before


def test_ambiguous_name_lists_candidates(bank):
    run("opp", "new", "Deal A", "--account", bank, "--amount", "100")
    run("opp", "new", "Deal B", "--account", bank, "--amount", "100")
    r = run("opp", "show", "deal", code=2)
    assert "OPP-0001 Deal A" in r.stderr and "OPP-0002 Deal B" in r.stderr


def test_json_keys_and_codes(bank):
    run("fx", "set", "USD", "7.12")  # a USD amount is graded in the base currency: it needs a rate
    run("opp", "new", "Deal", "--account", "华东省农商银行", "--amount", "1,234,567.89", "--currency", "usd")
    rows = run_json("opp", "list")
    assert DEAL_KEYS <= set(rows[0])
    assert rows[0]["amount"] == 1234567.89 and rows[0]["currency"] == "USD" and rows[0]["win_rate"] is None
    assert run_json("opp", "show", "opp-1")["code"] == "OPP-0001"


def test_markup_in_names_is_printed_as_typed(bank):
    run("opp", "new", "[bold]Acme[/bold]", "--account", bank, "--amount", "100")
    out = run("opp", "list").stdout
    assert "[bold]Acme[/bold]" in out


def test_events_list_drop_and_json(bank):
    run("opp", "new", "Deal", "--account", bank, "--amount", "100")
    run("event", "add", "Deal", "预算已批", "--kind", "预算已批", "--deadline", "2027-01-01", "--confirmed")
    assert_clean_error(run("event", "drop", "EVT-0001", code=None), 2)  # needs --reason
    run("event", "drop", "1", "--reason", "预算推迟")
    ev = run_json("event", "list", "Deal")[0]
    assert (ev["status"], ev["kind"], ev["status_reason"]) == ("lost", "budget", "预算推迟")
    assert json.loads(run("opp", "show", "Deal", "--json").stdout)["events"][0]["code"] == "EVT-0001"
