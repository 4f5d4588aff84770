"""CSV in and out over open binary file objects: encodings, header matching,
foreign-column and foreign-value mapping, formula escaping, bad-line reports.

What this package owns (and its invariants):
- ``open_table`` streams (one row in memory at a time; limits on a row's
  bytes and a cell's characters: ``stream.Lines``); ``read_table`` is the
  same with the rows in a list. Both decode (a BOM, UTF-8, else the one of
  GB18030, Big5, Windows-1252 and Shift-JIS the detector is sure of, or the
  ``--encoding`` given), say which encoding they used, match headers to
  field names by English or Chinese name with case and spacing ignored,
  applies ``--map``, and yields ``(line, cells)`` where ``line`` is the
  physical line the record starts on (what a text editor shows).
- ``write_table`` (rows of values) and ``write_chunks`` (rows of cells made
  by ``cell``/``cells``, a chunk at a time) write UTF-8 with a BOM by default (Excel), or without, or
  any encoding asked for; a text cell that a spreadsheet would run as a
  formula is written with a leading apostrophe and read back as typed.
- It never prints and never touches the database: problems are
  ``InvalidValue`` (the whole file) or ``problems`` dicts (one line).
"""

from tasplus_cli.csvio.errors import CsvRowError
from tasplus_cli.csvio.formula import escape, unescape
from tasplus_cli.csvio.mapping import parse_map, parse_value_map, value_maps
from tasplus_cli.csvio.reader import CsvTable, open_table, read_table
from tasplus_cli.csvio.writer import cell, cells, write_chunks, write_table

__all__ = ["CsvRowError", "CsvTable", "cell", "cells", "escape", "open_table", "parse_map", "parse_value_map",
           "read_table", "unescape", "value_maps", "write_chunks", "write_table"]
