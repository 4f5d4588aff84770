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
from itertools import compress, islice, repeat
from typing import Any, BinaryIO, Iterable, Iterator

from tasplus_cli.csvio.encoding import check_encoding
from tasplus_cli.csvio.formula import DANGEROUS, escape
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
_RISKY = (*DANGEROUS, "'")  # a text cell starting so may need ``escape``
_EMPTY = {None: ""}


def cells(values: Iterable[Any]) -> list[str]:
    """``[cell(v) for v in values]``, a column at a time: at C speed when every value is text or None."""
    values = values if isinstance(values, (list, tuple)) else list(values)
    texts = list(map(_EMPTY.get, values, values))  # None → "", anything else itself
    try:
        risky = list(map(str.startswith, texts, repeat(_RISKY)))
    except TypeError:  # a number, a flag, a date: one cell at a time
        return [cell(v) for v in values]
    if True in risky:
        for i in compress(range(len(texts)), risky):
            texts[i] = escape(texts[i])
    return texts


def write_table(out: BinaryIO, columns: list[str], rows: Iterable[list[Any]], encoding: str = "utf-8",
                bom: bool = True) -> int:
    """Write the header and rows of values (``cell`` makes each a cell); return the number of rows."""
    return write_chunks(out, columns, _chunks(rows), encoding, bom)


def _chunks(rows: Iterable[list[Any]]) -> Iterator[list[list[str]]]:
    it = iter(rows)
    while chunk := [[cell(v) for v in row] for row in islice(it, CHUNK)]:
        yield chunk


def write_chunks(out: BinaryIO, columns: list[str], chunks: Iterable[list[Iterable[str]]],
                 encoding: str = "utf-8", bom: bool = True) -> int:
    """Write the header and rows whose cells are text already (``cell``, ``cells``), given a chunk
    of rows (a list) at a time, each encoded and written as it comes; return the number of rows."""
    name = check_encoding(encoding)
    if name == "utf-8-sig":
        name, bom = "utf-8", True
    if bom and name == "utf-8":
        out.write(codecs.BOM_UTF8)
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(columns)
    n, lines = 0, 0
    for chunk in chunks:
        w.writerows(chunk)
        n += len(chunk)
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
