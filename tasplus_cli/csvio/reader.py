"""Reading a CSV table: decode, sniff the delimiter, match the headers, and
split the records, each with the physical line it starts on.

Header matching: a header names a field when it equals the field's key, its
Chinese name or an alias, with case, spaces, ``_`` and ``-`` ignored
(``Close Date`` = ``close_date`` = ``预计成交日期``). ``--map`` pairs are
applied first and win; a header matched to no field is listed in
``ignored``. Two headers for one field is an error (which one is meant?).

Records: blank lines and all-empty rows are skipped; a line that is not
valid CSV (an unterminated quote, a truncated file) or that has more cells
than the header becomes a ``problems`` entry, and the other lines still
read. Cells keep their spaces; ``formula.unescape`` undoes export escaping.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from typing import BinaryIO, Iterable

from tasplus_cli.csvio.encoding import decode
from tasplus_cli.csvio.formula import unescape
from tasplus_cli.domain.errors import InvalidValue
from tasplus_cli.domain.vocab import normalize
from tasplus_cli.messages import msg

MAX_CELL = 1_000_000  # characters; a longer cell is reported, not imported
csv.field_size_limit(MAX_CELL)


@dataclass
class CsvTable:
    source: str
    encoding: str
    headers: list[str]
    columns: dict[str, int]  # field -> index of the column that feeds it
    ignored: list[str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    problems: list[dict] = field(default_factory=list)

    def header(self, name: str) -> str:
        return self.headers[self.columns[name]]


def _delimiter(text: str) -> str:
    first = text.split("\n", 1)[0]
    counts = {d: first.count(d) for d in (",", "\t", ";")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > counts[","] else ","


def match_headers(headers: list[str], names: dict[str, Iterable[str]], maps: Iterable[tuple[str, str]] = (),
                  kind: str = "rows") -> tuple[dict[str, int], list[str]]:
    """``{field: column index}`` and the ignored headers (see module docstring)."""
    lookup: dict[str, str] = {}
    for fname, aliases in names.items():
        for alias in (fname, *aliases):
            lookup.setdefault(normalize(alias), fname)
    by_norm: dict[str, int] = {}
    for i, h in enumerate(headers):
        by_norm.setdefault(normalize(h), i)
    columns: dict[str, int] = {}
    used: set[int] = set()
    for foreign, target in maps:
        i = by_norm.get(normalize(foreign))
        if i is None:
            raise InvalidValue(msg("error.csv.map_no_column", column=repr(foreign)),
                               msg("hint.csv.columns", columns=", ".join(h or msg("csv.blank") for h in headers)))
        used.add(i)
        if not target or target == "-":
            continue
        if target not in names:
            raise InvalidValue(msg("error.csv.map_not_field", field=repr(target), kind=kind),
                               msg("hint.csv.fields", fields=", ".join(names)))
        columns[target] = i
    ignored = []
    for i, h in enumerate(headers):
        if i in used:
            continue
        target = lookup.get(normalize(h))
        if target is None or not h.strip():
            if h.strip():
                ignored.append(h)
            continue
        if target in columns:
            if any(t == target for _, t in maps):
                ignored.append(h)
                continue
            raise InvalidValue(msg("error.csv.same_meaning", first=repr(headers[columns[target]]), second=repr(h),
                                   field=repr(target)), msg("hint.csv.same_meaning", column=h))
        columns[target] = i
    return columns, ignored


def read_table(fileobj: BinaryIO, source: str, names: dict[str, Iterable[str]],
               maps: Iterable[tuple[str, str]] = (), encoding: str | None = None, kind: str = "rows") -> CsvTable:
    """Read a whole CSV file object (binary) into a ``CsvTable``."""
    text, used = decode(fileobj.read(), source, encoding)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text), strict=True)
    table: CsvTable | None = None
    problems: list[dict] = []
    quoted = "'" in text  # no apostrophe anywhere: no cell to unescape
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as e:
            problems.append({"line": start, "column": None, "value": None, "reason": _not_csv(e)})
            continue
        if not any(c.strip() for c in row):
            continue
        if table is None:
            headers = [h.strip() for h in row]
            columns, ignored = match_headers(headers, names, maps, kind)
            table = CsvTable(source, used, headers, columns, ignored, problems=problems)
            continue
        if len(row) > len(table.headers) and any(c.strip() for c in row[len(table.headers):]):
            problems.append({"line": start, "column": None, "value": None,
                             "reason": msg("error.csv.too_many_cells", cells=len(row), header=len(table.headers))})
            continue
        table.rows.append((start, [unescape(c) if c[:1] == "'" else c for c in row] if quoted else row))
    if table is None:
        raise InvalidValue(msg("error.csv.empty_file", source=source), msg("hint.csv.empty_file"))
    return table


# what Python's csv module says, in the reader's words (another message is quoted as it is)
_CSV_ERRORS = ((re.compile(r"unexpected end of data"), "csv.error.unexpected_end"),
               (re.compile(r"'(?P<char>.)' expected after '\"'"), "csv.error.after_quote"),
               (re.compile(r"field larger than field limit \((?P<limit>\d+)\)"), "csv.error.too_long"))


def _not_csv(e: csv.Error) -> str:
    said = str(e)
    for pattern, key in _CSV_ERRORS:
        m = pattern.fullmatch(said)
        if m:
            said = msg(key, **{k: f"{int(v):,}" if v.isdigit() else v for k, v in m.groupdict().items()})
            break
    return msg("error.csv.not_csv", detail=said)
