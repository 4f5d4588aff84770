"""``--map`` and ``--value-map``: how a foreign file's columns and values
become ours.

- ``--map "FOREIGN COLUMN=field"`` renames a column (repeatable; one foreign
  column may feed several fields; ``"COLUMN="`` drops it).
- ``--value-map "field:FOREIGN=ours"`` translates a value of one field
  (repeatable), e.g. another CRM's stage names; ``"account:=Unknown"`` fills
  empty cells and ``"status:*=open"`` catches every other non-empty value.
  Foreign values match with case and spacing ignored.
"""

from __future__ import annotations

from tasplus_cli.domain.errors import InvalidValue
from tasplus_cli.domain.vocab import normalize
from tasplus_cli.messages import msg


def parse_map(text: str) -> tuple[str, str]:
    """``"Opportunity Name=name"`` → ``("Opportunity Name", "name")``."""
    foreign, eq, field = text.rpartition("=")
    if not eq or not foreign.strip():
        raise InvalidValue(msg("error.csv.bad_map", text=repr(text)), msg("hint.csv.bad_map"))
    return foreign.strip(), field.strip()


def parse_value_map(text: str) -> tuple[str, str, str]:
    """``"stage:Prospecting=validate"`` → ``("stage", "Prospecting", "validate")``."""
    field, colon, rest = text.partition(":")
    foreign, eq, ours = rest.rpartition("=")
    if not colon or not eq or not field.strip():
        raise InvalidValue(msg("error.csv.bad_value_map", text=repr(text)), msg("hint.csv.bad_value_map"))
    return field.strip(), foreign.strip(), ours.strip()


def value_maps(texts: list[str]) -> dict[str, dict[str, str]]:
    """All ``--value-map`` options as ``{field: {normalized foreign value: ours}}``."""
    out: dict[str, dict[str, str]] = {}
    for text in texts:
        field, foreign, ours = parse_value_map(text)
        out.setdefault(field, {})[normalize(foreign)] = ours
    return out
