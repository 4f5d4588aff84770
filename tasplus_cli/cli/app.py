"""The root ``tasplus`` command: global options and the command tree (CLI.md).

Each noun lives in its own module with its own ``typer.Typer()``; this module
only composes them, then ``adopt`` gives every command and group the shell's
classes (``cli/command.py``: readable help, missing values, errors). Nothing
here imports the store.
"""

from __future__ import annotations

from typing import Optional

import typer

from tasplus_cli import __version__
from tasplus_cli.cli import (account, activity, analyze, coach, competitor, config_cmd, contact, db as db_cmd, event,
                             forecast, funnel, fx, io, map as map_cmd, opp, plan, report, review, setup, stakeholder,
                             strategy, survey, target, user, value, winrate)
from tasplus_cli.cli.command import TasplusGroup, adopt
from tasplus_cli.cli.env import Env, set_env
from tasplus_cli.cli.lazy_coercion import install as install_lazy_coercion

install_lazy_coercion()

app = typer.Typer(
    cls=TasplusGroup,
    name="tasplus",
    help="TAS+ for B2B sales teams: deals through the seven stages, graded, with gates and history.\n\n"
         "Start with tasplus demo, then tasplus opp list.",
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"tasplus {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    db: Optional[str] = typer.Option(None, "--db", help="Database file or URL (overrides TASPLUS_DB and the config).",
                                     metavar="PATH|URL"),
    no_input: bool = typer.Option(False, "--no-input", help="Never prompt; a missing value is an error."),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version."),
) -> None:
    if db and "://" in db:
        from urllib.parse import urlsplit

        from tasplus_cli.domain.errors import InvalidValue
        from tasplus_cli.messages import msg

        if urlsplit(db).password:  # a flag shows in ps and the shell history
            raise InvalidValue(msg("error.shell.db_password"), msg("hint.shell.db_password"))
    set_env(Env(db_flag=db, no_input_flag=no_input))  # the config's language is set when it is read


# Typer lists single commands first, then groups, each in the order registered here:
# getting started, the weekly reports, then the nouns in the order of the method.
setup.register(app)  # init, demo
app.add_typer(review.app, name="review")
app.command("funnel")(funnel.funnel)
app.command("report")(report.report)
app.command("forecast")(forecast.forecast)
app.command("plan")(plan.plan)
app.command("analyze")(analyze.analyze)
winrate.register(app)
app.command("map")(map_cmd.map_)
app.command("import")(io.import_cmd)
app.command("export")(io.export_cmd)
app.add_typer(opp.app, name="opp")
app.add_typer(user.app, name="user")
app.add_typer(account.app, name="account")
app.add_typer(contact.app, name="contact")
app.add_typer(event.app, name="event")
app.add_typer(competitor.app, name="competitor")
app.add_typer(survey.app, name="survey")
app.add_typer(stakeholder.app, name="stakeholder")
app.add_typer(activity.app, name="activity")
app.add_typer(coach.app, name="coach")
app.add_typer(strategy.strategy_app, name="strategy")
app.add_typer(strategy.tactic_app, name="tactic")
app.add_typer(value.app, name="value")
app.add_typer(target.app, name="target")
app.add_typer(fx.app, name="fx")
app.add_typer(config_cmd.app, name="config")
app.add_typer(db_cmd.app, name="db")
adopt(app)
