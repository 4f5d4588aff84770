"""The weekly review as a terminal document (rich) and as Markdown.

Both take the ``review_view`` dict and the stage labels; neither prints.
Markdown escapes the characters that would change the document's structure
in user text, so it pastes cleanly into a wiki or an e-mail.
"""

from __future__ import annotations

from rich.console import Group
from rich.padding import Padding
from rich.rule import Rule
from rich.text import Text

from tasplus_cli.domain.money import fmt, parse_amount
from tasplus_cli.render import review_text as words
from tasplus_cli.render.i18n import t


def _pct(v) -> str:  # noqa: ANN001
    return "n/a" if v is None else f"{v}%"


def _money(v) -> str:  # noqa: ANN001
    return fmt(parse_amount(v))


def heading(data: dict, lang: str) -> str:
    who = data["owner"] or t("the whole team", lang)
    return f"{t('Weekly review', lang)} · {who} · {data['since'][:10]} → {data['until']}"


def document(data: dict, labels: dict[str, str], lang: str = "en") -> Group:
    parts: list = [Text(heading(data, lang), style="bold")]
    if not data["deals"]:
        parts.append(Text(t("Nothing to discuss: no important deal changed or carries a warning.", lang)))
    for d in data["deals"]:
        title = Text(f"{d['code']} {d['name']}", style="bold")
        title.append(f"  · {d['owner']} · {d['grade']} · {labels.get(d['stage'], d['stage'])} · "
                     f"{_money(d['amount'])} {data['currency']} · {t('Win rate', lang)} {_pct(d['win_rate'])}",
                     style="dim")
        parts += [Rule(style="dim"), title]
        if d["changes"]:
            parts.append(Text(t("What changed", lang), style="underline"))
            parts += [Padding(Text(f"• {words.change(c, labels, lang)}"), (0, 0, 0, 2)) for c in d["changes"]]
        if d["warnings"]:
            parts.append(Text(t("Warnings and questions", lang), style="underline"))
            for w in d["warnings"]:
                title, detail, question = words.warning(w, lang)
                line = Text("⚠ ", style="yellow") + Text(title, style="yellow")
                if detail:
                    line.append(f" — {detail}")
                parts += [Padding(line, (0, 0, 0, 2)),
                          Padding(Text(f"“{question}”", style="italic"), (0, 0, 0, 4)),
                          Padding(Text(f"→ {w['command']}", style="cyan"), (0, 0, 0, 4))]
    sm = data["summary"]
    if sm["deals_not_shown"]:
        parts.append(Text(f"… {sm['deals_not_shown']} {t('more deals on the agenda (use --limit 0 to see all)', lang)}",
                          style="yellow"))
    parts += [Rule(style="dim"), Text(t("Summary", lang), style="bold"),
              Text(f"{t('Open deals', lang)}: {sm['open_deals']} · {_money(sm['amount'])} {data['currency']}"),
              Text(f"{t('Classic forecast (stage-weighted)', lang)}: {_money(sm['classic_forecast'])} · "
                   f"{t('TAS+ forecast (win rate)', lang)}: {_money(sm['tasplus_forecast'])}")]
    if sm["moved_most"]:
        moved = ", ".join(f"{m['code']} {_pct(m['from'])} → {_pct(m['to'])}" for m in sm["moved_most"])
        parts.append(Text(f"{t('Moved most', lang)}: {moved}"))
    if sm["stage_optimism"]:
        parts.append(Text(f"{t('Stage optimism', lang)}: {', '.join(sm['stage_optimism'])}"))
    return Group(*parts)


def _md(text: str) -> str:
    out = str(text)
    for ch in "\\`*_[]<>|#":
        out = out.replace(ch, "\\" + ch)
    return out.replace("\n", " ")


def markdown(data: dict, labels: dict[str, str], lang: str = "en") -> str:
    lines = [f"# {_md(heading(data, lang))}", ""]
    if not data["deals"]:
        lines += [t("Nothing to discuss: no important deal changed or carries a warning.", lang), ""]
    for d in data["deals"]:
        lines += [f"## {_md(d['code'])} {_md(d['name'])}", "",
                  f"{_md(d['owner'])} · {d['grade']} · {_md(labels.get(d['stage'], d['stage']))} · "
                  f"{_money(d['amount'])} {data['currency']} · {t('Win rate', lang)} {_pct(d['win_rate'])}", ""]
        if d["changes"]:
            lines += [f"**{t('What changed', lang)}**", ""]
            lines += [f"- {_md(words.change(c, labels, lang))}" for c in d["changes"]] + [""]
        if d["warnings"]:
            lines += [f"**{t('Warnings and questions', lang)}**", ""]
            for w in d["warnings"]:
                title, detail, question = words.warning(w, lang)
                detail = f" — {_md(detail)}" if detail else ""
                lines += [f"- ⚠ {_md(title)}{detail}", f"  - *{_md(question)}*",
                          f"  - `{w['command'].replace('`', '')}`"]
            lines.append("")
    sm = data["summary"]
    if sm["deals_not_shown"]:
        lines += [f"… {sm['deals_not_shown']} {t('more deals on the agenda (use --limit 0 to see all)', lang)}", ""]
    lines += [f"## {t('Summary', lang)}", "",
              f"| {t('Open deals', lang)} | {t('Amount', lang)} | {t('Classic forecast (stage-weighted)', lang)} "
              f"| {t('TAS+ forecast (win rate)', lang)} |", "|---:|---:|---:|---:|",
              f"| {sm['open_deals']} | {_money(sm['amount'])} | {_money(sm['classic_forecast'])} "
              f"| {_money(sm['tasplus_forecast'])} |", ""]
    if sm["moved_most"]:
        lines += [f"**{t('Moved most', lang)}**", ""]
        lines += [f"- {_md(m['code'])} {_md(m['name'])}: {_pct(m['from'])} → {_pct(m['to'])}" for m in sm["moved_most"]]
        lines.append("")
    if sm["stage_optimism"]:
        lines += [f"**{t('Stage optimism', lang)}**: {', '.join(sm['stage_optimism'])}", ""]
    return "\n".join(lines)
