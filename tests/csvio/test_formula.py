"""Formula-injection escaping: what is escaped, and that reading undoes it exactly."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from tasplus_cli.csvio import escape, unescape
from tasplus_cli.csvio.writer import cell


@pytest.mark.parametrize("typed, written", [
    ("=HYPERLINK(\"http://x\",\"click\")", "'=HYPERLINK(\"http://x\",\"click\")"),
    ("+86 138 0000 0000", "'+86 138 0000 0000"),
    ("-5", "'-5"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\tcmd", "'\tcmd"),
    ("\rx", "'\rx"),
    ("\nx", "'\nx"),
    ("'=already quoted", "''=already quoted"),
    ("'plain", "'plain"),
    ("核心系统升级", "核心系统升级"),
    ("a=b", "a=b"),
    ("", ""),
])
def test_escape_table(typed, written):
    assert escape(typed) == written
    assert unescape(written) == typed


@given(st.text())
def test_escape_is_undone_by_unescape(text):
    assert unescape(escape(text)) == text
    assert not escape(text).startswith(("=", "+", "-", "@", "\t", "\r", "\n"))


@pytest.mark.parametrize("value, shown", [
    (-5, "-5"), (1234.5, "1234.5"), (0, "0"), (True, "true"), (False, "false"), (None, ""), ("-5", "'-5")])
def test_numbers_are_never_escaped(value, shown):
    assert cell(value) == shown
