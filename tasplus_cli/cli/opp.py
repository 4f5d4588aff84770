"""``tasplus opp …``: deals through the seven TAS+ stages (METHOD §1–3).

Commands parse and resolve, then call ``store.opps`` (which applies the
domain rules and records history) inside one session, build one data dict and
``emit`` it: ``--json`` prints it, the table goes through ``render.deals``.
Success lines on stderr come from the catalogue, in the reader's language.
"""

from __future__ import annotations

from typing import Optional

import typer

from tasplus_cli.cli import team, user
from tasplus_cli.cli.options import FILTER_ACCOUNT, FILTER_GRADE, FILTER_MINE, FILTER_OWNER, FILTER_STAGE
from tasplus_cli.cli.options import FILTER_STALLED, FILTER_STATUS, FILTER_TEAM
from tasplus_cli.cli.options import JSON, deal_filter, opt_amount, opt_date, opt_vocab
from tasplus_cli.cli.env import env
from tasplus_cli.domain import vocab
from tasplus_cli.messages import msg

app = typer.Typer(rich_markup_mode=None, help="Deals (opportunities): create, list, advance through the stages, grade, close.",
                  no_args_is_help=True)
app.add_typer(team.app, name="team")
app.command("reassign")(user.reassign)

OPP = typer.Argument(..., help="Deal code (OPP-0007) or an unambiguous name.")
REASON = typer.Option(None, "--reason", "-r", help="Why (recorded in the history).")
DUPLICATE_OK = typer.Option(False, "--duplicate-ok",
                            help="Allow a second open deal of this name under the account (closed ones never count).")


@app.command("new")
def new(name: str = typer.Argument(..., help="Deal name."),
        account: str = typer.Option(..., "--account", "-a", help="Account code or name."),
        amount: str = typer.Option(..., "--amount", help="Deal value, e.g. 6000000, 6,000,000 or 600万."),
        currency: Optional[str] = typer.Option(None, help="Currency code (default from config, CNY)."),
        owner: Optional[str] = typer.Option(None, help="Accountable rep (default: you)."),
        close_date: Optional[str] = typer.Option(None, "--close-date", help="Expected close date (YYYY-MM-DD, +90d)."),
        partner: Optional[str] = typer.Option(None, help="Partner leading the deal (makes it grade E)."),
        registration: Optional[str] = typer.Option(None, help="Partner registration id (with --partner)."),
        stage: Optional[str] = typer.Option(None, help="Starting stage (default: the first, validate)."),
        force: bool = typer.Option(False, "--force",
                                   help="Start an A/B deal past unmet gates (needs --reason; recorded)."),
        reason: Optional[str] = REASON, duplicate_ok: bool = DUPLICATE_OK,
        as_json: bool = JSON) -> None:
    """Create a deal; it is graded from the amount (E when partner-led).

    An A/B deal started past validate (--stage) passes the gates of every stage
    on the way, as opp advance would, or takes --force --reason. A second open
    deal of the same name under the account needs --duplicate-ok.

    \b
    Example: tasplus opp new 核心系统升级 --account 华东省农商银行 --amount 6000000 --close-date 2027-06-30
    """
    from tasplus_cli.cli.output import emit, success
    from tasplus_cli.domain.money import parse_currency
    from tasplus_cli.store import accounts, opps
    from tasplus_cli.store.read import opps as opp_views

    e = env()
    minor = opt_amount(amount)
    cur = parse_currency(currency) if currency else None
    close = opt_date(close_date, "--close-date")
    start = e.settings.template.parse(stage, "--stage") if stage else None
    with e.session(write=True) as s:
        acc = accounts.get_account(s, account)
        o = opps.create(s, e.settings, name=name, account=acc, amount_minor=minor, by=e.user, currency=cur,
                        owner=owner, close_date=close, partner=partner, registration_id=registration, stage=start,
                        force=force, reason=reason, duplicate_ok=duplicate_ok, today=e.today)
        data = opp_views.opp_dict(o, acc, None)
    if not as_json:
        success(msg("success.opp.created_forced" if force else "success.opp.created", code=o.code, name=o.name,
                    grade=o.grade, stage=e.settings.template.label(o.stage, e.lang)))
    emit(data, None, "json" if as_json else "table")


