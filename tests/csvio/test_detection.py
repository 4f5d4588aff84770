"""A CSV file that is not UTF-8 is read as it was written, or not at all: after a byte-order
mark and strict UTF-8, the detector chooses among GB18030, Big5, Windows-1252 and Shift-JIS,
the report (and ``--json``) says which and that it was detected, and a file it is not sure of
stops with exit 2 listing the candidates and ``--encoding``. The fixtures are real bytes,
written here in each encoding."""

from __future__ import annotations

import codecs
import io

import pytest

from helpers import assert_clean_error, dump, run, run_json
from tasplus_cli.csvio import read_table
from tasplus_cli.domain.errors import InvalidValue

HEADER = "name,industry,region,notes\r\n"
FILES = {  # encoding given to Python → (the label reported, the rows)
    "cp1252": ("windows-1252", [("Müller GmbH", "Maschinenbau", "Zürich", "Straße 5 – Büro 3. Stock"),
                                ("São Paulo Comércio Ltda", "Varejo", "São Paulo", "Açaí & Pão"),
                                ("Bäckerei Schöne", "Lebensmittel", "Köln", "Crème brûlée 12 €")]),
    "gb18030": ("gb18030", [("华东省农商银行", "银行", "上海", "核心系统升级"),
                            ("瑞康医疗集团", "医疗", "杭州", "院内信息化建设")]),
    "big5": ("big5", [("臺灣銀行", "銀行", "臺北", "核心系統換版"),
                      ("國泰人壽保險", "保險", "臺中", "理賠系統")]),
    "shift_jis": ("shift_jis", [("株式会社トヨタ自動車", "自動車", "愛知", "基幹システム更新"),
                                ("東京海上日動火災保険", "保険", "東京", "保険金支払システム")]),
}


def _write(path, codec: str, rows) -> None:
    path.write_bytes((HEADER + "".join(",".join(r) + "\r\n" for r in rows)).encode(codec))


def _accounts() -> dict[str, tuple]:
    return {a["name"]: (a["name"], a["industry"], a["region"], a["notes"]) for a in run_json("account", "list")}


@pytest.mark.parametrize("codec", list(FILES))
def test_each_encoding_is_detected_reported_and_round_trips(tmp_path, codec):
    label, rows = FILES[codec]
    f = tmp_path / "accounts.csv"
    _write(f, codec, rows)
    r = run("import", "accounts", str(f))
    assert f"accounts.csv ({label}, detected): {len(rows)} rows → {len(rows)} new" in r.stderr
    stored = _accounts()
    assert [stored[row[0]] for row in rows] == rows  # every character as it was written
    back = tmp_path / "back.csv"
    run("export", "accounts", str(back), "--encoding", label)
    assert run_json("import", "accounts", str(back))["kinds"][0]["unchanged"] == len(rows)


def test_json_says_which_encoding_and_that_it_was_detected(tmp_path):
    f = tmp_path / "accounts.csv"
    _write(f, "cp1252", FILES["cp1252"][1])
    kind = run_json("import", "accounts", str(f), "--dry-run")["kinds"][0]
    assert (kind["encoding"], kind["encoding_detected"]) == ("windows-1252", True)
    f.write_text(HEADER + "Acme,Retail,,\r\n", encoding="utf-8")
    kind = run_json("import", "accounts", str(f), "--dry-run")["kinds"][0]
    assert (kind["encoding"], kind["encoding_detected"]) == ("utf-8", False)
    kind = run_json("import", "accounts", str(f), "--dry-run", "--encoding", "latin-1")["kinds"][0]
    assert (kind["encoding"], kind["encoding_detected"]) == ("iso8859-1", False)


def test_the_report_in_chinese_says_detected(tmp_path, monkeypatch):
    monkeypatch.setenv("TASPLUS_LANG", "zh")
    f = tmp_path / "客户.csv"
    _write(f, "gb18030", FILES["gb18030"][1])
    assert "客户.csv（gb18030，自动检测）" in run("import", "accounts", str(f), "--dry-run").stderr


def test_windows_1252_is_no_longer_read_as_gb18030(tmp_path):
    """The case of the issue: ``Müller GmbH,Zürich,São Paulo`` was imported as ``M黮ler GmbH``."""
    f = tmp_path / "accounts.csv"
    f.write_bytes("name,region,notes\r\nMüller GmbH,Zürich,São Paulo\r\n".encode("cp1252"))
    run("import", "accounts", str(f))
    assert _accounts()["Müller GmbH"][2:] == ("Zürich", "São Paulo")


@pytest.mark.parametrize("codec, text, readings", [
    ("gbk", "华东", ("gb18030 '华东'", "big5 '貌陲'")),
    ("big5", "臺灣", ("big5 '臺灣'", "gb18030")),
    ("shift_jis", "トヨタ", ("shift_jis 'トヨタ'", "gb18030")),
])
def test_a_short_ambiguous_file_stops_with_the_candidates(tmp_path, tasplus_home, codec, text, readings):
    before = dump(tasplus_home)
    f = tmp_path / "accounts.csv"
    f.write_bytes(f"name\r\n{text}\r\n".encode(codec))
    r = run("import", "accounts", str(f), code=2)
    assert_clean_error(r, 2)
    assert "line 2 is not UTF-8 and its encoding is unsure" in r.stderr
    assert all(reading in r.stderr for reading in readings), r.stderr
    assert "--encoding" in r.stderr
    assert dump(tasplus_home) == before
    run("import", "accounts", str(f), "--encoding", readings[0].split()[0])
    assert text in _accounts()


