"""Files shaped like the ones users really have: an Excel sheet saved as CSV on
Chinese Windows (GB18030, Chinese headers and labels), a Salesforce
opportunity report, and a public CRM sample (``../shared/data``)."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from pathlib import Path

from helpers import run, run_json

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT / ".." / "shared" / "data"


def test_excel_gb18030_file_with_chinese_headers(tmp_path):
    run("account", "add", "华东省农商银行")
    people = ("姓名,客户名称,职务,上级,影响力,关系状况,行为取向,手机\r\n"
              "王建国,华东省农商银行,行长,,高,中立,务实型,\r\n"
              "刘芳,华东省农商银行,分管科技副行长,王建国,高,负向,务实专业型,+86 139 1234 5678\r\n"
              ",,,,,,,\r\n")
    (tmp_path / "人员.csv").write_bytes(people.encode("gb18030"))
    r = run("import", "contacts", str(tmp_path / "人员.csv"))
    assert "人员.csv (gb18030): 2 rows → 2 new" in r.stderr
    liu = run_json("contact", "show", "刘芳")
    assert (liu["reports_to_name"], liu["influence"], liu["relationship"], liu["orientation"], liu["phone"]) == (
        "王建国", "high", "negative", "pragmatic-professional", "+86 139 1234 5678")
    deals = ("商机名称,客户,负责人,阶段,状态,金额,币种,预计成交日期,手工定级,等级,定级理由\r\n"
             '核心系统升级,华东省农商银行,张伟,需求分析,进行中,"6,000,000.00",CNY,2027年6月30日,否,,\r\n'
             '手机银行,华东省农商银行,李娜,谈判签约,赢单,120万,,2026/11/3,是,A,总行样板\r\n')
    (tmp_path / "商机.csv").write_bytes(deals.encode("gb18030"))
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
    assert (report["inserted"], report["created"]) == (4, {"accounts": 2})
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


def test_public_crm_sample_with_empty_accounts_reported_by_line(tmp_path):
    path = SHARED / "sales_pipeline.csv"
    assert path.exists(), (f"the public CRM sample is missing: {path.resolve()} (CI copies shared/ beside the "
                           "clone; locally it is /work/shared/data)")
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    empty_lines = [i + 2 for i, r in enumerate(rows) if not r["account"].strip()]
    assert len(rows) == 8800 and len(empty_lines) == 1425
    options = ["--map", "opportunity_id=external_id", "--map", "product=name", "--map", "sales_agent=owner",
               "--map", "close_value=amount", "--map", "close_date=closed_on",
               "--map", "deal_stage=stage", "--map", "deal_stage=status",
               "--value-map", "stage:Prospecting=validate", "--value-map", "stage:Engaging=analyze",
               "--value-map", "stage:*=negotiate", "--value-map", "status:Prospecting=open",
               "--value-map", "status:Engaging=open", "--date-format", "%d-%m-%y", "--create-missing"]
    r = run("import", "opportunities", str(path), *options, "--json", code=1)
    rejected = json.loads(r.stdout)
    assert rejected["written"] is False and rejected["bad_rows"] == 1425
    assert [e["line"] for e in rejected["errors"]] == empty_lines
    assert {(e["field"], e["reason"]) for e in rejected["errors"]} == {
        ("account", "account is empty (and no account_code)")}
    assert f"1,425 bad rows (first: line {empty_lines[0]}); nothing was written" in r.stderr
    assert set(rejected["kinds"][0]["ignored_columns"]) == {"engage_date", "engage_quarter", "close_quarter"}
    done = run_json("import", "opportunities", str(path), *options, "--skip-errors")
    assert (done["inserted"], done["created"]) == (7375, {"accounts": len({r["account"] for r in rows} - {""})})
    deals = run_json("opp", "list", "--status", "all")
    assert Counter(d["status"] for d in deals) == Counter(
        {"open": 1589 + 500 - 1425, "won": 4238, "lost": 2473})
    won = next(d for d in deals if d["external_id"] == "1C1I7A6R")
    assert (won["closed_on"], won["amount"], won["owner"], won["stage"]) == ("2017-03-01", 1054, "Moses Frase",
                                                                            "negotiate")
    again = run_json("import", "opportunities", str(path), *options, "--skip-errors")
    assert (again["inserted"], again["updated"], again["unchanged"]) == (0, 0, 7375)
    filled = run_json("import", "opportunities", str(path), *options, "--value-map", "account:=未知客户")
    assert (filled["inserted"], filled["unchanged"], filled["created"]) == (1425, 7375, {"accounts": 1})
