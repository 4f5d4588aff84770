"""Screens of the competitor library (METHOD §6): the library with each
competitor's record against us, a deal's competitors with their latest scores,
and one competitor's card. Built from ``store.competitors``' dicts (the same
dicts ``--json`` prints); never prints, never reads the database.
"""

from __future__ import annotations

from rich.console import Group
from rich.table import Table

from tasplus_cli.domain import vocab
from tasplus_cli.domain.money import fmt, parse_amount
from tasplus_cli.messages import label, plural, text
from tasplus_cli.render.tables import Col, fields, table
from tasplus_cli.render.view import View

CARD_FIELDS = ("code", "name", "website", "description", "strengths", "weaknesses", "tactics", "notes")


def library_table(rows: list[dict], view: View) -> Table:
    """``competitor list``: at 80 columns the website goes first, then the strengths."""
    return table(rows, [Col("code", "Code", no_wrap=True), Col("name", "Name"),
                        Col("website", "Website", drop=2),
                        Col("deals", "Deals", justify="right", no_wrap=True),
                        Col("open", "Open", justify="right", no_wrap=True),
                        Col("we_won", "We won", justify="right", no_wrap=True),
                        Col("they_won", "They won", justify="right", no_wrap=True),
                        Col("strengths", "Strengths", drop=1)],
                 view.lang, title="Competitors", width=view.width)


def deal_table(rows: list[dict], view: View, title: str) -> Table:
    """``competitor list --opp``: the deal's competitors and their scores in its latest survey."""
    won = text("competitor.won", view.lang)
    return table(rows, [Col("code", "Code", no_wrap=True), Col("name", "Name"),
                        Col("fit", "Fit", justify="right", no_wrap=True),
                        Col("closeness", "Closeness", justify="right", no_wrap=True),
                        Col("strength", "Strength", justify="right", no_wrap=True),
                        Col("winner", "Winner", lambda v, r: won if v else "", drop=2),
                        Col("added", "Added", no_wrap=True, drop=1)],
                 view.lang, title=f"{label('Competitors', view.lang)} · {title}",
                 caption=text("competitor.scores_caption", view.lang), width=view.width)


def record_line(rec: dict, lang: str) -> str:
    """The record against us: ``2 deals · 2 open · we won 0 · …``."""
    return text("competitor.record", lang, deals=plural("competitor.deals", rec["deals"], lang),
                **{k: rec[k] for k in ("open", "we_won", "they_won", "lost_to_others", "abandoned")})


def card(d: dict, view: View) -> Group:
    """``competitor show``: analysis, partners, key events, quotes, relationships, deals, record."""
    lang = view.lang
    they_won = text("competitor.they_won", lang)
    parts: list = [fields([(k.capitalize(), d[k]) for k in CARD_FIELDS if d[k]]
                          + [("Record against us", record_line(d["record"], lang))], lang)]
    sections = [
        ("partners", "Partners", [Col("name", "Name"), Col("notes", "Notes")]),
        ("events", "Key events", [Col("date", "Date", no_wrap=True), Col("text", "Text")]),
        ("quotes", "Quotes", [Col("date", "Date", no_wrap=True), Col("deal", "Deal", no_wrap=True),
                              Col("account", "Account"),
                              Col("amount", "Amount", lambda v, r: fmt(parse_amount(v), r["currency"]), justify="right"),
                              Col("product", "Product"), Col("notes", "Notes")]),
        ("relations", "Relationships", [Col("account", "Account"), Col("contact", "Contact"),
                                        Col("relationship", "Relationship",
                                            lambda v, r: vocab.RELATIONSHIP.label(v, lang)), Col("notes", "Notes")]),
        ("deals", "Deals", [Col("code", "Code", no_wrap=True), Col("name", "Name"), Col("account", "Account"),
                            Col("stage", "Stage", lambda v, r: view.template.label(v, lang)),
                            Col("status", "Status", lambda v, r: vocab.STATUS.label(v, lang)),
                            Col("winner", "Winner", lambda v, r: they_won if v else "")]),
    ]
    parts += [table(d[key], cols, lang, title=title, width=view.width) for key, title, cols in sections if d[key]]
    return Group(*parts)
