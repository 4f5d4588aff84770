"""Screens of deals: the pipeline (``opp list``), one deal (``opp show``) with its
compelling events, team and next gate, its history, its grade, and the event and
team lists. Each takes ``(data, view)``: the dict ``--json`` prints, and the reader.

Sentences the data carries as ``Phrase`` (a gate's ``what``, the grade's ``why``)
are said in the reader's language; stored history values are shown as recorded,
but history field names are the words users know (``field_name``).
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from tasplus_cli.domain import vocab
from tasplus_cli.domain.formats import pct
from tasplus_cli.domain.grading import thresholds_line
from tasplus_cli.domain.money import fmt, parse_amount
from tasplus_cli.messages import ids, label, plural, text
from tasplus_cli.messages.phrase import say
from tasplus_cli.render.fx import money_notes
from tasplus_cli.render.tables import Col, fields, table
from tasplus_cli.render.view import View
from tasplus_cli.render.winrate import closed_line


def field_name(field: str, lang: str) -> str:
    """A stored field name as users know it: ``amount_minor``/``amount`` → amount,
    ``grade_manual`` → graded by hand (``field.<name>`` in the catalogue; else spaced out)."""
    key = f"field.{field}"
    return text(key, lang) if key in ids(lang) else field.replace("_", " ")


def field_value(field: str, value: str | None, view: View) -> str | None:
    """A stored history value as the reader says it, where it is a key (a stage, a status,
    yes/no); any other value as recorded."""
    if value is None:
        return None
    lang = view.lang
    if field == "stage":
        return view.template.label(value, lang)
    words = {"status": vocab.STATUS, "registration_status": vocab.REGISTRATION, "bid_result": vocab.BID_RESULT,
             "forecast_category": vocab.FORECAST}
    if field in words:
        return words[field].label(value, lang)
    if field == "grade_manual" and value in ("yes", "no"):
        return label(value, lang)
    return value


def _money(v, r) -> str:  # noqa: ANN001
    return "" if v is None else fmt(parse_amount(v), r.get("currency", ""))


def opp_cols(view: View, with_status: bool = False) -> list[Col]:
    """The columns of a list of deals; amounts omit the currency when it is the home one
    (the caption says it)."""
    tpl, lang = view.template, view.lang

    def amount(v, r) -> str:  # noqa: ANN001
        return "" if v is None else fmt(parse_amount(v), "" if r.get("currency") == view.currency
                                        else r.get("currency", ""))

    cols = [Col("code", "Code", no_wrap=True), Col("name", "Name", min_width=10),
            Col("account", "Account", min_width=10, drop=2),
            Col("owner", "Owner", min_width=6, drop=3),
            Col("stage", "Stage", lambda v, r: tpl.label(v, lang), no_wrap=True),
            Col("grade", "Grade", lambda v, r: v + ("*" if r.get("grade_manual") else ""), no_wrap=True),
            Col("amount", "Amount", amount, justify="right", no_wrap=True),
            Col("close_date", "Close date", no_wrap=True, drop=4),
            Col("win_rate", "Win rate", lambda v, r: pct(v), justify="right", no_wrap=True)]
    if with_status:
        cols.insert(6, Col("status", "Status", lambda v, r: vocab.STATUS.label(v, lang), no_wrap=True, drop=1))
    return cols


def pipeline(rows: list[dict], view: View) -> Table:
    """``opp list``: the deals, their count and the total in the base currency (each deal's
    ``amount_base``), naming the rates used and the deals left out for want of a rate."""
    lang = view.lang
    total = sum(parse_amount(r["amount_base"]) for r in rows if r.get("amount_base") is not None)
    caption = plural("deals.caption", len(rows), lang, total=fmt(total, view.currency))
    for line, _ in money_notes(_money_of(rows, view.currency), lang):
        caption += "\n" + line
    if any(r.get("grade_manual") for r in rows):
        caption += text("deals.caption.by_hand", lang)
    with_status = any(r["status"] != "open" for r in rows)
    return table(rows, opp_cols(view, with_status), lang, title="Pipeline", caption=caption, width=view.width)


def _money_of(rows: list[dict], base: str) -> dict:
    """The rates the rows were converted at and, per currency, the rows left out (no rate)."""
    used = {r["fx"]["currency"]: r["fx"] for r in rows if r.get("fx") and r.get("amount_base") is not None}
    left: dict[str, dict] = {}
    for r in rows:
        if r.get("amount_base") is None and "amount_base" in r:
            lo = left.setdefault(r["currency"], {"currency": r["currency"], "deals": 0})
            lo["deals"] += 1
    return {"currency": base, "rates": [used[c] for c in sorted(used)], "left_out": [left[c] for c in sorted(left)]}


def deal(d: dict, view: View) -> RenderableType:
    """``opp show``: the facts, compelling events, team and what the next gate needs."""
    tpl, lang = view.template, view.lang
    grade = d["grade"]
    if d["grade_manual"]:
        grade = text("deal.grade_by_hand", lang, grade=grade, reason=d["grade_reason"])
    pairs = [("Code", d["code"]), ("Name", d["name"]), ("Account", f"{d['account']} ({d['account_code']})"),
             ("Owner", d["owner"]), ("Stage", tpl.label(d["stage"], lang)), ("Grade", grade),
             ("Status", vocab.STATUS.label(d["status"], lang)), ("Amount", _money(d["amount"], d)),
             ("Close date", d["close_date"]), ("Win rate", pct(d["win_rate"]) + (f" · {closed_line(d['closed'], lang)}" if d.get("closed") else "")),
             ("Probability", text("deal.probability", lang, pct=pct(tpl.get(d["stage"]).probability))),
             ("Forecast category", vocab.FORECAST.label(d.get("forecast_category"), lang))]
    if d["partner"]:
        pairs.append(("Partner", f"{d['partner']} · {d['registration_id']} · "
                                 f"{vocab.REGISTRATION.label(d['registration_status'], lang)}"))
    for key, name in (("approved_on", "Initiation approved"), ("tender_issued_on", "Tender issued"),
                      ("bid_result", "Bid result"), ("contract_signed_on", "Contract signed"),
                      ("closed_on", "Closed on"), ("lost_reason", "Close reason")):
        if d.get(key):
            pairs.append((name, vocab.BID_RESULT.label(d[key], lang) if key == "bid_result" else d[key]))
    if d.get("incumbent"):
        pairs.append(("Incumbent", vocab.INCUMBENT.label("us", lang) if d["incumbent"] == "us" else d["incumbent"]))
    parts: list[RenderableType] = [fields(pairs, lang)]
    if d["events"]:
        parts.append(events(d["events"], view))
    if d["team"]:
        parts.append(team(d["team"], view))
    if d.get("next_gate"):
        parts.append(gate(d["next_gate"], view))
    return Group(*parts)


def gate(g: dict, view: View) -> Text:
    """``Gates: leaving 'present' — all met``, or one line per unmet gate with its command."""
    lang = view.lang
    lines = Text(text("gate.leaving", lang, gates=label("Gates", lang), stage=view.template.label(g["stage"], lang)),
                 style="bold")
    for m in g["missing"]:
        lines.append(f"\n  ✗ {say(m['what'], lang)}  →  {m['fix']}", style="yellow")
    if not g["missing"]:
        lines.append(text("gate.all_met" if g["applies"] else "gate.fast_track", lang))
    return lines


def events(rows: list[dict], view: View) -> Table:
    """A deal's compelling events (``event list``, and within ``opp show``)."""
    lang = view.lang
    return table(rows, [Col("code", "Code", no_wrap=True), Col("text", "Text"),
                        Col("kind", "Kind", lambda v, r: vocab.EVENT_KIND.label(v, lang)),
                        Col("status", "Status", lambda v, r: vocab.EVENT_STATUS.label(v, lang)),
                        Col("deadline", "Deadline", no_wrap=True, drop=1), Col("evidence", "Evidence", drop=2)],
                 lang, title="Compelling events", width=view.width)


