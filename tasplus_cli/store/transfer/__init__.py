"""CSV import and export of every record kind (issue 6), over the store.

``KINDS`` lists the kinds in the order ``--all`` imports them (referenced
kinds first). Each kind is declared once, by noun (``kinds/``): its columns,
how a row finds its record, and its few extra rules; the engine (``rows``,
``importer``, ``writer``) and ``exporter`` are shared by all. This package
never reads or writes files: ``cli/io.py`` does that through ``csvio`` and
hands it tables of cells. Its messages follow the reader's language.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from tasplus_cli.store.transfer.bulk import refresh_statistics
from tasplus_cli.store.transfer.importer import Ctx, Options, Report, import_table
from tasplus_cli.store.transfer.kinds import KINDS, kind_named
from tasplus_cli.store.transfer.spec import Kind


def context(s: Any, settings: Any, user: str, today: date, opts: Options | None = None) -> Ctx:
    """The context of one import or export; ``settings`` is the typed ``settings.Settings``
    (its stage template, home currency and grade thresholds)."""
    return Ctx(s, settings.template, settings.currency, settings.grades.thresholds, user, today, opts or Options(),
               KINDS)


__all__ = ["KINDS", "Ctx", "Kind", "Options", "Report", "context", "import_table", "kind_named", "refresh_statistics"]
