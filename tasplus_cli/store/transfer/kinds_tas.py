"""The TAS+ record kinds in CSV: the competitor library (competitors, quotes,
partners, key events, relationships), deals' competitors, stakeholders,
activities, surveys with their competitor scores, win-rate points, deal
plans, tactics, value comparisons and recorded reviews.

A survey's competitor scores travel in its ``competitors`` cell
(``CMP-0001=4,3;…``) and an activity's people in its ``contacts`` cell
(``CON-0001;…``), so each survey and activity is one CSV row.
"""

from __future__ import annotations

from tasplus_cli.store.models import (Activity, Competitor, CompetitorEvent, CompetitorPartner, CompetitorQuote,
                                          CompetitorRelation, DealPlan, OppCompetitor, Review, Stakeholder, Survey,
                                          Tactic, ValueComparison, WinRatePoint)
from tasplus_cli.store.transfer import fields as c
from tasplus_cli.store.transfer import hooks
from tasplus_cli.store.transfer.children import ContactList, Scores
from tasplus_cli.store.transfer.spec import Field, Kind
from tasplus_cli.store.transfer.values import Amount, Bool, Choice, Currency, Day, Int, Name, Ref, Stamp, Text

_CUR = Field("currency", "币种", Currency(), default=lambda ctx: ctx.cfg.currency, aliases=("货币",))

COMPETITORS = Kind(
    "competitors", Competitor, "competitor", prefix="CMP", unique_key=True, natural_key=("name",),
    name_column="name", creatable=True, doc="the competitor library; matched by code, external_id, then name",
    fields=(
        c.code("CMP"),
        Field("name", "名称", Name(), required=True, aliases=("竞争对手", "competitor", "厂商")),
        Field("website", "网站", Text()), Field("description", "简介", Text(), aliases=("描述",)),
        Field("strengths", "优势", Text()), Field("weaknesses", "劣势", Text()),
        Field("tactics", "惯用策略", Text(), aliases=("典型策略", "typical tactics")),
        c.notes(), c.external(), c.created(), c.updated()))

QUOTES = Kind(
    "quotes", CompetitorQuote, "quote", natural_key=("competitor_id", "day", "opp_id", "account_id", "product"),
    aliases=("competitor-quotes",), doc="competitors' quotes; matched by competitor + day + deal + account + product",
    fields=(
        c.competitor(), Field("day", "日期", Day(), required=True, aliases=("报价日期", "date")),
        c.opp(required=False), c.account(required=False),
        Field("amount", "报价", Amount(), column="amount_minor", required=True, aliases=("金额", "quote")),
        _CUR, Field("product", "产品", Text()), c.notes()))

PARTNERS = Kind(
    "competitor-partners", CompetitorPartner, "competitor partner", unique_key=True,
    natural_key=("competitor_id", "name"), extra=True, aliases=("partners",), doc="competitors' core partners", fields=(
        c.competitor(), Field("name", "伙伴名称", Name(), required=True, aliases=("合作伙伴", "partner")),
        c.notes()))

COMPETITOR_EVENTS = Kind(
    "competitor-events", CompetitorEvent, "competitor event", natural_key=("competitor_id", "day", "text"),
    extra=True, doc="competitors' dated key events", fields=(
        c.competitor(), Field("day", "日期", Day(), required=True, aliases=("date",)),
        Field("text", "事件", Text(), required=True, aliases=("内容",))))

RELATIONS = Kind(
    "competitor-relations", CompetitorRelation, "competitor relationship",
    natural_key=("competitor_id", "account_id", "contact_id"), extra=True, aliases=("relations",),
    doc="competitors' relationships with accounts and people", fields=(
        c.competitor(), c.account(), c.contact(),
        Field("relationship", "关系状况", Choice("RELATIONSHIP"), aliases=("关系",)), c.notes()))

DEAL_COMPETITORS = Kind(
    "deal-competitors", OppCompetitor, "deal competitor", unique_key=True, natural_key=("opp_id", "competitor_id"),
    extra=True, doc="competitors in each deal, and who won a lost one", fields=(
        c.opp(), c.competitor(), Field("is_winner", "赢单者", Bool(), default=False, aliases=("winner",)),
        Field("added_at", "加入时间", Stamp(), default=c.NOW)))

