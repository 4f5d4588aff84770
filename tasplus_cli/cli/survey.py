"""``tasplus survey run|list|show|review``: the four-question survey (METHOD §7).

Every answer is a flag; in a terminal (and without ``--no-input``) the
missing ones are asked for, arrow keys and Enter, with a summary to confirm.
When ``--inside-source``, ``--our-fit`` and ``--our-closeness`` are all given
nothing else is asked, except whether to add a ``--competitor`` name the
library does not know; without a terminal such a name is an error. The deal
is read, the prompts run, and only then one write session records the survey
and its win-rate point, so a cancelled survey writes nothing. Every competitor on
the deal is ranked: one not scored keeps its latest score (carried, reported);
one never scored is an error in the flag form and asked for in a terminal.
``survey review SUR-… --by NAME`` marks an unreviewed survey reviewed, once.
``survey list/show``'s screen is ``render.winrate.surveys_table``; every
sentence is in the catalogue.
"""

from __future__ import annotations

from typing import List, Optional

import typer

from tasplus_cli.cli.options import JSON, opt_date
from tasplus_cli.cli.env import env
from tasplus_cli.domain.errors import InvalidValue
from tasplus_cli.domain.winrate import SurveyAnswers, check_score, parse_competitor_score

app = typer.Typer(rich_markup_mode=None, help="The four-question survey: inside source, our fit and closeness, and the competitors'.",
                  no_args_is_help=True)

def _yes_no(text: Optional[str]) -> Optional[bool]:
    from tasplus_cli.domain.vocab import parse_yes_no

    return None if text is None else parse_yes_no(text, "--inside-source")


def _answers(inside_source, source_contact, our_fit, our_closeness, competitor, answered_by,  # noqa: ANN001
             reviewed_by) -> SurveyAnswers:
    return SurveyAnswers(
        inside_source=_yes_no(inside_source), source=source_contact,
        our_fit=None if our_fit is None else check_score(our_fit, "--our-fit"),
        our_closeness=None if our_closeness is None else check_score(our_closeness, "--our-closeness"),
        competitors=[parse_competitor_score(t) for t in competitor or []],
        answered_by=answered_by, reviewed_by=reviewed_by)


@app.command("run")
def run(opp: str = typer.Argument(..., help="Deal code (OPP-0007) or an unambiguous name."),
        inside_source: Optional[str] = typer.Option(None, "--inside-source", metavar="yes|no",
                                                    help="Do we have an inside source (内部消息来源)?"),
        source_contact: Optional[str] = typer.Option(None, "--source-contact", metavar="CONTACT",
                                                     help="Who: a contact of the account (code or name) or any name."),
        our_fit: Optional[int] = typer.Option(None, "--our-fit", metavar="N",
                                              help="1–5: how well our resources meet the customer's needs."),
        our_closeness: Optional[int] = typer.Option(None, "--our-closeness", metavar="N",
                                                    help="1–5: how close our relationship with the customer is."),
        competitor: Optional[List[str]] = typer.Option(
            None, "--competitor", metavar="NAME=FIT,CLOSENESS",
            help="A competitor's scores (repeat for each one you know); puts it on the deal if needed."),
        answered_by: Optional[str] = typer.Option(None, "--answered-by", metavar="NAME", help="Who answered (default: you)."),
        reviewed_by: Optional[str] = typer.Option(None, "--reviewed-by", metavar="NAME", help="The manager who reviewed it."),
        date: Optional[str] = typer.Option(None, "--date", help="Survey date (default today)."),
        no_input: bool = typer.Option(False, "--no-input", help="Never prompt; a missing answer is an error."),
        as_json: bool = JSON) -> None:
    """Answer the survey for a deal and recompute its win rate (scores 1 none · 2 weak · 3 partial · 4 strong · 5 full).

    \b
    Example: tasplus survey run OPP-0001 --inside-source yes --source-contact 孙悦 --our-fit 4 --our-closeness 4 --competitor "翼辰软件=5,3" --competitor "澜拓数科=3,2" --reviewed-by 王磊
    """
    from tasplus_cli.cli import prompts
    from tasplus_cli.cli.output import emit
    from tasplus_cli.messages import command, msg
    from tasplus_cli.store import opps, surveys

    e = env()
    a = _answers(inside_source, source_contact, our_fit, our_closeness, competitor, answered_by, reviewed_by)
    day = opt_date(date, "--date") or e.today
    with e.session() as s:
        o = opps.get_opp(s, opp)
        surveys.check_open(o)
        ctx = surveys.context(s, o, [ref for ref, _, _ in a.competitors])
    declined: list[str] = []
    if e.interactive and not no_input and a.missing_flag():
        a = prompts.survey(ctx, a, e.lang, e.user)
    elif a.missing_flag():
        raise InvalidValue(msg("error.survey.missing", flag=a.missing_flag()),
                           command("survey", "run", ctx["code"]) + " --inside-source yes|no --our-fit N "
                           '--our-closeness N [--competitor "NAME=FIT,CLOSENESS" …]')
    elif e.interactive and not no_input and ctx["unknown"]:
        declined = prompts.new_competitors(a, ctx["unknown"], e.lang)
    with e.session(write=True) as s:
        sv, wr, point = surveys.record(s, e.settings.winrate, opps.get_opp(s, ctx["code"]), a, day=day, today=e.today,
                                       by=e.user)
    result = {"code": sv.code, "opp": ctx["code"], "date": sv.day.isoformat(), "win_rate": wr.value, "rank": wr.rank,
              "reasons": wr.reasons, "previous": point.previous if point else None,
              "is_event": bool(point and point.is_event), "created": a.create, "not_scored": declined,
              "carried": [c for c in wr.inputs.get("competitors", []) if c.get("carried")],
              "reviewed_by": sv.reviewed_by, "reviewed_on": sv.reviewed_on.isoformat() if sv.reviewed_on else None}
    if as_json:
        emit(result, None, "json")
        return
    _report(result, a)


