"""People on deals in CSV: stakeholders (a person's decision role on a deal)
and activities (planned and done customer actions), with the rule an
imported activity follows.

An activity's people travel in its ``contacts`` cell (``CON-0001;…``, see
``children.ContactList``), so each activity is one CSV row. Its account is
its deal's account when the cell is empty; a deal of another account is an
error, and an activity needs one or the other.
"""

from __future__ import annotations

from typing import Any

from tasplus_cli.messages import msg
from tasplus_cli.store.models import Activity, Stakeholder
from tasplus_cli.store.transfer import fields as c
from tasplus_cli.store.transfer.children import ContactList
from tasplus_cli.store.transfer.spec import CellError, Field, Kind
from tasplus_cli.store.transfer.values import Bool, Choice, Day, Name, Stamp, Text


def finish_activity(row: dict, present: set, ctx: Any) -> None:
    deal_account = ctx.index("opportunities").scope_of.get(row["opp_id"]) if row["opp_id"] else None
    if row["account_id"] is None:
        row["account_id"] = deal_account
    elif deal_account is not None and deal_account != row["account_id"]:
        raise CellError("opp", msg("error.csv.deal_of_another_account"), msg("hint.csv.deal_of_another_account"))
    if row["account_id"] is None:
        raise CellError("account", msg("error.csv.activity_needs_account"), msg("hint.csv.activity_needs_account"))


STAKEHOLDERS = Kind(
    "stakeholders", Stakeholder, unique_key=True, natural_key=("opp_id", "contact_id"),
    doc="people's decision roles on deals; matched by deal + contact", fields=(
        c.opp(), c.contact(required=True),
        Field("role", "决策角色", Choice("ROLE"), required=True, aliases=("角色", "decision role")),
        Field("relationship", "关系状况", Choice("RELATIONSHIP"), aliases=("关系",)),
        Field("inside_source", "内线", Bool(), default=False, aliases=("内部消息来源", "inside source")),
        c.notes(), c.created(), c.updated()))

ACTIVITIES = Kind(
    "activities", Activity, prefix="ACT", natural_key=("account_id", "opp_id", "day", "kind", "summary"),
    finish=finish_activity, doc="planned and done customer actions; matched by code, then account + deal + "
                                "day + kind + summary", fields=(
        c.code("ACT"), c.account(required=False), c.opp(required=False),
        Field("kind", "类型", Choice("ACTIVITY_KIND"), required=True, aliases=("活动类型",)),
        Field("day", "日期", Day(), required=True, aliases=("date",)),
        Field("status", "状态", Choice("ACTIVITY_STATUS"), default="done"),
        Field("summary", "摘要", Text(), required=True, aliases=("内容", "主题", "subject")),
        Field("outcome", "结果", Text()), Field("tactic", "战术", Text()),
        Field("answers", "解决问题", Choice("ANSWERS")),
        Field("created_by", "创建人", Name(), default=c.USER),
        c.created(), Field("done_at", "完成时间", Stamp()),
        Field("contacts", "参与人", ContactList(), column=None, aliases=("联系人", "people"))))
