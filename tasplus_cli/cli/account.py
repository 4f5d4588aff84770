"""``tasplus account add|list|show|edit``: customer accounts; screens in ``render.accounts``."""

from __future__ import annotations

from typing import Optional

import typer

from tasplus_cli.cli.options import JSON
from tasplus_cli.cli.env import env
from tasplus_cli.messages import msg

app = typer.Typer(rich_markup_mode=None, help="Customer accounts (key accounts).", no_args_is_help=True)


@app.command("add")
def add(name: str = typer.Argument(..., help="Account name, e.g. 华东省农商银行."),
        industry: Optional[str] = typer.Option(None, help="Industry."),
        region: Optional[str] = typer.Option(None, help="Region or city."),
        notes: Optional[str] = typer.Option(None, help="Free notes.")) -> None:
    """Add an account.

    \b
    Example: tasplus account add 华东省农商银行 --industry banking --region 杭州
    """
    from tasplus_cli.cli.output import success
    from tasplus_cli.store import accounts

    with env().session(write=True) as s:
        acc = accounts.add_account(s, name, industry=industry, region=region, notes=notes)
    success(msg("success.account.added", code=acc.code, name=acc.name))


@app.command("list")
def list_(as_json: bool = JSON) -> None:
    """List accounts with their deal and contact counts.

    \b
    Example: tasplus account list --json
    """
    from tasplus_cli.cli.output import emit
    from tasplus_cli.render import accounts as screens
    from tasplus_cli.store import accounts

    with env().session() as s:
        rows = accounts.list_accounts(s)
    emit(rows, screens.account_list, "json" if as_json else "table")


@app.command("show")
def show_(account: str = typer.Argument(..., help="Account code or name."), as_json: bool = JSON) -> None:
    """Show one account with its people and deals.

    \b
    Example: tasplus account show ACC-0001
    """
    from tasplus_cli.cli.output import emit
    from tasplus_cli.domain.deals import DealFilter
    from tasplus_cli.render import accounts as screens
    from tasplus_cli.store import accounts
    from tasplus_cli.store.fx import fx_on
    from tasplus_cli.store.read import opps as opp_views

    e = env()
    with e.session() as s:
        acc = accounts.get_account(s, account)
        data = accounts.account_dict(acc)
        data["contacts"] = accounts.list_contacts(s, acc)
        data["deals"] = opp_views.list_opps(s, DealFilter(account=acc.code, status=None),
                                            fx_on(s, e.settings.currency, e.today))
    emit(data, screens.account, "json" if as_json else "table")


@app.command("edit")
def edit(account: str = typer.Argument(..., help="Account code or name."),
         name: Optional[str] = typer.Option(None, help="New name."),
         industry: Optional[str] = typer.Option(None, help="Industry."),
         region: Optional[str] = typer.Option(None, help="Region or city."),
         notes: Optional[str] = typer.Option(None, help="Free notes.")) -> None:
    """Change an account's details.

    \b
    Example: tasplus account edit ACC-0001 --region 上海
    """
    from tasplus_cli.cli.output import success
    from tasplus_cli.store import accounts

    with env().session(write=True) as s:
        acc = accounts.edit_account(s, accounts.get_account(s, account), name=name, industry=industry,
                                    region=region, notes=notes)
    success(msg("success.account.updated", code=acc.code, name=acc.name))
