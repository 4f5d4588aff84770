"""Tables of stakeholders and activities (METHOD §8, §12): the screens of
``stakeholder list`` (``store.stakeholders.rows``) and ``activity list``
(``store.activities.list_activities``), and the levels line printed after an
activity changes.

Relationship statuses use the map's symbol + colour (``render.map.status_text``)
so they read the same everywhere; overdue planned activities are marked in
words, not only in red. At 80 columns the least needed columns are hidden
(``Col.drop``, the caption says which) and no column is narrower than its
longest word, so words never break letter by letter.
"""

from __future__ import annotations

import re

from rich.cells import cell_len
from rich.table import Table
from rich.text import Text

from tasplus_cli.domain import vocab
from tasplus_cli.domain.vocab import Vocab
from tasplus_cli.messages import label, plural, text
from tasplus_cli.messages.phrase import say
from tasplus_cli.render.map import status_text
from tasplus_cli.render.tables import Col, cell, table
from tasplus_cli.render.view import View


def _level(v: str | None, r: dict, lang: str) -> Text:
    if v is None:
        return Text("")
    return Text(vocab.INTERACTION.label(v, lang), style="bold red" if v == "none" else "")


def _unbroken(values: list[str], cap: int = 18) -> int:
    """The least width of a column whose words must not break: its widest word, a word ending at a
    space or after a hyphen (``decision-``, ``positive*``, ``balance/coordinate``; a Chinese label or
    name is one word). At most ``cap`` cells."""
    return min(cap, max((cell_len(w) for v in values for w in re.split(r"\s+|(?<=-)", v)), default=4))


def stakeholders(rows: list[dict], view: View, deal: str = "") -> Table:
    """``deal``: the deal's code and name, for the title (the rows are the JSON list)."""
    lang = view.lang

    def rel(v, r):  # noqa: ANN001, ANN202
        status = r["relationship"] or r["relationship_overall"]
        return status_text(status, lang, inherited=r["relationship_source"] == "overall")

    def strategy(v, r):  # noqa: ANN001, ANN202
        return vocab.RELATION_STRATEGY.label(v, lang) if v else "?"

    def words(key: str, show, header: str) -> int:  # noqa: ANN001 - the least width of a column of labels
        return _unbroken([label(header, lang)] + [cell(show(r[key], r)).plain for r in rows])

    role = lambda v, r: vocab.ROLE.label(v, lang)  # noqa: E731
    level = lambda v, r: vocab.INTERACTION.label(v, lang)  # noqa: E731
    cols = [Col("contact", "Code", no_wrap=True, drop=1), Col("name", "Name", min_width=words("name", lambda v, r: v, "Name")),
            Col("title", "Title", drop=4), Col("role", "Role", role, min_width=words("role", role, "Role")),
            Col("relationship", "Relationship", rel, min_width=words("relationship", rel, "Relationship")),
            Col("interaction", "Interaction", lambda v, r: _level(v, r, lang), min_width=words("interaction", level, "Interaction")),
            Col("interaction_overall", "Overall", level, drop=2, min_width=words("interaction_overall", level, "Overall")),
            Col("inside_source", "Inside source", lambda v, r: text("stakeholder.inside_source.yes", lang) if v else "",
                drop=3),
            Col("strategy", "Strategy", strategy, min_width=words("strategy", strategy, "Strategy"))]
    caption = text("stakeholder.caption.inherited", lang) \
        if any(r["relationship_source"] == "overall" for r in rows) else None
    return table(rows, cols, lang, title=text("stakeholder.title", lang, deal=deal), caption=caption, width=view.width)


def activities(rows: list[dict], view: View, kinds: Vocab | None = None) -> Table:
    """``kinds``: the configured activity kinds, for their labels. The people of an activity stay on
    one line (a name never breaks); the deal column is the first to go when every row has the same."""
    lang = view.lang
    kinds = kinds or vocab.Vocab("activity kind", ())

    def status(v, r):  # noqa: ANN001, ANN202
        word = vocab.ACTIVITY_STATUS.label(v, lang)
        if r["overdue"]:
            return Text(text("activity.overdue", lang, status=word), style="bold red")
        return Text(word, style="dim" if v == "cancelled" else "")

    one_deal = bool(rows) and rows[0]["opp"] is not None and len({r["opp"] for r in rows}) == 1
    kind = lambda v, r: kinds.label(v, lang)  # noqa: E731
    cols = [Col("code", "Code", no_wrap=True), Col("day", "Date", no_wrap=True),
            Col("status", "Status", status,
                min_width=_unbroken([label("Status", lang)] + [status(r["status"], r).plain for r in rows])),
            Col("kind", "Kind", kind, min_width=_unbroken([label("Kind", lang)] + [kind(r["kind"], r) for r in rows])),
            Col("opp", "Deal", lambda v, r: v or f"({r['account']})", no_wrap=True, drop=6 if one_deal else 0),
            Col("with", "With", lambda v, r: say([p["name"] for p in v], lang), no_wrap=True, drop=1),
            Col("summary", "Summary"), Col("outcome", "Outcome", drop=3), Col("tactic", "Tactic", drop=4)]
    overdue = sum(1 for r in rows if r["overdue"])
    caption = plural("activity.count", len(rows), lang) + (
        " · " + text("activity.overdue_count", lang, count=overdue) if overdue else "")
    return table(rows, cols, lang, title="Activities", caption=caption, width=view.width)


def levels_line(levels: list[dict], lang: str) -> str:
    """``王建国: multiple on the deal, deep overall; …`` after logging or finishing an activity."""
    lv = vocab.INTERACTION

    def person(p: dict) -> str:
        parts = ([text("activity.level.deal", lang, level=lv.label(p["interaction"], lang))]
                 if p["interaction"] is not None else [])
        parts.append(text("activity.level.overall", lang, level=lv.label(p["interaction_overall"], lang)))
        return text("activity.level.person", lang, name=p["name"], levels=text("activity.level.separator", lang).join(parts))
    return text("review.separator", lang).join(person(p) for p in levels)