@app.command("list")
def list_(stage: Optional[str] = FILTER_STAGE, grade: Optional[str] = FILTER_GRADE,
          owner: Optional[str] = FILTER_OWNER, mine: bool = FILTER_MINE, team: Optional[str] = FILTER_TEAM,
          status: str = FILTER_STATUS, account: Optional[str] = FILTER_ACCOUNT, stalled: bool = FILTER_STALLED,
          forecast: Optional[str] = typer.Option(None, "--forecast", help="Only this forecast category: "
                                                 "pipeline|best-case|commit|omitted."),
          as_json: bool = JSON) -> None:
    """List deals (open ones by default).

    \b
    Example: tasplus opp list --grade A --stage 需求分析
    """
    from tasplus_cli.cli.output import emit
    from tasplus_cli.render import deals

    f = deal_filter(stage=stage, grade=grade, owner=owner, mine=mine, team=team, status=status, account=account,
                    stalled=stalled, forecast=forecast)
    emit(env().workspace().deals(f), deals.pipeline, "json" if as_json else "table")


@app.command("show")
def show_(opp: str = OPP, as_json: bool = JSON) -> None:
    """Show a deal: facts, compelling events, team, and what the next gate needs.

    \b
    Example: tasplus opp show OPP-0001
    """
    from tasplus_cli.cli.output import emit
    from tasplus_cli.render import deals

    emit(env().workspace().deal(opp), deals.deal, "json" if as_json else "table")


@app.command("edit")
def edit(opp: str = OPP,
         name: Optional[str] = typer.Option(None, help="New name."),
         account: Optional[str] = typer.Option(None, "--account", "-a", help="Move to another account."),
         amount: Optional[str] = typer.Option(None, help="New amount (re-grades unless graded by hand)."),
         currency: Optional[str] = typer.Option(None, help="Currency code."),
         owner: Optional[str] = typer.Option(None, help="New owner (a user; many deals at once: opp reassign)."),
         close_date: Optional[str] = typer.Option(None, "--close-date", help="Expected close date."),
         tender_issued: Optional[str] = typer.Option(None, "--tender-issued", help="Date the tender was issued (发标)."),
         bid_result: Optional[str] = typer.Option(None, "--bid-result", help="Bid result: won|lost (中标/未中标)."),
         contract_signed: Optional[str] = typer.Option(None, "--contract-signed", help="Date the contract was signed."),
         incumbent: Optional[str] = typer.Option(None, "--incumbent", help="Who holds the customer's current system: "
                                                                           "us, a competitor's name, or none."),
         forecast: Optional[str] = typer.Option(None, "--forecast", help="Forecast category: pipeline|best-case|"
                                                "commit|omitted (管道/最佳情况/承诺/不计入)."),
         reason: Optional[str] = REASON, duplicate_ok: bool = DUPLICATE_OK) -> None:
    """Change a deal's facts; every change is recorded with who, when and why.

    --tender-issued and --contract-signed record what has happened: never after
    today. A new --name (or --account) may not repeat another open deal's name
    under the account unless --duplicate-ok.

    \b
    Example: tasplus opp edit OPP-0001 --amount 7500000 --close-date 2027-09-30 --reason "scope grew"
    """
    from tasplus_cli.cli.output import info, success
    from tasplus_cli.domain.money import parse_currency
    from tasplus_cli.render.deals import field_name
    from tasplus_cli.store import accounts, opps, plans

    e = env()
    changes = {"name": name, "amount_minor": opt_amount(amount), "owner": owner,
               "currency": parse_currency(currency) if currency else None,
               "close_date": opt_date(close_date, "--close-date"),
               "tender_issued_on": opt_date(tender_issued, "--tender-issued"),
               "bid_result": opt_vocab(vocab.BID_RESULT, bid_result, "--bid-result"),
               "contract_signed_on": opt_date(contract_signed, "--contract-signed"),
               "forecast_category": opt_vocab(vocab.FORECAST, forecast, "--forecast")}
    with e.session(write=True) as s:
        o = opps.get_opp(s, opp)
        changes["account"] = accounts.get_account(s, account) if account else None
        changed = opps.edit(s, e.settings.grades, o, e.user, reason, today=e.today, duplicate_ok=duplicate_ok,
                            **changes)
        if incumbent is not None and plans.set_incumbent(s, o, incumbent, e.user, reason):
            changed.append("incumbent")
    if changed:
        success(msg("success.opp.changed", code=o.code, grade=o.grade,
                    fields=msg("list.separator").join(field_name(f, e.lang) for f in changed)))
    else:
        info(msg("info.opp.unchanged", code=o.code))