STAKEHOLDERS = Kind(
    "stakeholders", Stakeholder, "stakeholder", unique_key=True, natural_key=("opp_id", "contact_id"),
    doc="people's decision roles on deals; matched by deal + contact", fields=(
        c.opp(), c.contact(required=True),
        Field("role", "决策角色", Choice("ROLE"), required=True, aliases=("角色", "decision role")),
        Field("relationship", "关系状况", Choice("RELATIONSHIP"), aliases=("关系",)),
        Field("inside_source", "内线", Bool(), default=False, aliases=("内部消息来源", "inside source")),
        c.notes(), c.created(), c.updated()))

ACTIVITIES = Kind(
    "activities", Activity, "activity", prefix="ACT", natural_key=("account_id", "opp_id", "day", "kind", "summary"),
    finish=hooks.finish_activity, doc="planned and done customer actions; matched by code, then account + deal + "
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

SURVEYS = Kind(
    "surveys", Survey, "survey", prefix="SUR", natural_key=("opp_id", "day"),
    doc="surveys, with competitor scores in the competitors cell (CMP-0001=FIT,CLOSENESS;…)", fields=(
        c.code("SUR"), c.opp(), Field("day", "日期", Day(), required=True, aliases=("date",)),
        Field("inside_source", "内线", Bool(), required=True, aliases=("有内线", "inside source")),
        c.contact("source_contact_id", name="source_contact", zh="内线联系人", aliases=()),
        Field("source_name", "信息来源", Text()),
        Field("our_fit", "我方匹配度", Int(1, 5), required=True),
        Field("our_closeness", "我方亲密度", Int(1, 5), required=True),
        Field("answered_by", "回答人", Name(), aliases=("填写人",)),
        Field("reviewed_by", "审核人", Name()),
        c.created(),
        Field("competitors", "竞争对手评分", Scores(), column=None, aliases=("竞争对手", "scores"))))

WIN_RATES = Kind(
    "win-rates", WinRatePoint, "win-rate point", natural_key=("opp_id", "at"), extra=True, aliases=("winrates",),
    doc="computed win rates with their inputs (the curve)", fields=(
        c.opp(), Field("day", "日期", Day(), required=True), Field("at", "时间", Stamp(), required=True),
        Field("win_rate", "赢单率", Int(0, 100)), Field("rank", "排名", Int(1, 1000)),
        Field("previous", "上次赢单率", Int(0, 100)),
        Field("is_event", "赢单率事件", Bool(), default=False),
        Field("trigger", "触发", Name(), default="survey"),
        Field("survey", "问卷", Ref("surveys"), column="survey_id"),
        Field("reasons", "原因", Text(), default="[]"), Field("inputs", "输入", Text(), default="{}")))

DEAL_PLANS = Kind(
    "deal-plans", DealPlan, "deal plan", unique_key=True, natural_key=("opp_id",), extra=True, aliases=("plans",),
    doc="strategy and value proposition per deal", fields=(
        c.opp(), Field("strategy", "策略", Choice("STRATEGY")), Field("rationale", "理由", Text()),
        Field("solution", "解决方案", Text()), Field("business_value", "业务价值", Text()),
        Field("proof_points", "证明", Text()), c.updated()))

TACTICS = Kind(
    "tactics", Tactic, "tactic", natural_key=("opp_id", "text"), extra=True, doc="tactics per deal", fields=(
        c.opp(), Field("text", "战术", Text(), required=True), Field("strategy", "策略", Text()),
        Field("status", "状态", Name(), default="active"), c.created()))

VALUE_COMPARISONS = Kind(
    "value-comparisons", ValueComparison, "value comparison", unique_key=True,
    natural_key=("opp_id", "competitor_id", "dimension"),
    extra=True, aliases=("values",), doc="our value against each competitor, per dimension", fields=(
        c.opp(), c.competitor(), Field("dimension", "维度", Choice("DIMENSION"), required=True),
        Field("verdict", "比较", Choice("VERDICT"), required=True), c.notes("note")))

REVIEWS = Kind(
    "reviews", Review, "review", natural_key=("at", "by"), extra=True, doc="recorded weekly reviews", fields=(
        Field("at", "时间", Stamp(), required=True), Field("by", "评审人", Name(), required=True),
        Field("owner", "负责人", Name()), Field("since", "起始", Stamp(), required=True), c.notes("note")))

TAS = (COMPETITORS, QUOTES, PARTNERS, COMPETITOR_EVENTS, RELATIONS, DEAL_COMPETITORS, STAKEHOLDERS, ACTIVITIES,
       SURVEYS, WIN_RATES, DEAL_PLANS, TACTICS, VALUE_COMPARISONS, REVIEWS)
