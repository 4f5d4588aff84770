"""Every closed vocabulary of TAS+ with its English and Chinese labels.

A vocabulary maps a stable English key (stored, used in JSON and CSV) to an
English and a Chinese label (shown). ``parse`` accepts the key, either label,
case and spacing ignored, so users may type ``需求分析`` or ``Decision Maker``.
Stages are not here: their template is configurable (see ``stages``).
"""

from __future__ import annotations

from dataclasses import dataclass

from tasplus_cli.domain.errors import InvalidValue


@dataclass(frozen=True)
class Vocab:
    name: str
    items: tuple[tuple[str, str, str], ...]  # (key, English label, Chinese label)

    @property
    def keys(self) -> list[str]:
        return [k for k, _, _ in self.items]

    def label(self, key: str | None, lang: str = "en") -> str:
        if key is None:
            return ""
        for k, en, zh in self.items:
            if k == key:
                return zh if lang == "zh" else en
        return key

    def parse(self, text: str, flag: str | None = None) -> str:
        wanted = normalize(text)
        for k, en, zh in self.items:
            if wanted in (normalize(k), normalize(en), normalize(zh)):
                return k
        choices = ", ".join(f"{k} ({zh})" for k, _, zh in self.items)
        where = f" for {flag}" if flag else ""
        raise InvalidValue(f"unknown {self.name} {text!r}{where}", f"use one of: {choices}")


def normalize(text: str) -> str:
    """Fold case, spaces, underscores and hyphens so 'Decision Maker' == 'decision-maker'."""
    return "".join(ch for ch in text.strip().lower() if ch not in " _-\t")


GRADES = Vocab("grade", (("A", "A", "A"), ("B", "B", "B"), ("C", "C", "C"), ("D", "D", "D"), ("E", "E (partner)", "E（伙伴报备）")))
STATUS = Vocab("status", (
    ("open", "open", "进行中"), ("won", "won", "赢单"), ("lost", "lost", "丢单"), ("abandoned", "abandoned", "放弃")))
REGISTRATION = Vocab("registration status", (
    ("pending", "pending", "待审批"), ("approved", "approved", "已批准"), ("rejected", "rejected", "已拒绝")))
EVENT_KIND = Vocab("event kind", (
    ("budget", "budget approved", "预算已批"), ("deadline", "deadline", "上线期限"), ("regulation", "regulation", "法规要求"),
    ("contract", "contract expiring", "合同到期"), ("other", "other", "其他")))
EVENT_STATUS = Vocab("event status", (
    ("unconfirmed", "unconfirmed", "未确认"), ("confirmed", "confirmed", "已确认"), ("lost", "lost", "已失去")))
DEPARTMENT = Vocab("department", (
    ("sales", "sales", "销售"), ("presales", "presales", "售前"), ("delivery", "delivery", "交付"),
    ("partner", "partner", "合作伙伴"), ("management", "management", "管理层"), ("other", "other", "其他")))
BID_RESULT = Vocab("bid result", (("won", "won", "中标"), ("lost", "lost", "未中标")))
ORIENTATION = Vocab("orientation", (
    ("professional", "professional", "专业型"), ("pragmatic", "pragmatic", "务实型"),
    ("professional-pragmatic", "professional-pragmatic", "专业务实型"),
    ("pragmatic-professional", "pragmatic-professional", "务实专业型"), ("balanced", "balanced", "均衡型")))
RELATIONSHIP = Vocab("relationship status", (
    ("strong-positive", "strong positive", "强正向"), ("positive", "positive", "正向"), ("neutral", "neutral", "中立"),
    ("negative", "negative", "负向"), ("strong-negative", "strong negative", "强负向")))
INFLUENCE = Vocab("influence", (("high", "high", "高"), ("medium", "medium", "中"), ("low", "low", "低")))
INTERACTION = Vocab("interaction level", (
    ("none", "none", "未接触过"), ("occasional", "occasional", "偶尔接触"), ("multiple", "multiple", "多次接触"),
    ("deep", "deep", "深层接触")))
ROLE = Vocab("decision role", (
    ("approver", "approver", "批准者"), ("decision-maker", "decision-maker", "决策者"), ("evaluator", "evaluator", "评估者"),
    ("user", "user", "使用者")))
STRATEGY = Vocab("strategy", (
    ("frontal", "frontal", "正面"), ("flanking", "flanking", "侧翼"), ("fragmentation", "fragmentation", "分割"),
    ("defensive", "defensive", "防御"), ("development", "development", "发展")))
RELATION_STRATEGY = Vocab("relationship strategy", (
    ("suppress", "suppress", "压制"), ("defend", "defend", "防御"), ("attack", "attack (win over)", "进攻"),
    ("motivate", "motivate", "激励"), ("balance", "balance/coordinate", "平衡协调")))
ACTIVITY_STATUS = Vocab("activity status", (
    ("planned", "planned", "计划"), ("done", "done", "已完成"), ("cancelled", "cancelled", "已取消")))
ANSWERS = Vocab("problem answered", (
    ("relationship", "relationship map", "关系图谱"), ("survey", "survey", "问卷"), ("winrate", "win rate", "赢单率"),
    ("value", "value proposition", "价值主张")))
VERDICT = Vocab("comparison", (("better", "better", "优于"), ("equal", "equal", "持平"), ("worse", "worse", "劣于")))
DIMENSION = Vocab("dimension", (
    ("solution", "solution", "解决方案"), ("relationship", "relationship", "客户关系"),
    ("strength", "hardware/software strength", "软硬件实力")))

SCALE = {1: ("none", "没有"), 2: ("weak", "弱"), 3: ("partial", "部分"), 4: ("strong", "强"), 5: ("full", "完全")}


YES = ("yes", "y", "true", "1", "on", "x", "是", "有", "对")
NO = ("no", "n", "false", "0", "off", "否", "没有", "无", "不")


def parse_yes_no(text: str, flag: str) -> bool:
    """The one yes/no parser (flags, CSV cells, ``config set``): ``YES`` or ``NO``, any case."""
    low = text.strip().lower()
    if low in YES or low in NO:
        return low in YES
    raise InvalidValue(f"{flag}: {text!r} is not yes or no", "write yes/no, true/false, 1/0 or 是/否")
