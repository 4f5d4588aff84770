"""People and teams (issue "The manager's week", item 1): users with managers, the names that must
be users, renaming everywhere at once, removing only a user no record names, handing deals over,
``--team``, and users in CSV. Every refusal leaves the database as it was (``dump``)."""

from __future__ import annotations

import json

import pytest

from helpers import assert_clean_error, dump, rows, run, run_json

from tasplus_cli.store.users import USER_COLUMNS

SURVEY = ["--inside-source", "yes", "--our-fit", "4", "--our-closeness", "4"]


@pytest.fixture
def team(tasplus_home, bank):
    """王磊 manages 张伟 and 李娜; 张伟 manages "Mike Chen". Deals: 2 of 张伟 (one won), 1 of 李娜, 1 of Mike Chen."""
    run("user", "add", "王磊", "--email", "wang.lei@example.cn")
    run("user", "add", "张伟", "--manager", "王磊")
    run("user", "add", "李娜", "--manager", "王磊")
    run("user", "add", "Mike Chen", "--manager", "张伟", "--email", "mike@example.com")
    for name, owner in (("核心系统", "张伟"), ("数据中台", "张伟"), ("影像云", "李娜"), ("Mobile", "Mike Chen")):
        run("opp", "new", name, "--account", bank, "--amount", "1000000", "--owner", owner)
    run("opp", "close", "数据中台", "--won", "--force", "--reason", "signed")
    return tasplus_home


def test_list_is_a_tree_with_managers_emails_and_open_deals(team, monkeypatch):
    users = run_json("user", "list")
    assert [(u["name"], u["level"], u["manager"], u["open_deals"]) for u in users] == [
        ("王磊", 0, None, 0), ("张伟", 1, "王磊", 1), ("Mike Chen", 2, "张伟", 1), ("李娜", 1, "王磊", 1)]
    assert [u["name"] for u in run_json("user", "list", "--team", "张伟")] == ["张伟", "Mike Chen"]
    out = run("user", "list").stdout
    assert "    └ Mike Chen" in out and "mike@example.com" in out and "Open deals" in out
    monkeypatch.setenv("TASPLUS_LANG", "zh")
    zh = run("user", "list").stdout
    assert "经理" in zh and "用户" in zh and "Manager" not in zh
    r = run("user", "add", "王磊", code=1)
    assert r.stderr.startswith("error: 已有名为 '王磊' 的用户") and "already" not in r.stderr


def test_team_filters_deals_and_funnel_recursively(team):
    assert sorted(d["owner"] for d in run_json("opp", "list", "--team", "张伟")) == ["Mike Chen", "张伟"]
    assert len(run_json("opp", "list", "--team", "王磊")) == 3
    assert run_json("funnel", "--team", "张伟")["totals"]["count"] == 2
    before = dump(team)
    for args, flag in ((["opp", "list", "--team", "王磊", "--owner", "张伟"], "--owner"),
                       (["funnel", "--team", "王磊", "--mine"], "--mine")):
        r = run(*args, code=None)
        assert_clean_error(r, 2)
        assert r.stderr.startswith(f"error: --team cannot be combined with {flag}")
    assert dump(team) == before


def test_mine_names_the_typing_user_when_they_are_not_a_user(team, monkeypatch):
    monkeypatch.setenv("TASPLUS_USER", "Zoe")
    r = run("opp", "list", "--mine", code=None)
    assert_clean_error(r, 1)
    assert "--mine: you are 'Zoe' (TASPLUS_USER or config user)" in r.stderr and "--owner" not in r.stderr
    assert "tasplus user add Zoe" in r.stderr and "tasplus config set user NAME" in r.stderr
    monkeypatch.setenv("TASPLUS_USER", "mike chen")  # case-blind
    assert [d["name"] for d in run_json("opp", "list", "--mine")] == ["Mobile"]


