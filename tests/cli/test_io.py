"""``tasplus import`` / ``export`` end to end: all or nothing, idempotent,
encodings, formula escaping, whole-database copies and merges."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import typer

from helpers import assert_clean_error, dump, run, run_json
from tasplus_cli.cli.app import app


def write_csv(path: Path, header: list[str], rows: list[list], encoding: str = "utf-8") -> Path:
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(header)
    w.writerows(rows)
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


def read_csv(path: Path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))


@pytest.fixture
def thousand(tmp_path) -> Path:
    """1,000 deals; the one on line 502 has an amount that is not a number."""
    run("account", "add", "华东省农商银行")
    rows = [[f"deal {i}", "华东省农商银行", "abc" if i == 500 else 1_000_000 + i, "validate", "2027-06-30"]
            for i in range(1000)]
    return write_csv(tmp_path / "deals.csv", ["name", "account", "amount", "stage", "close_date"], rows)


def test_one_bad_row_writes_nothing_and_names_it(thousand, tasplus_home):
    before = dump(tasplus_home)
    r = run("import", "opportunities", str(thousand), code=1)
    assert "line 502: amount='abc': 'abc' is not an amount" in r.stderr
    assert "1 bad row (first: line 502); nothing was written" in r.stderr and "Traceback" not in r.stderr
    assert dump(tasplus_home) == before
    report = json.loads(run("import", "opportunities", str(thousand), "--json", code=1).stdout)
    assert (report["written"], report["inserted"], report["bad_rows"]) == (False, 999, 1)
    assert report["errors"] == [{"line": 502, "column": "amount", "field": "amount", "value": "abc",
                                 "reason": "'abc' is not an amount", "kind": "opportunities",
                                 "hint": "write a number such as 1200000, 1,200,000.50 or 120万"}]
    assert dump(tasplus_home) == before


def test_skip_errors_writes_999_and_twice_adds_nothing(thousand, tasplus_home):
    report = run_json("import", "opportunities", str(thousand), "--skip-errors")
    assert (report["written"], report["inserted"], report["bad_rows"]) == (True, 999, 1)
    assert len(run_json("opp", "list")) == 999
    once = dump(tasplus_home)
    again = run_json("import", "opportunities", str(thousand), "--skip-errors")
    assert (again["inserted"], again["updated"], again["unchanged"]) == (0, 0, 999)
    assert dump(tasplus_home) == once
    assert run_json("opp", "history", "deal 7")[0]["reason"] == "imported from deals.csv"
    run("opp", "new", "after the import", "--account", "华东省农商银行", "--amount", "1")  # ids continue after it
    assert run_json("opp", "show", "after the import")["code"] == "OPP-1000"


def test_changed_row_updates_regrades_and_is_recorded(tmp_path):
    run("account", "add", "瑞康医疗集团")
    f = write_csv(tmp_path / "d.csv", ["商机名称", "客户", "金额"], [["影像平台", "瑞康医疗集团", "500000"]])
    run("import", "opportunities", str(f))
    assert run_json("opp", "show", "影像平台")["grade"] == "C"
    write_csv(f, ["商机名称", "客户", "金额"], [["影像平台", "瑞康医疗集团", "600万"]])
    dry = run_json("import", "opportunities", str(f), "--dry-run")
    assert (dry["written"], dry["updated"]) == (False, 1) and run_json("opp", "show", "影像平台")["grade"] == "C"
    assert run_json("import", "opportunities", str(f))["updated"] == 1
    deal = run_json("opp", "show", "影像平台")
    assert (deal["amount"], deal["grade"]) == (6_000_000, "A")
    changes = {h["field"]: h for h in run_json("opp", "history", "影像平台")}
    assert changes["amount"]["new"] == "6,000,000 CNY" and changes["grade"]["new"] == "A"
    assert len(run_json("opp", "list")) == 1


def test_gbk_file_with_chinese_headers_imports_without_encoding(tmp_path):
    run("account", "add", "华东省农商银行")
    run("user", "add", "张伟")
    run("user", "add", "李娜")
    f = write_csv(tmp_path / "excel.csv", ["商机名称", "客户", "金额", "阶段", "预计成交日期", "负责人"],
                  [["核心系统升级", "华东省农商银行", "600万", "需求分析", "2027/6/30", "张伟"],
                   ["数据中台", "华东省农商银行", "1,200,000", "验证商机", "2027-09-30", "李娜"]], encoding="gbk")
    r = run("import", "opportunities", str(f))
    assert "excel.csv (gb18030, detected): 2 rows → 2 new" in r.stderr
    deal = run_json("opp", "show", "核心系统升级")
    assert (deal["amount"], deal["stage"], deal["grade"], deal["close_date"], deal["owner"]) == (
        6_000_000, "analyze", "A", "2027-06-30", "张伟")
    assert run_json("opp", "show", "数据中台")["grade"] == "B"


def test_formula_is_escaped_on_export_and_read_back_as_typed(tmp_path):
    typed = '=HYPERLINK("http://evil.example","点我")'
    run("account", "add", "+86 Trading")
    run("opp", "new", typed, "--account", "+86 Trading", "--amount", "300000")
    out = tmp_path / "opps.csv"
    run("export", "opportunities", str(out))
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    row = read_csv(out)[0]
    assert row["name"] == "'" + typed and row["account"] == "'+86 Trading" and row["amount"] == "300000"
    assert run_json("import", "opportunities", str(out))["unchanged"] == 1
    fresh = tmp_path / "fresh.db"
    run("--db", str(fresh), "import", "users", str(_export(tmp_path, "users")))
    run("--db", str(fresh), "import", "accounts", str(_export(tmp_path, "accounts")))
    run("--db", str(fresh), "import", "opportunities", str(out))
    assert run_json("--db", str(fresh), "opp", "show", "OPP-0001")["name"] == typed


def _export(tmp_path: Path, kind: str, *args: str) -> Path:
    path = tmp_path / f"{kind}.csv"
    run(*args, "export", kind, str(path))
    return path


def test_export_to_stdout_without_bom_or_in_gb18030(tmp_path):
    run("account", "add", "华东省农商银行", "--region", "杭州")
    plain = run("export", "accounts", "--no-bom")
    assert plain.stdout.startswith("code,name,industry,region") and "ACC-0001,华东省农商银行,,杭州" in plain.stdout
    assert "exported 1 account → stdout" in plain.stderr  # item 8: one account, not "1 accounts"
    gb = tmp_path / "gb.csv"
    run("export", "accounts", str(gb), "--encoding", "gb18030")
    assert "华东省农商银行" in gb.read_bytes().decode("gb18030")
    assert_clean_error(run("export", "accounts", "--encoding", "nope", code=None), 2)
    assert_clean_error(run("export", "widgets", code=None), 2)


def test_bad_files_and_options_are_clean_errors(tmp_path, tasplus_home):
    run("account", "add", "A")
    before = dump(tasplus_home)
    latin = tmp_path / "latin.csv"
    latin.write_bytes("name\nCafé\n".encode("latin-1") + b"\x81\xff\n")
    cases = [
        (("import", "opportunities", str(tmp_path / "missing.csv")), 1, "no file"),
        (("import", "widgets", str(latin)), 2, "unknown kind"),
        (("import", "accounts", str(latin)), 2, "neither GB18030, Big5, Windows-1252 nor Shift-JIS"),
        (("import", "accounts", str(latin), "--encoding", "latin-1", "--map", "nope=name"), 2, "no column 'nope'"),
        (("import", "accounts", str(latin), "--encoding", "klingon"), 2, "unknown encoding"),
        (("import", "opportunities"), 2, "KIND FILE or --all DIR"),
    ]
    for args, code, words in cases:
        r = run(*args, code=None)
        assert_clean_error(r, code)
        assert words in r.stderr, (args, r.stderr)
    nocol = write_csv(tmp_path / "nocol.csv", ["account", "amount"], [["A", "1"]])
    r = run("import", "opportunities", str(nocol), code=2)
    assert "no column for name" in r.stderr and '--map "COLUMN=name"' in r.stderr
    truncated = tmp_path / "cut.csv"
    truncated.write_text('name,account,amount\nok,A,1\nbad,"A,2\n', encoding="utf-8")
    r = run("import", "opportunities", str(truncated), code=1)
    assert "line 3: not valid CSV" in r.stderr
    assert dump(tasplus_home) == before


def test_references_create_missing_and_row_rules(tmp_path):
    f = write_csv(tmp_path / "d.csv", ["name", "account", "amount", "partner", "registration_id", "grade",
                                       "grade_manual"],
                  [["a", "新客户", "100", "", "", "", ""],
                   ["b", "新客户", "100", "某伙伴", "", "", ""],
                   ["c", "新客户", "100", "", "", "A", "yes"],
                   ["d", "", "100", "", "", "", ""]])
    r = run("import", "opportunities", str(f), code=1)
    assert "line 2: account='新客户': no account named '新客户'" in r.stderr and "--create-missing" in r.stderr
    assert "line 5: account is empty (and no account_code)" in r.stderr
    report = run_json("import", "opportunities", str(f), "--create-missing", "--skip-errors")
    assert report["created"] == {"accounts": 1, "users": 1} and report["inserted"] == 2  # users: you, their owner
    assert [e["line"] for e in report["errors"]] == [3, 5]
    assert "partner and registration_id go together" in report["errors"][0]["reason"]
    assert run_json("opp", "show", "c")["grade"] == "A" and run_json("opp", "show", "a")["grade"] == "D"


def test_contacts_report_to_later_rows_but_never_in_a_cycle(tmp_path):
    run("account", "add", "瑞康医疗集团")
    header = ["name", "account", "reports_to_name", "title"]
    f = write_csv(tmp_path / "c.csv", header, [["黄丽", "瑞康医疗集团", "陈志远", "信息科主任"],
                                              ["陈志远", "瑞康医疗集团", "", "院长"]])
    assert run_json("import", "contacts", str(f))["inserted"] == 2
    assert run_json("contact", "show", "黄丽")["reports_to_name"] == "陈志远"
    write_csv(f, header, [["陈志远", "瑞康医疗集团", "黄丽", "院长"]])
    r = run("import", "contacts", str(f), code=1)
    assert "line 2" in r.stderr and "cycle" in r.stderr


# --- whole database ------------------------------------------------------------------

READ_COMMANDS = {"list", "show", "history", "funnel", "review"}
ARGS = {"opp": "OPP", "account": "ACC", "contact": "CON", "competitor": "CMP", "survey": "SUR"}


def _read_commands() -> list[tuple[list[str], list[str]]]:
    """Every read command with --json: (path, its required arguments)."""
    out = []

    def walk(cmd, path):
        if hasattr(cmd, "commands"):
            for name, sub in cmd.commands.items():
                walk(sub, path + [name])
        elif path[-1] in READ_COMMANDS and path != ["survey", "review"] and any("--json" in p.opts for p in cmd.params):
            required = [p.name for p in cmd.params if p.required]
            unknown = [p for p in required if p not in ARGS]
            assert not unknown, f"tasplus {' '.join(path)} needs {unknown}: teach ARGS which codes to pass"
            out.append((path, required))

    walk(typer.main.get_command(app), [])
    return out


def _json_of_every_read_command(*db: str) -> dict[str, tuple]:
    """(exit code, parsed JSON) of every read command (JSON objects compare without key order).
    ``db``: ``("--db", PATH)``, or nothing for the test's own (empty at first) database."""
    codes = {prefix: [row["code"] for row in csv.DictReader(io.StringIO(
        run(*db, "export", kind, "--no-bom").stdout))]
        for prefix, kind in (("OPP", "opportunities"), ("ACC", "accounts"), ("CON", "contacts"),
                             ("CMP", "competitors"), ("SUR", "surveys"))}
    seen = {}
    for path, required in _read_commands():
        variants = [[]] if not required else [[c] for c in codes[ARGS[required[0]]]]
        if path == ["opp", "list"]:
            variants.append(["--status", "all"])
        for extra in variants:
            r = run(*db, *path, *extra, "--json", code=None)
            seen[" ".join(path + extra)] = (r.exit_code, json.loads(r.stdout) if r.exit_code == 0 else r.stdout)
    return seen


