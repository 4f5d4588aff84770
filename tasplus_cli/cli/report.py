"""``tasplus report KIND --html FILE``: a report to share, one self-contained HTML page
(``render.html``) built from the very dicts the other commands print with ``--json``
(``review_view``, ``funnel_view``, ``forecast_view``, ``store.analyze.analyze``): the report never
computes a figure of its own.

A kind is a builder in ``BUILDERS`` (``(session, env, Ask) -> dict``, making its own refusals)
and a screen of ``render.html`` (or ``render.html_<kind>``): adding one touches both and nothing else.

Refusals come before any work and leave nothing behind (CLI.md): an unknown KIND, ``--period``
with another kind than forecast, analyze's own filters (--from/--to, --grade, --industry,
--exclude-abandoned) with another kind, a bad period or date, --from after --to, two of --team/--owner/--mine for the forecast, a
FILE whose folder does not exist or that is a folder (exit 2), an existing FILE without
``--force`` (exit 1), a scope with no deal at all, an empty database, a filter that matches
nothing, a forecast with nobody in it (no deal in the period, no target), an analysis with no
closed deal (``analyze``'s own refusal) (exit 1). The page is written whole through a private temporary beside FILE, then renamed
over it (``paths.replacing``): a failure, a full disk or Ctrl-C leaves FILE as it was. ``--html -``
prints the page on stdout instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import typer

from tasplus_cli.cli.env import env
from tasplus_cli.cli.forecast import PERIOD_HELP
from tasplus_cli.cli.options import FILTER_MINE, FILTER_OWNER, FILTER_TEAM, deal_filter, opt_date
from tasplus_cli.domain.deals import DealFilter
from tasplus_cli.domain.errors import Conflict, InvalidValue, NotFound
from tasplus_cli.domain.periods import Period
from tasplus_cli.messages import command, msg

KINDS = ("review", "funnel", "forecast", "analyze")


def report(kind: str = typer.Argument(..., help="What to report: " + "|".join(KINDS) + ".", metavar="KIND",
                                      show_default=False),
           html: str = typer.Option(..., "--html", help="The HTML file to write ('-': stdout).", metavar="FILE"),
           force: bool = typer.Option(False, "--force", help="Replace FILE if it exists."),
           owner: Optional[str] = FILTER_OWNER, mine: bool = FILTER_MINE, team: Optional[str] = FILTER_TEAM,
           limit: int = typer.Option(30, "--limit", "-n", min=0, help="review: at most N deals of the agenda, "
                                                                      "as tasplus review shows them (0: all)."),
           period: Optional[str] = typer.Option(None, "--period", "-p", metavar="PERIOD",
                                                help="forecast: the period (default: this quarter). " + PERIOD_HELP),
           since: Optional[str] = typer.Option(None, "--from", metavar="DATE",
                                               help="analyze: only deals closed on or after DATE."),
           until: Optional[str] = typer.Option(None, "--to", metavar="DATE",
                                               help="analyze: only deals closed on or before DATE."),
           grade: Optional[str] = typer.Option(None, "--grade", help="analyze: only this grade (A–E)."),
           industry: Optional[str] = typer.Option(None, "--industry", help="analyze: only deals of accounts in "
                                                                          "this industry."),
           exclude_abandoned: bool = typer.Option(False, "--exclude-abandoned",
                                                  help="analyze: leave abandoned deals out (default: not won).")
           ) -> None:
    """A report to share: one self-contained HTML file (no network, no script) with the
    same figures as --json and charts: the funnel, each agenda deal's win rate against its stage probability,
    the forecast against the targets, the calibration, win/loss and velocity of closed deals.

    \b
    Example: tasplus report review --html review.html
    Example: tasplus report forecast --team 王磊 --period next-quarter --html forecast.html
    Example: tasplus report analyze --from 2026-01-01 --team 王磊 --html analyze.html
    """
    import sys

    from tasplus_cli.cli.output import success
    from tasplus_cli.domain.text import visible_all
    from tasplus_cli.render.html import document

    if kind not in KINDS:
        raise InvalidValue(msg("error.report.kind", value=kind, choices=", ".join(KINDS)),
                           msg("hint.report.kind", command=command("report", "review", "--html", "review.html")))
    if period is not None and kind != "forecast":
        raise InvalidValue(msg("error.report.period_kind", kind=kind),
                           msg("hint.report.period_kind", command=command("report", "forecast", "--period", period,
                                                                          "--html", html)))
    _analyze_only(kind, html, {"--from": since, "--to": until, "--grade": grade, "--industry": industry,
                               "--exclude-abandoned": exclude_abandoned})
    if kind == "forecast":
        _one_scope(html, team=team, owner=owner, mine=mine)
    e = env()
    deals = deal_filter(owner=owner, mine=mine, team=team, grade=grade)
    ask = Ask(deals, limit, _period(e, period) if kind == "forecast" else None,
              html, {"--owner": None if mine else owner, "--mine": mine, "--team": team},
              _closed(deals, since, until, industry, exclude_abandoned) if kind == "analyze" else None)
    target = None if html == "-" else _target(kind, html, force)
    with e.session() as s:
        data = BUILDERS[kind](s, e, ask)
    deals = ask.deals
    page = document(visible_all({"kind": kind, "scope": {"owner": deals.owner, "team": deals.team}, **data}), e.view)
    if target is None:
        sys.stdout.write(page)
        return
    _write(target, page)
    success(msg("success.report.written", path=target))


@dataclass(frozen=True)
class Ask:
    """What was asked, as each kind's builder needs it: the deal filter, the review's limit,
    the forecast's period, the FILE as typed, the scope flags as typed (for the refusals), and
    analyze's ``store.analyze.Closed`` filter."""

    deals: DealFilter
    limit: int
    period: Optional[Period]
    html: str
    flags: dict
    closed: object = None


