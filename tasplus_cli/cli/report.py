"""``tasplus report KIND --html FILE``: a report to share, one self-contained HTML page
(``render.html``) built from the very dicts the other commands print with ``--json``
(``review_view``, ``funnel_view``): the report never computes a figure of its own.

Refusals come before any work and leave nothing behind (CLI.md): an unknown KIND (exit 2), a
FILE whose folder does not exist or that is a folder (exit 2), an existing FILE without
``--force`` (exit 1), a scope with no deal at all, an empty database or a filter that matches
nothing (exit 1). The page is written whole through a private temporary beside FILE, then renamed
over it (``paths.replacing``): a failure, a full disk or Ctrl-C leaves FILE as it was. ``--html -``
prints the page on stdout instead.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from tasplus_cli.cli.env import env
from tasplus_cli.cli.options import FILTER_MINE, FILTER_OWNER, FILTER_TEAM, deal_filter
from tasplus_cli.domain.errors import Conflict, InvalidValue, NotFound
from tasplus_cli.messages import command, msg

KINDS = ("review", "funnel")


def report(kind: str = typer.Argument(..., help="What to report: " + "|".join(KINDS) + ".", metavar="KIND",
                                      show_default=False),
           html: str = typer.Option(..., "--html", help="The HTML file to write ('-': stdout).", metavar="FILE"),
           force: bool = typer.Option(False, "--force", help="Replace FILE if it exists."),
           owner: Optional[str] = FILTER_OWNER, mine: bool = FILTER_MINE, team: Optional[str] = FILTER_TEAM,
           limit: int = typer.Option(30, "--limit", "-n", min=0, help="review: at most N deals of the agenda, "
                                                                      "as tasplus review shows them (0: all).")) -> None:
    """A report to share: one self-contained HTML file (no network, no script) with the
    same figures as --json and charts: the funnel, each agenda deal's win rate against its stage probability.

    \b
    Example: tasplus report review --html review.html
    """
    import sys

    from tasplus_cli.cli.output import success
    from tasplus_cli.domain.text import visible_all
    from tasplus_cli.render.html import document

    if kind not in KINDS:
        raise InvalidValue(msg("error.report.kind", value=kind, choices=", ".join(KINDS)),
                           msg("hint.report.kind", command=command("report", "review", "--html", "review.html")))
    target = None if html == "-" else _target(kind, html, force)
    e = env()
    deals = deal_filter(owner=owner, mine=mine, team=team)
    with e.session() as s:
        _something_to_report(s, deals, kind, html, {"--owner": None if mine else owner, "--mine": mine, "--team": team})
        data = _review(s, e, deals, limit) if kind == "review" else _funnel(s, e, deals)
    page = document(visible_all({"kind": kind, "scope": {"owner": deals.owner, "team": deals.team}, **data}), e.view)
    if target is None:
        sys.stdout.write(page)
        return
    _write(target, page)
    success(msg("success.report.written", path=target))


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


def _something_to_report(s, deals, kind: str, html: str, flags: dict) -> None:  # noqa: ANN001
    from tasplus_cli.store.report import deal_count

    if deal_count(s, deals):
        return
    if not deal_count(s):
        raise NotFound(msg("error.report.no_deals"), msg("hint.report.no_deals"))
    typed = " ".join(flag if value is True else f"{flag} {value}" for flag, value in flags.items() if value)
    raise NotFound(msg("error.report.no_match", filters=typed),
                   msg("hint.report.no_match", command=command("report", kind, "--html", html)))


def _review(s, e, deals, limit: int) -> dict:  # noqa: ANN001
    """What ``review --json`` and ``funnel --json`` print for ``deals``, and each agenda deal's curves."""
    from tasplus_cli.store.report import deal_series
    from tasplus_cli.store.review import review_view

    review = review_view(s, e.settings, e.today, deals, limit=limit)
    return {"review": review, **_funnel(s, e, deals),
            "series": deal_series(s, e.settings.template, [d["code"] for d in review["deals"]], e.today)}


def _funnel(s, e, deals) -> dict:  # noqa: ANN001
    from tasplus_cli.store.funnel import funnel_view

    return {"funnel": funnel_view(s, e.settings.template, e.settings.currency, e.today, deals)}


def _write(target: Path, page: str) -> None:
    from tasplus_cli import paths

    try:
        with paths.replacing(target) as f:
            f.write(page.encode("utf-8"))
    except OSError as err:
        raise InvalidValue(msg("error.csv.cannot_write", path=target, reason=err.strerror),
                           msg("hint.csv.writable_folder")) from None