def test_every_name_given_for_a_user_must_be_one(team):
    run("competitor", "add", "翼辰软件")
    before = dump(team)
    cases = [(["opp", "edit", "核心系统", "--owner", "Nobody"], "--owner"),
             (["opp", "new", "X", "--account", "ACC-0001", "--amount", "1", "--owner", "Nobody"], "--owner"),
             (["survey", "run", "核心系统", *SURVEY, "--answered-by", "Nobody"], "--answered-by"),
             (["survey", "run", "核心系统", *SURVEY, "--reviewed-by", "Nobody"], "--reviewed-by"),
             (["review", "--owner", "Nobody"], "--owner"), (["opp", "list", "--team", "Nobody"], "--team"),
             (["user", "add", "赵强", "--manager", "Nobody"], "--manager")]
    for args, flag in cases:
        r = run(*args, code=None)
        assert_clean_error(r, 1)
        assert r.stderr.startswith(f"error: {flag}: no user called 'Nobody'"), r.stderr
        assert "hint: add them first: tasplus user add Nobody" in r.stderr
    assert dump(team) == before
    run("opp", "edit", "核心系统", "--owner", "mike chen")  # stored as the user spells it
    assert run_json("opp", "show", "核心系统")["owner"] == "Mike Chen"
    run("survey", "run", "核心系统", *SURVEY)
    (sv,) = run_json("survey", "list", "核心系统")
    assert sv["answered_by"] == "tester" and "tester" in [u["name"] for u in run_json("user", "list")]
    before = dump(team)
    r = run("survey", "review", sv["code"], "--by", "Nobody", code=None)
    assert_clean_error(r, 1)
    assert r.stderr.startswith("error: --by: no user called 'Nobody'")
    assert dump(team) == before
    run("survey", "review", sv["code"], "--by", "王磊")
    assert run_json("survey", "list", "核心系统")[0]["reviewed_by"] == "王磊"


def test_managers_form_a_tree_and_names_are_unique(team):
    before = dump(team)
    for args, code, says in ((["user", "edit", "王磊", "--manager", "Mike Chen"], 2, "managers may not form a loop"),
                             (["user", "edit", "张伟", "--manager", "张伟"], 2, "cannot manage themself"),
                             (["user", "add", "mike CHEN"], 1, "a user called 'Mike Chen' already exists"),
                             (["user", "edit", "李娜", "--name", "张伟"], 1, "a user called '张伟' already exists"),
                             (["user", "add", "\u202e伟"], 2, "control characters"),
                             (["user", "add", " "], 2, "NAME cannot be empty"),
                             (["user", "add", "赵强", "--email", "zhao@"], 2, "'zhao@' is not an email address"),
                             (["user", "edit", "李娜", "--manager", "张伟", "--no-manager"], 2, "contradict"),
                             (["user", "remove", "Nobody"], 1, "NAME: no user called 'Nobody'")):
        r = run(*args, code=None)
        assert_clean_error(r, code)
        assert says in r.stderr.splitlines()[0], r.stderr
    assert dump(team) == before
    run("user", "edit", "Mike Chen", "--no-manager")
    run("user", "edit", "王磊", "--manager", "Mike Chen")  # no loop any more
    assert run_json("user", "list")[0]["name"] == "Mike Chen"


def _names_in_user_columns(home) -> set[str]:
    from sqlmodel import SQLModel

    from tasplus_cli.store import models  # noqa: F401

    data, out = rows(home), set()
    for table, column in USER_COLUMNS:
        i = [c.name for c in SQLModel.metadata.tables[table].columns].index(column)
        out |= {r[i] for r in data.get(table, []) if r[i]}
    return out


def test_a_rename_reaches_every_column_that_names_the_user(team):
    run("competitor", "add", "翼辰软件")
    run("survey", "run", "核心系统", *SURVEY, "--answered-by", "张伟", "--reviewed-by", "张伟")
    run("review", "--owner", "张伟", "--record")
    assert "张伟" in _names_in_user_columns(team)
    run("user", "edit", "张伟", "--name", "张伟伟", "--email", "zw@example.cn")
    names = _names_in_user_columns(team)
    assert "张伟" not in names and "张伟伟" in names
    assert run_json("opp", "show", "核心系统")["owner"] == "张伟伟"
    assert {u["name"]: u["manager"] for u in run_json("user", "list")}["Mike Chen"] == "张伟伟"
    assert run_json("survey", "list", "核心系统")[0]["reviewed_by"] == "张伟伟"
    assert [d["name"] for d in run_json("opp", "list", "--team", "张伟伟")] == ["核心系统", "Mobile"]
    assert run_json("db", "doctor")["ok"]


def test_removing_a_user_is_refused_while_records_name_them(team):
    before = dump(team)
    r = run("user", "remove", "张伟", code=None)
    assert_clean_error(r, 1)
    assert r.stderr.splitlines()[0] == ("error: '张伟' cannot be removed: owns 2 deals (1 open), "
                                        "manages 1 person (Mike Chen)")
    assert "tasplus opp reassign 张伟 OTHER --status all" in r.stderr
    r = run("user", "remove", "王磊", code=None)
    assert "manages 2 people (张伟, 李娜)" in r.stderr and "tasplus user edit 张伟 --manager OTHER" in r.stderr
    assert dump(team) == before
    run("opp", "reassign", "张伟", "李娜", "--status", "all", "--yes")
    run("user", "edit", "Mike Chen", "--manager", "李娜")
    run("user", "remove", "张伟")
    assert "张伟" not in [u["name"] for u in run_json("user", "list")]
    run("competitor", "add", "翼辰软件")
    run("survey", "run", "Mobile", *SURVEY, "--answered-by", "Mike Chen")
    run("opp", "reassign", "Mike Chen", "李娜", "--yes")
    r = run("user", "remove", "Mike Chen", code=None)
    assert "is named in 1 survey or recorded review" in r.stderr and "--name NEW" in r.stderr


