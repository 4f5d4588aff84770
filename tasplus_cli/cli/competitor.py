"""``tasplus competitor …``: the competitor library (METHOD §6) and who is in each deal.

Library: ``add|list|show|edit``, ``partner add``, ``event add`` (dated key
events), ``quote add`` (date, deal or account, amount, product) and
``relation add`` (their relationship with an account or one of its people).
On a deal: ``add NAME --opp OPP`` puts a competitor on it (creating it in the
library when no competitor matches), ``remove NAME --opp OPP`` takes it off,
``list --opp OPP`` shows the deal's competitors with their latest scores; who
won a lost deal is recorded by ``opp close --lost --competitor C``.
Screens are in ``render.competitors``; every sentence in the catalogue.
"""

from __future__ import annotations

from typing import Optional

import typer

from tasplus_cli.cli.options import JSON, opt_amount, opt_date, opt_vocab
from tasplus_cli.cli.env import env
from tasplus_cli.domain import vocab

app = typer.Typer(rich_markup_mode=None, help="The competitor library, and the competitors on each deal.", no_args_is_help=True)
partner_app = typer.Typer(rich_markup_mode=None, help="A competitor's core partners.", no_args_is_help=True)
event_app = typer.Typer(rich_markup_mode=None, help="A competitor's dated key events.", no_args_is_help=True)
quote_app = typer.Typer(rich_markup_mode=None, help="A competitor's quote history.", no_args_is_help=True)
relation_app = typer.Typer(rich_markup_mode=None, help="A competitor's relationships with customer accounts and people.",
                           no_args_is_help=True)
app.add_typer(partner_app, name="partner")
app.add_typer(event_app, name="event")
app.add_typer(quote_app, name="quote")
app.add_typer(relation_app, name="relation")

C = typer.Argument(..., help="Competitor code (CMP-0001) or an unambiguous name.")
OPP_OPT = typer.Option(None, "--opp", help="A deal (code or name).")
WEBSITE = typer.Option(None, help="Website.")
DESCRIPTION = typer.Option(None, help="Basic information: who they are, size, focus.")
STRENGTHS = typer.Option(None, help="Their strengths.")
WEAKNESSES = typer.Option(None, help="Their weaknesses.")
TACTICS = typer.Option(None, help="Their typical tactics.")
NOTES = typer.Option(None, help="Free notes.")


@app.command("add")
def add(name: str = typer.Argument(..., help="Competitor name, e.g. 翼辰软件."),
        opp: Optional[str] = typer.Option(None, "--opp", help="Also put it on this deal (an existing competitor "
                                                              "of that name is put on the deal as it is)."),
        website: Optional[str] = WEBSITE, description: Optional[str] = DESCRIPTION,
        strengths: Optional[str] = STRENGTHS, weaknesses: Optional[str] = WEAKNESSES,
        tactics: Optional[str] = TACTICS, notes: Optional[str] = NOTES) -> None:
    """Add a competitor to the library, or (with --opp) put one on a deal.

    \b
    Example: tasplus competitor add 翼辰软件 --strengths "银行核心案例多" --opp OPP-0001
    """
    from tasplus_cli.cli.output import success
    from tasplus_cli.domain.errors import Conflict
    from tasplus_cli.messages import command, msg
    from tasplus_cli.store import competitors, opps

    e = env()
    details = {"website": website, "description": description, "strengths": strengths, "weaknesses": weaknesses,
               "tactics": tactics, "notes": notes}
    with e.session(write=True) as s:
        o = opps.get_opp(s, opp) if opp else None
        c = competitors.find_competitor(s, name) if o else None
        if c is not None and any(v is not None for v in details.values()):
            raise Conflict(msg("error.competitor.in_library", code=c.code, name=c.name),
                           msg("hint.competitor.edit_details", command=command("competitor", "edit", c.code)))
        created = c is None
        c = c or competitors.add_competitor(s, name, **details)
        if o:
            competitors.put_on_deal(s, o, c, e.user)
    if created:
        success(msg("success.competitor.added", code=c.code, name=c.name))
    if o:
        success(msg("success.competitor.on_deal", code=c.code, name=c.name, opp=o.code, opp_name=o.name,
                    command=command("survey", "run", o.code)))