def _copy_and_compare(source: Path, tmp_path: Path) -> dict[str, tuple]:
    """export --all from ``source``, import --all into the test's empty database (SQLite, or
    PostgreSQL when the suite runs there), and compare every read command's JSON."""
    folder = tmp_path / "export"
    run("--db", str(source), "export", "--all", str(folder))
    report = run_json("import", "--all", str(folder))
    assert report["written"] and report["bad_rows"] == 0, report["errors"][:5]
    original, copy = _json_of_every_read_command("--db", str(source)), _json_of_every_read_command()
    assert original.keys() == copy.keys()
    for command in original:
        assert copy[command] == original[command], f"tasplus {command} differs after export --all / import --all"
    again = run_json("import", "--all", str(folder))
    assert (again["inserted"], again["updated"]) == (0, 0)
    return original


def test_copy_of_a_database_built_by_commands_is_identical(tmp_path, monkeypatch):
    monkeypatch.setenv("TASPLUS_TODAY", "2026-11-27")
    db = tmp_path / "rich.db"

    def t(*args: str) -> None:
        run("--db", str(db), *args)

    t("account", "add", "华东省农商银行", "--industry", "banking", "--region", "杭州", "--notes", '行长说"年底前"\n第二行')
    t("account", "add", "=cmd|' /C calc'!A0", "--notes", "-见附件, 逗号")
    t("contact", "add", "王建国", "--account", "华东省农商银行", "--title", "行长", "--influence", "high")
    t("contact", "add", "李明", "--account", "ACC-0001", "--reports-to", "王建国", "--relationship", "正向",
      "--phone", "+86 138 0000 0000", "--email", "li@example.cn")
    t("opp", "new", "核心系统升级", "--account", "华东省农商银行", "--amount", "6,000,000.50", "--close-date", "2027-06-30")
    t("opp", "new", "@SUM(1+1)", "--account", "ACC-0002", "--amount", "120万", "--partner", "伙伴甲",
      "--registration", "REG-1")
    t("fx", "set", "USD", "7.12", "--date", "2026-01-01")
    t("opp", "new", "小单", "--account", "ACC-0002", "--amount", "50000", "--currency", "USD")
    t("opp", "grade", "小单", "--set", "B", "--reason", "样板客户")
    t("event", "add", "OPP-0001", "监管要求2027年底前完成改造", "--kind", "regulation", "--confirmed",
      "--deadline", "2027-12-31")
    t("event", "add", "OPP-0001", "=预算", "--kind", "budget")
    t("opp", "advance", "OPP-0001")
    t("opp", "approve", "OPP-0001", "--note", "立项会通过")
    t("opp", "team", "add", "OPP-0001", "陈静", "--department", "presales", "--role", "方案架构师",
      "--person-days", "2.5")
    t("opp", "close", "小单", "--lost", "--reason", "price, 20% higher")
    t("competitor", "add", "华为")
    t("opp", "edit", "OPP-0001", "--incumbent", "华为", "--reason", "现有核心系统是华为的")
    t("opp", "edit", "OPP-0002", "--incumbent", "us")
    seen = _copy_and_compare(db, tmp_path)
    assert seen["account list"][1][1]["name"] == "=cmd|' /C calc'!A0"
    assert (seen["opp show OPP-0001"][1]["incumbent"], seen["opp show OPP-0002"][1]["incumbent"]) == ("华为", "us")
    assert seen["opp show OPP-0003"][1]["grade_manual"] is True and seen["opp show OPP-0001"][1]["amount"] == 6000000.5


