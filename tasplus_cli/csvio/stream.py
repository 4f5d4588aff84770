"""A CSV byte stream as decoded lines, in memory bounded by one row.

What this module owns (and its invariants):
- Bytes are read in 64 KiB chunks and split at line feeds. A row of the
  file (one record: several lines when a quoted cell holds line breaks) may
  hold at most ``max_line_bytes`` bytes; the read stops with an
  ``InvalidValue`` naming the line the row starts on and the limit as soon
  as more is buffered, so no more than one row plus one chunk is ever held,
  whatever the file's size, a pipe included.
- The encoding is decided on a bounded prefix, never on the whole file: a
  byte-order mark (UTF-8, UTF-16/32), else ``--encoding``, else UTF-8 when
  the first chunk is valid UTF-8, else ``encoding.detect`` on the first
  ``DETECT_BYTES`` (GB18030, Big5, Windows-1252 or Shift-JIS, or an
  ``InvalidValue`` listing the candidates when it is not sure). A later line
  that is not UTF-8 after only ASCII lines is detected the same way, on that
  line and the rest of its chunk (ASCII reads the same in all of them, so
  nothing read earlier changes); after other UTF-8 lines it is an
  ``InvalidValue`` naming the line. A line that does not decode in the
  encoding chosen is an ``InvalidValue`` naming it (after a UTF-8 BOM, the
  first line that is not UTF-8, not the BOM), never mojibake.
- ``encoding`` is the label of the encoding used; ``detected`` says the
  detector chose it (the import report and ``--json`` say so).
- UTF-16 and UTF-32 are recoded to UTF-8 chunk by chunk before the split,
  so a line feed inside a two-byte unit never splits a line and the limit
  counts UTF-8 bytes.
"""

from __future__ import annotations

import codecs
from typing import BinaryIO, Iterator

from tasplus_cli.csvio.encoding import DETECT_BYTES, check_encoding, detect
from tasplus_cli.domain.errors import InvalidValue
from tasplus_cli.messages import command, msg

CHUNK = 1 << 16
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32", "utf-32"), (codecs.BOM_UTF32_BE, "utf-32", "utf-32"),
         (codecs.BOM_UTF8, "utf-8", "utf-8 with BOM"),  # labels: the report's, and --json's "encoding"
         (codecs.BOM_UTF16_LE, "utf-16", "utf-16"), (codecs.BOM_UTF16_BE, "utf-16", "utf-16"))
_WIDE = ("utf-16", "utf-32")


