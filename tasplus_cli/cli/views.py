"""Composite screens for ``show``/``list`` commands: turn store dicts into
rich renderables (via ``render``) with labels in the user's language."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group
from rich.text import Text

from tasplus_cli.cli.output import show, width
from tasplus_cli.domain import vocab
from tasplus_cli.domain.money import fmt, parse_amount
from tasplus_cli.render.i18n import t
from tasplus_cli.render.tables import Col, fields, table

if TYPE_CHECKING:
    from tasplus_cli.cli.env import Env


def _money(v, r) -> str:  # noqa: ANN001
    return "" if v is None else fmt(parse_amount(v), r.get("currency", ""))


def _money_short(e: Env):  # noqa: ANN202
    """Amounts without the currency when it is the configured one (it goes in the caption)."""
    return lambda v, r: "" if v is None else fmt(parse_amount(v), "" if r.get("currency") == e.config.currency
                                                 else r.get("currency", ""))


def _pct(v, r) -> str:  # noqa: ANN001
    return "n/a" if v is None else f"{v}%"


def opp_cols(e: Env, with_status: bool = False) -> list[Col]:
    tpl, lang = e.config.template, e.lang
    cols = [Col("code", "Code", no_wrap=True), Col("name", "Name", min_width=10),
            Col("account", "Account", min_width=10, drop=2),
            Col("owner", "Owner", min_width=6, drop=3),
            Col("stage", "Stage", lambda v, r: tpl.label(v, lang), no_wrap=True),
            Col("grade", "Grade", lambda v, r: v + ("*" if r.get("grade_manual") else ""), no_wrap=True),
            Col("amount", "Amount", _money_short(e), justify="right", no_wrap=True),
            Col("close_date", "Close date", no_wrap=True, drop=4),
            Col("win_rate", "Win rate", _pct, justify="right", no_wrap=True)]
    if with_status:
        cols.insert(6, Col("status", "Status", lambda v, r: vocab.STATUS.label(v, lang), no_wrap=True, drop=1))
    return cols


def show_opps(rows: list[dict], e: Env) -> None:
    total = sum(parse_amount(r["amount"]) for r in rows if r["currency"] == e.config.currency)
    caption = (f"{len(rows)} 个商机 · {fmt(total, e.config.currency)}（* 手动定级）" if e.lang == "zh" else
               f"{len(rows)} deals · {fmt(total, e.config.currency)}  (* graded by hand)")
    with_status = any(r["status"] != "open" for r in rows)
    show(table(rows, opp_cols(e, with_status), e.lang, title="Pipeline", caption=caption, width=width()))


def show_opp(d: dict, e: Env) -> None:
    tpl, lang = e.config.template, e.lang
    grade = d["grade"] + (f" (by hand: {d['grade_reason']})" if d["grade_manual"] else "")
    pairs = [("Code", d["code"]), ("Name", d["name"]), ("Account", f"{d['account']} ({d['account_code']})"),
             ("Owner", d["owner"]), ("Stage", tpl.label(d["stage"], lang)), ("Grade", grade),
             ("Status", vocab.STATUS.label(d["status"], lang)), ("Amount", _money(d["amount"], d)),
             ("Close date", d["close_date"]), ("Win rate", _pct(d["win_rate"], d)),
             ("Probability", f"{tpl.get(d['stage']).probability}% (classic, by stage)")]
    if d["partner"]:
        pairs.append(("Partner", f"{d['partner']} · {d['registration_id']} · "
                                 f"{vocab.REGISTRATION.label(d['registration_status'], lang)}"))
    for key, label in (("approved_on", "Initiation approved"), ("tender_issued_on", "Tender issued"),
                       ("bid_result", "Bid result"), ("contract_signed_on", "Contract signed"),
                       ("closed_on", "Closed on"), ("lost_reason", "Close reason")):
        if d.get(key):
            pairs.append((label, d[key]))
    parts = [fields(pairs, lang)]
    if d["events"]:
        parts.append(events_table(d["events"], e))
    if d["team"]:
        parts.append(team_table(d["team"], e))
    gate = d.get("next_gate")
    if gate:
        lines = Text(f"{t('Gates', lang)}: leaving '{tpl.label(gate['stage'], lang)}' ", style="bold")
        if gate["missing"]:
            for m in gate["missing"]:
                lines.append(f"\n  ✗ {m['what']}  →  {m['fix']}", style="yellow")
        else:
            lines.append("— all met" if gate["applies"] else "— fast track (grade C/D/E), no gates")
        parts.append(lines)
    show(Group(*parts))


def next_gate(s, o, e: Env) -> dict | None:  # noqa: ANN001
    """What the gate of the current stage still needs (None when closed)."""
    from tasplus_cli.domain.stages import FULL_PROCESS, missing_gates
    from tasplus_cli.store.opps import facts

    if o.status != "open":
        return None
    stage = e.config.template.get(o.stage)
    missing = missing_gates(stage.gates, facts(s, o), e.today, e.config.survey_gate_days)
    return {"stage": o.stage, "applies": o.grade in FULL_PROCESS,
            "missing": [{"gate": m.gate, "what": m.what, "fix": m.fix} for m in missing]}


def events_table(rows: list[dict], e: Env):  # noqa: ANN201
    lang = e.lang
    return table(rows, [Col("code", "Code", no_wrap=True), Col("text", "Text"),
                        Col("kind", "Kind", lambda v, r: vocab.EVENT_KIND.label(v, lang)),
                        Col("status", "Status", lambda v, r: vocab.EVENT_STATUS.label(v, lang)),
                        Col("deadline", "Deadline", no_wrap=True), Col("evidence", "Evidence")],
                 lang, title="Compelling events")


def show_events(rows: list[dict], e: Env) -> None:
    show(events_table(rows, e))


def team_table(rows: list[dict], e: Env):  # noqa: ANN201
    lang, tpl = e.lang, e.config.template
    return table(rows, [Col("name", "Name"), Col("department", "Department",
                                                 lambda v, r: vocab.DEPARTMENT.label(v, lang)),
                        Col("role", "Role"), Col("stage_owner", "Stage owner", lambda v, r: tpl.label(v, lang) if v else ""),
                        Col("person_days", "Person-days", justify="right")], lang, title="Team")


def show_team(rows: list[dict], e: Env) -> None:
    show(team_table(rows, e))


def show_history(o, rows: list[dict], e: Env) -> None:  # noqa: ANN001
    cols = [Col("at", "When", lambda v, r: v.replace("T", " ")[:16], no_wrap=True), Col("by", "By"),
            Col("field", "Field"), Col("old", "Old"), Col("new", "New"), Col("reason", "Why")]
    show(table(rows, cols, e.lang, title=f"{t('History', e.lang)} · {o.code} {o.name}"))


def grade_facts(o, e: Env) -> dict:  # noqa: ANN001
    from tasplus_cli.domain.grading import auto_grade, explain

    auto = auto_grade(o.amount_minor, o.partner, e.config.thresholds)
    if o.grade_manual:
        why = f"set by hand: {o.grade_reason} (by amount it would be {auto})"
    elif o.partner:
        why = f"partner-led by {o.partner}, registration {o.registration_id} {o.registration_status}"
    else:
        why = f"amount {fmt(o.amount_minor, o.currency)} is {explain(o.amount_minor, e.config.thresholds)}"
    return {"code": o.code, "grade": o.grade, "manual": o.grade_manual, "by_amount": auto, "why": why,
            "thresholds": e.config.thresholds, "partner": o.partner, "registration_id": o.registration_id,
            "registration_status": o.registration_status}


def show_grade(d: dict, e: Env) -> None:
    th = d["thresholds"]
    show(fields([("Code", d["code"]), ("Grade", d["grade"]), ("Why", d["why"]),
                 ("Thresholds", f"A ≥ {th['A']:,} · B ≥ {th['B']:,} · C ≥ {th['C']:,} · D below · E partner-led")],
                e.lang))


def show_account(d: dict, e: Env) -> None:
    pairs = [("Code", d["code"]), ("Name", d["name"]), ("Industry", d["industry"]), ("Region", d["region"]),
             ("Notes", d["notes"])]
    parts = [fields(pairs, e.lang)]
    if d["contacts"]:
        parts.append(contacts_table(d["contacts"], e))
    if d["deals"]:
        parts.append(table(d["deals"], opp_cols(e, True), e.lang, title="Deals"))
    show(Group(*parts))


def contacts_table(rows: list[dict], e: Env):  # noqa: ANN201
    lang = e.lang
    return table(rows, [Col("code", "Code", no_wrap=True), Col("name", "Name"), Col("account", "Account"),
                        Col("title", "Title"), Col("reports_to_name", "Reports to"),
                        Col("relationship", "Relationship", lambda v, r: vocab.RELATIONSHIP.label(v, lang)),
                        Col("influence", "Influence", lambda v, r: vocab.INFLUENCE.label(v, lang)),
                        Col("circle", "Circle")]
                 + ([Col("interaction", "Interaction", lambda v, r: vocab.INTERACTION.label(v, lang))]
                    if rows and "interaction" in rows[0] else []), lang, title="Contacts")


def show_contacts(rows: list[dict], e: Env) -> None:
    show(contacts_table(rows, e))


def show_contact(d: dict, e: Env) -> None:
    lang = e.lang
    pairs = [("Code", d["code"]), ("Name", d["name"]), ("Account", f"{d['account']} ({d['account_code']})"),
             ("Title", d["title"]), ("Department", d["department"]),
             ("Reports to", f"{d['reports_to_name']} ({d['reports_to']})" if d["reports_to"] else None),
             ("Orientation", vocab.ORIENTATION.label(d["orientation"], lang)),
             ("Relationship", vocab.RELATIONSHIP.label(d["relationship"], lang)),
             ("Influence", vocab.INFLUENCE.label(d["influence"], lang)), ("Circle", d["circle"]),
             ("Interaction", vocab.INTERACTION.label(d.get("interaction"), lang)
              + ("（总体，按已完成活动计）" if lang == "zh" else " (overall, from done activities)")
              if d.get("interaction") else None),
             ("Phone", d["phone"]), ("Email", d["email"]), ("Notes", d["notes"])]
    parts = [fields([p for p in pairs if p[1]], lang)]
    if d.get("deals"):
        parts.append(table(d["deals"], [
            Col("opp", "Code", no_wrap=True), Col("name", "Name"), Col("role", "Role", lambda v, r: vocab.ROLE.label(v, lang)),
            Col("relationship", "Relationship", lambda v, r: vocab.RELATIONSHIP.label(v, lang)),
            Col("interaction", "Interaction", lambda v, r: vocab.INTERACTION.label(v, lang)),
            Col("inside_source", "Inside source", lambda v, r: "yes" if v else "")], lang, title="Stakeholder on"))
    show(Group(*parts))
