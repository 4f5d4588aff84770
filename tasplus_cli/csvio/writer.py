"""Writing a CSV table to a binary file object.

UTF-8 with a BOM by default (so Excel opens Chinese text correctly), without
one on request, or any other encoding (``gb18030`` for old Excel). Cells:
``None`` → empty, ``bool`` → ``true``/``false``, numbers as written by
``repr`` (never escaped), text through ``formula.escape``.

Rows are encoded and written in chunks as they come, so memory stays flat in
the table's size. A value the encoding cannot hold is an ``InvalidValue``
naming its line; the caller writes files through a temporary that is removed
on error (``paths.replacing``), so no half-written file is left (on stdout the
lines before it have been printed).
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


CHUNK = 2000  # rows encoded and written at once


def write_table(out: BinaryIO, columns: list[str], rows: Iterable[list[Any]], encoding: str = "utf-8",
                bom: bool = True) -> int:
    """Write the header and rows; return the number of rows written."""
    name = check_encoding(encoding)
    if name == "utf-8-sig":
        name, bom = "utf-8", True
    if bom and name == "utf-8":
        out.write(codecs.BOM_UTF8)
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(columns)
    n, lines = 0, 0
    for row in rows:
        w.writerow([cell(v) for v in row])
        n += 1
        if n % CHUNK == 0:
            lines = _flush(out, buf, name, lines)
    _flush(out, buf, name, lines)
    return n


def _flush(out: BinaryIO, buf: io.StringIO, encoding: str, lines: int) -> int:
    """Encode and write what ``buf`` holds, then empty it; return the lines written so far
    (``lines`` before; a line break inside a quoted cell counts, as an editor counts it)."""
    text = buf.getvalue()
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError as e:
        line = lines + text.count("\n", 0, e.start) + 1
        raise InvalidValue(msg("error.csv.unencodable", chars=repr(text[e.start:e.end]), line=line,
                               encoding=encoding), msg("hint.csv.unencodable")) from None
    out.write(data)
    buf.seek(0)
    buf.truncate()
    return lines + text.count("\n")
