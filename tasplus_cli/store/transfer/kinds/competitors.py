"""Competition in CSV: the competitor library (competitors, their quotes,
core partners, dated key events and relationships), the competitors in each
deal, surveys with their competitor scores, and the win-rate points computed
from them.

A survey's competitor scores travel in its ``competitors`` cell
(``CMP-0001=4,3;…``, see ``children.Scores``), so each survey is one CSV row.
Win-rate points carry their inputs as the JSON text they were stored with:
``--all`` copies the curve exactly, it is never recomputed on import.
"""

from __future__ import annotations

from tasplus_cli.store.models import (
                                      Competitor,
                                      CompetitorEvent,
                                      CompetitorPartner,
                                      CompetitorQuote,
                                      CompetitorRelation,
                                      OppCompetitor,
                                      Survey,
                                      WinRatePoint,
)
from tasplus_cli.store.transfer import fields as c
from tasplus_cli.store.transfer.children import Scores
from tasplus_cli.store.transfer.spec import Field, Kind
from tasplus_cli.store.transfer.values import Amount, Bool, Choice, Currency, Day, Int, Name, Ref, Stamp, Text, User

COMPETITORS = Kind(
    "competitors", Competitor, prefix="CMP", unique_key=True, natural_key=("name",),
    name_column="name", creatable=True, doc="the competitor library; matched by code, external_id, then name",
    fields=(
        c.code("CMP"),
        Field("name", "名称", Name(), required=True, aliases=("竞争对手", "competitor", "厂商")),
        Field("website", "网站", Text()), Field("description", "简介", Text(), aliases=("描述",)),
        Field("strengths", "优势", Text()), Field("weaknesses", "劣势", Text()),
        Field("tactics", "惯用策略", Text(), aliases=("典型策略", "typical tactics")),
        c.notes(), c.external(), c.created(), c.updated()))

QUOTES = Kind(
    "quotes", CompetitorQuote, natural_key=("competitor_id", "day", "opp_id", "account_id", "product"),
    aliases=("competitor-quotes",), doc="competitors' quotes; matched by competitor + day + deal + account + product",
    fields=(
        c.competitor(), Field("day", "日期", Day(), required=True, aliases=("报价日期", "date")),
        c.opp(required=False), c.account(required=False),
        Field("amount", "报价", Amount(), column="amount_minor", required=True, aliases=("金额", "quote")),
        Field("currency", "币种", Currency(), default=c.CURRENCY, aliases=("货币",)),
        Field("product", "产品", Text()), c.notes()))

PARTNERS = Kind(
    "competitor-partners", CompetitorPartner, unique_key=True,
    natural_key=("competitor_id", "name"), extra=True, aliases=("partners",), doc="competitors' core partners", fields=(
        c.competitor(), Field("name", "伙伴名称", Name(), required=True, aliases=("合作伙伴", "partner")),
        c.notes()))

COMPETITOR_EVENTS = Kind(
    "competitor-events", CompetitorEvent, natural_key=("competitor_id", "day", "text"),
    extra=True, doc="competitors' dated key events", fields=(
        c.competitor(), Field("day", "日期", Day(), required=True, aliases=("date",)),
        Field("text", "事件", Text(), required=True, aliases=("内容",))))

RELATIONS = Kind(
    "competitor-relations", CompetitorRelation,
    natural_key=("competitor_id", "account_id", "contact_id"), extra=True, aliases=("relations",),
    doc="competitors' relationships with accounts and people", fields=(
        c.competitor(), c.account(), c.contact(),
        Field("relationship", "关系状况", Choice("RELATIONSHIP"), aliases=("关系",)), c.notes()))

DEAL_COMPETITORS = Kind(
    "deal-competitors", OppCompetitor, unique_key=True, natural_key=("opp_id", "competitor_id"),
    extra=True, doc="competitors in each deal, and who won a lost one", fields=(
        c.opp(), c.competitor(), Field("is_winner", "赢单者", Bool(), default=False, aliases=("winner",)),
        Field("added_at", "加入时间", Stamp(), default=c.NOW)))

SURVEYS = Kind(
    "surveys", Survey, prefix="SUR", natural_key=("opp_id", "day"),
    doc="surveys, with competitor scores in the competitors cell (CMP-0001=FIT,CLOSENESS;…)", fields=(
        c.code("SUR"), c.opp(), Field("day", "日期", Day(), required=True, aliases=("date",)),
        Field("inside_source", "内线", Bool(), required=True, aliases=("有内线", "inside source")),
        c.contact("source_contact_id", name="source_contact", zh="内线联系人", aliases=()),
        Field("source_name", "信息来源", Text()),
        Field("our_fit", "我方匹配度", Int(1, 5), required=True),
        Field("our_closeness", "我方亲密度", Int(1, 5), required=True),
        Field("answered_by", "回答人", User(), aliases=("填写人",)),
        Field("reviewed_by", "审核人", User()),
        Field("reviewed_on", "审核日期", Day(), aliases=("reviewed on",)),
        c.created(),
        Field("competitors", "竞争对手评分", Scores(), column=None, aliases=("竞争对手", "scores"))))

WIN_RATES = Kind(
    "win-rates", WinRatePoint, natural_key=("opp_id", "at"), extra=True, aliases=("winrates",),
    doc="computed win rates with their inputs (the curve)", fields=(
        c.opp(), Field("day", "日期", Day(), required=True), Field("at", "时间", Stamp(), required=True),
        Field("win_rate", "赢单率", Int(0, 100)), Field("rank", "排名", Int(1, 1000)),
        Field("previous", "上次赢单率", Int(0, 100)),
        Field("is_event", "赢单率事件", Bool(), default=False),
        Field("trigger", "触发", Name(), default="survey"),
        Field("survey", "问卷", Ref("surveys"), column="survey_id"),
        Field("reasons", "原因", Text(), default="[]"), Field("inputs", "输入", Text(), default="{}")))