def test_text_no_candidate_reads_is_refused(tmp_path, tasplus_home):
    before = dump(tasplus_home)
    f = tmp_path / "accounts.csv"
    f.write_bytes("name,region\nПривет мир,Москва\n".encode("cp1251"))
    r = run("import", "accounts", str(f), code=2)
    assert_clean_error(r, 2)
    assert "neither GB18030, Big5, Windows-1252 nor Shift-JIS reads it cleanly" in r.stderr and "--encoding" in r.stderr
    assert dump(tasplus_home) == before
    run("import", "accounts", str(f), "--encoding", "cp1251")
    assert "Привет мир" in _accounts()


def test_an_unknown_encoding_option_is_exit_2(tmp_path, tasplus_home):
    before = dump(tasplus_home)
    f = tmp_path / "accounts.csv"
    f.write_text("name\r\nAcme\r\n", encoding="utf-8")
    r = run("import", "accounts", str(f), "--encoding", "klingon", code=2)
    assert_clean_error(r, 2)
    assert "--encoding: unknown encoding 'klingon'" in r.stderr
    assert dump(tasplus_home) == before


def test_a_bom_then_gbk_names_the_first_bad_line_not_the_bom(tmp_path, tasplus_home):
    before = dump(tasplus_home)
    f = tmp_path / "accounts.csv"
    f.write_bytes(codecs.BOM_UTF8 + b"name,industry\r\nplain,bank\r\n" + "华东省农商银行,银行\r\n".encode("gbk"))
    r = run("import", "accounts", str(f), code=2)
    assert_clean_error(r, 2)
    assert "byte 0xbb on line 3" in r.stderr and "0xef" not in r.stderr
    assert dump(tasplus_home) == before


def test_a_missing_column_lists_the_columns_found(tmp_path, tasplus_home):
    before = dump(tasplus_home)
    f = tmp_path / "accounts.csv"
    f.write_text("Firma,Branche,\r\nMüller GmbH,Maschinenbau,\r\n", encoding="utf-8")
    r = run("import", "accounts", str(f), code=2)
    assert_clean_error(r, 2)
    assert "no column for name" in r.stderr
    assert "the file has the columns Firma, Branche, (blank)" in r.stderr and '--map "COLUMN=name"' in r.stderr
    assert dump(tasplus_home) == before


NAMES = {"name": (), "industry": ()}


def _read(data: bytes):
    return read_table(io.BytesIO(data), "f.csv", NAMES)


def test_after_an_ascii_start_a_later_line_is_detected_not_guessed():
    ascii_start = b"name,industry\n" + b"".join(b"account %d,bank\n" % i for i in range(10_000))  # > 64 KiB
    t = _read(ascii_start + "Müller GmbH,Maschinenbau\n".encode("cp1252"))
    assert (t.encoding, t.detected) == ("windows-1252", True) and t.rows[-1][1] == ["Müller GmbH", "Maschinenbau"]
    with pytest.raises(InvalidValue) as e:
        _read(ascii_start + "华东,银行\n".encode("gbk"))
    assert "line 10,002 is not UTF-8 and its encoding is unsure" in e.value.message.replace("10002", "10,002")


def test_a_later_line_that_the_detected_encoding_cannot_read_names_its_line():
    start = "name,industry\nMüller GmbH,Maschinenbau\n".encode("cp1252")
    filler = b"".join(b"account %d,bank\n" % i for i in range(20_000))  # past the detection window
    with pytest.raises(InvalidValue) as e:
        _read(start + filler + b"bad \x81 byte,bank\n")
    assert "not valid windows-1252, detected: byte 0x81 on line 20003" in e.value.message


def test_the_detector_is_imported_only_for_a_file_that_is_not_utf8(tmp_path):
    """charset-normalizer loads lazily: not for ``--help``, not for a UTF-8 file."""
    import subprocess
    import sys

    f = tmp_path / "a.csv"
    f.write_bytes("name\nMüller\n".encode("utf-8"))
    g = tmp_path / "b.csv"
    g.write_bytes("name\nMüller\n".encode("cp1252"))
    probe = ("import sys\n"
             "from tasplus_cli.cli.main import main\n"
             "from tasplus_cli.csvio import read_table\n"
             "read_table(open(sys.argv[1], 'rb'), 'f.csv', {'name': ()})\n"
             "print('charset_normalizer' in sys.modules)\n")
    said = [subprocess.run([sys.executable, "-c", probe, str(p)], capture_output=True, text=True,
                           check=True).stdout.strip() for p in (f, g)]
    assert said == ["False", "True"]
