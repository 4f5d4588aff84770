"""The one text policy: which characters user-written text may hold, and how text that
breaks it is shown.

Refused in every text field, wherever text enters (a command's options and arguments, a
prompt's answer, a CSV cell, ``TASPLUS_USER``, the configured user):

- C0 control characters U+0000–U+001F: NUL, ESC (colour codes, OSC 8 hyperlinks), BEL,
  backspace, carriage return, … The two exceptions: a tab and a newline in a
  **multi-line** field (below); a Windows line break (CR LF) there becomes a newline;
- DEL U+007F and the C1 controls U+0080–U+009F (U+009B is a one-character CSI);
- the bidirectional embeddings and overrides U+202A–U+202E and isolates U+2066–U+2069,
  which make a terminal or an editor show text in another order than it is stored;
- lone surrogates U+D800–U+DFFF: how Python carries bytes that are not UTF-8 in an
  argument or a variable (a raw 0x9B byte typed in a shell); they cannot be stored or shown.

A field is **multi-line** when its name (``--business-value`` and the CSV column
``business_value`` are one name) is in ``MULTILINE``: notes and other prose (summaries,
outcomes, reasons, rationales, evidence, a competitor's description, strengths,
weaknesses and tactics, a deal's value and proof). Every other field is **single-line**:
names, codes and references, titles, departments, circles, phones, e-mails, industries,
regions, roles, the proposed solution, owners, partners, products, dates, amounts,
vocabulary words, config values, file names.

The refusal names the field and the first bad character (``U+001B``) and never quotes the
value. ``check`` is the rule; ``domain.names.require_text`` and the store's free-text checks
call it, so there is no second rule.

Text stored before this rule (or written by another program) is shown, never executed:
``visible`` replaces each refused character with U+FFFD (�), keeping tabs and newlines,
and ``visible_all`` does so through a JSON-shaped value; ``json_visible`` writes them as
``\\uXXXX`` escapes in JSON (the value is unchanged). The CLI applies them to every screen,
JSON document, prompt and message; rich markup in user text is never parsed (``render/``
builds ``Text``, never markup strings).
"""

from __future__ import annotations

import re
from typing import Any

from tasplus_cli.domain.errors import InvalidValue
from tasplus_cli.messages import msg

MULTILINE = frozenset({
    "notes", "note", "summary", "outcome", "reason", "reasons", "lost_reason", "grade_reason", "status_reason",
    "rationale", "evidence", "description", "strengths", "weaknesses", "tactics", "tactic", "business_value",
    "proof", "proof_points", "old", "new",
})

_OTHER = "\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff"  # DEL, C1, bidi, undecodable bytes
SINGLE_LINE_BAD = re.compile(f"[\x00-\x1f{_OTHER}]")
MULTI_LINE_BAD = re.compile(f"[\x00-\x08\x0b-\x1f{_OTHER}]")  # tab (09) and newline (0a) pass
REPLACEMENT = "\ufffd"


def is_multiline(field: str) -> bool:
    """Whether the field ``field`` (``--notes``, ``notes``, ``business_value``) allows tabs and newlines."""
    return field.lstrip("-").replace("-", "_").lower() in MULTILINE


def bad_character(value: str, multiline: bool = False) -> str | None:
    """The first character of ``value`` the policy refuses, or None."""
    found = (MULTI_LINE_BAD if multiline else SINGLE_LINE_BAD).search(value)
    return found.group() if found else None


def codepoint(ch: str) -> str:
    return f"U+{ord(ch):04X}"


def check(value: str, field: str, multiline: bool | None = None, hint: str | None = None) -> str:
    """``value`` if it obeys the policy (in a multi-line field, CR LF made LF), else
    ``InvalidValue`` naming ``field`` and the character (exit 2). ``multiline``: None asks
    ``is_multiline(field)``. ``hint``: instead of the catalogue's (e.g. for a variable)."""
    lines = is_multiline(field) if multiline is None else multiline
    if lines and "\r\n" in value:
        value = value.replace("\r\n", "\n")
    ch = bad_character(value, lines)
    if ch is None:
        return value
    raise InvalidValue(msg("error.text.control", field=field, char=codepoint(ch)),
                       hint or msg("hint.text.multi_line" if lines else "hint.text.single_line"))


def problem(value: str, multiline: bool = False) -> str | None:
    """Why ``value`` is refused (a sentence for a prompt to show under the answer), or None."""
    ch = bad_character(value, multiline)
    return None if ch is None else msg("prompt.text.control", char=codepoint(ch))


def visible(value: str) -> str:
    """``value`` safe for a terminal: each refused character (tab and newline kept) made U+FFFD."""
    if value.isprintable() or MULTI_LINE_BAD.search(value) is None:
        return value
    return MULTI_LINE_BAD.sub(REPLACEMENT, value)


_JSON_RAW = re.compile(f"[{_OTHER}]")  # what ``json.dumps(ensure_ascii=False)`` leaves unescaped


def json_visible(encoded: str) -> str:
    """JSON text (``json.dumps(..., ensure_ascii=False)``, which escapes C0 itself) with DEL, C1,
    bidi and surrogate characters written as ``\\uXXXX`` escapes: the same JSON value, nothing raw."""
    if encoded.isprintable() or _JSON_RAW.search(encoded) is None:
        return encoded
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", encoded)


def visible_all(value: Any) -> Any:
    """``visible`` through dicts, lists and tuples (keys too); ``value`` itself when nothing in it
    needs changing (the common case costs one search per string, no copy)."""
    return _rebuild(value) if _dirty(value) else value


def _dirty(value: Any) -> bool:
    """Whether a refused character hides anywhere in ``value``. ``str.isprintable`` (C speed) clears
    almost every string at once; only the rest are searched. Loops, not ``any``: lists run long."""
    if isinstance(value, str):
        return not value.isprintable() and MULTI_LINE_BAD.search(value) is not None
    if isinstance(value, dict):
        for k, v in value.items():
            if (k.__class__ is not str or not k.isprintable()) and _dirty(k):
                return True
            if v.__class__ is str:
                if not v.isprintable() and MULTI_LINE_BAD.search(v) is not None:
                    return True
            elif v is not None and _dirty(v):
                return True
        return False
    if isinstance(value, (list, tuple)):
        for v in value:
            if _dirty(v):
                return True
    return False


def _rebuild(value: Any) -> Any:
    if isinstance(value, str):
        return visible(value)
    if isinstance(value, dict):
        return {_rebuild(k): _rebuild(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_rebuild(v) for v in value]
    if isinstance(value, tuple):
        items = [_rebuild(v) for v in value]
        return type(value)(*items) if hasattr(value, "_fields") else tuple(items)
    return value
