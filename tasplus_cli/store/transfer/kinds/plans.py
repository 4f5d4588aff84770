"""Plans in CSV: each deal's strategy and value proposition (its deal
plan), its tactics, its value compared with each competitor per dimension,
and the weekly reviews a manager recorded.

These kinds are carried by ``export --all`` / ``import --all`` for a
faithful copy of a database (``extra``), rather than typed by hand: a deal
plan is matched by its deal, a tactic by deal + text, a value comparison by
deal + competitor + dimension, a review by when and by whom it was recorded.
A plan's ``strategy`` is a key of ``domain.vocab.STRATEGY``; a verdict is
better, equal or worse (``VERDICT``); a tactic's strategy is kept as typed,
since a tactic may outlive a change of strategy.
"""

from __future__ import annotations

from tasplus_cli.store.models import DealPlan, Review, Tactic, ValueComparison
from tasplus_cli.store.transfer import fields as c
from tasplus_cli.store.transfer.spec import Field, Kind
from tasplus_cli.store.transfer.values import Choice, Name, Stamp, Text, User

DEAL_PLANS = Kind(
    "deal-plans", DealPlan, unique_key=True, natural_key=("opp_id",), extra=True, aliases=("plans",),
    doc="strategy and value proposition per deal", fields=(
        c.opp(), Field("strategy", "策略", Choice("STRATEGY")), Field("rationale", "理由", Text()),
        Field("solution", "解决方案", Text()), Field("business_value", "业务价值", Text()),
        Field("proof_points", "证明", Text()), c.updated()))

TACTICS = Kind(
    "tactics", Tactic, natural_key=("opp_id", "text"), extra=True, doc="tactics per deal", fields=(
        c.opp(), Field("text", "战术", Text(), required=True), Field("strategy", "策略", Text()),
        Field("status", "状态", Name(), default="active"), c.created()))

VALUE_COMPARISONS = Kind(
    "value-comparisons", ValueComparison, unique_key=True,
    natural_key=("opp_id", "competitor_id", "dimension"),
    extra=True, aliases=("values",), doc="our value against each competitor, per dimension", fields=(
        c.opp(), c.competitor(), Field("dimension", "维度", Choice("DIMENSION"), required=True),
        Field("verdict", "比较", Choice("VERDICT"), required=True), c.notes("note")))

REVIEWS = Kind(
    "reviews", Review, natural_key=("at", "by"), extra=True, doc="recorded weekly reviews", fields=(
        Field("at", "时间", Stamp(), required=True), Field("by", "评审人", Name(), required=True),
        Field("owner", "负责人", User()), Field("team", "团队", User()), Field("since", "起始", Stamp(), required=True),
        c.notes("note")))
