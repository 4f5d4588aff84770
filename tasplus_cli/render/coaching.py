"""Coaching on screen (METHOD §13): the table of ``coach list`` and the pieces the
review shows (``render.review``): the actions agreed last time, a deal's line of
warnings in hand and its actions due, a rep's header in the team review. Plain
strings for Markdown and rich ``Text`` for the terminal come from the same lines.
Every word in the reader's language; codes, names and user texts as typed.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text

from tasplus_cli.domain.money import fmt, parse_amount
from tasplus_cli.messages import plural, text
from tasplus_cli.messages.phrase import say
from tasplus_cli.render.tables import Col, table
from tasplus_cli.render.view import View

STYLE = {"done": "green", "overdue": "bold red", "open": ""}


def status_word(status: str, lang: str) -> str:
    return text(f"coach.status.{status}", lang)


def actions(rows: list[dict], view: View) -> Table:
    """``coach list``: code, deal, status, due, owner, the action, the warning it answers, the note."""
    lang = view.lang
    status = lambda v, r: Text(status_word(v, lang), style=STYLE.get(v, ""))  # noqa: E731
    cols = [Col("code", "Code", no_wrap=True), Col("deal", "Deal", no_wrap=True), Col("status", "Status", status),
            Col("due", "Due", no_wrap=True), Col("owner", "Owner", no_wrap=True), Col("text", "Action"),
            Col("warning", "Warning", drop=2), Col("note", "Note", drop=1)]
    overdue = sum(1 for r in rows if r["status"] == "overdue")
    caption = plural("coach.count", len(rows), lang) + (
        f" · {status_word('overdue', lang)} {overdue}" if overdue else "")
    return table(rows, cols, lang, title=None, caption=caption, width=view.width)


def action_line(a: dict, lang: str) -> str:
    """``AGR-0003 约客户 CIO 面谈 · 张伟 · due 2026-11-20``."""
    return text("coach.action.line", lang, code=a["code"], text=a["text"], owner=a["owner"], due=a["due"])


def last_time(rows: list[dict], lang: str) -> list[tuple[str, str]]:
    """``(line, status)`` per action agreed last time: ``[done] AGR-0001 OPP-0003 …``."""
    return [(f"[{status_word(a['status'], lang)}] {a['deal']} · {action_line(a, lang)}", a["status"]) for a in rows]


def in_hand(d: dict, lang: str) -> str | None:
    """The deal's warnings in hand on one line, or None: ``survey stale: acknowledged until …; …``."""
    acks = {a["key"]: a for a in d.get("acknowledged", [])}
    parts = []
    for h in d.get("in_hand", []):
        title = str(say(h["title"], lang))
        if h["actions"]:
            parts.append(text("coach.in_hand.action", lang, title=title, codes=", ".join(h["actions"])))
        elif h["key"] in acks:
            a = acks[h["key"]]
            parts.append(text("coach.in_hand.ack", lang, title=title, until=a["until"], reason=a["reason"]))
    return text("review.separator", lang).join(parts) if parts else None


def due(d: dict, lang: str) -> list[tuple[str, str]]:
    """The deal's open actions due today or earlier: ``(line, status)``."""
    return [(action_line(a, lang), a["status"]) for a in d.get("actions", []) if a["code"] in d.get("actions_due", [])]


def rep_lines(r: dict, currency: str, lang: str) -> list[str]:
    """A rep's header lines in the team review: pipeline, counts, the deal most worth discussing."""
    money = lambda v: fmt(parse_amount(v))  # noqa: E731
    out = [text("coach.rep.pipeline", lang, deals=r["open_deals"], amount=money(r["amount"]), currency=currency,
                classic=money(r["classic_forecast"]), tasplus=money(r["tasplus_forecast"])),
           text("coach.rep.counts", lang, agenda=len(r["agenda"]), overdue=len(r["overdue_actions"]),
                surveys=r["unreviewed_surveys"])]
    if r["focus"]:
        out.append(text("coach.rep.focus", lang, code=r["focus"]["code"], name=r["focus"]["name"]))
    return out + [line for line, _ in last_time(r["overdue_actions"], lang)]
