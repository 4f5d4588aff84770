"""Dynamic shell completion: record codes and names from the database, and
vocabulary keys, attached by parameter name to every command.

Completion runs on every TAB, so it stays light: plain ``sqlite3`` (no
SQLAlchemy, no ORM), one indexed query per call, no migration, and nothing
written or created: the file is read as any reader that writes nothing reads
it (``store.sqlite_open.for_reading``: a snapshot, or through the -wal its
owner keeps), so no ``-shm`` or ``-wal`` is left beside it. Any problem (no
database yet, a PostgreSQL URL, a locked file, a file written meanwhile)
simply completes nothing. Codes are offered with the name as help text
(zsh and fish show it); a typed fragment matches a code prefix or any part of
a name.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

# parameter name → (table, extra condition)
RECORDS = {
    "opp": ("opportunity", "status = 'open'"), "account": ("account", ""), "contact": ("contact", ""),
    "source_contact": ("contact", ""), "with_": ("contact", ""), "reports_to": ("contact", ""),
    "competitor": ("competitor", ""),
}
LIMIT = 50
TIMEOUT_MS = 200  # a TAB does not wait for a writer


def _db_path(ctx: Any) -> Path | None:
    from tasplus_cli import config, paths

    root = ctx.find_root() if ctx is not None else None
    flag = root.params.get("db") if root is not None else None
    target = paths.database_target(flag, config.configured_database())
    if "://" in target:
        return Path(target.split("///", 1)[1]) if target.startswith("sqlite:///") else None
    return Path(target).expanduser()


def records(table: str, where: str, incomplete: str, ctx: Any = None) -> list[tuple[str, str]]:
    """(code, name) pairs whose code starts with, or whose name contains, ``incomplete``."""
    from tasplus_cli.store.sqlite_open import for_reading, raw_connect, unchanged

    path = _db_path(ctx)
    if path is None or not path.is_file():
        return []
    cond = f" AND {where}" if where else ""
    like = incomplete.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    try:
        opening = for_reading(path)
        conn = raw_connect(opening, TIMEOUT_MS)
    except (OSError, sqlite3.Error):
        return []
    try:
        rows = conn.execute(
            f"SELECT code, name FROM {table} WHERE (code LIKE ? ESCAPE '\\' OR name LIKE ? ESCAPE '\\'){cond} "
            f"ORDER BY code LIMIT {LIMIT}", (f"{like}%", f"%{like}%")).fetchall()
    except sqlite3.Error:
        return []
    finally:
        conn.close()
    return rows if unchanged(opening) else []


def _record_completer(table: str, where: str):  # noqa: ANN202
    def complete(ctx: Any, param: Any, incomplete: str) -> list:
        from typer._click.shell_completion import CompletionItem

        return [CompletionItem(code, help=name) for code, name in records(table, where, incomplete, ctx)]
    return complete


def _words_completer(words_of):  # noqa: ANN001, ANN202
    def complete(ctx: Any, param: Any, incomplete: str) -> list[str]:
        low = incomplete.lower()
        return [w for w in words_of() if w.lower().startswith(low)]
    return complete


def _stage_keys() -> list[str]:
    from tasplus_cli.settings import DEFAULTS

    return [s["key"] for s in DEFAULTS["stages"]]


def _vocab(name: str):  # noqa: ANN202
    def keys() -> list[str]:
        from tasplus_cli.domain import vocab

        return list(getattr(vocab, name).keys)
    return keys


WORDS = {"to": _stage_keys, "stage": _stage_keys, "stage_owner": _stage_keys, "grade": _vocab("GRADES"),
         "set_": _vocab("GRADES"), "role": _vocab("ROLE"), "relationship": _vocab("RELATIONSHIP"),
         "orientation": _vocab("ORIENTATION"), "influence": _vocab("INFLUENCE"), "department": _vocab("DEPARTMENT"),
         "strategy": _vocab("STRATEGY"), "registration_status": _vocab("REGISTRATION"),
         "answers": _vocab("ANSWERS"), "bid_result": _vocab("BID_RESULT")}
SKIP = {("value", "relationship")}  # value compare --relationship takes better|equal|worse


def attach(group: Any, path: tuple[str, ...] = ()) -> None:
    """Give every parameter named like a record or a vocabulary its completer (unless it has one)."""
    for name, cmd in getattr(group, "commands", {}).items():
        sub = path + (name,)
        if getattr(cmd, "commands", None):
            attach(cmd, sub)
            continue
        for p in cmd.params:
            if getattr(p, "_custom_shell_complete", None) is not None or (sub[0], p.name) in SKIP:
                continue
            if p.name in RECORDS:
                p._custom_shell_complete = _record_completer(*RECORDS[p.name])
            elif p.name in WORDS:
                p._custom_shell_complete = _words_completer(WORDS[p.name])
