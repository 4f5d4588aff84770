"""Screens of accounts and their people: ``account list/show``, ``contact list/show``.
Each takes ``(data, view)``: the dict ``--json`` prints, and the reader."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table

from tasplus_cli.domain import vocab
from tasplus_cli.messages import label, text
from tasplus_cli.render.deals import opp_cols
from tasplus_cli.render.tables import Col, fields, table
from tasplus_cli.render.view import View


def account_list(rows: list[dict], view: View) -> Table:
    """``account list``: accounts with their deal and contact counts."""
    cols = [Col("code", "Code", no_wrap=True), Col("name", "Name"), Col("industry", "Industry", drop=2),
            Col("region", "Region", drop=1), Col("deals", "Deals", justify="right", no_wrap=True),
            Col("contacts", "Contacts", justify="right", no_wrap=True)]
    return table(rows, cols, view.lang, title="Accounts", width=view.width)


def account(d: dict, view: View) -> RenderableType:
    """``account show``: the account, its people and its deals."""
    lang = view.lang
    pairs = [("Code", d["code"]), ("Name", d["name"]), ("Industry", d["industry"]), ("Region", d["region"]),
             ("Notes", d["notes"])]
    parts: list[RenderableType] = [fields(pairs, lang)]
    if d["contacts"]:
        parts.append(contacts(d["contacts"], view))
    if d["deals"]:
        parts.append(table(d["deals"], opp_cols(view, True), lang, title="Deals", width=view.width))
    return Group(*parts)


def contacts(rows: list[dict], view: View) -> Table:
    """``contact list`` (with each person's overall interaction), and the people of ``account show``."""
    lang = view.lang
    cols = [Col("code", "Code", no_wrap=True), Col("name", "Name"), Col("account", "Account", drop=1),
            Col("title", "Title"), Col("reports_to_name", "Reports to", drop=3),
            Col("relationship", "Relationship", lambda v, r: vocab.RELATIONSHIP.label(v, lang)),
            Col("influence", "Influence", lambda v, r: vocab.INFLUENCE.label(v, lang)),
            Col("circle", "Circle", drop=4)]
    if rows and "interaction" in rows[0]:
        cols.append(Col("interaction", "Interaction", lambda v, r: vocab.INTERACTION.label(v, lang), drop=2))
    return table(rows, cols, lang, title="Contacts", width=view.width)


def contact(d: dict, view: View) -> RenderableType:
    """``contact show``: the person, and the deals they are a stakeholder on."""
    lang = view.lang
    level = d.get("interaction")
    pairs = [("Code", d["code"]), ("Name", d["name"]), ("Account", f"{d['account']} ({d['account_code']})"),
             ("Title", d["title"]), ("Department", d["department"]),
             ("Reports to", f"{d['reports_to_name']} ({d['reports_to']})" if d["reports_to"] else None),
             ("Orientation", vocab.ORIENTATION.label(d["orientation"], lang)),
             ("Relationship", vocab.RELATIONSHIP.label(d["relationship"], lang)),
             ("Influence", vocab.INFLUENCE.label(d["influence"], lang)), ("Circle", d["circle"]),
             ("Interaction", text("contact.interaction_overall", lang, level=vocab.INTERACTION.label(level, lang))
              if level else None),
             ("Phone", d["phone"]), ("Email", d["email"]), ("Notes", d["notes"])]
    parts: list[RenderableType] = [fields([p for p in pairs if p[1]], lang)]
    if d.get("deals"):
        parts.append(table(d["deals"], [
            Col("opp", "Code", no_wrap=True), Col("name", "Name"),
            Col("role", "Role", lambda v, r: vocab.ROLE.label(v, lang)),
            Col("relationship", "Relationship", lambda v, r: vocab.RELATIONSHIP.label(v, lang)),
            Col("interaction", "Interaction", lambda v, r: vocab.INTERACTION.label(v, lang)),
            Col("inside_source", "Inside source", lambda v, r: label("yes", lang) if v else "")],
            lang, title="Stakeholder on", width=view.width))
    return Group(*parts)