def _analyze_only(kind: str, html: str, given: dict) -> None:
    """The closed-deal filters belong to the analyze report (a flag given to another kind is refused)."""
    flag = next((f for f, v in given.items() if v), None)
    if kind != "analyze" and flag is not None:
        raise InvalidValue(msg("error.report.analyze_only", flag=flag, kind=kind),
                           msg("hint.report.analyze_only", flag=flag,
                               command=command("report", "analyze", flag, *([] if given[flag] is True else
                                                                            [given[flag]]), "--html", html)))


def _closed(deals: DealFilter, since: Optional[str], until: Optional[str], industry: Optional[str],
            exclude_abandoned: bool) -> object:
    """The closed deals ``tasplus analyze`` would read with the same options."""
    from tasplus_cli.store.analyze import Closed

    start, end = opt_date(since, "--from"), opt_date(until, "--to")
    if start and end and start > end:
        raise InvalidValue(msg("error.analyze.range", start=start, end=end), msg("hint.analyze.range"))
    return Closed(deals, start, end, industry, exclude_abandoned)


def _one_scope(html: str, **given: object) -> None:
    """The forecast takes one of --team, --owner and --mine (as ``tasplus forecast``)."""
    typed = [f"--{flag} {value!r}" if isinstance(value, str) else f"--{flag}" for flag, value in given.items() if value]
    if len(typed) > 1:
        raise InvalidValue(msg("error.forecast.scope", flags=", ".join(typed)),
                           msg("hint.forecast.scope", command=command("report", "forecast", "--team", "王磊",
                                                                      "--html", html)))


def _period(e, period: Optional[str]) -> Period:  # noqa: ANN001
    from tasplus_cli.domain import periods

    start = e.settings.forecast.fiscal_year_start
    return periods.parse(period, e.today, start) if period is not None else periods.quarter_of(e.today, start)


