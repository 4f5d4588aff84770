"""Which encoding a CSV file is in.

Detection order: a byte-order mark (UTF-8, UTF-16), then strict UTF-8, then
GB18030 (a superset of GBK and GB2312: what Excel on Chinese Windows
writes). ``--encoding`` overrides detection; a UTF-8 BOM is dropped even
then. A file that decodes in none of them is an ``InvalidValue`` naming the
line of the first bad byte, never mojibake written to the database.
"""

from __future__ import annotations

import codecs

from tasplus_cli.domain.errors import InvalidValue
from tasplus_cli.messages import msg

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig", "utf-8 with BOM"),  # labels: the report's, and --json's "encoding"
         (codecs.BOM_UTF16_LE, "utf-16", "utf-16"), (codecs.BOM_UTF16_BE, "utf-16", "utf-16"))


def check_encoding(name: str, flag: str = "--encoding") -> str:
    """The codec's canonical name, or InvalidValue for an unknown one."""
    try:
        return codecs.lookup(name.strip()).name
    except LookupError:
        raise InvalidValue(msg("error.csv.unknown_encoding", flag=flag, name=repr(name)),
                           msg("hint.csv.encodings")) from None


def _bad_byte(data: bytes, err: UnicodeDecodeError, source: str, tried: str) -> InvalidValue:
    line = data.count(b"\n", 0, err.start) + 1
    byte = data[err.start:err.start + 1].hex()
    return InvalidValue(msg("error.csv.bad_byte", source=source, tried=tried, byte=byte, line=line),
                        msg("hint.csv.bad_byte"))


def decode(data: bytes, source: str, encoding: str | None = None) -> tuple[str, str]:
    """Return ``(text, label)``; ``label`` says which encoding was used."""
    if encoding is not None:
        name = check_encoding(encoding)
        if name.startswith("utf-8") and data.startswith(codecs.BOM_UTF8):
            name = "utf-8-sig"
        return _decode(data, source, name, name), name
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            return _decode(data, source, codec, label), label
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return _decode(data, source, "gb18030", msg("csv.utf8_or_gb18030")), "gb18030"


def _decode(data: bytes, source: str, codec: str, label: str) -> str:
    try:
        return data.decode(codec).removeprefix("\ufeff")
    except UnicodeDecodeError as e:
        raise _bad_byte(data, e, source, label) from None
