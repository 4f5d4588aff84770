"""Issue 16 item 4 and 5: an import matches stored records without holding them, export takes
the driver's shortcut to the same cells, and the planner gets statistics after a big import and
from ``db doctor``. (bench/import_bench.py measures time and memory; nothing here is timed.)"""

from __future__ import annotations

import io
import sqlite3

from helpers import dump, run, run_json


def _workspace(db=None):
    from tasplus_cli.api import Workspace

    return Workspace.from_environment(db)


def test_digest_ids_find_every_record_of_a_value_in_id_order():
    from tasplus_cli.store.transfer.stored import DigestIds

    ids = DigestIds([(("a", 1), 7), (("b", 2), 3), (("a", 1), 2), (None, 9), ("x", 5)])
    assert ids.get(("a", 1)) == [2, 7] and ids.get("x") == [5] and ids.get("y") == [] and ids.get(None) == []
    assert len(ids) == 4 and DigestIds([]).get("x") == []


def _deals_csv(tmp_path, rows: list[str], name: str = "deals.csv"):
    path = tmp_path / name
    path.write_text("code,name,account,amount,external_id,created_at\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return str(path)


def test_rows_match_stored_records_by_code_external_id_and_key_across_batches(tmp_path, monkeypatch, sqlite_db):
    """Small batches: each batch reads the stored rows it needs (guessed from its cells), and a
    row whose record was not guessed (its account named by a new alias) still finds it."""
    from tasplus_cli.store.transfer import importer

    monkeypatch.setattr(importer, "BATCH", 2)
    first = _deals_csv(tmp_path, [f",Deal {i},Acme,{i}000,X-{i}," for i in range(1, 8)])
    assert run_json("import", "opportunities", first, "--create-missing")["inserted"] == 7
    codes = {d["name"]: d["code"] for d in run_json("opp", "list", "--status", "all")}
    again = _deals_csv(tmp_path, [
        f"{codes['Deal 1']},Deal 1,Acme,1000,X-1,",  # by code
        ",deal 2 ,acme,2500,X-2,",  # by external id (amount changed)
        ",DEAL 3,Acme,3000,,",  # by natural key, case and spaces ignored
        ",Deal 4,Acme,4000,X-4,",
        ",Deal 9,Acme,9000,X-9,",  # new
        f"{codes['Deal 5']},Deal 5 renamed,Acme,5000,X-5,",
    ], "again.csv")
    report = run_json("import", "opportunities", again)
    assert (report["inserted"], report["updated"], report["unchanged"], report["bad_rows"]) == (1, 3, 2, 0)
    names = {d["name"] for d in run_json("opp", "list", "--status", "all")}  # a matched row's name is the file's
    assert names == {"Deal 1", "deal 2", "DEAL 3", "Deal 4", "Deal 5 renamed", "Deal 6", "Deal 7", "Deal 9"}


def test_a_row_reaching_a_record_an_earlier_batch_updated_is_refused_and_nothing_is_written(tmp_path, monkeypatch,
                                                                                           sqlite_db):
    """Matching sees the records as they were when the import began, even after a batch wrote."""
    from tasplus_cli.store.transfer import importer

    run_json("import", "opportunities", _deals_csv(tmp_path, [",Deal 1,Acme,1000,X-1,"]), "--create-missing")
    before = dump(sqlite_db)
    monkeypatch.setattr(importer, "BATCH", 1)
    code = run_json("opp", "list")[0]["code"]
    twice = _deals_csv(tmp_path, [f"{code},Deal 1 renamed,Acme,1000,X-1,", ",Deal 1,Acme,1000,,"], "twice.csv")
    r = run("import", "opportunities", twice, "--json", code=None)
    assert r.exit_code != 0 and "already" in r.stdout
    assert dump(sqlite_db) == before


def test_the_drivers_export_gives_the_general_paths_cells_for_every_kind(demo_db, tmp_path):
    from tasplus_cli.csvio import write_chunks
    from tasplus_cli.store import transfer
    from tasplus_cli.store.transfer import exporter

    db = demo_db(tmp_path / "demo.db")
    tricky = tmp_path / "tricky.csv"
    tricky.write_text("name,industry,created_at\n=SUM(A1),-5,2026-01-01T00:00:00+00:00\n'=x,'@y,2026-01-02\n"
                      "\"a,\"\"b\"\"\",,2026-03-04T05:06:07.000008+08:00\n", encoding="utf-8")
    run("--db", str(db), "import", "accounts", str(tricky))
    with sqlite3.connect(db) as c:  # values not in the shape the store writes: the general path makes their cells
        c.execute("UPDATE account SET created_at = '2026-01-01 08:09:10' WHERE id = 1")
        c.execute("UPDATE opportunity SET amount_minor = 1234567 WHERE id = 1")
        c.execute("UPDATE opportunity SET amount_minor = -5000 WHERE id = 2")
    ws = _workspace(str(db))
    with ws.session() as s:
        ctx = transfer.context(s, ws.settings, ws.user, ws.today)
        compared = 0
        for kind in transfer.KINDS.values():
            general, driver = io.BytesIO(), io.BytesIO()  # the file's bytes (an int cell is written as repr)
            compared += write_chunks(general, ["x"], exporter._chunks(ctx, kind))
            write_chunks(driver, ["x"], exporter._driver_chunks(ctx, kind))
            assert driver.getvalue() == general.getvalue(), kind.name
    assert compared > 500  # the demo's records
    assert run("--db", str(db), "export", "accounts", "-", "--no-bom").stdout.count("'=SUM(A1)") == 1


def _stats(db) -> int:
    """Rows of planner statistics about the account table."""
    with sqlite3.connect(db) as c:
        if not c.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone():
            return 0
        return c.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'account'").fetchone()[0]


def _drop_stats(db) -> None:
    with sqlite3.connect(db) as c:
        c.execute("DROP TABLE IF EXISTS sqlite_stat1")


def test_a_large_import_leaves_planner_statistics_a_dry_run_does_not(tmp_path, sqlite_db):
    """(A small write may leave statistics too: every write session ends with SQLite's own
    ``PRAGMA optimize``, which decides for itself; ``store.sqlite_open.optimize``.)"""
    from tasplus_cli.store.transfer import bulk

    accounts = tmp_path / "accounts.csv"
    run("account", "list")  # the database exists
    _drop_stats(sqlite_db)
    accounts.write_text("name\n" + "".join(f"B{i}\n" for i in range(bulk.ANALYZE_AT)), encoding="utf-8")
    run("import", "accounts", str(accounts), "--dry-run")
    assert _stats(sqlite_db) == 0
    run("import", "accounts", str(accounts))
    assert _stats(sqlite_db) > 0


def test_doctor_gathers_statistics_and_says_so(sqlite_db):
    """(On a database it may only read, doctor writes nothing: tests/store/test_files.py.)"""
    run("account", "add", "华东省农商银行")
    _drop_stats(sqlite_db)
    checks = {c["check"]: c for c in run_json("db", "doctor")["checks"]}
    assert checks["statistics"]["status"] == "ok" and "ANALYZE" in checks["statistics"]["detail"]
    assert _stats(sqlite_db) > 0
