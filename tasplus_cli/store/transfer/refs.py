"""References between records during an import or export, through one
in-memory index per referenced kind (``index.Index``: code, name, scope).

A reference cell holds a code or an exact name (case ignored). Codes first
look in ``remap`` (the codes of this import's own files, which may have been
renumbered on a collision), then in the database. Names must match exactly
one record (contacts: within the row's account, or the account of the row's
deal). With ``--create-missing`` an unknown account or competitor name is
created (new code, nothing else); a missing name otherwise is an error.
"""

from __future__ import annotations

from typing import Any

from tasplus_cli.domain.errors import InvalidValue
from tasplus_cli.messages import command, msg
from tasplus_cli.store.records import normalize_code
from tasplus_cli.store.transfer.index import Index, load_index

__all__ = ["Index", "load_index", "peek", "resolve"]


def peek(ctx: Any, kind: Any, raw: str, scope: Any = None) -> int | None:
    """The id a reference cell names when it names one already, else None: no error, nothing created."""
    try:
        return resolve(ctx, kind, raw, "", scope, create=False)
    except InvalidValue:
        return None


def resolve(ctx: Any, kind: Any, raw: str, flag: str, scope: Any = None, create: bool = True) -> int:
    """The id a reference cell names (see module docstring); ``create``: may create it (--create-missing)."""
    idx = ctx.index(kind.name)
    code = normalize_code(raw, kind.prefix)
    if code is not None:
        failed = ctx.failed.get(kind.name, {}).get(code)
        if failed is not None:
            raise InvalidValue(msg("error.csv.ref_failed", flag=flag, code=code, noun=kind.noun(), line=failed),
                               msg("hint.csv.fix_that_row"))
        rid = ctx.remap.get(kind.name, {}).get(code, idx.codes.get(code))
        if rid is None:
            raise InvalidValue(msg("error.csv.no_code", flag=flag, noun=kind.noun(), code=code),
                               msg("hint.csv.see_codes", command=command("export", kind.name)))
        if kind.scoped_names and scope is not None and idx.scope_of.get(rid) != scope:
            raise InvalidValue(msg("error.csv.other_account", flag=flag, code=code), msg("hint.csv.other_account"))
        return rid
    if not kind.name_column:
        raise InvalidValue(msg("error.csv.not_ref_code", flag=flag, raw=repr(raw), noun=kind.noun()),
                           msg("hint.csv.code_shape", prefix=kind.prefix))
    key = (scope if kind.scoped_names else None, raw.strip().casefold())
    found = idx.names.get(key, [])
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        shown = ", ".join(idx.code_of[i] for i in found[:8])
        raise InvalidValue(msg("error.csv.ambiguous", flag=flag, raw=repr(raw), n=len(found),
                               nouns=kind.noun(len(found)), shown=shown), msg("hint.csv.write_code"))
    if create and kind.creatable and ctx.opts.create_missing:
        return _create(ctx, idx, raw.strip())
    missing = "error.csv.no_name_here" if kind.scoped_names else "error.csv.no_name"
    raise InvalidValue(msg(missing, flag=flag, noun=kind.noun(), name=repr(raw.strip())),
                       msg("hint.csv.create_missing") if kind.creatable else msg("hint.csv.add_first", kind=kind.name))


def _create(ctx: Any, idx: Index, name: str) -> int:
    """Plan a new record from its name alone (--create-missing)."""
    row = {idx.kind.name_column: name, "created_at": ctx.now, "updated_at": ctx.now}
    idx.add_new([row])
    idx.pending.append(row)
    ctx.created[idx.kind.name] = ctx.created.get(idx.kind.name, 0) + 1
    return row["id"]
