"""Tables of stakeholders and activities (METHOD §8, §12), from the dicts of
``store.stakeholders.rows`` and ``store.activities.list_activities``.

Relationship statuses use the map's symbol + colour (``render.map.status_text``)
so they read the same everywhere; overdue planned activities are marked in
words, not only in red.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text

from tasplus_cli.domain import vocab
from tasplus_cli.domain.vocab import Vocab
from tasplus_cli.render.map import status_text
from tasplus_cli.render.tables import Col, table


def _level(v: str | None, r: dict, lang: str) -> Text:
    if v is None:
        return Text("")
    return Text(vocab.INTERACTION.label(v, lang), style="bold red" if v == "none" else "")


def stakeholders_table(rows: list[dict], lang: str, title: str) -> Table:
    def rel(v, r):  # noqa: ANN001, ANN202
        status = r["relationship"] or r["relationship_overall"]
        return status_text(status, lang, inherited=r["relationship_source"] == "overall")

    cols = [Col("contact", "Code", no_wrap=True), Col("name", "Name"), Col("title", "Title"),
            Col("role", "Role", lambda v, r: vocab.ROLE.label(v, lang)), Col("relationship", "Relationship", rel),
            Col("interaction", "Interaction", lambda v, r: _level(v, r, lang)),
            Col("interaction_overall", "Overall", lambda v, r: vocab.INTERACTION.label(v, lang)),
            Col("inside_source", "Inside source", lambda v, r: "yes" if v else ""),
            Col("strategy", "Strategy", lambda v, r: vocab.RELATION_STRATEGY.label(v, lang) if v else "?")]
    caption = "* relationship not judged on this deal: the overall one is shown" \
        if any(r["relationship_source"] == "overall" for r in rows) else None
    return table(rows, cols, lang, title=f"Stakeholders · {title}", caption=caption)


def activities_table(rows: list[dict], lang: str, kinds: Vocab) -> Table:
    def status(v, r):  # noqa: ANN001, ANN202
        label = vocab.ACTIVITY_STATUS.label(v, lang)
        return Text(f"{label}, overdue", style="bold red") if r["overdue"] else Text(label, style="dim" if v ==
                                                                                       "cancelled" else "")

    cols = [Col("code", "Code", no_wrap=True), Col("day", "Date", no_wrap=True), Col("status", "Status", status),
            Col("kind", "Kind", lambda v, r: kinds.label(v, lang)),
            Col("opp", "Deal", lambda v, r: v or f"({r['account']})", no_wrap=True),
            Col("with", "With", lambda v, r: ", ".join(p["name"] for p in v)), Col("summary", "Summary"),
            Col("outcome", "Outcome"), Col("tactic", "Tactic")]
    overdue = sum(1 for r in rows if r["overdue"])
    caption = f"{len(rows)} activities" + (f" · {overdue} overdue" if overdue else "")
    return table(rows, cols, lang, title="Activities", caption=caption)


def levels_line(levels: list[dict], lang: str) -> str:
    """``王建国: multiple on the deal, deep overall; …`` after logging or finishing an activity."""
    lv = vocab.INTERACTION
    return "; ".join(f"{p['name']}: " + (f"{lv.label(p['interaction'], lang)} on the deal, "
                                          if p["interaction"] is not None else "")
                     + f"{lv.label(p['interaction_overall'], lang)} overall" for p in levels)