@app.command("advance")
def advance(opp: str = OPP,
            to: Optional[str] = typer.Option(None, "--to", help="Target stage (key or Chinese label); default: next."),
            force: bool = typer.Option(False, "--force", help="Pass an unmet gate (needs --reason; recorded)."),
            reason: Optional[str] = REASON) -> None:
    """Move a deal to the next stage, or --to a stage (back any number; forward one for A/B).

    A/B deals must meet the gate of the stage they leave; C, D and E may jump
    straight ahead (fast track).

    \b
    Example: tasplus opp advance OPP-0001 · tasplus opp advance OPP-0004 --to negotiate
    """
    from tasplus_cli.cli.output import success
    from tasplus_cli.store import opps

    e = env()
    with e.session(write=True) as s:
        o = opps.get_opp(s, opp)
        old = o.stage
        target = e.settings.template.parse(to) if to else None
        new = opps.advance(s, e.settings, o, e.user, e.today, target=target, force=force, reason=reason)
    tpl = e.settings.template
    success(msg("success.opp.forced" if force else "success.opp.advanced", code=o.code,
                old=tpl.label(old, e.lang), new=tpl.label(new, e.lang)))


@app.command("grade")
def grade(opp: str = OPP,
          set_: Optional[str] = typer.Option(None, "--set", help="Set the grade by hand: A|B|C|D|E (needs --reason)."),
          auto: bool = typer.Option(False, "--auto", help="Back to grading by amount."),
          partner: Optional[str] = typer.Option(None, help="Partner leading the deal (makes it E)."),
          registration: Optional[str] = typer.Option(None, help="Partner registration id."),
          registration_status: Optional[str] = typer.Option(
              None, "--registration-status", help="pending|approved|rejected (only approved E deals are forecast)."),
          reason: Optional[str] = REASON, as_json: bool = JSON) -> None:
    """Show why a deal has its grade, or change it (by hand, back to auto, partner registration).

    \b
    Example: tasplus opp grade OPP-0003 --set A --reason "provincial reference customer"
    """
    from tasplus_cli.cli.output import emit, success
    from tasplus_cli.messages.phrase import say
    from tasplus_cli.render import deals
    from tasplus_cli.store import opps

    e = env()
    g = opt_vocab(vocab.GRADES, set_, "--set")
    rs = opt_vocab(vocab.REGISTRATION, registration_status, "--registration-status")
    changing = any(v is not None for v in (g, partner, registration, rs)) or auto
    with e.session(write=changing) as s:
        o = opps.get_opp(s, opp)
        if changing:
            opps.set_grade(s, e.settings.grades, o, e.user, grade=g, reason=reason, auto=auto, partner=partner,
                           registration_id=registration, registration_status=rs, today=e.today)
        data = opps.graded(s, o, e.settings.grades, e.today).as_dict()
    if changing and not as_json:  # a change is confirmed on stderr, not shown as a screen
        success(msg("success.opp.graded", code=o.code, grade=o.grade, why=say(data["why"], e.lang)))
    emit(data, None if changing else deals.grade, "json" if as_json else "table")


