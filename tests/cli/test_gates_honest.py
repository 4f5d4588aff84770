"""Gates cannot be skipped at creation or with future dates; one open deal per name under an account.

METHOD §1: gates apply however a deal gets to a stage; dates a gate relies on (tender
issued, contract signed, close) cannot lie in the future. Every refusal leaves the database
as it was.
"""

from __future__ import annotations

import pytest

from helpers import assert_clean_error, dump, run, run_json

TODAY = "2026-05-04"


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setenv("TASPLUS_TODAY", TODAY)
    return TODAY


# --- opp new --stage passes the gates on the way ------------------------------------------------


def test_a_deal_created_in_negotiate_is_blocked_naming_the_gates(tasplus_home, bank):
    before = dump(tasplus_home)
    r = run("opp", "new", "核心系统升级", "--account", bank, "--amount", "6000000", "--stage", "negotiate", code=None)
    assert_clean_error(r, 1)
    assert "cannot start in 'negotiate'" in r.stderr
    for gate in ("no confirmed compelling event", "initiation review", "tender issue date not recorded",
                 "bid result not recorded as won"):
        assert gate in r.stderr
    assert "tasplus event add OPP" in r.stderr and "tasplus opp approve OPP" in r.stderr and "--force" in r.stderr
    assert dump(tasplus_home) == before
    r = run("opp", "new", "核心系统升级", "--account", bank, "--amount", "6000000", "--stage", "谈判签约", "--json",
            code=None)
    assert_clean_error(r, 1)
    assert r.stdout == "" and dump(tasplus_home) == before


def test_b_deal_one_stage_in_needs_the_validate_gate(tasplus_home, bank):
    before = dump(tasplus_home)
    r = run("opp", "new", "Data platform", "--account", bank, "--amount", "2000000", "--stage", "initiate", code=1)
    assert "no confirmed compelling event" in r.stderr and "initiation review" not in r.stderr
    assert dump(tasplus_home) == before
    run("opp", "new", "Data platform", "--account", bank, "--amount", "2000000", "--stage", "validate")
    assert run_json("opp", "show", "Data platform")["stage"] == "validate"


def test_forced_creation_needs_a_reason_and_is_recorded(tasplus_home, bank):
    before = dump(tasplus_home)
    r = run("opp", "new", "Migrated", "--account", bank, "--amount", "6000000", "--stage", "tender", "--force",
            code=None)
    assert_clean_error(r, 2)
    assert "--reason" in r.stderr and dump(tasplus_home) == before
    r = run("opp", "new", "Migrated", "--account", bank, "--amount", "6000000", "--stage", "tender", "--force",
            "--reason", "taken over from the old CRM")
    assert "gates forced" in r.stderr
    assert run_json("opp", "show", "Migrated")["stage"] == "tender"
    override = [h for h in run_json("opp", "history", "Migrated") if h["field"] == "gate_override"]
    assert len(override) == 1 and override[0]["old"] == "validate"
    assert override[0]["reason"] == "taken over from the old CRM"
    assert override[0]["new"].split(", ") == ["confirmed_event", "initiation_approved", "team_outside_sales",
                                              "value_proposition", "strategy", "planned_activity",
                                              "recent_survey", "approver", "decision_maker"]


@pytest.mark.parametrize("amount", ["500000", "200000"])
def test_c_and_d_deals_keep_the_fast_track(bank, amount):
    run("opp", "new", "Quick", "--account", bank, "--amount", amount, "--stage", "negotiate")
    deal = run_json("opp", "show", "Quick")
    assert deal["stage"] == "negotiate" and deal["grade"] in ("C", "D")
    assert not [h for h in run_json("opp", "history", "Quick") if h["field"] == "gate_override"]


def test_creation_gate_error_in_chinese(tasplus_home, bank, monkeypatch):
    monkeypatch.setenv("TASPLUS_LANG", "zh")
    before = dump(tasplus_home)
    r = run("opp", "new", "核心系统升级", "--account", bank, "--amount", "6000000", "--stage", "商机立项", code=1)
    assert "A 级商机不能直接从「商机立项」开始：没有已确认的必要事件" in r.stderr
    assert "请先在「验证商机」创建" in r.stderr and "cannot" not in r.stderr
    assert dump(tasplus_home) == before


# --- dates that record what happened are never in the future ------------------------------------


