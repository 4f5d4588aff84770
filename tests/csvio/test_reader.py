"""Reading tables: header matching, --map, line numbers, bad lines; writing tables."""

from __future__ import annotations

import codecs
import io

import pytest

from tasplus_cli.csvio import parse_map, parse_value_map, read_table, value_maps, write_table
from tasplus_cli.domain.errors import InvalidValue

NAMES = {"name": ("商机名称", "opportunity name"), "close_date": ("预计成交日期",), "amount": ("金额",),
         "external_id": ("外部编号",)}


def read(text: str, maps=(), encoding=None, data: bytes | None = None):
    return read_table(io.BytesIO(data if data is not None else text.encode()), "f.csv", NAMES, maps, encoding)


@pytest.mark.parametrize("header, field", [
    ("name", "name"), ("Name", "name"), (" NAME ", "name"), ("商机名称", "name"), ("Opportunity Name", "name"),
    ("opportunity_name", "name"), ("Close Date", "close_date"), ("close-date", "close_date"),
    ("预计成交日期", "close_date"), ("AMOUNT", "amount")])
def test_headers_match_by_english_or_chinese_name(header, field):
    t = read(f"{header},other\nx,y\n")
    assert t.columns == {field: 0} and t.ignored == ["other"]


def test_map_renames_and_wins_and_drops():
    t = read("Deal,Name,Opportunity ID,Junk\nd,n,7,j\n", maps=[("deal", "name"), ("Opportunity ID", "external_id"),
                                                                ("junk", "")])
    assert t.columns == {"name": 0, "external_id": 2}
    assert t.ignored == ["Name"]  # the natural match lost to --map
    one_to_two = read("stage\nWon\n", maps=[("stage", "name"), ("stage", "amount")])
    assert one_to_two.columns == {"name": 0, "amount": 0}


@pytest.mark.parametrize("maps, wanted", [
    ([("nope", "name")], "no column 'nope'"),
    ([("a", "size")], "'size' is not a field"),
])
def test_bad_maps(maps, wanted):
    with pytest.raises(InvalidValue) as e:
        read("a,b\n1,2\n", maps=maps)
    assert wanted in e.value.message


def test_two_headers_for_one_field_is_an_error():
    with pytest.raises(InvalidValue) as e:
        read("name,商机名称\na,b\n")
    assert "both mean 'name'" in e.value.message


def test_lines_are_physical_and_blank_rows_skipped():
    t = read('name,amount\n"two\nlines",1\n\n,\nthird,3\n')
    assert t.rows == [(2, ["two\nlines", "1"]), (6, ["third", "3"])]


def test_delimiters_and_escaped_cells():
    assert read("name;amount\n'=1+1;3\n").rows == [(2, ["=1+1", "3"])]
    assert read("name\tamount\nx\t3\n").rows == [(2, ["x", "3"])]


def test_bad_lines_are_problems_not_crashes():
    t = read('name,amount\nok,1\na,2,3,4\nb,"unterminated\n')
    assert t.rows == [(2, ["ok", "1"])]
    assert [p["line"] for p in t.problems] == [3, 4]
    assert t.problems[0]["reason"].startswith("4 cells but the header has 2")
    assert t.problems[1]["reason"].startswith("not valid CSV")


def test_empty_file():
    with pytest.raises(InvalidValue) as e:
        read("\n\n")
    assert "is empty" in e.value.message


def test_mapping_options():
    assert parse_map("Opportunity Name=name") == ("Opportunity Name", "name")
    assert parse_value_map("stage:Closed Won=negotiate") == ("stage", "Closed Won", "negotiate")
    assert value_maps(["stage:Closed Won=negotiate", "account:=未知"]) == {
        "stage": {"closedwon": "negotiate"}, "account": {"": "未知"}}
    for bad in ("noequals", "=name"):
        with pytest.raises(InvalidValue):
            parse_map(bad)
    with pytest.raises(InvalidValue):
        parse_value_map("stage=validate")


def test_write_bom_no_bom_gb18030_and_round_trip():
    rows = [["=HYPERLINK(\"x\")", 6000000, None, True], ["核心, \"系统\"\n升级", 1.5, "+86", False]]
    out = io.BytesIO()
    assert write_table(out, ["name", "amount", "phone", "ok"], rows) == 2
    data = out.getvalue()
    assert data.startswith(codecs.BOM_UTF8)
    assert "'=HYPERLINK" in data.decode("utf-8-sig") and ",6000000," in data.decode("utf-8-sig")
    t = read("", data=data)
    assert [r for _, r in t.rows] == [["=HYPERLINK(\"x\")", "6000000", "", "true"],
                                      ["核心, \"系统\"\n升级", "1.5", "+86", "false"]]
    plain = io.BytesIO()
    write_table(plain, ["name"], [["x"]], bom=False)
    assert plain.getvalue() == b"name\r\nx\r\n"
    gb = io.BytesIO()
    write_table(gb, ["name"], [["核心系统"]], encoding="gb18030")
    assert gb.getvalue() == "name\r\n核心系统\r\n".encode("gb18030")
    with pytest.raises(InvalidValue) as e:
        write_table(io.BytesIO(), ["name"], [["核心"]], encoding="latin-1")
    assert "cannot be written in" in e.value.message
