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
}


def t(text: str, lang: str) -> str:
    return ZH.get(text, text) if lang == "zh" else text
