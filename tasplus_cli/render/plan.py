"""``tasplus plan`` and ``value show`` as terminal screens (rich renderables)."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text

from tasplus_cli.domain import vocab
from tasplus_cli.render.i18n import t
from tasplus_cli.render.tables import Col, fields, table

MARK = {"better": ("▲", "green"), "equal": ("=", "yellow"), "worse": ("▼", "red")}


def comparison_table(value: dict, lang: str) -> Table:
    tbl = Table(title=t("Against the top two", lang), title_justify="left", box=None, padding=(0, 1))
    tbl.add_column(t("Competitor", lang))
    for dim in vocab.DIMENSION.keys:
        tbl.add_column(vocab.DIMENSION.label(dim, lang))
    tbl.add_column(t("Notes", lang), overflow="fold")
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
        notes = "; ".join(r["note"] for r in dims.values() if r.get("note"))
        tbl.add_row(Text(name), *cells, Text(notes))
    return tbl


def value_panel(value: dict, lang: str) -> Group:
    parts = [fields([("Solution", value["solution"] or "—"), ("Business value", value["business_value"] or "—"),
                     ("Proof points", value["proof_points"] or "—"),
                     ("Compelling event", value["compelling_event"] or "—")], lang, title="Value proposition")]
    if value["top_two"]:
        parts.append(comparison_table(value, lang))
    else:
        parts.append(Text(t("No competitor scored in the latest survey: nothing to compare against yet.", lang),
                          style="dim"))
    return Group(*parts)


def _acts(rows: list[dict], title: str, lang: str) -> Table:
    return table(rows, [Col("code", "Code", no_wrap=True), Col("day", "Date", no_wrap=True), Col("kind", "Kind"),
                        Col("with", "With", lambda v, r: ", ".join(p["name"] for p in v)),
                        Col("summary", "Summary"), Col("tactic", "Tactic")], lang, title=title)


def plan_screen(d: dict, labels: dict[str, str], lang: str) -> Group:
    strat = vocab.STRATEGY.label(d["strategy"], lang) if d["strategy"] else "—"
    sug = d["suggestion"]
    sug_text = (f"{vocab.STRATEGY.label(sug['strategy'], lang)} — " if sug["strategy"] else "") + sug["reason"]
    head = Text(f"{d['code']} {d['name']}", style="bold")
    head.append(f"  · {labels.get(d['stage'], d['stage'])} · {t('Win rate', lang)} "
                f"{'n/a' if d['win_rate'] is None else str(d['win_rate']) + '%'}", style="dim")
    parts: list = [head, fields([("Strategy", strat), ("Rationale", d["rationale"] or "—"),
                                 ("Suggested", sug_text)], lang)]
    if d["tactics"]:
        parts.append(table(d["tactics"], [Col("id", "#", justify="right"), Col("text", "Tactic"),
                                          Col("status", "Status")], lang, title="Tactics"))
    elif d["catalogue"]:
        parts.append(Text(t("Tactic catalogue", lang) + ": " + " · ".join(
            f"{i}. {x}" for i, x in enumerate(d["catalogue"], 1))))
    parts.append(value_panel(d["value"], lang))
    acts = d["activities"]
    for key, title in (("overdue", "Overdue"), ("planned", "Planned"), ("done_recently", "Done in the last 14 days")):
        if acts[key]:
            parts.append(_acts(acts[key], title, lang))
    if d["relationship_strategies"]:
        rows = [dict(r, role_label=vocab.ROLE.label(r["role"], lang),
                     rel=vocab.RELATIONSHIP.label(r["relationship"], lang) if r["relationship"] else "?",
                     strat=vocab.RELATION_STRATEGY.label(r["strategy"], lang) if r["strategy"] else "?")
                for r in d["relationship_strategies"]]
        parts.append(table(rows, [Col("name", "Name"), Col("role_label", "Role"), Col("rel", "Relationship"),
                                  Col("strat", "Relationship strategy")], lang, title="People"))
    if d["missing"]:
        miss = Text(t("Missing", lang), style="bold yellow")
        for m in d["missing"]:
            miss.append(f"\n  ✗ {m['what']}  →  {m['fix']}", style="yellow")
        parts.append(miss)
    return Group(*parts)