class Lines:
    """Iterate decoded lines (line ends kept) for ``csv.reader``; ``line`` is the physical line last
    read, ``encoding`` the label of the encoding used (``detected``: by the detector), ``apostrophe``
    whether any line held a ``'``.
    The reader calls ``next_row()`` after each row, which starts the count of the row's bytes again."""

    def __init__(self, raw: BinaryIO, source: str, encoding: str | None, max_line_bytes: int):
        self.raw, self.source, self.max = raw, source, max_line_bytes
        self.line = 0
        self.row_start, self.row_bytes = 1, 0
        self.apostrophe = False
        self.ascii_so_far = True
        self.detected = False
        self._ahead: tuple[bytes, int] = (b"", 0)  # the chunk being split and where its next line starts
        first = raw.read(CHUNK)
        self.codec, self.encoding, self.auto, self._first = self._sniff(first, encoding)
        self._wide = None
        if self.codec.startswith(_WIDE):
            self._wide = codecs.getincrementaldecoder(self.codec)()
            self.codec = "utf-8"
        elif not self.auto:  # a file that is not text at all is refused before its "header" is read
            try:
                codecs.getincrementaldecoder(self.codec)().decode(self._first, final=False)
            except UnicodeDecodeError as e:
                raise self._bad_byte(e, self._first, self._tried()) from None

    def _sniff(self, first: bytes, encoding: str | None) -> tuple[str, str, bool, bytes]:
        """(codec, label, whether a later line may still be detected, the first chunk without its BOM)."""
        if encoding is not None:
            name = check_encoding(encoding)
            if name.startswith("utf-8") and first.startswith(codecs.BOM_UTF8):
                return "utf-8", "utf-8-sig", False, first[len(codecs.BOM_UTF8):]
            return ("utf-8" if name == "utf-8-sig" else name), name, False, first
        for bom, codec, label in _BOMS:
            if first.startswith(bom):
                return codec, label, False, first if codec in _WIDE else first[len(bom):]
        try:
            codecs.getincrementaldecoder("utf-8")().decode(first, final=False)  # a cut last character is fine
        except UnicodeDecodeError:
            first += self._read_up_to(DETECT_BYTES - len(first))
            codec, label = detect(first, self.source, cut=len(first) >= DETECT_BYTES)
            self.detected = True
            return codec, label, False, first
        return "utf-8", "utf-8", True, first

    def _read_up_to(self, n: int) -> bytes:
        parts = []
        while n > 0:
            part = self.raw.read(min(n, CHUNK))
            if not part:
                break
            parts.append(part)
            n -= len(part)
        return b"".join(parts)

    def next_row(self) -> None:
        self.row_start, self.row_bytes = self.line + 1, 0

    def _chunks(self) -> Iterator[bytes]:
        chunk = self._first
        self._first = b""
        while chunk:
            if self._wide is not None:
                chunk = self._unwide(chunk, final=False)
            yield chunk
            chunk = self.raw.read(CHUNK)
        if self._wide is not None:
            yield self._unwide(b"", final=True)

    def _unwide(self, chunk: bytes, final: bool) -> bytes:
        try:
            return self._wide.decode(chunk, final=final).encode("utf-8", "surrogatepass")
        except UnicodeDecodeError as e:
            raise self._bad_byte(e, chunk, self.encoding) from None

    def _raw_lines(self) -> Iterator[bytes]:
        held: list[bytes] = []
        size = 0
        for chunk in self._chunks():
            start = 0
            while True:
                nl = chunk.find(b"\n", start)
                if nl < 0:
                    if start < len(chunk):
                        held.append(chunk[start:])
                        size += len(chunk) - start
                        if self.row_bytes + size > self.max:
                            raise self._too_long()
                    break
                piece = chunk[start:nl + 1]
                if held:
                    held.append(piece)
                    piece = b"".join(held)
                    held, size = [], 0
                start = nl + 1
                self._ahead = (chunk, start)
                yield piece
        self._ahead = (b"", 0)
        if held:
            yield b"".join(held)

    def __iter__(self) -> Iterator[str]:
        first = True
        for raw in self._raw_lines():
            self.line += 1
            self.row_bytes += len(raw)
            if self.row_bytes > self.max:
                raise self._too_long()
            text = self._decode(raw)
            if first:
                text = text.removeprefix("\ufeff")
                first = False
            if not self.apostrophe and "'" in text:
                self.apostrophe = True
            yield text

    def _decode(self, raw: bytes) -> str:
        try:
            text = raw.decode(self.codec)
        except UnicodeDecodeError as e:
            if not (self.auto and self.ascii_so_far):
                raise self._bad_byte(e, raw, self._tried(), self.line) from None
            chunk, start = self._ahead  # ASCII so far reads the same in every candidate
            self.codec, self.encoding = detect(raw + chunk[start:], self.source, self.line, cut=True)
            self.auto, self.detected = False, True
            return self._decode(raw)
        if self.auto and self.ascii_so_far and not raw.isascii():
            self.ascii_so_far = False
        return text

    def _tried(self) -> str:
        return msg("csv.encoding_detected", encoding=self.encoding) if self.detected else self.encoding

    def _bad_byte(self, e: UnicodeDecodeError, data: bytes, tried: str, line: int | None = None) -> InvalidValue:
        line = line if line is not None else self.line + 1 + data.count(b"\n", 0, e.start)  # in a chunk
        return InvalidValue(msg("error.csv.bad_byte", source=self.source, tried=tried,
                                byte=data[e.start:e.start + 1].hex(), line=line), msg("hint.csv.bad_byte"))

    def _too_long(self) -> InvalidValue:
        return InvalidValue(msg("error.csv.line_too_long", source=self.source, line=f"{self.row_start:,}",
                                limit=f"{self.max:,}"),
                            msg("hint.csv.line_too_long",
                                command=command("config", "set", "csv.max_line_bytes", str(self.max * 4))))
