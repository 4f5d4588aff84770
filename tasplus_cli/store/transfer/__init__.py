"""CSV import and export of every record kind (issue 6), over the store.

``KINDS`` lists the kinds in the order ``--all`` imports them (referenced
kinds first). Each kind is declared once (``kinds_core``, ``kinds_tas``):
its columns, how a row finds its record, and its few extra rules; the engine
(``plan``, ``importer``, ``writer``) and ``exporter`` are shared by all.
This package never reads or writes files: ``cli/io.py`` does that through
``csvio`` and hands it tables of cells.
"""

from __future__ import annotations

from tasplus_cli.domain.errors import InvalidValue
from tasplus_cli.domain.vocab import normalize
from tasplus_cli.store.transfer.importer import Ctx, Options, Report, import_table
from tasplus_cli.store.transfer.kinds_core import (ACCOUNTS, CONTACTS, EVENTS, HISTORY, OPPORTUNITIES, TEAM)
from tasplus_cli.store.transfer.kinds_tas import (ACTIVITIES, COMPETITOR_EVENTS, COMPETITORS, DEAL_COMPETITORS,
                                                  DEAL_PLANS, PARTNERS, QUOTES, RELATIONS, REVIEWS, STAKEHOLDERS,
                                                  SURVEYS, TACTICS, VALUE_COMPARISONS, WIN_RATES)
from tasplus_cli.store.transfer.spec import Kind

KINDS: dict[str, Kind] = {k.name: k for k in (
    ACCOUNTS, CONTACTS, COMPETITORS, OPPORTUNITIES, EVENTS, TEAM, HISTORY, PARTNERS, COMPETITOR_EVENTS, RELATIONS,
    DEAL_COMPETITORS, QUOTES, STAKEHOLDERS, ACTIVITIES, SURVEYS, WIN_RATES, DEAL_PLANS, TACTICS, VALUE_COMPARISONS,
    REVIEWS)}


def kind_named(text: str) -> Kind:
    """A kind by its name or an alias (``opps``, ``deals``), case and spacing ignored."""
    wanted = normalize(text)
    for k in KINDS.values():
        if wanted in (normalize(k.name), *(normalize(a) for a in k.aliases)):
            return k
    raise InvalidValue(f"unknown kind {text!r}", "kinds: " + ", ".join(KINDS))


def context(s, cfg, user: str, today, opts: Options | None = None) -> Ctx:  # noqa: ANN001
    return Ctx(s, cfg, user, today, opts or Options(), KINDS)


__all__ = ["KINDS", "Ctx", "Kind", "Options", "Report", "context", "import_table", "kind_named"]
