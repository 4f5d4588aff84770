"""Generic tables of record dicts, laid out for the reader's terminal width.

A ``Col`` names the dict key, its English header (said in the reader's language
by the catalogue) and how to show the value. Cells are ``Text`` (never markup).

Layout, given the ``width`` (``View.width``):
- a table that fits is printed as it is, cells on one line;
- otherwise every column keeps a minimum: its widest cell for ``no_wrap`` columns,
  else its longest word (capped at ``WORD_CAP``), its header's longest word and,
  up to ``FLOOR``, its widest cell. Droppable columns (``drop=``, highest first)
  are hidden until the minimums fit, and the caption names them;
- the wrapping columns share the room left, the widest giving way first (as rich
  does, but never below a minimum), and their cells are folded at word boundaries:
  a word that fits is moved whole to the next line; a longer one breaks between two
  CJK characters or after a hyphen joining two lowercase words, never before a
  closing mark (，。、）」) nor after an opening one (（「). Only a piece longer than
  its column is broken inside.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any, Callable

from rich import box
from rich.cells import cell_len
from rich.table import Table
from rich.text import Text

from tasplus_cli.messages import label, text
from tasplus_cli.messages.phrase import say

WORD_CAP = 16  # a column need not be wider than this to hold a word unbroken
FLOOR = 6  # a wrapping column keeps at least this much (or its widest cell when narrower): 3 CJK characters
EDGE = 3  # cells a column costs beyond its content: padding on both sides and a divider
CLOSING = set("，。、；：！？）」』】》〉,.;:!?)]}%")
OPENING = set("（「『【《〈([{")


@dataclass(frozen=True)
class Col:
    key: str
    header: str
    show: Callable[[Any, dict], str] | None = None
    justify: str = "left"
    style: str | None = None
    no_wrap: bool = False
    min_width: int | None = None  # a wrapping column never gets narrower than this
    drop: int = 0  # when the terminal is too narrow, columns with the highest ``drop`` go first (0: never)


def cell(value: Any, lang: str = "en") -> Text:
    if value is None:
        return Text("")
    if isinstance(value, Text):
        return value
    if isinstance(value, bool):
        return Text(label("yes" if value else "no", lang))
    return Text(str(value))


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def _tokens(plain: str) -> list[tuple[int, int]]:
    """(start, end) of the unbreakable pieces of one line: a run of non-space, non-CJK
    characters, or one CJK character; closing marks stick to the piece before them and
    opening marks to the piece after. A word may break after the hyphen of ``decision-maker``
    (never inside a code such as ``OPP-0001`` or a date)."""
    out: list[list[int]] = []
    glue = False  # the next piece joins the last one (after an opening mark)
    for i, ch in enumerate(plain):
        if ch.isspace():
            glue = False
            out.append([i, i + 1, 1])  # a space: a break opportunity
            continue
        last = out[-1] if out and not out[-1][2] else None
        after_hyphen = i > 1 and plain[i - 1] == "-" and plain[i - 2].islower() and ch.isalpha()
        if last and not after_hyphen and (glue or ch in CLOSING or (not _wide(ch) and not _wide(plain[i - 1]))):
            last[1] = i + 1
        else:
            out.append([i, i + 1, 0])
        glue = ch in OPENING
    return [(a, b) for a, b, space in out if not space]


def _words(plain: str) -> list[list[tuple[int, int]]]:
    """The pieces of ``_tokens`` grouped into words (pieces with no space between them)."""
    words: list[list[tuple[int, int]]] = []
    for a, b in _tokens(plain):
        if words and words[-1][-1][1] == a:
            words[-1].append((a, b))
        else:
            words.append([(a, b)])
    return words


def fold(value: Text, width: int) -> Text:
    """``value`` folded to ``width`` cells at word boundaries: a word that fits a line is never
    broken (it moves to the next line, as rich does); a longer one is broken between its
    pieces (CJK characters, after a hyphen), and only a piece wider than the column inside."""
    return Text("\n").join([part for line in value.split("\n", allow_blank=True) for part in _fold_line(line, width)])


def _fold_line(line: Text, width: int) -> list[Text]:
    plain = line.plain
    spans: list[list[int]] = []  # [start, end] of each output line

    def put(a: int, b: int) -> None:
        if spans and cell_len(plain[spans[-1][0]:b]) <= width:
            spans[-1][1] = b
            return
        while cell_len(plain[a:b]) > width:  # a piece wider than the column: broken inside
            cut = a + 1
            while cut < b and cell_len(plain[a:cut + 1]) <= width:
                cut += 1
            spans.append([a, cut])
            a = cut
        spans.append([a, b])

    for word in _words(plain):
        if len(word) == 1 or cell_len(plain[word[0][0]:word[-1][1]]) <= width:
            put(word[0][0], word[-1][1])
        else:
            for a, b in word:
                put(a, b)
    return [line[a:b] for a, b in spans] or [Text("")]


CJK_WORD = 4  # characters: a Chinese label this short (深层接触, 关系状况) keeps a column wide enough to stay whole


def _cjk_runs(line: str) -> list[int]:
    """Cell widths of the runs of CJK characters in ``line``, each capped at ``CJK_WORD`` characters."""
    runs, n = [], 0
    for ch in line + " ":
        if _wide(ch):
            n += 1
        elif n:
            runs.append(2 * min(n, CJK_WORD))
            n = 0
    return runs


def _longest_piece(plain: str) -> int:
    """The least width a column needs to break no word: its longest unbreakable piece, and no
    short Chinese label broken (a long Chinese sentence still folds between characters)."""
    return max((w for line in plain.split("\n")
                for w in [cell_len(line[a:b]) for a, b in _tokens(line)] + _cjk_runs(line)), default=0)


def _natural(t: Text) -> int:
    return max((cell_len(line) for line in t.plain.split("\n")), default=0)


def table(rows: list[dict], cols: list[Col], lang: str = "en", title: str | None = None,
          caption: str | None = None, width: int | None = None) -> Table:
    """A table of ``rows`` laid out for ``width`` cells (None: as rich pleases); see the module
    docstring for the columns hidden and the cells folded when it does not fit."""
    cells = [[cell(c.show(r.get(c.key), r) if c.show else r.get(c.key), lang) for c in cols] for r in rows]
    heads = [label(c.header, lang) for c in cols]
    natural = [max([cell_len(heads[i]), cols[i].min_width or 0] + [_natural(row[i]) for row in cells])
               for i in range(len(cols))]
    least = []
    for i, c in enumerate(cols):
        if c.no_wrap:
            least.append(natural[i])
            continue
        words = min(WORD_CAP, max([_longest_piece(heads[i])] + [_longest_piece(row[i].plain) for row in cells]))
        least.append(max(c.min_width or 0, words, min(natural[i], FLOOR)))
    keep = list(range(len(cols)))
    hidden = []
    widths: dict[int, int] = {}
    if width:
        def total(sizes: list[int]) -> int:
            return sum(sizes[k] + EDGE for k in keep) + 1

        for i in sorted((i for i, c in enumerate(cols) if c.drop), key=lambda i: -cols[i].drop):
            if total(least) <= width:
                break
            keep.remove(i)
            hidden.append(heads[i])
        if total(natural) > width >= total(least):  # else rich squeezes what cannot fit anyway
            widths = _share(keep, least, natural, cols, width - 1 - EDGE * len(keep))
    if hidden:
        note = text("table.hidden_columns", lang, columns=say(hidden, lang))
        caption = f"{caption}\n{note}" if caption else note
    tbl = Table(title=Text(label(title, lang)) if title else None,  # Text: a deal named "[/b]" is text
                caption=Text(caption) if caption else None, box=box.SIMPLE_HEAVY,
                header_style="bold", title_justify="left", expand=False)
    for i in keep:
        c = cols[i]
        tbl.add_column(heads[i], justify=c.justify, style=c.style, overflow="fold", no_wrap=c.no_wrap,
                       min_width=c.min_width, width=widths.get(i))
    for row in cells:
        tbl.add_row(*[fold(row[i], widths[i]) if i in widths else row[i] for i in keep])
    return tbl


def _share(keep: list[int], least: list[int], natural: list[int], cols: list[Col], room: int) -> dict[int, int]:
    """Widths of the wrapping columns within ``room`` content cells: the widest give way first
    (one common cap), none below its minimum nor above its natural width."""
    wrap = [i for i in keep if not cols[i].no_wrap]
    room -= sum(natural[i] for i in keep if cols[i].no_wrap)

    def capped(cap: int) -> dict[int, int]:
        return {i: max(least[i], min(natural[i], cap)) for i in wrap}

    low, high = 0, max((natural[i] for i in wrap), default=0)
    while low < high:  # the widest cap that fits
        mid = (low + high + 1) // 2
        low, high = (mid, high) if sum(capped(mid).values()) <= room else (low, mid - 1)
    widths = capped(low)
    left = room - sum(widths.values())
    for i in sorted(wrap, key=lambda i: -natural[i]):  # the odd cells go to the widest
        if left <= 0:
            break
        if widths[i] < natural[i]:
            widths[i] += 1
            left -= 1
    return widths


def fields(pairs: list[tuple[str, Any]], lang: str = "en", title: str | None = None) -> Table:
    """A two-column key/value panel for ``show`` commands."""
    tbl = Table(title=Text(label(title, lang)) if title else None, box=None, show_header=False, title_justify="left",
                padding=(0, 1))
    tbl.add_column(style="bold", no_wrap=True)
    tbl.add_column(overflow="fold")
    for k, v in pairs:
        tbl.add_row(Text(label(k, lang)), cell(v, lang))
    return tbl
