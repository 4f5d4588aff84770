"""Deals in CSV: accounts, contacts, deals, compelling events, and (for a
faithful ``--all`` copy) deal teams and deal history, with the rules an
imported row of them follows beyond its single cells.

Columns are the JSON keys of the matching ``list``/``show`` commands plus the
stored facts those omit (timestamps, ``approved_by``); references are codes,
except where the JSON shows a name (a deal's and a person's ``account``,
``reports_to_name``), which then sits beside its ``*_code`` column.

Rules:
- A deal is graded from its amount in the base currency (today's rates;
  a currency without a rate is a bad row) and partner unless
  ``grade_manual`` is true; ``partner`` and
  ``registration_id`` go together and a partner deal's registration starts
  ``pending`` (as ``opp new --partner`` does).
- ``incumbent`` is ``competitor`` exactly when ``incumbent_competitor`` names one.
- A deal's owner is a user (``values.User``); without an owner cell it is the person typing,
  who becomes a user as with ``opp new``.
- People report to someone at their own account, without cycles
  (``domain.people.would_cycle``).
- An import writes the deal-history lines the commands would write.
"""

from __future__ import annotations

from typing import Any

from tasplus_cli.domain.grading import grade_for_amount, no_rate
from tasplus_cli.domain.money import fmt
from tasplus_cli.domain.people import would_cycle
from tasplus_cli.messages import msg
from tasplus_cli.store.fx import fx_on
from tasplus_cli.store.models import Account, CompellingEvent, Contact, OppChange, Opportunity, TeamMember
from tasplus_cli.store.transfer import fields as c
from tasplus_cli.store.transfer.spec import CellError, Field, Kind
from tasplus_cli.store.transfer.values import Amount, Bool, Choice, Currency, Day, Float, Name, Ref, Stage, Stamp, Text, User


def finish_deal(row: dict, present: set, ctx: Any) -> None:
    row["owner"] = ctx.users.ensure(row["owner"], ctx)  # a cell's owner is a user already; the default (you) becomes one
    if (row["partner"] is None) != (row["registration_id"] is None):
        missing = "partner" if row["partner"] is None else "registration_id"
        raise CellError(missing, msg("error.csv.partner_pair"), msg("hint.csv.partner_pair"))
    if (row.get("incumbent") == "competitor") != (row.get("incumbent_competitor_id") is not None):
        raise CellError("incumbent", msg("error.csv.incumbent_pair"), msg("hint.csv.incumbent_pair"))
    if row["partner"] is None and row["registration_status"] is not None:
        raise CellError("registration_status", msg("error.csv.registration_without_partner"),
                        msg("hint.csv.registration_without_partner"))
    if row["partner"] is not None and row["registration_status"] is None:
        row["registration_status"] = "pending"
    if row["grade_manual"]:
        if row["grade"] is None:
            raise CellError("grade", msg("error.csv.manual_without_grade"), msg("hint.csv.manual_without_grade"))
        if row["grade"] == "E" and row["partner"] is None:
            raise CellError("grade", msg("error.csv.grade_e_without_partner"), msg("hint.csv.fill_partner"))
        return
    grade = "E" if row["partner"] else _grade_in_base(row, ctx)
    if "grade" in present and row["grade"] not in (None, grade):
        ctx.note("regraded")
    row["grade"] = grade


def _grade_in_base(row: dict, ctx: Any) -> str:
    """The grade of the row's amount in the base currency (today's rates, read once per import)."""
    rates = getattr(ctx, "fx", None)
    if rates is None:
        rates = ctx.fx = fx_on(ctx.s, ctx.currency, ctx.today)
    base = rates.to_base(row["amount_minor"], row["currency"])
    if base is None:
        err = no_rate(row["currency"], ctx.currency)
        raise CellError("currency", err.message, err.hint)
    return grade_for_amount(base, ctx.thresholds)


def check_reporting(planned: list, stored: Any, ctx: Any) -> None:
    """Mark rows whose reports-to line would form a cycle (``stored``: a ``transfer.stored.Stored``)."""
    lines = dict(stored.each("id", "reports_to_id"))
    lines.update({p.row["id"]: p.row.get("reports_to_id") for p in planned if not p.errors})
    for p in planned:
        boss = p.row.get("reports_to_id")
        if boss is not None and not p.errors and would_cycle(lines, p.row["id"], boss):
            p.fail("reports_to", msg("error.csv.reporting_cycle"), msg("hint.csv.reporting_cycle"))


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
    """History lines are stored data: English, as the commands write them."""
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


ACCOUNTS = Kind(
    "accounts", Account, prefix="ACC", unique_key=True, natural_key=("name",), name_column="name",
    creatable=True, doc="customer accounts; matched by code, external_id, then name", fields=(
        c.code("ACC"),
        Field("name", "客户名称", Name(), required=True,
              aliases=("名称", "客户", "account", "account name", "company")),
        Field("industry", "行业", Text()),
        Field("region", "地区", Text(), aliases=("区域", "城市", "city")),
        c.notes(), c.external(), c.created(), c.updated()))

