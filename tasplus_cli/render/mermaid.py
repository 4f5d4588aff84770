"""The relationship map (``store.relmap``'s dicts) as a Mermaid ``flowchart TD``:
the screen of ``tasplus map --format mermaid``, for wikis and slides.

Invariants: every relationship status is a node colour *and* a symbol
(``render.map.MARK``); user text is escaped into entity codes, so a quote,
``#``, ``<`` or bracket cannot break the chart; words are the catalogue's in
``view.lang``. Nothing here prints.
"""

from __future__ import annotations

from tasplus_cli.domain import vocab
from tasplus_cli.messages import text
from tasplus_cli.render.map import MARK, UNKNOWN
from tasplus_cli.render.view import View

FILL = {"strong-positive": "fill:#2e7d32,color:#ffffff", "positive": "fill:#c8e6c9,color:#000000",
        "neutral": "fill:#fff9c4,color:#000000", "negative": "fill:#ffcdd2,color:#000000",
        "strong-negative": "fill:#c62828,color:#ffffff", None: "fill:#eeeeee,color:#000000"}


def mermaid_text(value: str) -> str:
    """User text safe inside a quoted Mermaid label: entity codes for the characters Mermaid or HTML treat
    specially, spaces for line breaks."""
    out = []
    for ch in " ".join(str(value).split()):
        out.append(f"#{ord(ch)};" if ch in '"#&<>`;' else ch)
    return "".join(out)


def _join(*parts: str | None) -> str:
    return " · ".join(x for x in parts if x)


def node_id(code: str) -> str:
    return code.replace("-", "_")


def _class(status: str | None, stakeholder: bool) -> str:
    return ("st_" if stakeholder else "") + (status or "unknown").replace("-", "_")


def mermaid(data: dict, view: View) -> str:
    """The map as a Mermaid ``flowchart TD``: one node per person, an edge per reporting line, the status as the
    node's colour and symbol, the decision role (deal) or circle (account, as subgraphs) in the label."""
    lang = view.lang
    deal = data["kind"] == "deal"
    v = vocab
    title = (f"{data['opp']['code']} {data['opp']['name']} · {data['account']['name']}" if deal
             else f"{data['account']['code']} {data['account']['name']}")
    lines = ["flowchart TD", f"  %% {mermaid_text(title)}"]
    used: set[str] = set()
    for p in data["people"]:
        status = p["relationship_effective"] if deal else p["relationship_overall"]
        rel = f"{MARK.get(status or '', UNKNOWN)[0]} {v.RELATIONSHIP.label(status, lang) or text('map.unknown', lang)}"
        infl = v.INFLUENCE.label(p["influence"], lang)
        if deal:
            parts = [_join(p["name"], p["title"]),
                     _join(v.ROLE.label(p["role"], lang) if p["role"] else "—", rel,
                           text("map.inside_source", lang) if p["inside_source"] else None),
                     _join(v.INTERACTION.label(p["interaction"], lang), infl, p["circle"])]
        else:
            parts = [_join(p["name"], p["title"]), _join(rel, v.INTERACTION.label(p["interaction_overall"], lang), infl),
                     _join(*(f"{d['opp']} {v.ROLE.label(d['role'], lang)}" for d in p["deals"]))]
        label = "<br/>".join(mermaid_text(x) for x in parts if x.strip())
        cls = _class(status, deal and p["role"] is not None)
        used.add(cls)
        lines.append(f'  {node_id(p["code"])}["{label}"]:::{cls}')
    for p in data["people"]:
        if p["reports_to"] and p["code"] not in data["outside"]:
            lines.append(f"  {node_id(p['reports_to'])} --> {node_id(p['code'])}")
    for i, c in enumerate(data.get("circles", []), 1):
        lines.append(f'  subgraph circle_{i}["{mermaid_text(c["name"])}"]')
        lines.extend(f"    {node_id(code)}" for code in c["members"])
        lines.append("  end")
    for status, fill in FILL.items():
        for stakeholder in (False, True):
            cls = _class(status, stakeholder)
            if cls in used:
                lines.append(f"  classDef {cls} {fill}" + (",stroke:#000000,stroke-width:3px" if stakeholder else ""))
    return "\n".join(lines) + "\n"
