"""The words of the weekly review in English or Chinese.

JSON keeps English keys and the English sentences; a person reading the
review in Chinese (``language = "zh"`` / ``TASPLUS_LANG=zh``) gets every
heading, warning, coaching question and change line in Chinese, rebuilt here
from the structured ``data`` each warning carries. Commands stay as typed.
"""

from __future__ import annotations

from tasplus_cli.domain import vocab

FIELDS_ZH = {"stage": "阶段", "amount": "金额", "close_date": "预计签约日期", "status": "状态", "event": "必要事件",
             "grade": "级别", "owner": "负责人", "stakeholder": "关键人", "strategy": "策略", "won_by": "赢单对手",
             "gate_override": "关卡放行", "win_rate": "赢单率", "competitor": "竞争对手",
             "registration_status": "报备状态"}

# key → (title, question); titles may use the warning's data
WARNINGS_ZH = {
    "no_compelling_event": ("没有已确认的必要事件", "客户为什么必须做这个项目、什么时候之前必须做？是谁说的？"),
    "compelling_event_lost": ("必要事件失去：{events}", "这还是一个项目吗？还要继续投入售前资源吗？"),
    "no_inside_source": ("没有内部消息来源", "客户内部谁会告诉我们真话？可以发展谁？"),
    "no_approver": ("尚未识别批准者", "谁最终拍板？谁能带我们见到他？"),
    "not_top_three": ("未进入前三名（第 {rank} 名）", "要改变什么我们才是真正的竞争者——还是应该放弃？"),
    "competition_unknown": ("竞争情况不明（没有给竞争对手打分）", "还有谁在投标？他们提供什么、和谁关系好？"),
    "survey_stale": ("问卷超过 {survey_days} 天未更新（上次 {last}）", "现在我们一起回答这四个问题。"),
    "win_rate_moved": ("赢单率变化：{old} → {new}（{why}）", "发生了什么？哪个输入变了，我们怎么应对？"),
    "stage_optimism": ("阶段乐观：阶段概率 {stage_probability}% 对比赢单率 {win_rate}%",
                       "阶段说我们快赢了，对比说我们落后。哪个是真的？"),
    "key_person_not_contacted": ("{role} {names} 从未接触", "谁能帮我们约到他们？什么时候？"),
    "key_person_negative": ("{role} {names} 对我们负向", "他们为什么反对我们？压制还是防御——战术是什么？"),
    "single_threaded": ("单线联系：只接触了 {names}", "如果我们的联系人离开或失势，我们还剩什么？"),
    "no_recent_activity": ("{activity_days} 天没有活动（上次 {last}）", "是项目停滞了，还是我们停下了？"),
    "overdue_activities": ("{count} 个计划活动已逾期", "做了吗？结果如何？"),
    "close_date_passed": ("预计签约日期已过（{close_date}）", "到底什么时候签？是什么推迟了它？"),
    "plan_missing": ("已过需求分析阶段但缺少{missing}", "这个单子我们怎么赢？两分钟说清楚。"),
}
MISSING_ZH = {"strategy": "竞争策略", "value proposition": "价值主张"}


def _pct(v) -> str:  # noqa: ANN001
    return "n/a" if v is None else f"{v}%" if isinstance(v, int) else str(v)


def warning(w: dict, lang: str) -> tuple[str, str, str]:
    """(title, detail, question) of one review warning in ``lang``."""
    if lang != "zh" or w["key"] not in WARNINGS_ZH:
        return w["title"], w["detail"], w["question"]
    title, question = WARNINGS_ZH[w["key"]]
    d = dict(w.get("data") or {})
    d.setdefault("survey_days", 7)
    d.setdefault("activity_days", 14)
    d["role"] = vocab.ROLE.label(d.get("role"), "zh") if d.get("role") else "关键人"
    d["names"] = "、".join(d.get("names") or []) or "无人"
    d["events"] = "；".join(d.get("events") or [])
    d["last"] = d.get("last") or "无"
    d["old"], d["new"] = _pct(d.get("old")), _pct(d.get("new"))
    d["why"] = d.get("why") or "见 winrate"
    d["missing"] = "和".join(MISSING_ZH.get(m, m) for m in d.get("missing") or [])
    try:
        return title.format(**d), "", question
    except (KeyError, IndexError, ValueError):
        return w["title"], w["detail"], question


def change(c: dict, labels: dict[str, str], lang: str) -> str:
    """One 'what changed' line."""
    def val(v):  # noqa: ANN001, ANN202
        return labels.get(v, v) if c["field"] == "stage" else v

    name = FIELDS_ZH.get(c["field"], c["field"]) if lang == "zh" else c["field"].replace("_", " ")
    arrow = f"{val(c['old'])} → {val(c['new'])}" if c.get("old") is not None else f"{val(c['new'])}"
    return f"{name}: {arrow}" + (f" ({c['reason']})" if c.get("reason") else "")