CONTACTS = Kind(
    "contacts", Contact, prefix="CON", unique_key=True, natural_key=("account_id", "name"),
    name_column="name", parent="account_id", scoped_names=True, check=check_reporting,
    doc="people at accounts; matched by code, external_id, then account + name", fields=(
        c.code("CON"),
        Field("name", "姓名", Name(), required=True,
              aliases=("联系人", "联系人姓名", "contact name", "full name")),
        c.account("name"), c.account("code", name="account_code"),
        Field("title", "职务", Text(), aliases=("职位", "job title")),
        Field("department", "部门", Text(), aliases=("dept",)),
        c.contact("reports_to_id", name="reports_to", zh="上级编号", aliases=("reports to code",)),
        c.contact("reports_to_id", name="reports_to_name", zh="上级",
                  aliases=("直属上级", "汇报对象", "manager"), show="name"),
        Field("orientation", "行为取向", Choice("ORIENTATION"), aliases=("取向",)),
        Field("relationship", "关系状况", Choice("RELATIONSHIP"), aliases=("关系",)),
        Field("influence", "影响力", Choice("INFLUENCE")),
        Field("circle", "圈子", Text(), aliases=("political circle",)),
        Field("phone", "电话", Text(), aliases=("手机", "mobile", "phone number")),
        Field("email", "邮箱", Text(), aliases=("电子邮件", "e-mail", "email address")),
        c.notes(), c.external(), c.created(), c.updated()))

OPPORTUNITIES = Kind(
    "opportunities", Opportunity, prefix="OPP", natural_key=("account_id", "name"), name_column="name",
    parent="account_id", finish=finish_deal, history=deal_history, aliases=("opps", "deals", "opp"),
    doc="deals; matched by code, external_id, then account + name; graded by amount unless grade_manual",
    fields=(
        c.code("OPP"),
        Field("name", "商机名称", Name(), required=True,
              aliases=("名称", "项目名称", "商机", "opportunity name", "deal name", "opportunity", "deal")),
        c.account("name"), c.account("code", name="account_code"),
        Field("owner", "负责人", User(), default=c.USER,
              aliases=("销售", "销售代表", "opportunity owner", "deal owner", "sales rep", "rep")),
        Field("stage", "阶段", Stage(), default=lambda ctx: ctx.template.stages[0].key,
              aliases=("销售阶段", "deal stage")),
        Field("grade", "等级", Choice("GRADES"), aliases=("商机等级", "级别")),
        Field("status", "状态", Choice("STATUS"), default="open", aliases=("商机状态",)),
        Field("amount", "金额", Amount(), column="amount_minor", default=0,
              aliases=("商机金额", "预计金额", "value", "deal value")),
        Field("currency", "币种", Currency(), default=c.CURRENCY, aliases=("货币", "币别")),
        Field("close_date", "预计成交日期", Day(),
              aliases=("成交日期", "预计签约日期", "expected close date")),
        Field("grade_manual", "手工定级", Bool(), default=False, aliases=("graded by hand",)),
        Field("grade_reason", "定级理由", Text()),
        Field("partner", "合作伙伴", Name()),
        Field("registration_id", "报备编号", Name(), aliases=("registration",)),
        Field("registration_status", "报备状态", Choice("REGISTRATION")),
        Field("forecast_category", "预测类别", Choice("FORECAST"), default="pipeline",
              aliases=("forecast", "forecast category", "预测分类")),
        Field("closed_on", "关闭日期", Day()),
        Field("lost_reason", "关闭原因", Text(), aliases=("丢单原因", "close reason")),
        Field("approved_on", "立项日期", Day()),
        Field("approved_by", "立项审批人", Name()),
        Field("tender_issued_on", "发标日期", Day(), aliases=("tender issued",)),
        Field("bid_result", "投标结果", Choice("BID_RESULT")),
        Field("contract_signed_on", "签约日期", Day(), aliases=("合同签订日期", "contract signed")),
        Field("incumbent", "现有供应商", Choice("INCUMBENT")),
        Field("incumbent_competitor", "现有供应商编号", Ref("competitors"), column="incumbent_competitor_id",
              aliases=("incumbent competitor",)),
        c.external(), c.created(), c.updated()))

EVENTS = Kind(
    "events", CompellingEvent, prefix="EVT", natural_key=("opp_id", "text"),
    history=event_history, aliases=("compelling-events", "event"),
    doc="compelling events; matched by code, then deal + text", fields=(
        c.code("EVT"), c.opp(),
        Field("text", "关键事件", Name(), required=True, aliases=("事件", "内容", "compelling event")),
        Field("kind", "类型", Choice("EVENT_KIND"), default="other", aliases=("事件类型",)),
        Field("status", "状态", Choice("EVENT_STATUS"), default="unconfirmed"),
        Field("deadline", "期限", Day(), aliases=("截止日期",)),
        Field("evidence", "证据", Text()),
        Field("status_reason", "状态原因", Text()),
        c.created(), Field("changed_at", "状态变更时间", Stamp(), default=c.NOW)))

TEAM = Kind(
    "team", TeamMember, unique_key=True, natural_key=("opp_id", "name"), history=team_history,
    extra=True, aliases=("team-members",), doc="deal teams; matched by deal + name", fields=(
        c.opp(), Field("name", "姓名", Name(), required=True, aliases=("成员",)),
        Field("department", "部门", Choice("DEPARTMENT"), default="sales"),
        Field("role", "角色", Text()),
        Field("stage_owner", "负责阶段", Stage()),
        Field("person_days", "人天", Float(0, 10_000)),
        c.created()))

HISTORY = Kind(
    "history", OppChange, natural_key=("opp_id", "at", "by", "field", "old", "new", "reason"),
    extra=True, aliases=("opp-history",), doc="deal history lines; a line already present is not added again",
    fields=(
        c.opp(), Field("at", "时间", Stamp(), required=True),
        Field("by", "操作人", Name(), required=True),
        Field("field", "字段", Name(), required=True),
        Field("old", "原值", Text()), Field("new", "新值", Text()),
        Field("reason", "原因", Text())))
