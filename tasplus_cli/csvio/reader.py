"""Reading a CSV table: decode, sniff the delimiter, match the headers, and
split the records, each with the physical line it starts on.

Header matching: a header names a field when it equals the field's key, its
Chinese name or an alias, with case, spaces, ``_`` and ``-`` ignored
(``Close Date`` = ``close_date`` = ``预计成交日期``). ``--map`` pairs are
applied first and win; a header matched to no field is listed in
``ignored``. Two headers for one field is an error (which one is meant?).

Reading streams (``stream.Lines``): one row in memory at a time, a row
longer than ``max_line_bytes`` stops the read (naming its line), a cell
longer than ``max_cell_chars`` makes its row bad.

Records: blank lines and all-empty rows are skipped; a line that is not
valid CSV (an unterminated quote, a truncated file) or that has more cells
than the header becomes a ``problems`` entry, and the other lines still
read. Cells keep their spaces; ``formula.unescape`` undoes export escaping.
"""

from __future__ import annotations

import csv
import re
from itertools import chain
from typing import Any, BinaryIO, Iterable, Iterator

from tasplus_cli.csvio.formula import unescape
from tasplus_cli.csvio.stream import Lines
from tasplus_cli.domain.errors import InvalidValue
from tasplus_cli.domain.vocab import normalize
from tasplus_cli.messages import msg

MAX_LINE_BYTES = 1_048_576  # settings.DEFAULTS["csv"] holds the defaults users see; these serve callers without
MAX_CELL = 65_536  # characters; a longer cell is a bad row, not imported


class CsvTable:
    """A CSV file's header, matched, and its rows. ``rows`` yields ``(line, cells)`` once, reading
    the file as it goes (``read_table`` gives a list instead); ``problems`` grows with the lines
    that are not CSV; ``encoding`` (and ``detected``: chosen by the detector) is final once the rows
    are read (a detected encoding may take over from UTF-8 after an ASCII start)."""

    def __init__(self, source: str, headers: list[str], columns: dict[str, int], ignored: list[str],
                 rows: Iterable[tuple[int, list[str]]], problems: list[dict], lines: Any = None,
                 encoding: str | None = None):
        self.source, self.headers, self.columns, self.ignored = source, headers, columns, ignored
        self.rows, self.problems, self._lines, self._encoding = rows, problems, lines, encoding

    @property
    def encoding(self) -> str | None:
        return self._lines.encoding if self._lines is not None else self._encoding

    @property
    def detected(self) -> bool:
        return self._lines is not None and self._lines.detected

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


def open_table(fileobj: BinaryIO, source: str, names: dict[str, Iterable[str]],
               maps: Iterable[tuple[str, str]] = (), encoding: str | None = None, kind: str = "rows",
               max_line_bytes: int = MAX_LINE_BYTES, max_cell_chars: int = MAX_CELL) -> CsvTable:
    """Read the header of a CSV file object (binary); the table's ``rows`` read the rest as they are
    iterated, holding one row at a time (``stream.Lines``): the file must stay open until then."""
    lines = Lines(fileobj, source, encoding, max_line_bytes)
    it = iter(lines)
    first = next(it, None)
    csv.field_size_limit(max_cell_chars)  # the csv module's limit is global: set by every read
    reader = csv.reader(chain([first] if first is not None else [], it),
                        delimiter=_delimiter(first or ""), strict=True)
    problems: list[dict] = []
    records = _records(reader, lines, problems)
    line_and_header = next(records, None)
    if line_and_header is None:
        if problems:
            raise InvalidValue(msg("error.csv.bad_header", source=source, line=problems[0]["line"],
                                   reason=problems[0]["reason"]), msg("hint.csv.empty_file"))
        raise InvalidValue(msg("error.csv.empty_file", source=source), msg("hint.csv.empty_file"))
    headers = [h.strip() for h in line_and_header[1]]
    columns, ignored = match_headers(headers, names, maps, kind)
    return CsvTable(source, headers, columns, ignored, _rows(records, lines, len(headers), problems), problems,
                    lines)


def read_table(fileobj: BinaryIO, source: str, names: dict[str, Iterable[str]],
               maps: Iterable[tuple[str, str]] = (), encoding: str | None = None, kind: str = "rows",
               max_line_bytes: int = MAX_LINE_BYTES, max_cell_chars: int = MAX_CELL) -> CsvTable:
    """``open_table`` with every row read into a list (small files, tests)."""
    table = open_table(fileobj, source, names, maps, encoding, kind, max_line_bytes, max_cell_chars)
    table.rows = list(table.rows)
    return table


def _records(reader: Any, lines: Lines, problems: list[dict]) -> Iterator[tuple[int, list[str]]]:
    """``(line, cells)`` of each record that is not blank; records that are not CSV go to ``problems``."""
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            problems.append({"line": start, "column": None, "value": None, "reason": _not_csv(e)})
            lines.next_row()
            continue
        lines.next_row()
        if any(c.strip() for c in row):
            yield start, row


def _rows(records: Iterator[tuple[int, list[str]]], lines: Lines, width: int,
          problems: list[dict]) -> Iterator[tuple[int, list[str]]]:
    for start, row in records:
        if len(row) > width and any(c.strip() for c in row[width:]):
            problems.append({"line": start, "column": None, "value": None,
                             "reason": msg("error.csv.too_many_cells", cells=len(row), header=width)})
            continue
        # no apostrophe read yet: no cell to unescape
        yield start, [unescape(c) if c[:1] == "'" else c for c in row] if lines.apostrophe else row


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