@pytest.mark.parametrize("args, flag", [
    (("opp", "close", "Deal", "--lost", "--reason", "price", "--date", "2026-05-05"), "--date"),
    (("opp", "close", "Deal", "--abandoned", "--date", "+1d"), "--date"),
    (("opp", "close", "Deal", "--won", "--contract-signed", "tomorrow"), "--contract-signed"),
    (("opp", "edit", "Deal", "--contract-signed", "2026-05-31"), "--contract-signed"),
    (("opp", "edit", "Deal", "--tender-issued", "next-friday", "--amount", "300000"), "--tender-issued"),
])
def test_future_dates_are_refused(tasplus_home, bank, today, args, flag):
    run("opp", "new", "Deal", "--account", bank, "--amount", "200000", "--stage", "negotiate")
    before = dump(tasplus_home)
    r = run(*args, code=None)
    assert_clean_error(r, 2)
    first = r.stderr.splitlines()[0]
    assert first.startswith(f"error: {flag} 2026-05-") and "is in the future (today is 2026-05-04)" in first
    assert dump(tasplus_home) == before


def test_today_and_past_dates_are_accepted(bank, today):
    run("opp", "new", "Deal", "--account", bank, "--amount", "200000", "--stage", "negotiate")
    run("opp", "edit", "Deal", "--tender-issued", "2026-04-01", "--bid-result", "won")
    run("opp", "close", "Deal", "--won", "--contract-signed", "today", "--date", "today")
    deal = run_json("opp", "show", "Deal")
    assert deal["tender_issued_on"] == "2026-04-01" and deal["contract_signed_on"] == TODAY
    assert deal["closed_on"] == TODAY


def test_expected_close_date_may_lie_ahead(bank, today):
    run("opp", "new", "Deal", "--account", bank, "--amount", "200000", "--close-date", "+90d")
    run("opp", "edit", "Deal", "--close-date", "2027-03-31")
    assert run_json("opp", "show", "Deal")["close_date"] == "2027-03-31"


def test_a_close_before_the_latest_survey_is_refused(tasplus_home, bank, today, monkeypatch):
    """The frozen win rate is the last one on or before the close: a close dated before the latest
    survey would freeze none (``opp show``, ``winrate`` and ``plan`` said n/a while ``opp list`` said 64%)."""
    run("competitor", "add", "翼辰软件")
    run("user", "add", "王磊")
    run("opp", "new", "Deal", "--account", bank, "--amount", "2000000")
    run("event", "add", "Deal", "预算已批", "--confirmed")
    run("survey", "run", "Deal", "--date", "2026-05-02", "--inside-source", "yes", "--our-fit", "4",
        "--our-closeness", "4", "--competitor", "翼辰软件=3,3", "--reviewed-by", "王磊")
    before = dump(tasplus_home)
    r = run("opp", "close", "Deal", "--lost", "--reason", "price", "--date", "2026-05-01", code=None)
    assert_clean_error(r, 2)
    assert r.stderr.startswith("error: --date 2026-05-01 is before SUR-0001 of 2026-05-02")
    monkeypatch.setenv("TASPLUS_LANG", "zh")
    r = run("opp", "close", "Deal", "--lost", "--reason", "price", "--date", "2026-05-01", code=2)
    assert "早于 SUR-0001（2026-05-02）" in r.stderr and "before" not in r.stderr
    assert dump(tasplus_home) == before
    monkeypatch.delenv("TASPLUS_LANG")
    run("opp", "close", "Deal", "--lost", "--reason", "price", "--date", "2026-05-02")
    rate = run_json("opp", "list", "--status", "lost")[0]["win_rate"]
    assert rate == run_json("opp", "show", "Deal")["win_rate"] == run_json("winrate", "Deal")["win_rate"] == 64
    assert "64%" in run("winrate", "Deal").stdout


def test_a_point_stored_after_the_close_does_not_thaw_the_list(tasplus_home, tasplus_db, bank, today):
    """``opp list`` shows a closed deal's frozen win rate, as ``opp show`` does, whatever was stored later."""
    from datetime import date

    from sqlmodel import select

    from tasplus_cli.store.db import session
    from tasplus_cli.store.models import Opportunity, WinRatePoint

    run("competitor", "add", "翼辰软件")
    run("user", "add", "王磊")
    run("opp", "new", "Deal", "--account", bank, "--amount", "2000000")
    run("event", "add", "Deal", "预算已批", "--confirmed")
    run("survey", "run", "Deal", "--date", "2026-05-02", "--inside-source", "yes", "--our-fit", "4",
        "--our-closeness", "4", "--competitor", "翼辰软件=3,3", "--reviewed-by", "王磊")
    run("opp", "close", "Deal", "--lost", "--reason", "price", "--date", "2026-05-02")
    with session(tasplus_db, write=True) as s:  # as an older tasplus could have left it
        opp = s.exec(select(Opportunity)).one()
        s.add(WinRatePoint(opp_id=opp.id, day=date(2026, 5, 3), win_rate=None, trigger="recompute"))
    assert run_json("opp", "list", "--status", "lost")[0]["win_rate"] == run_json("opp", "show", "Deal")["win_rate"] == 64


