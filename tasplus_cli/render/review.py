"""The weekly review as a terminal document (rich) and as Markdown: two screens
of the ``store.review.review_view`` dict (``tasplus review --format …``).

Both say every heading, warning, detail, coaching question and change line in
the reader's language (``view.lang``): warnings carry ``Phrase`` strings, change
lines go through ``render.changes``; commands stay as typed. Neither prints.
Markdown escapes the characters that would change the document's structure in
user text, so it pastes cleanly into a wiki or an e-mail.

Both open with the actions agreed last time (``render.coaching``); each deal shows
what changed, its open warnings, a line of the warnings in hand and its actions
due. A team review (``data["reps"]``) groups the deals under each rep's header.
"""

from __future__ import annotations

from rich.console import Group
from rich.padding import Padding
from rich.rule import Rule
from rich.text import Text

from tasplus_cli.domain.formats import pct
from tasplus_cli.domain.money import fmt, parse_amount
from tasplus_cli.messages import label, plural
from tasplus_cli.messages.phrase import say
from tasplus_cli.render import changes, coaching
from tasplus_cli.render.fx import money_notes
from tasplus_cli.render.view import View


def _money(v) -> str:  # noqa: ANN001
    return fmt(parse_amount(v))


def _notes(data: dict, lang: str) -> list[tuple[str, bool]]:
    """The summary's money notes: the rates used, the deals left out (``render.fx.money_notes``)."""
    sm = data["summary"]
    return money_notes({"currency": data["currency"], "rates": sm.get("rates", []),
                        "left_out": sm.get("left_out", [])}, lang)


def heading(data: dict, lang: str) -> str:
    who = data["owner"] or (f"{label('Team', lang)} {data['team']}" if data.get("team") else
                            label("the whole team", lang))
    return f"{label('Weekly review', lang)} · {who} · {data['since'][:10]} → {data['until']}"


def _facts(d: dict, data: dict, view: View) -> str:
    """``张伟 · A · 招标准备 · 12,000,000 CNY · 赢单率 16%``: a deal's line under its name."""
    return (f"{d['owner']} · {d['grade']} · {view.template.label(d['stage'], view.lang)} · {_money(d['amount'])} "
            f"{d.get('currency') or data['currency']} · {label('Win rate', view.lang)} {pct(d['win_rate'])}")


def _warning(w: dict, lang: str) -> tuple[str, str, str, str]:
    """(title, detail, question, command) of one warning in ``lang``."""
    return tuple(str(say(w[k], lang)) for k in ("title", "detail", "question", "command"))  # type: ignore[return-value]


def _more(sm: dict, lang: str) -> str | None:
    return plural("review.more", sm["deals_not_shown"], lang) if sm["deals_not_shown"] else None


def _groups(data: dict) -> list[tuple[dict | None, list[dict]]]:
    """The deals shown, under their rep in a team review (every rep, even without a deal shown), else one group."""
    if "reps" not in data:
        return [(None, data["deals"])]
    return [(r, [d for d in data["deals"] if d["owner"] == r["name"]]) for r in data["reps"]]


def _deal_doc(d: dict, data: dict, view: View) -> list:
    lang = view.lang
    title = Text(f"{d['code']} {d['name']}", style="bold")
    title.append(f"  · {_facts(d, data, view)}", style="dim")
    parts: list = [Rule(style="dim"), title]
    if d["changes"]:
        parts.append(Text(label("What changed", lang), style="underline"))
        parts += [Padding(Text(f"• {changes.line(c, view)}"), (0, 0, 0, 2)) for c in d["changes"]]
    if d["warnings"]:
        parts.append(Text(label("Warnings and questions", lang), style="underline"))
        for w in d["warnings"]:
            title, detail, question, command = _warning(w, lang)
            line = Text("⚠ ", style="yellow") + Text(title, style="yellow")
            if detail:
                line.append(f" — {detail}")
            parts += [Padding(line, (0, 0, 0, 2)),
                      Padding(Text(f"“{question}”", style="italic"), (0, 0, 0, 4)),
                      Padding(Text(f"→ {command}", style="cyan"), (0, 0, 0, 4))]
    hand = coaching.in_hand(d, lang)
    if hand:
        parts.append(Text(f"{label('In hand', lang)}: {hand}", style="dim"))
    due = coaching.due(d, lang)
    if due:
        parts.append(Text(label("Actions due", lang), style="underline"))
        parts += [Padding(Text(f"• {line}", style=coaching.STYLE.get(st, "")), (0, 0, 0, 2)) for line, st in due]
    return parts