def test_copy_of_the_demo_is_identical(tmp_path, monkeypatch):
    monkeypatch.setenv("TASPLUS_TODAY", "2026-11-27")
    demo = tmp_path / "demo.db"
    run("demo", "--path", str(demo))
    seen = _copy_and_compare(demo, tmp_path)
    assert len(seen) > 30 and sum(code == 0 for code, _ in seen.values()) > 30


def test_merging_a_reps_export_adds_no_duplicates(tmp_path):
    manager, rep = tmp_path / "manager.db", tmp_path / "rep.db"
    for db, deal in ((manager, "核心系统升级"), (rep, "数据中台")):
        run("--db", str(db), "account", "add", "华东省农商银行")
        run("--db", str(db), "opp", "new", deal, "--account", "华东省农商银行", "--amount", "2000000")
        run("--db", str(db), "event", "add", "OPP-0001", f"{deal}的预算已批", "--kind", "budget")
    run("--db", str(rep), "account", "add", "瑞康医疗集团")
    folder = tmp_path / "rep-export"
    run("--db", str(rep), "export", "--all", str(folder))
    report = run_json("--db", str(manager), "import", "--all", str(folder))
    kinds = {k["kind"]: k for k in report["kinds"]}
    assert kinds["accounts"]["inserted"] == 1 and kinds["accounts"]["unchanged"] == 1  # matched by name
    assert kinds["opportunities"]["renumbered"] == {"OPP-0001": "OPP-0002"}
    deals = {d["code"]: d["name"] for d in run_json("--db", str(manager), "opp", "list")}
    assert deals == {"OPP-0001": "核心系统升级", "OPP-0002": "数据中台"}
    assert [e["text"] for e in run_json("--db", str(manager), "event", "list", "OPP-0002")] == ["数据中台的预算已批"]
    assert [e["text"] for e in run_json("--db", str(manager), "event", "list", "OPP-0001")] == ["核心系统升级的预算已批"]
    history = run_json("--db", str(manager), "opp", "history", "OPP-0002")
    assert [h["field"] for h in history] == ["created", "event"]
    again = run_json("--db", str(manager), "import", "--all", str(folder))
    assert (again["inserted"], again["updated"]) == (0, 0)
    # the rep's OPP-0001 is the manager's OPP-0002 (other created_at): a change there updates that deal
    run("--db", str(rep), "opp", "edit", "OPP-0001", "--amount", "3000000")
    run("--db", str(rep), "export", "opportunities", str(tmp_path / "o.csv"))
    changed = run_json("--db", str(manager), "import", "opportunities", str(tmp_path / "o.csv"))
    assert (changed["inserted"], changed["updated"]) == (0, 1)
    amounts = {d["code"]: d["amount"] for d in run_json("--db", str(manager), "opp", "list")}
    assert amounts == {"OPP-0001": 2_000_000, "OPP-0002": 3_000_000}


def test_an_incumbent_competitor_needs_its_code(tmp_path, tasplus_home):
    run("account", "add", "华东省农商银行")
    before = dump(tasplus_home)
    f = tmp_path / "deals.csv"
    f.write_text("name,account,amount,incumbent,incumbent_competitor\n核心系统升级,华东省农商银行,2000000,competitor,\n",
                 encoding="utf-8")
    r = run("import", "opportunities", str(f), code=None)
    assert r.exit_code == 1 and "incumbent" in r.stderr and "line 2" in r.stderr
    assert dump(tasplus_home) == before