def test_future_date_in_chinese(tasplus_home, bank, today, monkeypatch):
    run("opp", "new", "Deal", "--account", bank, "--amount", "200000")
    monkeypatch.setenv("TASPLUS_LANG", "zh")
    before = dump(tasplus_home)
    r = run("opp", "edit", "Deal", "--tender-issued", "2026-05-10", code=2)
    assert "--tender-issued 2026-05-10 是将来的日期（今天是 2026-05-04）" in r.stderr
    assert "future" not in r.stderr and dump(tasplus_home) == before


# --- one open deal per name under an account -------------------------------------------------------


def test_second_open_deal_of_a_name_is_a_conflict(tasplus_home, bank):
    run("opp", "new", "核心系统升级", "--account", bank, "--amount", "6000000")
    before = dump(tasplus_home)
    r = run("opp", "new", " 核心系统升级 ", "--account", bank, "--amount", "100000", code=None)
    assert_clean_error(r, 1)
    assert "already has an open deal named '核心系统升级': OPP-0001" in r.stderr and "--duplicate-ok" in r.stderr
    assert dump(tasplus_home) == before
    run("opp", "new", "Big", "--account", bank, "--amount", "100000")
    assert_clean_error(run("opp", "new", "BIG", "--account", bank, "--amount", "100000", code=None), 1)
    run("opp", "new", "核心系统升级", "--account", bank, "--amount", "100000", "--duplicate-ok")
    assert len(run_json("opp", "list", "--account", bank)) == 3


def test_closed_deals_and_other_accounts_do_not_count(bank):
    run("account", "add", "瑞康医疗集团")
    run("opp", "new", "年度维保", "--account", bank, "--amount", "300000")
    run("opp", "new", "年度维保", "--account", "瑞康医疗集团", "--amount", "300000")
    run("opp", "close", "OPP-0001", "--won")
    run("opp", "new", "年度维保", "--account", bank, "--amount", "300000")  # the renewal
    assert run_json("opp", "show", "OPP-0003")["status"] == "open"


def test_edit_onto_an_open_name_is_a_conflict(tasplus_home, bank):
    run("account", "add", "瑞康医疗集团")
    run("opp", "new", "核心系统升级", "--account", bank, "--amount", "6000000")
    run("opp", "new", "手机银行", "--account", bank, "--amount", "600000")
    run("opp", "new", "核心系统升级", "--account", "瑞康医疗集团", "--amount", "600000")
    before = dump(tasplus_home)
    r = run("opp", "edit", "OPP-0002", "--name", "核心系统升级", "--amount", "700000", code=None)
    assert_clean_error(r, 1)
    assert "OPP-0001" in r.stderr and dump(tasplus_home) == before
    r = run("opp", "edit", "OPP-0003", "--account", bank, code=None)
    assert_clean_error(r, 1)
    assert dump(tasplus_home) == before
    run("opp", "edit", "OPP-0001", "--name", "核心系统升级 ")  # its own name: no conflict
    run("opp", "edit", "OPP-0002", "--name", "核心系统升级", "--duplicate-ok", "--reason", "two phases")
    assert run_json("opp", "show", "OPP-0002")["name"] == "核心系统升级"


def test_duplicate_name_in_chinese(tasplus_home, bank, monkeypatch):
    run("opp", "new", "核心系统升级", "--account", bank, "--amount", "6000000")
    monkeypatch.setenv("TASPLUS_LANG", "zh")
    before = dump(tasplus_home)
    r = run("opp", "new", "核心系统升级", "--account", bank, "--amount", "6000000", code=1)
    assert "华东省农商银行 已有同名的进行中商机「核心系统升级」：OPP-0001" in r.stderr
    assert "already" not in r.stderr and dump(tasplus_home) == before


# --- CSV import: a migration, documented in docs/csv.md ----------------------------------------------


def test_import_keeps_later_stages_and_matches_names(tmp_path, bank):
    run("opp", "new", "核心系统升级", "--account", bank, "--amount", "6000000")
    f = tmp_path / "deals.csv"
    f.write_text("name,account,stage,amount\n"
                 "核心系统升级,华东省农商银行,analyze,6500000\n"
                 "数据平台,华东省农商银行,negotiate,9000000\n", encoding="utf-8")
    run("import", "opportunities", str(f))
    deals = {d["name"]: d for d in run_json("opp", "list", "--account", bank)}
    assert len(deals) == 2  # the first row updated OPP-0001, no second 核心系统升级
    assert deals["核心系统升级"]["code"] == "OPP-0001" and deals["核心系统升级"]["stage"] == "analyze"
    assert deals["数据平台"]["stage"] == "negotiate" and deals["数据平台"]["grade"] == "A"
