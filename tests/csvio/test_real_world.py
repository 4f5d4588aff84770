"""Files shaped like the ones users really have: an Excel sheet saved as CSV on
Chinese Windows (GB18030, Chinese headers and labels), a Salesforce
opportunity report, and a slice of a public CRM sample
(``tests/fixtures/crm_sample``: its README says where it comes from)."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from pathlib import Path

from helpers import run, run_json

CRM_SAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "crm_sample" / "sales_pipeline.csv"


def test_excel_gb18030_file_with_chinese_headers(tmp_path):
    run("account", "add", "华东省农商银行")
    people = ("姓名,客户名称,职务,上级,影响力,关系状况,行为取向,手机\r\n"
              "王建国,华东省农商银行,行长,,高,中立,务实型,\r\n"
              "刘芳,华东省农商银行,分管科技副行长,王建国,高,负向,务实专业型,+86 139 1234 5678\r\n"
              ",,,,,,,\r\n")
    (tmp_path / "人员.csv").write_bytes(people.encode("gb18030"))
    r = run("import", "contacts", str(tmp_path / "人员.csv"))
    assert "人员.csv (gb18030, detected): 2 rows → 2 new" in r.stderr
    liu = run_json("contact", "show", "刘芳")
    assert (liu["reports_to_name"], liu["influence"], liu["relationship"], liu["orientation"], liu["phone"]) == (
        "王建国", "high", "negative", "pragmatic-professional", "+86 139 1234 5678")
    deals = ("商机名称,客户,负责人,阶段,状态,金额,币种,预计成交日期,手工定级,等级,定级理由\r\n"
             '核心系统升级,华东省农商银行,张伟,需求分析,进行中,"6,000,000.00",CNY,2027年6月30日,否,,\r\n'
             '手机银行,华东省农商银行,李娜,谈判签约,赢单,120万,,2026/11/3,是,A,总行样板\r\n')
    (tmp_path / "商机.csv").write_bytes(deals.encode("gb18030"))
    run("user", "add", "张伟")  # the owners are the team's users
    run("user", "add", "李娜")
    run("import", "opportunities", str(tmp_path / "商机.csv"))
    core, mobile = run_json("opp", "show", "核心系统升级"), run_json("opp", "show", "手机银行")
    assert (core["amount"], core["grade"], core["stage"], core["close_date"]) == (6_000_000, "A", "analyze",
                                                                                 "2027-06-30")
    assert (mobile["status"], mobile["grade"], mobile["grade_manual"], mobile["close_date"]) == (
        "won", "A", True, "2026-11-03")


SALESFORCE = """\
"Opportunity Name","Account Name","Amount","Stage","Close Date","Opportunity Owner","Opportunity ID"
"Core Banking Upgrade","Acme Bank","1,250,000.00","Needs Analysis","6/30/2027","Jane Doe","0065g00000AbCdE"
"Mobile App","Acme Bank","80,000.00","Prospecting","1/15/2027","John Roe","0065g00000AbCdF"
"Data Platform","Globex","5,500,000.00","Closed Won","11/20/2026","Jane Doe","0065g00000AbCdG"
"Call Center","Globex","300,000.00","Closed Lost","10/2/2026","John Roe","0065g00000AbCdH"
"""
SF_OPTIONS = ["--map", "Opportunity ID=external_id", "--map", "Stage=stage", "--map", "Stage=status",
              "--value-map", "stage:Prospecting=validate", "--value-map", "stage:Needs Analysis=analyze",
              "--value-map", "stage:*=negotiate",
              "--value-map", "status:Closed Won=won", "--value-map", "status:Closed Lost=lost",
              "--value-map", "status:*=open", "--date-format", "%m/%d/%Y", "--create-missing"]


def test_salesforce_report_with_map_and_value_map(tmp_path):
    f = tmp_path / "report.csv"
    f.write_text(SALESFORCE, encoding="utf-8")
    report = run_json("import", "opportunities", str(f), *SF_OPTIONS)
    assert (report["inserted"], report["created"]) == (4, {"accounts": 2, "users": 2})  # Jane Doe, John Roe
    deals = {d["name"]: d for d in run_json("opp", "list", "--status", "all")}
    assert {n: (d["stage"], d["status"], d["grade"], d["owner"]) for n, d in deals.items()} == {
        "Core Banking Upgrade": ("analyze", "open", "B", "Jane Doe"),
        "Mobile App": ("validate", "open", "D", "John Roe"),
        "Data Platform": ("negotiate", "won", "A", "Jane Doe"),
        "Call Center": ("negotiate", "lost", "C", "John Roe")}
    assert deals["Core Banking Upgrade"]["external_id"] == "0065g00000AbCdE"
    assert deals["Core Banking Upgrade"]["close_date"] == "2027-06-30"
    f.write_text(SALESFORCE.replace("Core Banking Upgrade", "Core Banking Upgrade II"), encoding="utf-8")
    again = run_json("import", "opportunities", str(f), *SF_OPTIONS)
    assert (again["inserted"], again["updated"], again["unchanged"]) == (0, 1, 3)  # matched by Opportunity ID


CRM_OPTIONS = ["--map", "opportunity_id=external_id", "--map", "product=name", "--map", "sales_agent=owner",
               "--map", "close_value=amount", "--map", "close_date=closed_on",
               "--map", "deal_stage=stage", "--map", "deal_stage=status",
               "--value-map", "stage:Prospecting=validate", "--value-map", "stage:Engaging=analyze",
               "--value-map", "stage:*=negotiate", "--value-map", "status:Prospecting=open",
               "--value-map", "status:Engaging=open", "--date-format", "%d-%m-%y", "--create-missing"]
EMPTY_ACCOUNT = ("account", "account is empty (and no account_code)")


def test_public_crm_sample_with_empty_accounts_reported_by_line():
    path = CRM_SAMPLE
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    empty_lines = [i + 2 for i, r in enumerate(rows) if not r["account"].strip()]
    assert len(rows) == 440 and len(empty_lines) == 63  # the slice its README describes
    stages = Counter(r["deal_stage"] for r in rows)
    r = run("import", "opportunities", str(path), *CRM_OPTIONS, "--json", code=1)
    rejected = json.loads(r.stdout)
    assert rejected["written"] is False and rejected["bad_rows"] == len(empty_lines)
    assert [e["line"] for e in rejected["errors"]] == empty_lines
    assert {(e["field"], e["reason"]) for e in rejected["errors"]} == {EMPTY_ACCOUNT}
    assert f"{len(empty_lines)} bad rows (first: line {empty_lines[0]}); nothing was written" in r.stderr
    assert set(rejected["kinds"][0]["ignored_columns"]) == {"engage_date", "engage_quarter", "close_quarter"}
    done = run_json("import", "opportunities", str(path), *CRM_OPTIONS, "--skip-errors")
    kept = len(rows) - len(empty_lines)
    assert (done["inserted"], done["created"]) == (kept, {"accounts": len({r["account"] for r in rows} - {""}),
                                                          "users": len({r["sales_agent"] for r in rows})})
    deals = run_json("opp", "list", "--status", "all")
    assert Counter(d["status"] for d in deals) == Counter(
        {"open": stages["Prospecting"] + stages["Engaging"] - len(empty_lines), "won": stages["Won"],
         "lost": stages["Lost"]})
    won = next(d for d in deals if d["external_id"] == "1C1I7A6R")
    assert (won["closed_on"], won["amount"], won["owner"], won["stage"]) == ("2017-03-01", 1054, "Moses Frase",
                                                                            "negotiate")
    again = run_json("import", "opportunities", str(path), *CRM_OPTIONS, "--skip-errors")
    assert (again["inserted"], again["updated"], again["unchanged"]) == (0, 0, kept)
    filled = run_json("import", "opportunities", str(path), *CRM_OPTIONS, "--value-map", "account:=未知客户")
    assert (filled["inserted"], filled["unchanged"], filled["created"]) == (len(empty_lines), kept, {"accounts": 1})


def test_thousands_of_bad_rows_are_counted_with_a_separator(tmp_path):
    """The full sample has 1,425 deals without an account; the slice has 63, so the count's
    thousands separator is checked on the slice's empty-account rows repeated to 1,260."""
    header, *lines = CRM_SAMPLE.read_text(encoding="utf-8").splitlines()
    empty = [line.split(",") for line in lines if line.split(",")[3] == ""]
    many = [",".join([f"BULK{n:02d}{i:02d}", *f[1:]]) for n in range(20) for i, f in enumerate(empty)]
    big = tmp_path / "many_without_account.csv"
    big.write_text("\r\n".join([header, *many]) + "\r\n", encoding="utf-8")
    r = run("import", "opportunities", str(big), *CRM_OPTIONS, "--json", code=1)
    rejected = json.loads(r.stdout)
    assert rejected["written"] is False and rejected["bad_rows"] == len(many) == 1260
    assert {(e["field"], e["reason"]) for e in rejected["errors"]} == {EMPTY_ACCOUNT}
    assert "1,260 bad rows (first: line 2); nothing was written" in r.stderr