def test_reassign_moves_each_deal_with_a_history_line(team, monkeypatch):
    before = dump(team)
    r = run("opp", "reassign", "张伟", "李娜", code=None)  # a bulk change, not at a terminal: --yes
    assert_clean_error(r, 2)
    assert "confirm with --yes" in r.stderr and "tasplus opp reassign 张伟 李娜 --status open --yes" in r.stderr
    preview = run_json("opp", "reassign", "张伟", "李娜", "--dry-run")
    assert preview["dry_run"] and [d["name"] for d in preview["deals"]] == ["核心系统"]
    assert "dry run: 1 deal would move" in run("opp", "reassign", "张伟", "李娜", "--dry-run").stderr
    assert dump(team) == before
    monkeypatch.setenv("TASPLUS_USER", "王磊")
    done = run_json("opp", "reassign", "张伟", "李娜", "--yes", "--reason", "张伟 moved to the north")
    assert done["to"] == "李娜" and [d["owner"] for d in done["deals"]] == ["李娜"]
    last = run_json("opp", "history", "核心系统")[-1]
    assert (last["field"], last["old"], last["new"], last["by"], last["reason"]) == (
        "owner", "张伟", "李娜", "王磊", "张伟 moved to the north")
    assert run_json("opp", "show", "数据中台")["owner"] == "张伟"  # won: --status open by default
    assert "owns no deals" in run("opp", "reassign", "张伟", "李娜", "--yes").stderr


def test_reassign_asks_at_a_terminal(team, terminal):
    terminal("n")
    r = run("opp", "reassign", "李娜", "张伟", code=None)
    assert r.exit_code == 130 and run_json("opp", "show", "影像云")["owner"] == "李娜"


def test_reassign_fixes_a_deal_whose_owner_is_no_user(team, tasplus_db):
    from sqlalchemy import text

    from tasplus_cli.store.db import session

    with session(tasplus_db, write=True) as s:  # as an import of an older tasplus could have left it
        s.exec(text("UPDATE opportunity SET owner = 'Bob' WHERE name = 'Mobile'"))
    doctor = json.loads(run("db", "doctor", "--json", code=1).stdout)
    assert not doctor["ok"]
    assert "owner = 'Bob': not a user" in json.dumps(doctor, ensure_ascii=False)
    run("opp", "reassign", "Bob", "Mike Chen", "--yes")
    assert run_json("db", "doctor")["ok"]


def write_csv(path, text: str):  # noqa: ANN001, ANN201
    path.write_text(text, encoding="utf-8")
    return path


def test_csv_owners_must_be_users_or_created(team, tmp_path):
    f = write_csv(tmp_path / "d.csv", "name,account,amount,owner\nA,华东省农商银行,100,张伟\nB,华东省农商银行,100,Jane Doe\n")
    before = dump(team)
    r = run("import", "opportunities", str(f), "--json", code=1)
    report = json.loads(r.stdout)
    assert [(e["line"], e["column"], e["value"]) for e in report["errors"]] == [(3, "owner", "Jane Doe")]
    assert report["errors"][0]["reason"] == "no user called 'Jane Doe'"
    assert "--create-missing" in report["errors"][0]["hint"]
    assert dump(team) == before
    done = run_json("import", "opportunities", str(f), "--create-missing")
    assert done["created"] == {"users": 1} and done["inserted"] == 2
    assert {u["name"]: u["open_deals"] for u in run_json("user", "list")}["Jane Doe"] == 1


def test_users_travel_as_csv(team, tmp_path):
    out = tmp_path / "users.csv"
    run("export", "users", str(out))
    text = out.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0] == "name,manager,email,created_at,updated_at"
    assert run_json("import", "users", str(out))["unchanged"] == 4
    f = write_csv(tmp_path / "new.csv", "姓名,经理,邮箱\n赵强,孙敏,zq@example.cn\n孙敏,王磊,\n")
    assert run_json("import", "users", str(f))["inserted"] == 2  # a manager later in the file
    assert {u["name"]: u["manager"] for u in run_json("user", "list")}["赵强"] == "孙敏"
    before = dump(team)
    for body, says in (("name,manager\n王磊,赵强\n", "cycle"), ("name,manager\n钱七,Nobody\n", "no user called"),
                       ("name,email\n钱七,not-an-address\n", "not an email address")):
        r = run("import", "users", str(write_csv(tmp_path / "bad.csv", body)), "--json", code=1)
        assert says in json.loads(r.stdout)["errors"][0]["reason"]
    assert dump(team) == before
