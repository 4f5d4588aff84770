"""Shared store mechanics: short codes, resolving a code or name, deal history,
and loading a record for change (the one place concurrent writers are ordered).

Invariants:
- ``assign_code`` gives a new row ``PREFIX-NNNN`` from its id in the same
  transaction (flush first), so codes are unique and never reused; the
  placeholder it inserts first is unique too, so concurrent inserts never wait
  on each other.
- ``for_change`` is how every read-modify-write loads its record: on
  PostgreSQL ``SELECT … FOR NO KEY UPDATE`` (a second writer of the same row
  waits for the first to commit, then reads what it wrote); SQLite needs
  nothing (a write session's ``BEGIN IMMEDIATE`` already serialises writers).
  Lock order, so that writers never deadlock: the deal first (``get_opp`` in a
  write session), then an account, a contact or a competitor, then a row of
  theirs (event, activity), and a name (``claim_name``) last. A command locks
  one deal, except ``winrate --recompute``, which locks the open deals in id
  order.
- ``claim_name`` serialises the check-then-insert of a unique name (accounts,
  competitors; case-blind, like their check): on PostgreSQL a transaction
  advisory lock on the name, so the second writer sees the first's row and
  gets the same clean "already exists" as on SQLite.
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

import hashlib
import re
import uuid
from typing import Any, TypeVar

from sqlalchemy import func
from sqlmodel import Session, select

from tasplus_cli.domain.errors import Ambiguous, InvalidValue, NotFound
from tasplus_cli.domain.names import NAME_MAX
from tasplus_cli.messages import ids, language, msg
from tasplus_cli.store.tables import Opportunity, utcnow

T = TypeVar("T")
_CODE = re.compile(r"^([A-Za-z]{3})-?0*(\d+)$")


def assign_code(s: Session, row: Any, prefix: str) -> str:
    """Insert ``row`` and set its code from its id."""
    row.code = f"TMP-{uuid.uuid4().hex[:16]}"  # unique across processes: no wait on another's insert
    s.add(row)
    s.flush()
    row.code = f"{prefix}-{row.id:04d}"
    s.flush()
    return row.code


def _postgres(s: Session) -> bool:
    return s.get_bind().dialect.name == "postgresql"


def writing(s: Session) -> bool:
    """Whether ``s`` is a write session (``store.db.session(write=True)``)."""
    return bool(s.info.get("write"))


def for_change(s: Session, row: T) -> T:
    """Load ``row`` again for change and keep it locked until the transaction ends (see the module
    docstring); its attributes are the committed values. Once per row and session."""
    locked = s.info.setdefault("locked", set())
    model = type(row)
    key = (model.__tablename__, row.id)
    if key in locked or not _postgres(s):
        return row
    s.exec(select(model).where(model.id == row.id).with_for_update(key_share=True)
           .execution_options(populate_existing=True)).one()
    locked.add(key)
    return row


def all_for_change(s: Session, model: type[T], *where: Any) -> list[T]:
    """Every ``model`` row matching ``where``, in id order, each loaded as ``for_change`` does."""
    q = select(model).where(*where).order_by(model.id)
    if not _postgres(s):
        return list(s.exec(q).all())
    rows = list(s.exec(q.with_for_update(key_share=True).execution_options(populate_existing=True)).all())
    s.info.setdefault("locked", set()).update((model.__tablename__, r.id) for r in rows)
    return rows


def claim_name(s: Session, kind: str, name: str) -> None:
    """Hold ``kind``'s ``name`` (case-blind) until the transaction ends, before checking it is free."""
    if not _postgres(s):
        return
    digest = hashlib.sha256(f"{kind}\0{name.casefold()}".encode()).digest()
    s.exec(select(func.pg_advisory_xact_lock(int.from_bytes(digest[:8], "big", signed=True)))).one()


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
    from tasplus_cli.store.tables import OppChange

    s.add(OppChange(opp_id=opp.id, by=by, field=field, old=None if old is None else str(old),
                    new=None if new is None else str(new), reason=reason))
    opp.updated_at = utcnow()
    s.add(opp)
