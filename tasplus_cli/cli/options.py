"""Small helpers shared by command modules: option types that parse with a
domain rule and turn its error into the right exit code, and the shared
``--json`` option."""

from __future__ import annotations

from datetime import date
from typing import Optional

import typer

from tasplus_cli.cli.env import env
from tasplus_cli.domain.dates import parse_date
from tasplus_cli.domain.money import parse_amount
from tasplus_cli.domain.vocab import Vocab

JSON = typer.Option(False, "--json", help="Print JSON (stable English keys) instead of a table.")


def opt_date(text: Optional[str], flag: str) -> Optional[date]:
    return None if text is None else parse_date(text, env().today, flag)


def opt_amount(text: Optional[str], flag: str = "--amount") -> Optional[int]:
    return None if text is None else parse_amount(text, flag)


def opt_vocab(v: Vocab, text: Optional[str], flag: str) -> Optional[str]:
    return None if text is None else v.parse(text, flag)