def team(rows: list[dict], view: View) -> Table:
    """A deal's team (``opp team list``, and within ``opp show``)."""
    lang, tpl = view.lang, view.template
    return table(rows, [Col("name", "Name"),
                        Col("department", "Department", lambda v, r: vocab.DEPARTMENT.label(v, lang)),
                        Col("role", "Role"),
                        Col("stage_owner", "Stage owner", lambda v, r: tpl.label(v, lang) if v else "", drop=1),
                        Col("person_days", "Person-days", justify="right", drop=2)],
                 lang, title="Team", width=view.width)


def history(rows: list[dict], view: View, *, code: str, name: str) -> Table:
    """``opp history``: every change, old → new, who, when, why (``code``/``name``: the deal, for the title)."""
    lang = view.lang
    cols = [Col("at", "When", lambda v, r: v.replace("T", " ")[:16], min_width=10),
            Col("by", "By", drop=1), Col("field", "Field", lambda v, r: field_name(v, lang)),
            Col("old", "Old", lambda v, r: field_value(r["field"], v, view)),
            Col("new", "New", lambda v, r: field_value(r["field"], v, view)), Col("reason", "Why")]
    return table(rows, cols, lang, title=f"{label('History', lang)} · {code} {name}", width=view.width)


def grade(d: dict, view: View) -> Table:
    """``opp grade``: the grade, why, and the thresholds."""
    lang = view.lang
    return fields([("Code", d["code"]), ("Grade", d["grade"]), ("Why", say(d["why"], lang)),
                   ("Thresholds", thresholds_line(d["thresholds"], lang))], lang)
