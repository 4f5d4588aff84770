"""Shared store mechanics: short codes, resolving a code or name, deal history.

Invariants:
- ``assign_code`` gives a new row ``PREFIX-NNNN`` from its id in the same
  transaction (flush first), so codes are unique and never reused.
- ``resolve`` accepts a code (any case, with or without zero padding) or a
  name: exact name first, then a unique substring; several → ``Ambiguous``
  listing the candidates in code order; none → ``NotFound`` with a hint. An
  empty reference is an error (it would match every name). A reference
  longer than any name (``domain.names.NAME_MAX``) is not searched as a substring (SQLite
  refuses LIKE patterns over 50,000 bytes), and messages quote at most 60
  characters of it.
- Every change to a deal is recorded by ``record`` (append-only history).
"""

from __future__ import annotations

import re
from typing import Any, TypeVar

from sqlalchemy import func
from sqlmodel import Session, select

from tasplus_cli.domain.errors import Ambiguous, InvalidValue, NotFound
from tasplus_cli.domain.names import NAME_MAX
from tasplus_cli.messages import ids, language, msg
from tasplus_cli.store.models import OppChange, Opportunity, utcnow

T = TypeVar("T")
_CODE = re.compile(r"^([A-Za-z]{3})-?0*(\d+)$")


def assign_code(s: Session, row: Any, prefix: str) -> str:
    """Insert ``row`` and set its code from its id."""
    row.code = f"TMP-{id(row)}"
    s.add(row)
    s.flush()
    row.code = f"{prefix}-{row.id:04d}"
    s.flush()
    return row.code


def normalize_code(ref: str, prefix: str) -> str | None:
    m = _CODE.match(ref.strip())
    if not m or m.group(1).upper() != prefix:
        return None
    return f"{prefix}-{int(m.group(2)):04d}"


def resolve(s: Session, model: type[T], ref: str, prefix: str, kind: str, list_cmd: str,
            scope: Any = None) -> T:
    """Find one ``model`` row by code or name (see module docstring). ``kind`` is the English
    noun (``deal``, ``compelling event``), said in the reader's language by ``noun.<kind>.*``;
    ``list_cmd`` the command that lists the codes."""
    ref = ref.strip()
    see = msg("hint.resolve.see", command=list_cmd)
    if not ref:  # "$DEAL" unset in a script must not pick the only deal (every name contains "")
        raise InvalidValue(msg("error.resolve.empty", kind=_noun(kind)), see)
    code = normalize_code(ref, prefix)
    base = select(model)
    if scope is not None:
        base = base.where(scope)
    if code:
        row = s.exec(base.where(model.code == code)).first()
        if row is None:
            raise NotFound(msg("error.resolve.no_code", kind=_noun(kind), code=code), see)
        return row
    exact = s.exec(base.where(func.lower(model.name) == ref.lower()).order_by(model.code)).all()
    if len(exact) == 1:
        return exact[0]
    like = exact or ([] if len(ref) > NAME_MAX else
                     s.exec(base.where(func.lower(model.name).contains(ref.lower(), autoescape=True))
                            .order_by(model.code)).all())
    if len(like) == 1:
        return like[0]
    quoted = repr(ref if len(ref) <= 60 else ref[:60] + "…")
    if not like:
        raise NotFound(msg("error.resolve.no_match", kind=_noun(kind), ref=quoted), see)
    shown = ", ".join(f"{r.code} {r.name}" for r in like[:8]) + (" …" if len(like) > 8 else "")
    raise Ambiguous(msg("error.resolve.ambiguous", ref=quoted, n=len(like), kinds=_noun(kind, many=True),
                        shown=shown), msg("hint.resolve.ambiguous"))


def _noun(kind: str, many: bool = False) -> str:
    """``deal`` / ``deals`` in the reader's language (the English word itself when not catalogued)."""
    key = f"noun.{kind.replace(' ', '_')}.{'other' if many else 'one'}"
    if key in ids(language()):
        return msg(key)
    return kind + "s" if many else kind


def record(s: Session, opp: Opportunity, field: str, old: Any, new: Any, by: str, reason: str | None = None) -> None:
    """Append one line to the deal's history."""
    s.add(OppChange(opp_id=opp.id, by=by, field=field, old=None if old is None else str(old),
                    new=None if new is None else str(new), reason=reason))
    opp.updated_at = utcnow()
    s.add(opp)
