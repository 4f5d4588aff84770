"""``tasplus config show|path|set``: the effective settings and where they live.

``config set`` takes the value as typed, even one that looks like an option
(``config set grades.A -5``): everything after the key is the value, and the
typed settings model (``settings.parse``) accepts or refuses it.
"""

from __future__ import annotations

import typer

from tasplus_cli.cli.env import env
from tasplus_cli.cli.options import JSON
from tasplus_cli.messages import msg

app = typer.Typer(rich_markup_mode=None, help="Show and change settings (config.toml).", no_args_is_help=True)


@app.command("show")
def show(as_json: bool = JSON) -> None:
    """Show the effective settings: defaults merged with your config.toml.

    \b
    Example: tasplus config show --json
    """
    from tasplus_cli.cli.output import emit
    from tasplus_cli.render import config as screens

    cfg = env().config
    emit(dict(cfg.data, user=cfg.user, language=cfg.language), screens.settings, "json" if as_json else "table")


@app.command("path")
def path() -> None:
    """Print the config file's path (it need not exist yet).

    \b
    Example: tasplus config path
    """
    typer.echo(str(env().config.path))


# a value such as -5 is a value, not an option (and ``config set KEY -- -5`` still works)
VALUE_AS_TYPED = {"ignore_unknown_options": True}


@app.command("set", context_settings=VALUE_AS_TYPED)
def set_(key: str = typer.Argument(..., help="Dotted key, e.g. user, currency, language, grades.A."),
         value: str = typer.Argument(..., help="New value, typed like the default.")) -> None:
    """Set one setting; the file is validated before it is replaced.

    \b
    Examples: tasplus config set user 张伟 · tasplus config set grades.A 6000000
    · tasplus config set language zh
    """
    from tasplus_cli import config
    from tasplus_cli.cli.output import success

    new = config.set_value(env().config, key, value)
    success(msg("success.config.set", setting=key, value=repr(new), path=env().config.path))
