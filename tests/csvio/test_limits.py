"""CSV import streams: memory is bounded by the limits on a row and a cell (settings ``[csv]``),
not by the file. A row over the limit stops the import naming its line (exit 2, database
unchanged); a file far bigger than the limit, of normal rows, imports; a pipe is read as it comes;
an endless stream of bad rows stops at ``csv.max_bad_rows``. The limits here are small so the
tests are fast; bench/csv_memory.py measures the memory of big files."""

from __future__ import annotations

import codecs
import io
import os
import shutil
import subprocess
import sys

import pytest

from helpers import assert_clean_error, dump, run, run_json
from tasplus_cli.csvio import open_table, read_table
from tasplus_cli.domain.errors import InvalidValue

NAMES = {"name": (), "industry": (), "notes": ()}


def _limits(line: int = 1024, cell: int = 256, bad: int = 10_000) -> None:
    run("config", "set", "csv.max_line_bytes", str(line))
    run("config", "set", "csv.max_cell_chars", str(cell))
    run("config", "set", "csv.max_bad_rows", str(bad))


def _read(data: bytes, limit: int = 1024, cell: int = 256, encoding: str | None = None):
    return read_table(io.BytesIO(data), "f.csv", NAMES, encoding=encoding, max_line_bytes=limit, max_cell_chars=cell)