@app.command("remove")
def remove(competitor: str = C, opp: str = typer.Option(..., "--opp", help="The deal to take it off."),
           reason: Optional[str] = typer.Option(None, "--reason", "-r", help="Why (recorded in the history).")) -> None:
    """Take a competitor off a deal (it stays in the library); the win rate is recomputed.

    \b
    Example: tasplus competitor remove 澜拓数科 --opp OPP-0001 --reason "资格预审未通过"
    """
    from tasplus_cli.cli.output import success
    from tasplus_cli.messages import msg
    from tasplus_cli.store import competitors, opps

    e = env()
    with e.session(write=True) as s:
        o, c = opps.get_opp(s, opp), competitors.get_competitor(s, competitor)
        competitors.take_off_deal(s, o, c, e.user, e.today, e.settings.winrate, reason)
    success(msg("success.competitor.taken_off", code=c.code, name=c.name, opp=o.code))


@app.command("list")
def list_(opp: Optional[str] = typer.Option(None, "--opp", help="Only the competitors on this deal, with their "
                                                                "latest scores."),
          as_json: bool = JSON) -> None:
    """List the library with each competitor's record against us, or a deal's competitors.

    \b
    Example: tasplus competitor list · tasplus competitor list --opp OPP-0001
    """
    from functools import partial

    from tasplus_cli.cli.output import emit
    from tasplus_cli.render import competitors as screens
    from tasplus_cli.store import competitors, opps

    e = env()
    with e.session() as s:
        o = opps.get_opp(s, opp) if opp else None
        rows = competitors.deal_competitors(s, o) if o else competitors.list_competitors(s)
    emit(rows, partial(screens.deal_table, title=f"{o.code} {o.name}") if o else screens.library_table,
         "json" if as_json else "table")


@app.command("show")
def show_(competitor: str = C, as_json: bool = JSON) -> None:
    """Everything about a competitor: analysis, partners, key events, quotes, relationships, deals, record.

    \b
    Example: tasplus competitor show 翼辰软件
    """
    from tasplus_cli.cli.output import emit
    from tasplus_cli.render import competitors as screens
    from tasplus_cli.store import competitors

    with env().session() as s:
        data = competitors.show(s, competitors.get_competitor(s, competitor))
    emit(data, screens.card, "json" if as_json else "table")


@app.command("edit")
def edit(competitor: str = C, name: Optional[str] = typer.Option(None, help="New name."),
         website: Optional[str] = WEBSITE, description: Optional[str] = DESCRIPTION,
         strengths: Optional[str] = STRENGTHS, weaknesses: Optional[str] = WEAKNESSES,
         tactics: Optional[str] = TACTICS, notes: Optional[str] = NOTES) -> None:
    """Change a competitor's details or name.

    \b
    Example: tasplus competitor edit CMP-0001 --tactics "低价切入，二期加价"
    """
    from tasplus_cli.cli.output import success
    from tasplus_cli.messages import msg
    from tasplus_cli.store import competitors

    with env().session(write=True) as s:
        c = competitors.edit_competitor(s, competitors.get_competitor(s, competitor), name=name, website=website,
                                        description=description, strengths=strengths, weaknesses=weaknesses,
                                        tactics=tactics, notes=notes)
    success(msg("success.competitor.updated", code=c.code, name=c.name))


@partner_app.command("add")
def partner_add(competitor: str = C, name: str = typer.Argument(..., help="Partner name."),
                notes: Optional[str] = NOTES) -> None:
    """Record one of a competitor's core partners.

    \b
    Example: tasplus competitor partner add 翼辰软件 华信系统集成 --notes "省农信总集成商"
    """
    from tasplus_cli.cli.output import success
    from tasplus_cli.messages import msg
    from tasplus_cli.store import competitors

    with env().session(write=True) as s:
        c = competitors.get_competitor(s, competitor)
        p = competitors.add_partner(s, c, name, notes)
    success(msg("success.competitor.partner", name=p.name, competitor=c.name))


