"""``tasplus review``: the weekly coaching agenda (METHOD §13)."""

from __future__ import annotations

from typing import Optional

import typer

from tasplus_cli.cli.env import env
from tasplus_cli.cli.options import FILTER_MINE, FILTER_OWNER, deal_filter

FORMATS = ("table", "markdown", "json")


def review(since: Optional[str] = typer.Option(None, "--since", help="Count changes from DATE (default: the last "
                                                                     "recorded review, else 7 days ago)."),
           owner: Optional[str] = FILTER_OWNER, mine: bool = FILTER_MINE,
           limit: int = typer.Option(30, "--limit", "-n", min=0, help="Show at most N deals, most important first "
                                                                      "(0: all)."),
           fmt: str = typer.Option("table", "--format", "-f", help="table|markdown|json."),
           as_json: bool = typer.Option(False, "--json", help="Same as --format json."),
           record: bool = typer.Option(False, "--record", help="Record this review: the next one counts from now."),
           note: Optional[str] = typer.Option(None, "--note", help="A note kept with the recorded review.")) -> None:
    """The weekly review: the important deals that changed or carry a warning, what changed,
    the coaching question for each warning and the command that records the answer, both forecasts.

    \b
    Example: tasplus review --owner 张伟 --format markdown > review.md
    """
    from datetime import datetime, time, timezone

    from tasplus_cli.cli.options import opt_date
    from tasplus_cli.cli.output import emit, success
    from tasplus_cli.domain.errors import InvalidValue
    from tasplus_cli.messages import command, msg
    from tasplus_cli.render import review as render
    from tasplus_cli.store import review as store_review

    fmt = "json" if as_json else fmt
    if fmt not in FORMATS:
        raise InvalidValue(msg("error.review.format", value=fmt, choices=", ".join(FORMATS)), msg("hint.review.format"))
    if note and not record:
        raise InvalidValue(msg("error.review.note"), command("review", "--record", "--note", "TEXT"))
    e = env()
    deals = deal_filter(owner=owner, mine=mine)
    start = opt_date(since, "--since")
    start_dt = datetime.combine(start, time(0, 0), tzinfo=timezone.utc) if start else None
    with e.session(write=record) as s:
        data = store_review.review_view(s, e.settings, e.today, deals, since=start_dt, limit=limit)
        if record:
            store_review.record_review(s, e.user, deals.owner, datetime.fromisoformat(data["since"]), note)
    emit(data, {"table": render.document, "markdown": render.markdown}, fmt)
    if record:
        success(msg("success.review.recorded"))
