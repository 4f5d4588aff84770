"""What a newcomer tripped over in import/export, db, config and the demo (issue 11,
item 8), and the same messages in Chinese: ``--json`` stays English in both."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest
from helpers import add_account, add_deal, assert_clean_error, run, run_json


@pytest.fixture
def zh(monkeypatch):
    monkeypatch.setenv("TASPLUS_LANG", "zh")


def _runs_as_pasted(line: str) -> None:
    """A suggested command line runs when pasted into a shell (here: split as a shell would)."""
    words = shlex.split(line)
    assert words[0] == "tasplus", line
    run(*words[1:])


# --- export: nouns, and never over a file ------------------------------------------------

def test_export_counts_each_kind_with_its_own_noun(demo_db, tmp_path):
    db = str(demo_db())
    said = run("--db", db, "export", "--all", str(tmp_path / "all")).stderr
    assert re.search(r"^exported [\d,]+ history lines → .*history\.csv \(utf-8 with BOM\)$", said, re.M), said
    assert re.search(r"^exported \d+ team members → ", said, re.M)
    assert re.search(r"^exported \d+ win-rate points → ", said, re.M)
    assert re.search(r"^exported 1 review → ", said, re.M)  # the demo records one review: not "1 reviews"
    assert not re.search(r"exported \d+ (history|team|win-rates|reviews) →", said)
    one = run("--db", db, "export", "reviews", "--no-bom").stderr
    assert one.strip() == "exported 1 review → stdout (utf-8)"


def test_export_never_replaces_a_file_without_force(tmp_path):
    add_account("华东省农商银行")
    mine = tmp_path / "my accounts.csv"
    mine.write_text("my own edits\n", encoding="utf-8")
    r = run("export", "accounts", str(mine), code=None)
    assert_clean_error(r, 1)
    assert str(mine) in r.stderr and "--force" in r.stderr
    assert mine.read_text(encoding="utf-8") == "my own edits\n"
    _runs_as_pasted(r.stderr.split("replace it with: ", 1)[1].strip())  # the hint quotes the path with a space
    assert "ACC-0001" in mine.read_text(encoding="utf-8-sig")

    folder = tmp_path / "backup"
    run("export", "--all", str(folder))
    (folder / "accounts.csv").write_text("edited\n", encoding="utf-8")
    r = run("export", "--all", str(folder), code=None)
    assert_clean_error(r, 1)
    assert "users.csv" in r.stderr  # the first file of --all that exists (users come first)
    assert f"tasplus export --all {folder} --force" in r.stderr
    assert (folder / "accounts.csv").read_text(encoding="utf-8") == "edited\n"
    run("export", "--all", str(folder), "--force")
    assert "ACC-0001" in (folder / "accounts.csv").read_text(encoding="utf-8-sig")
    assert run("export", "accounts", "-").stdout.count("ACC-0001") == 1  # stdout is never "a file that exists"


# --- import: malformed files, and columns as the file names them ---------------------------

def test_a_malformed_csv_never_offers_a_negative_number_of_good_rows(tmp_path):
    only_bad = tmp_path / "cut.csv"
    only_bad.write_text('name,industry\n"bank,x\n', encoding="utf-8")
    r = run("import", "accounts", str(only_bad), code=1)
    assert "line 2: not valid CSV: unexpected end of data" in r.stderr
    assert "1 bad row (first: line 2); nothing was written" in r.stderr
    assert "hint: fix the file and import again" in r.stderr
    assert "-1" not in r.stderr and "--skip-errors" not in r.stderr

    one_good = tmp_path / "half.csv"
    one_good.write_text('name,industry\nok,x\n"bank,x\n', encoding="utf-8")
    r = run("import", "accounts", str(one_good), code=1)
    assert "or --skip-errors to write the 1 good row" in r.stderr
    report = json.loads(run("import", "accounts", str(one_good), "--json", code=1).stdout)
    assert (report["rows"], report["inserted"], report["bad_rows"]) == (1, 1, 1)
    assert run_json("import", "accounts", str(one_good), "--skip-errors")["inserted"] == 1


def test_matching_names_the_columns_of_the_file_not_internal_fields(tmp_path):
    add_account("A")
    add_deal("X", "A")
    add_deal("X", "A", duplicate_ok=True)  # two open deals of one name: only on purpose
    f = tmp_path / "x.csv"
    f.write_text("name,account\nX,A\n", encoding="utf-8")
    r = run("import", "opportunities", str(f), code=1)
    assert "line 2: matches 2 stored deals by account and name: OPP-0001, OPP-0002" in r.stderr
    assert "account_id" not in r.stderr


# --- config set: a negative number is a value -----------------------------------------------

@pytest.mark.parametrize("args", [["grades.A", "-5"], ["grades.A", "--", "-5"]])
def test_config_set_takes_a_negative_number_as_the_value(tasplus_home, args):
    r = run("config", "set", *args, code=None)
    assert_clean_error(r, 2)
    assert "config: grades.A must be above 0, not -5" in r.stderr and "No such option" not in r.stderr
    assert "tasplus config set grades.A 5000000" in r.stderr
    assert not (tasplus_home / "config.toml").exists()


def test_config_set_accepts_a_value_after_two_dashes(tasplus_home):
    run("config", "set", "review.optimism_points", "--", "25")
    assert run_json("config", "show")["review"]["optimism_points"] == 25


# --- the demo: every suggested line runs as pasted ---------------------------------------------

def test_demo_prints_commands_that_each_run_as_pasted(tmp_path):
    from tasplus_cli.render.setup import EXPLORE

    path = tmp_path / "my demo" / "demo.db"  # a space: the path must be quoted
    r = run("demo", "--path", str(path))
    after = r.stderr.split("Explore it:\n", 1)[1].splitlines()
    commands = [line.strip() for line in after if line.strip()]
    assert len(commands) == len(EXPLORE) and all(c.startswith(f"tasplus --db {shlex.quote(str(path))} ") for c in commands)
    for line in commands:
        _runs_as_pasted(line)


# --- in Chinese ----------------------------------------------------------------------------------

def test_import_and_export_speak_chinese_and_json_stays_english(zh, tmp_path):
    add_account("华东省农商银行")
    f = tmp_path / "deals.csv"
    f.write_text("name,account,amount\n核心系统升级,华东省农商银行,600万\n数据中台,华东省农商银行,abc\n",
                 encoding="utf-8")
    r = run("import", "opportunities", str(f), code=1)
    assert "deals.csv（utf-8）：2 行 → 将新增 1，将更新 0，未变 0，有错 1" in r.stderr
    assert "  第 3 行：amount='abc'：" in r.stderr
    assert "1 行错误数据（第一处：第 3 行）；没有写入任何数据" in r.stderr
    assert "用 --skip-errors 只写入其中 1 行正确数据" in r.stderr
    for english in ("bad row", "nothing was written", "to add", "line 3"):
        assert english not in r.stderr
    report = json.loads(run("import", "opportunities", str(f), "--json", code=1).stdout)
    assert report["errors"][0]["reason"] == "'abc' is not an amount"  # the English of every --json
    done = run("import", "opportunities", str(f), "--skip-errors")
    assert "已导入：新增 1 条，更新 0 条记录；跳过 1 行错误数据" in done.stderr
    assert run("export", "opportunities", "--no-bom").stderr.strip() == "已导出商机 1 条 → 标准输出（utf-8）"
    r = run("export", "opportunities", str(f), code=1)
    assert f"{f} 已存在；导出不会覆盖已有文件" in r.stderr and "--force" in r.stderr


def test_database_messages_speak_chinese(zh, sqlite_db):
    add_account("华东省农商银行")
    assert "已写入备份：" in run("db", "backup").stderr
    table = run("db", "doctor").stdout
    for word in ("完整性", "外键", "结构版本", "日志模式", "权限", "正常", "PRAGMA integrity_check：正常",
                 "数据库体检"):
        assert word in table, table
    for english in ("foreign keys", "journal mode", "permissions", "(current)", "are private"):
        assert english not in table
    assert "无需升级" in run("db", "upgrade").stderr


def test_doctor_json_is_the_same_in_both_languages(sqlite_db, monkeypatch):
    add_account("华东省农商银行")
    run("db", "backup")
    english = run("db", "doctor", "--json").stdout
    assert "PRAGMA integrity_check: ok" in english and "and 1 backup(s) are private" in english  # as it always was
    assert "and 1 backup are private (no access for group or others)" in run("db", "doctor").stdout  # the screen counts properly
    monkeypatch.setenv("TASPLUS_LANG", "zh")
    assert run("db", "doctor", "--json").stdout == english


def test_config_messages_speak_chinese(zh, tasplus_home):
    r = run("config", "set", "grades.A", "-5", code=2)
    assert "配置：grades.A 必须大于 0，而不是 -5" in r.stderr
    assert "未知的设置项 'nope'" in run("config", "set", "nope", "1", code=2).stderr
    assert "已设置 user = '张伟'" in run("config", "set", "user", "张伟").stderr
    import os

    from tasplus_cli.store.db import redact, to_url

    home = tasplus_home.resolve()
    url = redact(to_url(os.environ.get("TASPLUS_DB") or f"{home}/tasplus.db"))  # SQLite, or the PostgreSQL run's
    assert run("init").stderr == f"✓ 已就绪：配置 {home}/config.toml · 数据库 {url}\n"


def test_demo_lines_speak_chinese(zh, tmp_path):
    r = run("demo", "--path", str(tmp_path / "demo.db"))
    assert "演示公司已建好：13 个客户、17 位联系人、163 个商机" in r.stderr
    assert "接着看看：" in r.stderr and "Explore" not in r.stderr
    assert Path(tmp_path / "demo.db").exists()