def _target(kind: str, html: str, force: bool) -> Path:
    """FILE, checked before any work: its folder exists, it is not a folder, it does not exist
    (unless ``force``)."""
    target = Path(html).expanduser()
    folder = target.absolute().parent
    if not folder.is_dir():
        raise InvalidValue(msg("error.report.no_folder", path=html, folder=folder), msg("hint.report.no_folder"))
    if target.is_dir():
        raise InvalidValue(msg("error.report.is_folder", path=html),
                           msg("hint.report.is_folder", command=command("report", kind, "--html",
                                                                        str(target / f"{kind}.html"))))
    if not force and (target.exists() or target.is_symlink()):
        raise Conflict(msg("error.report.file_exists", path=html),
                       msg("hint.csv.force", command=command("report", kind, "--html", html, "--force")))
    return target


def _something_to_report(s, kind: str, ask: Ask) -> None:  # noqa: ANN001
    from tasplus_cli.store.report import deal_count

    if deal_count(s, ask.deals):
        return
    if not deal_count(s):
        raise NotFound(msg("error.report.no_deals"), msg("hint.report.no_deals"))
    typed = " ".join(flag if value is True else f"{flag} {value}" for flag, value in ask.flags.items() if value)
    raise NotFound(msg("error.report.no_match", filters=typed),
                   msg("hint.report.no_match", command=command("report", kind, "--html", ask.html)))


def _review(s, e, ask: Ask) -> dict:  # noqa: ANN001
    """What ``review --json`` and ``funnel --json`` print for the deals asked, and each agenda deal's curves."""
    from tasplus_cli.store.report import deal_series
    from tasplus_cli.store.review import review_view

    _something_to_report(s, "review", ask)
    review = review_view(s, e.settings, e.today, ask.deals, limit=ask.limit)
    return {"review": review, **_funnel_view(s, e, ask),
            "series": deal_series(s, e.settings.template, [d["code"] for d in review["deals"]], e.today)}


def _funnel(s, e, ask: Ask) -> dict:  # noqa: ANN001
    _something_to_report(s, "funnel", ask)
    return _funnel_view(s, e, ask)


def _funnel_view(s, e, ask: Ask) -> dict:  # noqa: ANN001
    from tasplus_cli.store.funnel import funnel_view

    return {"funnel": funnel_view(s, e.settings.template, e.settings.currency, e.today, ask.deals)}


def _forecast(s, e, ask: Ask) -> dict:  # noqa: ANN001
    """What ``forecast --json`` prints for the period and scope asked; refused when it holds nothing:
    no rep or team of the scope has a deal in the period, a target or a manager's call for it."""
    from tasplus_cli.store.forecast import forecast_view
    from tasplus_cli.store.report import deal_count

    if not deal_count(s):
        raise NotFound(msg("error.report.no_deals"), msg("hint.report.no_deals"))
    owner, team = ask.deals.owner, ask.deals.team
    data = forecast_view(s, e.settings, e.today, ask.period, team=team, owner=owner)
    if not any(r["target"] is not None or r["won_deals"] or r["open_deals"] or r.get("adjusted") is not None
               for r in data["reps"] + data["teams"]):
        scope = owner or (msg("forecast.scope.team", name=team) if team else msg("forecast.scope.all"))
        raise NotFound(msg("error.report.empty_forecast", period=ask.period.key, scope=scope),
                       msg("hint.report.empty_forecast", command=command("report", "forecast", "--period",
                                                                         "next-quarter", "--html", ask.html)))
    return {"forecast": data}


def _analyze(s, e, ask: Ask) -> dict:  # noqa: ANN001
    """What ``analyze --json`` prints for the same closed deals (all three parts); no closed deal:
    analyze's own refusal."""
    from tasplus_cli.store.analyze import analyze

    return {"analyze": analyze(s, e.settings, ask.closed)}


BUILDERS = {"review": _review, "funnel": _funnel, "forecast": _forecast, "analyze": _analyze}


def _write(target: Path, page: str) -> None:
    from tasplus_cli import paths

    try:
        with paths.replacing(target) as f:
            f.write(page.encode("utf-8"))
    except OSError as err:
        raise InvalidValue(msg("error.csv.cannot_write", path=target, reason=err.strerror),
                           msg("hint.csv.writable_folder")) from None
