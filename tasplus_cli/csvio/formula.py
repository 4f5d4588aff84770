"""Formula-injection escaping (OWASP "CSV injection").

A spreadsheet runs a cell that starts with ``= + - @``, a tab, CR or LF as a
formula. ``escape`` prefixes such text with an apostrophe (which Excel and
LibreOffice hide and treat as "this is text"); ``unescape`` removes it again.
The pair is a bijection on strings: a value that itself starts with
apostrophes before a dangerous character gets one more, so
``unescape(escape(s)) == s`` for every ``s``. Numbers are never escaped (the
writer only calls ``escape`` on ``str`` values).
"""

from __future__ import annotations

DANGEROUS = ("=", "+", "-", "@", "\t", "\r", "\n")


def _guarded(text: str) -> bool:
    return text.lstrip("'").startswith(DANGEROUS)


def escape(text: str) -> str:
    """The cell to write for ``text``."""
    if text.startswith(DANGEROUS) or (text.startswith("'") and _guarded(text)):
        return "'" + text
    return text


def unescape(text: str) -> str:
    """The value typed, from a cell ``escape`` wrote (other cells unchanged)."""
    if text.startswith("'") and _guarded(text):
        return text[1:]
    return text