@app.command("approve")
def approve(opp: str = OPP, note: Optional[str] = typer.Option(None, help="Review note.")) -> None:
    """Record that the initiation review (立项审核) approved the deal.

    \b
    Example: tasplus opp approve OPP-0001 --note "立项会通过"
    """
    from tasplus_cli.cli.output import success
    from tasplus_cli.store import opps

    e = env()
    with e.session(write=True) as s:
        o = opps.get_opp(s, opp)
        opps.approve(s, o, e.user, e.today, note)
    success(msg("success.opp.approved", code=o.code, day=e.today))


@app.command("close")
def close(opp: str = OPP,
          won: bool = typer.Option(False, "--won", help="Contract signed."),
          lost: bool = typer.Option(False, "--lost", help="Lost (needs --reason; --competitor names the winner)."),
          abandoned: bool = typer.Option(False, "--abandoned", help="We withdrew, or no decision."),
          on: Optional[str] = typer.Option(None, "--date", help="Close date (default today; not in the future)."),
          competitor: Optional[str] = typer.Option(None, "--competitor", "-c", help="Competitor that won (with --lost)."),
          contract_signed: Optional[str] = typer.Option(None, "--contract-signed", help="Contract signed date."),
          force: bool = typer.Option(False, "--force", help="Close as won despite an unmet gate (needs --reason)."),
          reason: Optional[str] = REASON) -> None:
    """Close a deal as won, lost or abandoned.

    --date and --contract-signed record what has happened: never after today.

    \b
    Example: tasplus opp close OPP-0002 --lost --reason "price" --competitor 云擎科技
    """
    from tasplus_cli.cli.output import success
    from tasplus_cli.domain.errors import InvalidValue
    from tasplus_cli.store import competitors, opps

    if [won, lost, abandoned].count(True) != 1:
        raise InvalidValue(msg("error.opp.close_how"), None)
    outcome = "won" if won else "lost" if lost else "abandoned"
    e = env()
    day = opt_date(on, "--date")
    signed = opt_date(contract_signed, "--contract-signed")
    with e.session(write=True) as s:
        o = opps.get_opp(s, opp)
        comp = competitors.get_competitor(s, competitor) if competitor else None
        opps.close(s, e.settings, o, e.user, e.today, outcome, on=day, reason=reason, competitor=comp,
                   contract_signed=signed, force=force)
    success(msg("success.opp.closed", code=o.code, outcome=vocab.STATUS.label(outcome, e.lang)))


@app.command("reopen")
def reopen(opp: str = OPP, reason: Optional[str] = REASON) -> None:
    """Reopen a closed deal (recorded in the history).

    \b
    Example: tasplus opp reopen OPP-0005 --reason "customer restarted the tender"
    """
    from tasplus_cli.cli.output import success
    from tasplus_cli.store import opps

    e = env()
    with e.session(write=True) as s:
        o = opps.get_opp(s, opp)
        opps.reopen(s, o, e.user, reason)
    success(msg("success.opp.reopened", code=o.code))


@app.command("history")
def history(opp: str = OPP, as_json: bool = JSON) -> None:
    """Every change to a deal: old → new, who, when, why.

    \b
    Example: tasplus opp history OPP-0001
    """
    from functools import partial

    from tasplus_cli.cli.output import emit
    from tasplus_cli.render import deals
    from tasplus_cli.store import opps
    from tasplus_cli.store.read import opps as opp_views

    with env().session() as s:
        o = opps.get_opp(s, opp)
        rows = opp_views.history(s, o)
    emit(rows, partial(deals.history, code=o.code, name=o.name), "json" if as_json else "table")
