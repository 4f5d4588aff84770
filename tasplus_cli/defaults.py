"""Every default of tasplus in one place: ``DEFAULTS`` is the shape of ``config.toml`` and the
value of every setting nobody changed; the login name is the default user.

``settings.py`` checks a merged dict against these (kinds and rules) and builds the typed model;
nothing else restates a default. Pure data and two small functions: importing it costs nothing.
"""

from __future__ import annotations

import copy
import getpass
from typing import Any

def login() -> str:
    """The login name (the default ``user``), or ``me`` where there is none."""
    try:
        return getpass.getuser()
    except (KeyError, OSError, ImportError):  # no login name in this environment
        return "me"


DEFAULT_STAGES = [
    {"key": "validate", "en": "validate", "zh": "验证商机", "probability": 10, "days": 14, "gates": ["confirmed_event"]},
    {"key": "initiate", "en": "initiate", "zh": "商机立项", "probability": 20, "days": 14,
     "gates": ["initiation_approved", "team_outside_sales"]},
    {"key": "analyze", "en": "analyze", "zh": "需求分析", "probability": 30, "days": 30,
     "gates": ["value_proposition", "strategy", "planned_activity"]},
    {"key": "present", "en": "present", "zh": "价值呈现", "probability": 40, "days": 30,
     "gates": ["recent_survey", "approver", "decision_maker"]},
    {"key": "tender", "en": "tender", "zh": "招标准备", "probability": 60, "days": 30, "gates": ["tender_issued"]},
    {"key": "bid", "en": "bid", "zh": "组织投标", "probability": 80, "days": 21, "gates": ["bid_won"]},
    {"key": "negotiate", "en": "negotiate", "zh": "谈判签约", "probability": 90, "days": 21, "gates": ["contract_signed"]},
]

DEFAULTS: dict[str, Any] = {
    "user": "",  # empty: the login name
    "currency": "CNY",
    "language": "en",
    "database": "",  # empty: <data dir>/tasplus.db
    "grades": {"A": 5_000_000, "B": 1_000_000, "C": 300_000},
    "gates": {"survey_days": 14},
    # METHOD §9: the competitor-comparison win rate (tasplus's default formula)
    "winrate": {"exponent": 2.0, "no_inside_source_factor": 0.7, "change_threshold": 10},
    "stages": DEFAULT_STAGES,
    # METHOD §8/§12: interaction levels are derived from done activities by these thresholds
    "interaction": {"occasional": 1, "multiple": 2, "deep": 5,
                    "deep_kinds": ["executive-meeting", "site-visit", "dinner", "workshop"]},
    "activities": {
        "kinds": ["call", "email", "meeting", "demo", "proposal", "poc", "executive-meeting", "site-visit",
                  "dinner", "workshop", "other"],
        "labels": {"call": "电话", "email": "邮件", "meeting": "拜访", "demo": "演示", "proposal": "方案建议书",
                   "poc": "测试验证", "executive-meeting": "高层会面", "site-visit": "考察参观", "dinner": "宴请",
                   "workshop": "研讨会", "other": "其他"},
    },
    "relationship_strategy": {"strong-negative": "suppress", "negative": "defend", "neutral": "attack",
                              "positive": "motivate", "strong-positive": "balance"},
    "tactics": {
        "frontal": ["head-to-head POC on key criteria", "reference visits", "executive sponsor meeting"],
        "flanking": ["shape tender specs", "introduce a differentiating criterion", "bring a partner"],
        "fragmentation": ["propose phases or lots", "pilot a module", "target one business unit"],
        "defensive": ["lock criteria early", "accelerate the decision", "deepen multi-level relationships"],
        "development": ["develop approver relationship", "educate on value", "position for the next phase",
                        "withdraw gracefully"],
    },
    "strategy": {"clear_margin": 2},
    "review": {"survey_days": 7, "activity_days": 14, "optimism_points": 30, "big_amount_change": 20,
               "drift_points": 10, "rescore_days": 14},
    # METHOD §14: the fiscal year starts in this month (a fiscal year is named by the calendar year it
    # starts in); a commit deal needs a TAS+ win rate of at least commit_backing (else it is flagged)
    "forecast": {"fiscal_year_start": 1, "commit_backing": 40},
    # CSV import limits (docs/csv.md "Limits and memory"): what one row may hold, and when to stop
    "csv": {"max_line_bytes": 1_048_576, "max_cell_chars": 65_536, "max_bad_rows": 10_000},
    # METHOD §15 (tasplus analyze): lost reasons as typed → canonical reasons, first match wins;
    # an alias matches case-blind anywhere in the free text; no match → "other"
    "analyze": {"lost_reasons": [
        {"key": "price", "aliases": ["price", "expensive", "cheaper", "discount", "cost", "价格", "报价", "太贵", "低价"]},
        {"key": "relationship", "aliases": ["relationship", "sponsor", "decision maker", "decision-maker", "关系",
                                            "高层", "决策人", "内线"]},
        {"key": "product", "aliases": ["product", "feature", "function", "reference", "requirement", "产品", "功能",
                                       "案例", "需求"]},
        {"key": "incumbent", "aliases": ["incumbent", "existing vendor", "renewal", "现有供应商", "原厂商", "续约"]},
        {"key": "timing", "aliases": ["budget", "timing", "postpone", "froze", "frozen", "delay", "预算", "推迟",
                                      "延期", "冻结"]},
        {"key": "no-decision", "aliases": ["no decision", "cancel", "取消", "不做了", "搁置"]},
    ]},
}

LANGUAGES = ("en", "zh")


def merge(base: dict, over: dict) -> dict:
    out = copy.deepcopy(base)
    for k, v in over.items():
        out[k] = merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out
