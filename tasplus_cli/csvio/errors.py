"""The error a rejected import ends with (exit 1), after its rows were listed."""

from __future__ import annotations

from tasplus_cli.domain.errors import TasplusError


class CsvRowError(TasplusError):
    """Some rows of a CSV file are bad; nothing (or only the good rows) was written."""
