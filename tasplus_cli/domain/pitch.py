"""The two-minute pitch (METHOD §11): the value proposition as one statement.

Input is the plain ``value_view`` dict (account, deal, compelling event,
solution, business value, proof points, comparison with the top two). Missing
parts are named in brackets so the rep sees what to fill in. The statement is
in ``lang`` (it is read out to a customer), also in ``--json``.
"""

from __future__ import annotations

from tasplus_cli.domain.vocab import DIMENSION
from tasplus_cli.messages import text

PARTS = (("solution", "pitch.solution"), ("business_value", "pitch.business_value"), ("proof_points", "pitch.proof"))


def pitch(v: dict, lang: str = "en") -> str:
    def part(key: str) -> str:
        return v.get(key) or "[" + text(f"pitch.missing.{key}", lang) + "]"

    lines = [text("pitch.head", lang, account=v["account"], name=v["name"]),
             text("pitch.why_now", lang, event=part("compelling_event"))]
    lines += [text(line, lang, text=part(key)) for key, line in PARTS]
    sep = text("pitch.separator", lang)
    for name, dims in v.get("comparison", {}).items():
        wins = [d for d, row in dims.items() if row and row.get("verdict") == "better"]
        if wins:
            lines.append(text("pitch.stronger", lang, name=name,
                              dimensions=sep.join(DIMENSION.label(d, lang) for d in wins)))
    return "\n".join(lines)
