"""Display words in English and Chinese: table headers, headings, labels.

JSON and CSV never use these: they keep English keys in both languages.
``t(text, lang)`` returns the Chinese for a known English word, else the text.
"""

from __future__ import annotations

ZH = {
    "Code": "编号", "Name": "名称", "Account": "客户", "Accounts": "客户", "Owner": "负责人", "Stage": "阶段",
    "Grade": "级别", "Status": "状态", "Amount": "金额", "Currency": "币种", "Close date": "预计签约",
    "Win rate": "赢单率", "Industry": "行业", "Region": "区域", "Deals": "商机", "Contacts": "联系人",
    "Title": "职务", "Department": "部门", "Reports to": "汇报给", "Orientation": "行为取向",
    "Relationship": "关系状况", "Influence": "影响力", "Circle": "圈子", "Interaction": "交互程度",
    "Role": "决策角色", "When": "时间", "By": "操作人", "Field": "字段", "Old": "原值", "New": "新值",
    "Why": "原因", "Text": "内容", "Kind": "类型", "Deadline": "期限", "Evidence": "证据",
    "Team": "团队", "Stage owner": "阶段负责人", "Person-days": "人天", "Notes": "备注",
    "Compelling events": "必要事件", "History": "变更历史", "Pipeline": "销售漏斗", "Partner": "合作伙伴",
    "Registration": "报备", "Gates": "关卡", "Missing": "缺少", "Probability": "阶段概率",
    "Key": "键", "Value": "值", "open": "进行中", "Date": "日期", "Phone": "电话", "Email": "邮箱",
    "Summary": "摘要", "Outcome": "结果", "Tactic": "战术", "With": "参与人",
    "Total": "合计", "Classic": "阶段加权预测", "TAS+": "TAS+预测", "Stage-to-stage conversion": "阶段转化率",
    "Weekly review": "周度商机督导", "the whole team": "全体团队", "What changed": "本周变化",
    "Warnings and questions": "预警与督导问题", "Open deals": "在途商机",
    "Classic forecast (stage-weighted)": "阶段加权预测", "TAS+ forecast (win rate)": "TAS+赢单率预测",
    "Moved most": "变化最大", "more deals on the agenda (use --limit 0 to see all)": "个商机未显示（--limit 0 显示全部）", "Stage optimism": "阶段乐观",
    "Nothing to discuss: no important deal changed or carries a warning.": "本期没有需要讨论的重要商机。",
    "Against the top two": "与前两名对手对比", "Competitor": "竞争对手", "Value proposition": "价值主张",
    "Solution": "解决方案", "Business value": "业务价值", "Proof points": "证明点", "Compelling event": "必要事件",
    "Rationale": "理由", "Suggested": "建议", "Tactics": "战术", "Tactic catalogue": "战术库", "Overdue": "已逾期",
    "Planned": "计划中", "Done in the last 14 days": "近14天已完成", "People": "关键人", "Relationship strategy": "关系策略",
    "No competitor scored in the latest survey: nothing to compare against yet.": "最近一次问卷没有给竞争对手打分，暂无对比。",
    "Activities": "活动", "Added": "加入时间", "Answered by": "回答人", "Change": "变化", "Closeness": "关系紧密度",
    "Competitors": "竞争对手", "Competitors fit/closeness": "对手 满足度/紧密度", "Contact": "联系人", "Deal": "商机",
    "Event": "事件", "Fit": "满足度", "In field": "入围", "Inside source": "内部消息来源", "Open": "进行中",
    "Overall": "总体", "Party": "参与方", "Product": "产品", "Rank": "排名", "Reviewed by": "审核经理",
    "Share": "份额", "Stakeholder on": "参与的商机", "Strength": "实力", "Strengths": "优势", "They won": "对方赢",
    "Us fit/closeness": "我方 满足度/紧密度", "We won": "我方赢", "Website": "网站", "Win-rate moves": "赢单率变化",
    "Winner": "赢单方", "check": "检查项", "detail": "详情", "status": "状态", "Stakeholders": "关键人",
    "Surveys": "问卷", "Weaknesses": "劣势", "Quotes": "报价", "Partners": "合作伙伴", "Key events": "关键事件",
    "From": "从", "To": "到", "Entered": "进入", "Moved on": "推进", "Rate": "转化率", "Strategy": "策略",
}


def t(text: str, lang: str) -> str:
    return ZH.get(text, text) if lang == "zh" else text
