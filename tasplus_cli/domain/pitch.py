"""The two-minute pitch (METHOD §11): the value proposition as one statement.

Input is the plain ``value_view`` dict (account, deal, compelling event,
solution, business value, proof points, comparison with the top two). Missing
parts are named in brackets so the rep sees what to fill in.
"""

from __future__ import annotations

from tasplus_cli.domain.vocab import DIMENSION


def pitch(v: dict, lang: str = "en") -> str:
    def part(key: str, placeholder: str) -> str:
        return v.get(key) or f"[{placeholder}]"

    better = {}
    for name, dims in v.get("comparison", {}).items():
        wins = [d for d, row in dims.items() if row and row.get("verdict") == "better"]
        if wins:
            better[name] = wins
    if lang == "zh":
        lines = [f"{v['account']}（{v['name']}）：",
                 f"为什么必须做：{v.get('compelling_event') or '[尚无已确认的必要事件]'}。",
                 f"我们的方案：{part('solution', '方案待补充')}。",
                 f"可衡量的业务价值：{part('business_value', '业务价值待补充')}。",
                 f"证明：{part('proof_points', '证明点待补充')}。"]
        for name, dims in better.items():
            lines.append(f"相比{name}，我们在{'、'.join(DIMENSION.label(d, 'zh') for d in dims)}方面更强。")
        return "\n".join(lines)
    lines = [f"{v['account']} — {v['name']}:",
             f"Why now: {v.get('compelling_event') or '[no confirmed compelling event yet]'}.",
             f"What we propose: {part('solution', 'solution missing')}.",
             f"What it is worth to them: {part('business_value', 'business value missing')}.",
             f"Proof: {part('proof_points', 'proof points missing')}."]
    for name, dims in better.items():
        lines.append(f"Against {name}, we are stronger on {', '.join(DIMENSION.label(d) for d in dims)}.")
    return "\n".join(lines)