class _Endless(io.RawIOBase):
    """``first`` then ``line`` forever, counting what was read: proves a reader stops early."""

    def __init__(self, first: bytes, line: bytes):
        self.first, self.line, self.given = first, line, 0

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        data = self.first if self.given == 0 else b""
        data += self.line * max(1, (len(b) - len(data)) // len(self.line))
        n = min(len(b), len(data))
        b[:n] = data[:n]
        self.given += n
        return n


def test_a_row_over_the_limit_names_its_line_and_the_limit():
    with pytest.raises(InvalidValue) as e:
        _read(b"name,industry\nok,bank\n" + b"," * 5000 + b"\nlater,x\n")
    assert "line 3" in e.value.message and "1,024 bytes" in e.value.message
    assert "csv.max_line_bytes" in e.value.hint


def test_a_quoted_cell_over_many_lines_counts_as_one_row_from_its_first_line():
    body = b"name,notes\nok,fine\nbad,\"" + b"short line\n" * 500 + b"\"\n"
    with pytest.raises(InvalidValue) as e:
        _read(body, cell=100_000)
    assert "line 3" in e.value.message


def test_a_huge_cell_without_a_line_break_is_too_long_not_empty():
    """The issue's 200 MB cell without a newline said "file is empty"; only a bounded part is read."""
    endless = _Endless(b"", b"x" * 4096)
    with pytest.raises(InvalidValue) as e:
        open_table(endless, "f.csv", NAMES, max_line_bytes=100_000)
    assert "line 1" in e.value.message and "is empty" not in e.value.message
    assert endless.given < 300_000


def test_an_endless_line_of_commas_stops_after_the_limit():
    endless = _Endless(b"name,industry\n", b"," * 4096)
    table = open_table(endless, "f.csv", NAMES, max_line_bytes=100_000)
    with pytest.raises(InvalidValue) as e:
        list(table.rows)
    assert "line 2" in e.value.message and endless.given < 300_000


def test_a_file_much_bigger_than_the_limit_reads_row_by_row():
    rows = b"".join(b"account %d,bank\n" % i for i in range(20_000))
    t = _read(b"name,industry\n" + rows)
    assert len(t.rows) == 20_000 and t.rows[-1] == (20_001, ["account 19999", "bank"])


def test_a_cell_over_its_limit_is_a_bad_row_naming_the_setting():
    t = _read(b"name,notes\nok,fine\nlong," + b"n" * 300 + b"\nnext,x\n")
    assert [r for _, r in t.rows] == [["ok", "fine"], ["next", "x"]]
    assert t.problems[0]["line"] == 3 and "256 characters (csv.max_cell_chars)" in t.problems[0]["reason"]


def test_the_encoding_is_decided_on_a_prefix_and_a_detected_one_takes_over_after_ascii():
    ascii_start = b"name,industry\n" + b"".join(b"account %d,bank\n" % i for i in range(10_000))  # > 64 KiB
    t = _read(ascii_start + "华东省农商银行,银行\n".encode("gbk"))
    assert (t.encoding, t.detected) == ("gb18030", True) and t.rows[-1][1] == ["华东省农商银行", "银行"]
    utf8_start = "name,industry\n华东,银行\n".encode() + b"".join(b"a %d,b\n" % i for i in range(10_000))
    with pytest.raises(InvalidValue) as e:
        _read(utf8_start + "瑞康,医疗\n".encode("gbk"))
    assert "line 10,003" in e.value.message.replace("10003", "10,003") and "--encoding" in e.value.hint


@pytest.mark.parametrize("data, label", [
    ("name,industry\n华东,银行\n".encode("utf-16"), "utf-16"),
    (codecs.BOM_UTF8 + "name,industry\n华东,银行\n".encode(), "utf-8 with BOM"),
])  # GB18030 without a BOM: tests/csvio/test_detection.py (so short a file is not detected, it is ambiguous)
def test_streamed_encodings(data, label):
    t = _read(data)
    assert t.encoding == label and t.rows == [(2, ["华东", "银行"])]


# --- the command --------------------------------------------------------------------------------

def test_import_of_a_row_over_the_limit_is_exit_2_and_writes_nothing(tmp_path, tasplus_home):
    _limits()
    run("account", "add", "华东省农商银行")
    before = dump(tasplus_home)
    f = tmp_path / "accounts.csv"
    f.write_bytes(b"name,industry\nfirst,bank\n" + b"x," * 1000 + b"\nlast,bank\n")
    r = run("import", "accounts", str(f), code=2)
    assert_clean_error(r, 2)
    assert "line 3" in r.stderr and "1,024 bytes" in r.stderr and "config set csv.max_line_bytes" in r.stderr
    assert dump(tasplus_home) == before


def test_import_of_a_file_far_over_the_limit_with_normal_rows_works(tmp_path, monkeypatch):
    from tasplus_cli.store.transfer import importer

    monkeypatch.setattr(importer, "BATCH", 7)  # many batches: codes, matching and duplicates across them
    _limits()
    f = tmp_path / "accounts.csv"
    f.write_text("name,industry\n" + "".join(f"客户 {i:04d},banking\n" for i in range(300)), encoding="utf-8")
    assert f.stat().st_size > 5 * 1024
    report = run_json("import", "accounts", str(f))
    assert report["inserted"] == 300 and report["written"]
    assert len(run_json("account", "list")) == 300
    again = run_json("import", "accounts", str(f), "--dry-run")
    assert (again["inserted"], again["unchanged"]) == (0, 300)
    f.write_text("name,industry\n客户 0001,banking\n新客户,banking\n客户 0001,retail\n", encoding="utf-8")
    twice = run("import", "accounts", str(f), code=1)
    assert "line 2 already imports this account" in twice.stderr, twice.stderr


def test_many_bad_rows_stop_the_import_and_write_nothing(tmp_path, tasplus_home):
    _limits(bad=20)
    before = dump(tasplus_home)
    f = tmp_path / "accounts.csv"
    f.write_text("name,industry\n" + "same,banking\n" * 100, encoding="utf-8")
    for extra in ([], ["--skip-errors"]):
        r = run("import", "accounts", str(f), *extra, code=2)
        assert_clean_error(r, 2)
        assert "more than 20 bad rows by line 23" in r.stderr and "the first, on line 3" in r.stderr
        assert "csv.max_bad_rows" in r.stderr
        assert dump(tasplus_home) == before


def test_an_endless_pipe_of_duplicates_stops(tasplus_home):
    """``yes name,industry | tasplus import accounts -``: read as it comes, stopped by max_bad_rows."""
    _limits(bad=50)
    script = shutil.which("tasplus", path=os.path.dirname(sys.executable)) or shutil.which("tasplus")
    proc = subprocess.Popen([script, "import", "accounts", "-"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=os.environ)
    try:
        for _ in range(10_000):  # far more than needed: the import stops and closes the pipe
            proc.stdin.write(b"name,industry\n" * 100)
            proc.stdin.flush()
    except BrokenPipeError:
        pass
    finally:
        try:
            proc.stdin.close()
        except BrokenPipeError:
            pass
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 2, err
    assert "more than 50 bad rows" in err
    assert run_json("account", "list") == []


@pytest.mark.parametrize("key, value", [("csv.max_line_bytes", "0"), ("csv.max_cell_chars", "x"),
                                        ("csv.max_bad_rows", "-1")])
def test_limits_are_checked_settings(key, value):
    r = run("config", "set", key, value, code=2)
    assert key in r.stderr


def test_a_copy_of_the_demo_written_in_tiny_batches_is_identical(tmp_path, monkeypatch):
    """Batches change nothing: codes, references by code and name across batches, renumbering,
    history and child lists come out as from one big write (the demo copy of tests/cli/test_io.py)."""
    from cli.test_io import _copy_and_compare
    from tasplus_cli.store.transfer import importer

    monkeypatch.setattr(importer, "BATCH", 3)
    monkeypatch.setenv("TASPLUS_TODAY", "2026-11-27")
    demo = tmp_path / "demo.db"
    run("demo", "--path", str(demo))
    assert len(_copy_and_compare(demo, tmp_path)) > 30
