"""Which encoding a CSV file is in, when it is not UTF-8: never a silent guess.

What this module owns (and its invariants):
- ``check_encoding`` validates an ``--encoding`` name (an unknown codec is an
  ``InvalidValue``, exit 2).
- ``detect(sample, …)`` chooses among the legacy encodings a CSV export is
  found in (``CANDIDATES``: GB18030, Big5, Windows-1252, Shift-JIS) with
  charset-normalizer, imported here only, and only for a file that is not
  UTF-8 (``tasplus --help`` stays light). It looks at the lines of the sample
  that are not ASCII (ASCII reads the same in all four). It returns one
  encoding only when exactly one reads the sample cleanly or the next reads
  it clearly worse (``MARGIN``); otherwise it is an ``InvalidValue`` that
  lists the candidates, each with how it reads the first such line, and
  names ``--encoding``. None that reads it cleanly is an ``InvalidValue`` too.
- The sample is bounded by the caller (``stream.Lines``: ``DETECT_BYTES``).
- ``decode`` reads a whole byte string through ``stream.Lines`` (tests, small
  inputs): the same rules as an import.
"""

from __future__ import annotations

import codecs
import io

from tasplus_cli.domain.errors import InvalidValue
from tasplus_cli.messages import msg

# charset-normalizer's codec name → the label the report, --json and --encoding use
CANDIDATES = {"gb18030": "gb18030", "big5": "big5", "cp1252": "windows-1252", "shift_jis": "shift_jis"}
DETECT_BYTES = 1 << 18  # the prefix a detection reads at most (256 KiB; the stream's sniff window is 64 KiB)
MARGIN = 0.1  # a second reading at most this much messier (chaos ratio) than the best makes the best unsure
_PREVIEW = 24  # characters of the first non-ASCII line shown per candidate


def check_encoding(name: str, flag: str = "--encoding") -> str:
    """The codec's canonical name, or InvalidValue for an unknown one."""
    try:
        return codecs.lookup(name.strip()).name
    except LookupError:
        raise InvalidValue(msg("error.csv.unknown_encoding", flag=flag, name=repr(name)),
                           msg("hint.csv.encodings")) from None


def detect(sample: bytes, source: str, line: int = 1, cut: bool = False) -> tuple[str, str]:
    """``(codec, label)`` of the one candidate that reads ``sample`` (a file's bytes from ``line`` on,
    not UTF-8), or InvalidValue: none reads it cleanly, or more than one does (the candidates listed).
    ``cut``: the sample stops inside the file, so its last line may stop inside a character."""
    from charset_normalizer import from_bytes  # lazily: only a file that is not UTF-8 pays for it

    pieces = sample.split(b"\n")
    if cut and len(pieces) > 1:
        pieces.pop()  # it may stop inside a character
    wide = [piece + b"\n" for piece in pieces if not piece.isascii()]
    line += next((i for i, piece in enumerate(pieces) if not piece.isascii()), 0)  # the first line it is about
    order = list(CANDIDATES)
    found = sorted((m for m in from_bytes(b"".join(wide), cp_isolation=order, preemptive_behaviour=False,
                                          enable_fallback=False) if m.encoding in CANDIDATES),
                   key=lambda m: (m.chaos, order.index(m.encoding)))
    if len(found) == 1 or (len(found) > 1 and found[1].chaos - found[0].chaos > MARGIN):
        return found[0].encoding, CANDIDATES[found[0].encoding]
    if not found:
        raise InvalidValue(msg("error.csv.encoding_none", source=source, line=line), msg("hint.csv.bad_byte"))
    first = wide[0] if wide else b""
    readings = msg("csv.or").join(msg("csv.encoding_reading", encoding=CANDIDATES[m.encoding],
                             text=repr(_preview(first, m.encoding))) for m in found)
    raise InvalidValue(msg("error.csv.encoding_unsure", source=source, line=line, readings=readings),
                       msg("hint.csv.encoding_given", command="--encoding " + CANDIDATES[found[0].encoding]))


def _preview(line: bytes, codec: str) -> str:
    shown = line.decode(codec, errors="replace").strip()
    return shown if len(shown) <= _PREVIEW else shown[:_PREVIEW - 1] + "…"


def decode(data: bytes, source: str, encoding: str | None = None) -> tuple[str, str]:
    """Return ``(text, label)`` of a whole byte string, read as an import reads a file."""
    from tasplus_cli.csvio.stream import Lines

    lines = Lines(io.BytesIO(data), source, encoding, 2 * len(data) + 1024)  # UTF-16 grows as UTF-8
    text = "".join(lines)
    return text, lines.encoding