@event_app.command("add")
def event_add(competitor: str = C, text: str = typer.Argument(..., help="What happened."),
              date: Optional[str] = typer.Option(None, "--date", help="When (default today).")) -> None:
    """Record a dated key event of a competitor (a win, a new product, a reorganisation).

    \b
    Example: tasplus competitor event add 翼辰软件 "发布分布式核心 V9" --date 2026-09-15
    """
    from tasplus_cli.cli.output import success
    from tasplus_cli.messages import msg
    from tasplus_cli.store import competitors

    e = env()
    day = opt_date(date, "--date") or e.today
    with e.session(write=True) as s:
        c = competitors.get_competitor(s, competitor)
        competitors.add_event(s, c, day, text)
    success(msg("success.competitor.event", day=day, competitor=c.name))


@quote_app.command("add")
def quote_add(competitor: str = C, amount: str = typer.Argument(..., help="Quoted amount, e.g. 7,600,000 or 760万."),
              opp: Optional[str] = OPP_OPT,
              account: Optional[str] = typer.Option(None, "--account", "-a", help="The account (when not for one deal)."),
              product: Optional[str] = typer.Option(None, help="What they quoted."),
              currency: Optional[str] = typer.Option(None, help="Currency code (default from config)."),
              date: Optional[str] = typer.Option(None, "--date", help="When (default today)."),
              notes: Optional[str] = NOTES) -> None:
    """Record a competitor's quote on a deal or to an account.

    \b
    Example: tasplus competitor quote add 翼辰软件 7600000 --opp OPP-0001 --product "核心 V9 + 三年维保"
    """
    from tasplus_cli.cli.output import success
    from tasplus_cli.domain.money import fmt, parse_currency
    from tasplus_cli.messages import msg
    from tasplus_cli.store import accounts, competitors, opps

    e = env()
    minor, day = opt_amount(amount, "AMOUNT"), opt_date(date, "--date") or e.today
    cur = parse_currency(currency) if currency else e.settings.currency
    with e.session(write=True) as s:
        c = competitors.get_competitor(s, competitor)
        o = opps.get_opp(s, opp) if opp else None
        acc = accounts.get_account(s, account) if account else None
        competitors.add_quote(s, c, day, minor, cur, opp=o, account=acc, product=product, notes=notes)
    success(msg("success.competitor.quote_deal" if o else "success.competitor.quote_account", competitor=c.name,
                amount=fmt(minor, cur), day=day, party=o.code if o else acc.name))


@relation_app.command("add")
def relation_add(competitor: str = C,
                 account: str = typer.Option(..., "--account", "-a", help="The customer account."),
                 contact: Optional[str] = typer.Option(None, "--contact", help="A person at the account."),
                 relationship: Optional[str] = typer.Option(None, help="strong-positive|positive|neutral|negative|"
                                                                       "strong-negative (as seen from them)."),
                 notes: Optional[str] = NOTES) -> None:
    """Record a competitor's relationship with an account or one of its people.

    \b
    Example: tasplus competitor relation add 翼辰软件 --account 华东省农商银行 --contact 刘芳 --relationship strong-positive
    """
    from tasplus_cli.cli.output import success
    from tasplus_cli.messages import msg
    from tasplus_cli.store import accounts, competitors

    rel = opt_vocab(vocab.RELATIONSHIP, relationship, "--relationship")
    with env().session(write=True) as s:
        c = competitors.get_competitor(s, competitor)
        acc = accounts.get_account(s, account)
        person = accounts.get_contact(s, contact, acc) if contact else None
        competitors.add_relation(s, c, acc, person, rel, notes)
    success(msg("success.competitor.relation", competitor=c.name, party=person.name if person else acc.name))