def _report(r: dict, a: SurveyAnswers) -> None:
    """What a recorded survey did, on stderr (its ``--json`` is the dict ``r``)."""
    from tasplus_cli.cli.output import info, success, warn
    from tasplus_cli.domain.formats import pct
    from tasplus_cli.messages import command, language, msg
    from tasplus_cli.messages.phrase import say

    for name in r["created"]:
        info(msg("success.competitor.added_name", name=name))
    for name in r["not_scored"]:
        warn(msg("survey.not_scored", name=name))
    success(msg("success.survey.recorded", code=r["code"], opp=r["opp"], date=r["date"], rate=pct(r["win_rate"]))
            + (msg("survey.rank", rank=r["rank"]) if r["rank"] else ""))
    if r["carried"]:
        info(msg("survey.carried", scores=", ".join(f"{c['name']} {c['fit']}/{c['closeness']} ({c['scored_on']})"
                                                     for c in r["carried"])))
    if r["win_rate"] is None or r["carried"]:
        why = [x for x in r["reasons"] if getattr(x, "key", None) != "winrate.reason.carried"]  # said just above
        info(msg("survey.why", reasons=msg("winrate.reason_separator").join(say(x, language()) for x in why)))
    if r["is_event"]:
        warn(msg("survey.moved", previous=r["previous"], rate=r["win_rate"]))
    if not a.reviewed_by:
        warn(msg("survey.not_reviewed"))
        info(msg("survey.review_later", command=command("survey", "review", r["code"], "--by", "NAME")))
    info(msg("survey.see_winrate", command=command("winrate", r["opp"])))


@app.command("list")
def list_(opp: str = typer.Argument(..., help="Deal code or name."), as_json: bool = JSON) -> None:
    """List a deal's surveys, newest first, with the win rate each produced.

    \b
    Example: tasplus survey list OPP-0001
    """
    from functools import partial

    from tasplus_cli.cli.output import emit
    from tasplus_cli.render.winrate import surveys_table
    from tasplus_cli.store import opps, surveys

    with env().session() as s:
        o = opps.get_opp(s, opp)
        rows = surveys.list_surveys(s, o)
    emit(rows, partial(surveys_table, title=f"{o.code} {o.name}"), "json" if as_json else "table")


@app.command("show")
def show(survey: str = typer.Argument(..., help="Survey code (SUR-0003)."), as_json: bool = JSON) -> None:
    """Show one survey: the answers, carried scores, who answered, who reviewed it (or unreviewed).

    \b
    Example: tasplus survey show SUR-0003
    """
    from functools import partial

    from tasplus_cli.cli.output import emit
    from tasplus_cli.render.winrate import surveys_table
    from tasplus_cli.store import surveys
    from tasplus_cli.store.tables import Opportunity

    with env().session() as s:
        sv = surveys.get_survey(s, survey)
        o = s.get(Opportunity, sv.opp_id)
        [row] = surveys.list_surveys(s, o, only=sv)
    if as_json:
        emit(row, None, "json")
        return
    emit([row], partial(surveys_table, title=f"{o.code} {o.name}"), "table")


@app.command("review")
def review(survey: str = typer.Argument(..., help="Survey code (SUR-0003)."),
           by: str = typer.Option(..., "--by", metavar="NAME", help="The manager who went through it with the rep."),
           date: Optional[str] = typer.Option(None, "--date", help="When it was reviewed (default today)."),
           as_json: bool = JSON) -> None:
    """Mark a survey reviewed: a manager went through the four answers with the rep (once per survey).

    \b
    Example: tasplus survey review SUR-0003 --by 王磊 --date 2026-11-28
    """
    from tasplus_cli.cli.output import emit, success
    from tasplus_cli.messages import msg
    from tasplus_cli.store import surveys
    from tasplus_cli.store.tables import Opportunity

    e = env()
    day = opt_date(date, "--date") or e.today
    with e.session(write=True) as s:
        sv = surveys.review(s, survey, by, day, e.today)
        data = {"code": sv.code, "opp": s.get(Opportunity, sv.opp_id).code, "reviewed_by": sv.reviewed_by,
                "reviewed_on": sv.reviewed_on.isoformat()}
    if as_json:
        emit(data, None, "json")
        return
    success(msg("success.survey.reviewed", code=data["code"], opp=data["opp"], by=data["reviewed_by"],
                day=data["reviewed_on"]))
