"""Screens of a deal's plan (METHOD §10–11): ``tasplus plan``, ``value show``
and ``value pitch``, ``strategy suggest``, ``tactic list`` and ``tactic catalogue``.

Built from the dicts ``--json`` prints; the suggestion's reason and what is
missing are ``Phrase`` strings, said here in the reader's language (a missing
item's command shell-quoted). Never prints, never reads the database.
"""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text

from tasplus_cli.domain import vocab
from tasplus_cli.domain.formats import pct
from tasplus_cli.messages import label, text
from tasplus_cli.messages.phrase import say
from tasplus_cli.render.tables import Col, fields, table
from tasplus_cli.render.view import View
from tasplus_cli.render.winrate import closed_line

MARK = {"better": ("▲", "green"), "equal": ("=", "yellow"), "worse": ("▼", "red")}


def comparison_table(value: dict, lang: str) -> Table:
    """Us against each of the top two on the three dimensions; a note given once for several
    dimensions is shown once."""
    tbl = Table(title=label("Against the top two", lang), title_justify="left", box=None, padding=(0, 1))
    tbl.add_column(label("Competitor", lang))
    for dim in vocab.DIMENSION.keys:
        tbl.add_column(vocab.DIMENSION.label(dim, lang))
    tbl.add_column(label("Notes", lang), overflow="fold")
    for name in value["top_two"]:
        dims = value["comparison"].get(name, {})
        cells = []
        for dim in vocab.DIMENSION.keys:
            row = dims.get(dim)
            if row:
                ch, style = MARK[row["verdict"]]
                cells.append(Text(f"{ch} {vocab.VERDICT.label(row['verdict'], lang)}", style=style))
            else:
                cells.append(Text("?", style="dim"))
        notes = "; ".join(dict.fromkeys(r["note"] for r in dims.values() if r.get("note")))
        tbl.add_row(Text(name), *cells, Text(notes))
    return tbl


def value_panel(value: dict, view: View) -> Group:
    """``value show``: the value proposition and the comparison with the top two."""
    lang = view.lang
    parts = [fields([("Solution", value["solution"] or "—"), ("Business value", value["business_value"] or "—"),
                     ("Proof points", value["proof_points"] or "—"),
                     ("Compelling event", value["compelling_event"] or "—")], lang, title="Value proposition")]
    if value["top_two"]:
        parts.append(comparison_table(value, lang))
    else:
        parts.append(Text(label("No competitor scored in the latest survey: nothing to compare against yet.", lang),
                          style="dim"))
    return Group(*parts)


def pitch(data: dict, view: View) -> str:
    """``value pitch``: the statement, already in the reader's language."""
    return data["pitch"]


def suggestion(data: dict, view: View) -> str:
    """``strategy suggest``: ``OPP-0001: fragmentation — why`` (without a suggestion: only why)."""
    why = say(data["reason"], view.lang)
    if not data["strategy"]:
        return f"{data['code']}: {why}"
    return f"{data['code']}: {vocab.STRATEGY.label(data['strategy'], view.lang)} — {why}"


def _status(v: str, lang: str) -> str:
    return text(f"tactic.status.{v}", lang)


def tactics(rows: list[dict], view: View) -> Table:
    """``tactic list``."""
    lang = view.lang
    return table(rows, [Col("id", "#", justify="right"), Col("text", "Tactic"),
                        Col("strategy", "Strategy", lambda v, r: vocab.STRATEGY.label(v, lang)),
                        Col("status", "Status", lambda v, r: _status(v, lang))], lang, title="Tactics",
                 width=view.width)


def catalogue(cat: dict, view: View) -> str:
    """``tactic catalogue``: each strategy (its key beside the label when they differ) and its tactics."""
    lines = []
    for key, items in cat.items():
        name = vocab.STRATEGY.label(key, view.lang)
        lines.append(name if name == key else f"{name} ({key})")
        lines += [f"  {i}. {item}" for i, item in enumerate(items, 1)]
    return "\n".join(lines)


def _acts(rows: list[dict], title: str, lang: str, kinds: vocab.Vocab | None) -> Table:
    return table(rows, [Col("code", "Code", no_wrap=True), Col("day", "Date", no_wrap=True),
                        Col("kind", "Kind", lambda v, r: kinds.label(v, lang) if kinds else v),
                        Col("with", "With", lambda v, r: ", ".join(p["name"] for p in v)),
                        Col("summary", "Summary"), Col("tactic", "Tactic")], lang, title=title)


def plan_screen(d: dict, view: View, kinds: vocab.Vocab | None = None) -> Group:
    """``tasplus plan``: strategy and why, tactics, value proposition, activities, people, what is
    missing; ``kinds``: the activity kinds (their labels)."""
    lang = view.lang
    strat = vocab.STRATEGY.label(d["strategy"], lang) if d["strategy"] else "—"
    sug = d["suggestion"]
    sug_text = (f"{vocab.STRATEGY.label(sug['strategy'], lang)} — " if sug["strategy"] else "") + say(sug["reason"], lang)
    head = Text(f"{d['code']} {d['name']}", style="bold")
    head.append(f"  · {view.template.label(d['stage'], lang)} · {label('Win rate', lang)} {pct(d['win_rate'])}",
                style="dim")
    if d.get("closed"):
        head.append("\n" + closed_line(d["closed"], lang), style="bold")
    parts: list = [head, fields([("Strategy", strat), ("Rationale", d["rationale"] or "—"),
                                 ("Suggested", sug_text)], lang)]
    if d["tactics"]:
        parts.append(table(d["tactics"], [Col("id", "#", justify="right"), Col("text", "Tactic"),
                                          Col("status", "Status", lambda v, r: _status(v, lang))],
                           lang, title="Tactics"))
    elif d["catalogue"]:
        parts.append(Text(label("Tactic catalogue", lang) + ": " + " · ".join(
            f"{i}. {x}" for i, x in enumerate(d["catalogue"], 1))))
    parts.append(value_panel(d["value"], view))
    acts = d["activities"]
    for key, title in (("overdue", "Overdue"), ("planned", "Planned"), ("done_recently", "Done in the last 14 days")):
        if acts[key]:
            parts.append(_acts(acts[key], title, lang, kinds))
    if d["relationship_strategies"]:
        rows = [dict(r, role_label=vocab.ROLE.label(r["role"], lang),
                     rel=vocab.RELATIONSHIP.label(r["relationship"], lang) if r["relationship"] else "?",
                     strat=vocab.RELATION_STRATEGY.label(r["strategy"], lang) if r["strategy"] else "?")
                for r in d["relationship_strategies"]]
        parts.append(table(rows, [Col("name", "Name"), Col("role_label", "Role"), Col("rel", "Relationship"),
                                  Col("strat", "Relationship strategy")], lang, title="People"))
    for w in d.get("warnings", []):
        parts.append(Text(f"⚠ {say(w['message'], lang)}\n  “{say(w['question'], lang)}”  →  {say(w['fix'], lang)}",
                          style="yellow"))
    if d["missing"]:
        miss = Text(label("Missing", lang), style="bold yellow")
        for m in d["missing"]:
            miss.append(f"\n  ✗ {say(m['what'], lang)}  →  {say(m['fix'], lang)}", style="yellow")
        parts.append(miss)
    return Group(*parts)
