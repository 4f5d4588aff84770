"""Small helpers shared by command modules: option types that parse with a
domain rule and turn its error into the right exit code, the shared ``--json``
option, and the one parser of the deal filters (``deal_filter`` with the
``FILTER_*`` options) that every command narrowing a list of deals uses."""

from __future__ import annotations

from datetime import date
from typing import Optional

import typer

from tasplus_cli.cli.env import env
from tasplus_cli.domain import vocab
from tasplus_cli.domain.dates import parse_date
from tasplus_cli.domain.deals import DealFilter, stalled_cutoffs
from tasplus_cli.domain.money import parse_amount
from tasplus_cli.domain.vocab import Vocab

JSON = typer.Option(False, "--json", help="Print JSON (stable English keys) instead of a table.")

# The deal filters, one definition each (``deal_filter`` parses them)
FILTER_STAGE = typer.Option(None, "--stage", help="Only this stage (key or Chinese label).")
FILTER_GRADE = typer.Option(None, "--grade", help="Only this grade (A–E).")
FILTER_OWNER = typer.Option(None, "--owner", help="Only this owner.")
FILTER_MINE = typer.Option(False, "--mine", help="Only my deals (the configured user).")
FILTER_TEAM = typer.Option(None, "--team", help="Only deals of this manager and everyone below them.")
FILTER_STATUS = typer.Option("open", "--status", help="open|won|lost|abandoned|all.")
FILTER_ACCOUNT = typer.Option(None, "--account", "-a", help="Only this account.")
FILTER_CLOSE_BEFORE = typer.Option(None, "--close-before", help="Only deals closing before DATE.")
FILTER_STALLED = typer.Option(False, "--stalled", help="Only open deals longer in their stage than its expected days.")


def opt_date(text: Optional[str], flag: str) -> Optional[date]:
    return None if text is None else parse_date(text, env().today, flag)


def opt_amount(text: Optional[str], flag: str = "--amount") -> Optional[int]:
    return None if text is None else parse_amount(text, flag)


def opt_vocab(v: Vocab, text: Optional[str], flag: str) -> Optional[str]:
    return None if text is None else v.parse(text, flag)


def deal_filter(*, stage: Optional[str] = None, grade: Optional[str] = None, owner: Optional[str] = None,
                mine: bool = False, team: Optional[str] = None, status: Optional[str] = "open", account: Optional[str] = None,
                close_before: Optional[str] = None, stalled: bool = False,
                forecast: Optional[str] = None) -> DealFilter:
    """The deal filters as typed, parsed once into a ``domain.deals.DealFilter``.

    ``stage``: key or label of the configured template; ``grade``: A–E; ``mine``: the
    configured user (wins over ``owner``); ``team``: a manager's name (their deals and their
    reps', recursively; a user, checked by the query like ``owner``; not with ``owner`` or ``mine``);
    ``status``: open|won|lost|abandoned, ``"all"`` or None for every status; ``account``: code or name (looked up by the query);
    ``close_before``: any date ``parse_date`` reads; ``stalled``: open deals longer in their stage
    than the template's days for it (``domain.deals.stalled``); ``forecast``: a forecast category
    (``vocab.FORECAST``, key or Chinese label). A bad value raises InvalidValue naming
    its option (exit 2). ``opp list`` calls it with all its options; ``review`` and
    ``funnel`` with the ones they offer (pair each with its ``FILTER_*`` option)."""
    if team and (owner or mine):
        from tasplus_cli.domain.errors import InvalidValue
        from tasplus_cli.messages import msg

        raise InvalidValue(msg("error.filter.team_with", flag="--mine" if mine else "--owner"),
                           msg("hint.filter.team_with"))
    e = env()
    return DealFilter(
        stage=e.settings.template.parse(stage, "--stage") if stage else None,
        grade=opt_vocab(vocab.GRADES, grade, "--grade"),
        owner=e.user if mine else owner or None,
        mine=mine,
        team=team or None,
        status=None if status in (None, "all") else vocab.STATUS.parse(status, "--status"),
        account=account,
        close_before=opt_date(close_before, "--close-before"),
        stalled=stalled_cutoffs(((st.key, st.days) for st in e.settings.template.stages), e.today) if stalled else None,
        forecast=opt_vocab(vocab.FORECAST, forecast, "--forecast"))
