"""Writing a CSV table to a binary file object.

UTF-8 with a BOM by default (so Excel opens Chinese text correctly), without
one on request, or any other encoding (``gb18030`` for old Excel). Cells:
``None`` → empty, ``bool`` → ``true``/``false``, numbers as written by
``repr`` (never escaped), text through ``formula.escape``. A value the
encoding cannot hold is an ``InvalidValue``, not a half-written file.
"""

from __future__ import annotations

import codecs
import csv
import io
from typing import Any, BinaryIO, Iterable

from tasplus_cli.csvio.encoding import check_encoding
from tasplus_cli.csvio.formula import escape
from tasplus_cli.domain.errors import InvalidValue
from tasplus_cli.messages import msg


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    return escape(str(value))


def write_table(out: BinaryIO, columns: list[str], rows: Iterable[list[Any]], encoding: str = "utf-8",
                bom: bool = True) -> int:
    """Write the header and rows; return the number of rows written."""
    name = check_encoding(encoding)
    if name == "utf-8-sig":
        name, bom = "utf-8", True
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(columns)
    n = 0
    for row in rows:
        w.writerow([cell(v) for v in row])
        n += 1
    text = buf.getvalue()
    try:
        data = text.encode(name)
    except UnicodeEncodeError as e:
        line = text.count("\n", 0, e.start) + 1
        raise InvalidValue(msg("error.csv.unencodable", chars=repr(text[e.start:e.end]), line=line, encoding=name),
                           msg("hint.csv.unencodable")) from None
    if bom and name == "utf-8":
        out.write(codecs.BOM_UTF8)
    out.write(data)
    return n
