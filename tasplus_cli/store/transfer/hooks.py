"""Per-kind rules an imported row must follow beyond its single cells, and
the deal-history lines an import writes (the same lines the commands write).

- A deal is graded by ``domain.grading.auto_grade`` from its amount and
  partner unless ``grade_manual`` is true; ``partner`` and
  ``registration_id`` go together and a partner deal's registration starts
  ``pending`` (as ``opp new --partner`` does).
- An activity's account is its deal's account when the cell is empty; a deal
  of another account is an error.
- People report to someone at their own account, without cycles
  (``domain.people.would_cycle``).
"""

from __future__ import annotations

from typing import Any

from tasplus_cli.domain.grading import auto_grade
from tasplus_cli.domain.money import fmt
from tasplus_cli.domain.people import would_cycle
from tasplus_cli.store.transfer.spec import CellError


def finish_deal(row: dict, present: set, ctx: Any) -> None:
    if (row["partner"] is None) != (row["registration_id"] is None):
        missing = "partner" if row["partner"] is None else "registration_id"
        raise CellError(missing, "partner and registration_id go together (a partner-led E deal)",
                        "fill both cells, or neither")
    if row["partner"] is None and row["registration_status"] is not None:
        raise CellError("registration_status", "only a partner-led (E) deal has a registration status",
                        "fill partner and registration_id, or empty registration_status")
    if row["partner"] is not None and row["registration_status"] is None:
        row["registration_status"] = "pending"
    if row["grade_manual"]:
        if row["grade"] is None:
            raise CellError("grade", "grade_manual is true but the grade is empty", "write the grade (A–E)")
        if row["grade"] == "E" and row["partner"] is None:
            raise CellError("grade", "grade E is for partner-led deals", "fill partner and registration_id")
        return
    grade = auto_grade(row["amount_minor"], row["partner"], ctx.cfg.thresholds)
    if "grade" in present and row["grade"] not in (None, grade):
        ctx.note("regraded")
    row["grade"] = grade


def finish_activity(row: dict, present: set, ctx: Any) -> None:
    deal_account = ctx.index("opportunities").scope_of.get(row["opp_id"]) if row["opp_id"] else None
    if row["account_id"] is None:
        row["account_id"] = deal_account
    elif deal_account is not None and deal_account != row["account_id"]:
        raise CellError("opp", "this deal belongs to another account", "fix the account or the deal")
    if row["account_id"] is None:
        raise CellError("account", "an activity needs an account or a deal", "fill the account or opp cell")


def check_reporting(planned: list, stored: dict[int, dict], ctx: Any) -> None:
    """Mark rows whose reports-to line would form a cycle."""
    lines = {rid: r["reports_to_id"] for rid, r in stored.items()}
    lines.update({p.row["id"]: p.row.get("reports_to_id") for p in planned if not p.errors})
    for p in planned:
        boss = p.row.get("reports_to_id")
        if boss is not None and not p.errors and would_cycle(lines, p.row["id"], boss):
            p.fail("reports_to", "this reporting line would form a cycle", "fix who reports to whom")


_HIST_SKIP = {"id", "code", "created_at", "updated_at", "grade_reason"}


def _shown(col: str, value: Any, row: dict, ctx: Any) -> str | None:
    if value is None:
        return None
    if col == "amount_minor":
        return fmt(value, row["currency"])
    if col == "account_id":
        return ctx.index("accounts").code_of.get(value)
    return str(value)


def deal_history(old: dict | None, new: dict, ctx: Any) -> list[tuple]:
    if old is None:
        return [(new["id"], "created", None,
                 f"{new['stage']}, grade {new['grade']}, {fmt(new['amount_minor'], new['currency'])}")]
    out = []
    for col, value in new.items():
        if col not in _HIST_SKIP and old.get(col) != value:
            name = {"amount_minor": "amount", "account_id": "account"}.get(col, col)
            out.append((new["id"], name, _shown(col, old[col], old, ctx), _shown(col, value, new, ctx)))
    return out


def event_history(old: dict | None, new: dict, ctx: Any) -> list[tuple]:
    if old is None:
        return [(new["opp_id"], "event", None, f"{new['code']} {new['text']} ({new['status']})")]
    if old["status"] != new["status"]:
        return [(new["opp_id"], "event", f"{new['code']} {old['status']}", f"{new['code']} {new['status']}")]
    return []


def team_history(old: dict | None, new: dict, ctx: Any) -> list[tuple]:
    if old is not None:
        return []
    role = f", {new['role']}" if new["role"] else ""
    return [(new["opp_id"], "team", None, f"+ {new['name']} ({new['department']}{role})")]
