"""The screen of ``tasplus db doctor``: one row per check (status, check,
detail and, below it, how to fix it), in the reader's language.

``data`` is the dict ``--json`` prints: ``database`` (the URL without its
password), ``ok`` and ``checks``. A check's ``detail`` and ``fix`` are
``Phrase``s (English in JSON, said here in ``view.lang``); a path, a URL or a
command to type is shown as it is. Check names and statuses stay English
words in JSON and are labels here.
"""

from __future__ import annotations

from typing import Any

from tasplus_cli.messages import text
from tasplus_cli.messages.phrase import say
from tasplus_cli.render.tables import Col, table

STATUSES = ("ok", "note", "warn", "fail")
CHECKS = ("file", "integrity", "foreign keys", "schema", "columns", "values", "journal mode", "temporaries",
          "permissions", "server", "backups")


def _word(kind: str, value: str, known: tuple[str, ...], lang: str) -> str:
    """A status or a check name in ``lang`` (one the catalogue does not know is shown as it is)."""
    return text(f"db.{kind}.{value.replace(' ', '_')}", lang) if value in known else value


def doctor(data: dict, view: Any) -> Any:
    lang = view.lang
    rows = [{"status": _word("status", c["status"], STATUSES, lang),
             "check": _word("check_name", c["check"], CHECKS, lang),
             "detail": str(say(c["detail"], lang)) + (f"\n→ {say(c['fix'], lang)}" if c["fix"] else "")}
            for c in data["checks"]]
    return table(rows, [Col("status", "status", style="bold", no_wrap=True), Col("check", "check", no_wrap=True),
                        Col("detail", "detail")], lang, title=text("db.doctor.title", lang, database=data["database"]))
