"""Encoding detection: UTF-8 with or without BOM, then GB18030; --encoding overrides."""

from __future__ import annotations

import codecs

import pytest

from tasplus_cli.csvio.encoding import check_encoding, decode
from tasplus_cli.domain.errors import InvalidValue

TEXT = "商机名称,客户,金额\n核心系统升级,华东省农商银行,600万\n"


@pytest.mark.parametrize("data, label", [
    (TEXT.encode("utf-8"), "utf-8"),
    (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8 with BOM"),
    (TEXT.encode("gbk"), "gb18030"),
    (TEXT.encode("gb18030"), "gb18030"),
    (TEXT.encode("utf-16"), "utf-16"),
])
def test_detects(data, label):
    assert decode(data, "f.csv") == (TEXT, label)


def test_override_and_bom_dropped():
    data = codecs.BOM_UTF8 + TEXT.encode("utf-8")
    assert decode(data, "f.csv", "utf-8") == (TEXT, "utf-8-sig")
    assert decode(TEXT.encode("big5", errors="ignore"), "f.csv", "big5")[1] == "big5"
    assert decode("é,ü\n".encode("latin-1"), "f.csv", "latin-1") == ("é,ü\n", "iso8859-1")


def test_bad_bytes_name_the_line():
    data = "a,b\n1,2\n".encode() + b"\x81\xff\xfe\n"
    with pytest.raises(InvalidValue) as e:
        decode(data, "f.csv")
    assert "line 3" in e.value.message and "--encoding" in e.value.hint
    with pytest.raises(InvalidValue) as e:
        decode(TEXT.encode("gbk"), "f.csv", "utf-8")
    assert "not valid utf-8" in e.value.message and "line 1" in e.value.message


def test_unknown_encoding():
    with pytest.raises(InvalidValue) as e:
        check_encoding("klingon")
    assert "unknown encoding" in e.value.message
    assert check_encoding("GBK") == "gbk"