def document(data: dict, view: View) -> Group:
    lang = view.lang
    parts: list = [Text(heading(data, lang), style="bold")]
    if data.get("actions_last_time"):
        parts.append(Text(label("Actions agreed last time", lang), style="underline"))
        parts += [Padding(Text(f"• {line}", style=coaching.STYLE.get(st, "")), (0, 0, 0, 2))
                  for line, st in coaching.last_time(data["actions_last_time"], lang)]
    if not data["deals"]:
        parts.append(Text(label("Nothing to discuss: no important deal changed or carries a warning.", lang)))
    for rep, deals in _groups(data):
        if rep is not None:
            parts += [Rule(rep["name"], style="bold")]
            parts += [Text(line) for line in coaching.rep_lines(rep, data["currency"], lang)]
        for d in deals:
            parts += _deal_doc(d, data, view)
    sm = data["summary"]
    more = _more(sm, lang)
    if more:
        parts.append(Text(more, style="yellow"))
    parts += [Rule(style="dim"), Text(label("Summary", lang), style="bold"),
              Text(f"{label('Open deals', lang)}: {sm['open_deals']} · {_money(sm['amount'])} {data['currency']}"),
              Text(f"{label('Classic forecast (stage-weighted)', lang)}: {_money(sm['classic_forecast'])} · "
                   f"{label('TAS+ forecast (win rate)', lang)}: {_money(sm['tasplus_forecast'])}")]
    parts += [Text(line, style="yellow" if warns else "dim") for line, warns in _notes(data, lang)]
    if sm["moved_most"]:
        moved = ", ".join(f"{m['code']} {pct(m['from'])} → {pct(m['to'])}" for m in sm["moved_most"])
        parts.append(Text(f"{label('Moved most', lang)}: {moved}"))
    if sm["stage_optimism"]:
        parts.append(Text(f"{label('Stage optimism', lang)}: {', '.join(sm['stage_optimism'])}"))
    return Group(*parts)


def md(text: str) -> str:
    out = str(text)
    for ch in "\\`*_[]<>|#":
        out = out.replace(ch, "\\" + ch)
    return out.replace("\n", " ")


def _deal_md(d: dict, data: dict, view: View, level: str) -> list[str]:
    lang = view.lang
    lines = [f"{level} {md(d['code'])} {md(d['name'])}", "",
             f"{md(d['owner'])} · {d['grade']} · {md(view.template.label(d['stage'], lang))} · "
             f"{_money(d['amount'])} {d.get('currency') or data['currency']} · {label('Win rate', lang)} "
             f"{pct(d['win_rate'])}", ""]
    if d["changes"]:
        lines += [f"**{label('What changed', lang)}**", ""]
        lines += [f"- {md(changes.line(c, view))}" for c in d["changes"]] + [""]
    if d["warnings"]:
        lines += [f"**{label('Warnings and questions', lang)}**", ""]
        for w in d["warnings"]:
            title, detail, question, command = _warning(w, lang)
            detail = f" — {md(detail)}" if detail else ""
            lines += [f"- ⚠ {md(title)}{detail}", f"  - *{md(question)}*",
                      f"  - `{command.replace('`', '')}`"]
        lines.append("")
    hand = coaching.in_hand(d, lang)
    if hand:
        lines += [f"*{label('In hand', lang)}*: {md(hand)}", ""]
    due = coaching.due(d, lang)
    if due:
        lines += [f"**{label('Actions due', lang)}**", ""]
        lines += [f"- {md(line)}" for line, _ in due] + [""]
    return lines


def markdown(data: dict, view: View) -> str:
    lang = view.lang
    lines = [f"# {md(heading(data, lang))}", ""]
    if data.get("actions_last_time"):
        lines += [f"## {label('Actions agreed last time', lang)}", ""]
        lines += [f"- {md(line)}" for line, _ in coaching.last_time(data["actions_last_time"], lang)] + [""]
    if not data["deals"]:
        lines += [label("Nothing to discuss: no important deal changed or carries a warning.", lang), ""]
    for rep, deals in _groups(data):
        if rep is not None:
            lines += [f"## {md(rep['name'])}", ""]
            lines += [f"- {md(line)}" for line in coaching.rep_lines(rep, data["currency"], lang)] + [""]
        for d in deals:
            lines += _deal_md(d, data, view, "###" if rep is not None else "##")
    sm = data["summary"]
    more = _more(sm, lang)
    if more:
        lines += [more, ""]
    lines += [f"## {label('Summary', lang)}", "",
              f"| {label('Open deals', lang)} | {label('Amount', lang)} | {label('Classic forecast (stage-weighted)', lang)} "
              f"| {label('TAS+ forecast (win rate)', lang)} |", "|---:|---:|---:|---:|",
              f"| {sm['open_deals']} | {_money(sm['amount'])} | {_money(sm['classic_forecast'])} "
              f"| {_money(sm['tasplus_forecast'])} |", ""]
    notes = [md(line) for line, _ in _notes(data, lang)]
    lines += [*notes, ""] if notes else []
    if sm["moved_most"]:
        lines += [f"**{label('Moved most', lang)}**", ""]
        lines += [f"- {md(m['code'])} {md(m['name'])}: {pct(m['from'])} → {pct(m['to'])}" for m in sm["moved_most"]]
        lines.append("")
    if sm["stage_optimism"]:
        lines += [f"**{label('Stage optimism', lang)}**: {', '.join(sm['stage_optimism'])}", ""]
    return "\n".join(lines) + "\n"
