"""The declarative shape of a record kind in CSV: its columns (``Field``) and
how a row finds the record it stands for (``Kind``).

A ``Field`` is one CSV column: its name is the JSON key (and the header the
exporter writes), ``zh`` and ``aliases`` are other headers the importer
accepts, ``type`` parses and shows the value, ``column`` is the table column
it fills (several fields may fill one column, e.g. ``account`` by name and
``account_code``; they must then agree). ``default`` fills a column on
insert when the file has no value (a value, or a callable of the import
context). ``auto`` marks the ``created_at``/``updated_at`` bookkeeping that
is never compared.

A ``Kind`` names its table (its noun, for messages, is the catalogue's
``csv.noun.<name>``), its code prefix (coded records keep their code
when it is free), its external-id column, its natural key (table columns;
text folded to lower case) and optional hooks: ``finish`` completes and
checks a row after it is merged with the stored record (grading, defaults
that depend on other columns), ``history`` gives the deal-history lines of
an insert or update.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from tasplus_cli.domain.errors import InvalidValue
from tasplus_cli.messages import language, msg, plural
from tasplus_cli.store.transfer.values import VT


class CellError(InvalidValue):
    """A problem a hook found, attributed to one field of the row."""

    def __init__(self, field_name: str, message: str, hint: str | None = None):
        super().__init__(message, hint)
        self.field = field_name


@dataclass(frozen=True)
class Field:
    name: str
    zh: str
    type: VT
    column: str | None = ""  # "" → same as name; None → not a table column (child rows)
    required: bool = False
    default: Any = None
    aliases: tuple[str, ...] = ()
    auto: bool = False

    @property
    def col(self) -> str | None:
        return self.name if self.column == "" else self.column

    @property
    def headers(self) -> tuple[str, ...]:
        return (self.zh, *self.aliases)


@dataclass(frozen=True)
class Kind:
    name: str
    model: Any  # the SQLModel table class
    fields: tuple[Field, ...]
    prefix: str | None = None
    natural_key: tuple[str, ...] = ()
    unique_key: bool = False  # the natural key is a unique constraint of the table
    name_column: str | None = None  # what references by name match
    parent: str | None = None  # column the index keeps per record (a contact's or a deal's account)
    scoped_names: bool = False  # names are unique only within ``parent`` (people within an account)
    creatable: bool = False  # --create-missing may create one from a name alone
    finish: Callable | None = None  # (merged row, present columns, ctx) -> None
    history: Callable | None = None  # (old row or None, new row, ctx) -> [(opp_id, field, old, new)]
    check: Callable | None = None  # (planned rows, stored.Stored, ctx) -> None, once every row has its id
    aliases: tuple[str, ...] = ()
    extra: bool = False  # carried by --all for a faithful copy rather than typed by hand
    doc: str = ""

    @property
    def table(self):  # noqa: ANN201
        return self.model.__table__

    @property
    def has_external_id(self) -> bool:
        return "external_id" in self.table.c

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)

    def noun(self, n: int = 1) -> str:
        """One record (``n == 1``) or several, in the reader's language: "deal", "deals"."""
        return plural(f"csv.noun.{self.name}", n)

    def said(self, columns: tuple[str, ...] | list[str]) -> str:
        """Table columns as the file's headers name them ("account and name"; in Chinese the
        Chinese headers, "客户和商机名称"), never ``account_id``: each by the first field that fills it."""
        zh = language() == "zh"
        words = []
        for col in columns:
            f = next((f for f in self.fields if f.col == col), None)
            words.append(col if f is None else f.zh if zh else f.name)
        return msg("csv.and").join(words)

    def header_names(self) -> dict[str, tuple[str, ...]]:
        """``{field: other accepted headers}`` for ``csvio.read_table``."""
        return {f.name: f.headers for f in self.fields}

    def required_columns(self) -> dict[str, list[str]]:
        """Each required table column and the fields that can fill it."""
        out: dict[str, list[str]] = {}
        for f in self.fields:
            if f.required:
                out.setdefault(f.col or f.name, []).append(f.name)
        return out

