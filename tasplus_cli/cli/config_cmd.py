"""``tasplus config show|path|set``: the effective settings and where they live."""

from __future__ import annotations

import typer

from tasplus_cli.cli.options import JSON
from tasplus_cli.cli.env import env

app = typer.Typer(rich_markup_mode=None, help="Show and change settings (config.toml).", no_args_is_help=True)


@app.command("show")
def show(as_json: bool = JSON) -> None:
    """Show the effective settings: defaults merged with your config.toml.

    \b
    Example: tasplus config show --json
    """
    from tasplus_cli.cli.output import emit_json, show as out

    cfg = env().config
    data = dict(cfg.data, user=cfg.user, language=cfg.language)
    if as_json:
        emit_json(data)
        return
    import tomli_w
    from rich.syntax import Syntax

    out(Syntax(tomli_w.dumps(data), "toml", theme="ansi_dark", background_color="default"))


@app.command("path")
def path() -> None:
    """Print the config file's path (it need not exist yet).

    \b
    Example: tasplus config path
    """
    typer.echo(str(env().config.path))


@app.command("set")
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
    success(f"{key} = {new!r}  ({env().config.path})")
