"""The relationship map drawn from ``store.relmap``'s dicts (METHOD §8): a rich
``Tree`` of the reporting lines whose columns line up, the people outside any
reporting line, a legend, the warnings and the suggested relationship
strategies; and the same map as a Mermaid flowchart.

Invariants:
- Every relationship status has a symbol as well as a colour (``++ + = - --``,
  ``?`` unknown), so the map reads the same with ``NO_COLOR`` or on paper.
- Columns line up in a terminal whatever the script: widths are measured in
  terminal cells (``rich.cells.cell_len``, CJK = 2) and each name is padded by
  its depth in the tree (rich indents 4 cells a level).
- User text never becomes markup (``Text`` only) and, in Mermaid, is escaped
  into entity codes so a quote, ``#``, ``<`` or bracket cannot break the chart.
- Nothing here prints.
"""

from __future__ import annotations

from typing import Callable

from rich.cells import cell_len
from rich.console import Group
from rich.text import Text
from rich.tree import Tree

from tasplus_cli.domain import vocab
from tasplus_cli.domain.review import MAP_KEYS
from tasplus_cli.render import review_text
from tasplus_cli.domain.vocab import Vocab
from tasplus_cli.render.i18n import t as base_t
from tasplus_cli.render.tables import Col, table

INDENT = 4  # cells rich's Tree indents per level
MARK = {"strong-positive": ("++", "bold green"), "positive": ("+", "green"), "neutral": ("=", "yellow"),
        "negative": ("-", "red"), "strong-negative": ("--", "bold red")}
UNKNOWN = ("?", "dim")
ZH = {"Decision map": "决策关系图谱", "Org chart": "组织架构", "Person": "人员", "Legend": "图例",
      "Not in a reporting line": "不在汇报线上", "Warnings": "预警", "No warnings": "无预警",
      "Suggested relationship strategy": "建议关系策略", "Circles": "圈子", "Deals": "商机", "no circle": "无圈子",
      "inside source": "内线", "Ask": "教练提问", "Strategy": "关系策略", "hidden": "已隐藏",
      "unknown": "未知", "relationship on this deal": "本商机关系状况", "relationship overall": "总体关系状况",
      "* the overall status: not yet judged on this deal": "* 本商机尚未评估，显示总体关系状况",
      "interaction, counted from done activities": "交互程度（按已完成活动计）", "or any": "或任一"}


def _t(text: str, lang: str) -> str:
    return ZH.get(text, base_t(text, lang)) if lang == "zh" else text


def status_text(status: str | None, lang: str, inherited: bool = False, pad: bool = True) -> Text:
    """``++ strong positive`` in its colour; the symbol padded to 2 cells so labels line up (``pad``)."""
    mark, style = MARK.get(status or "", UNKNOWN)
    label = vocab.RELATIONSHIP.label(status, lang) if status else _t("unknown", lang)
    return Text(f"{mark:<2} {label}{'*' if inherited else ''}" if pad else f"{mark} {label}", style=style)


def _interaction(level: str, lang: str, alarm: bool) -> Text:
    style = "bold red" if alarm and level == "none" else {"deep": "green", "none": "dim"}.get(level, "")
    return Text(vocab.INTERACTION.label(level, lang), style=style)


Column = tuple[str, Callable[[dict], Text]]


def _columns(kind: str, lang: str) -> list[Column]:
    v = vocab
    cols: list[Column] = [("Title", lambda p: Text(p["title"] or "", style="dim"))]
    if kind == "deal":
        cols += [("Role", lambda p: Text(v.ROLE.label(p["role"], lang) if p["role"] else "",
                                         style="bold" if p["role"] in ("approver", "decision-maker") else "")),
                 ("Relationship", lambda p: status_text(p["relationship_effective"], lang,
                                                        p["relationship_source"] == "overall")),
                 ("Interaction", lambda p: _interaction(p["interaction"], lang, p["role"] is not None))]
    else:
        cols += [("Relationship", lambda p: status_text(p["relationship_overall"], lang)),
                 ("Interaction", lambda p: _interaction(p["interaction_overall"], lang, False))]
    cols += [("Orientation", lambda p: Text(v.ORIENTATION.label(p["orientation"], lang))),
             ("Influence", lambda p: Text(v.INFLUENCE.label(p["influence"], lang),
                                          style="bold" if p["influence"] == "high" else "")),
             ("Circle", lambda p: Text(p["circle"] or ""))]
    if kind == "deal":
        cols.append(("", lambda p: Text(f"[{_t('inside source', lang)}]" if p["inside_source"] else "", style="cyan")))
    else:
        cols.append(("Deals", lambda p: Text(", ".join(
            f"{d['opp']} {v.ROLE.label(d['role'], lang)}" for d in p["deals"]))))
    return cols


DROP_ORDER = ("Title", "Circle", "Orientation")  # hidden in this order when the terminal is too narrow


def _depths(data: dict) -> dict[str, int]:
    out: dict[str, int] = {}

    def walk(node: dict, d: int) -> None:
        out[node["code"]] = d
        for k in node["children"]:
            walk(k, d + 1)
    for root in data["tree"]:
        walk(root, 1)
    for code in data["outside"]:
        out[code] = 1
    return out


def _layout(data: dict, lang: str, width: int) -> tuple[list[Column], int, list[int], list[str]]:
    """Columns that fit ``width``, the name column width (with indent), each column's width, what was hidden."""
    depth = _depths(data)
    people = data["people"]
    name_w = max([cell_len(_t("Person", lang))] + [INDENT * depth[p["code"]] + cell_len(p["name"]) for p in people])
    cols = _columns(data["kind"], lang)
    hidden: list[str] = []
    while True:
        widths = [max([cell_len(_t(h, lang))] + [f(p).cell_len for p in people]) for h, f in cols]
        if name_w + sum(w + 2 for w in widths) <= width or not any(h in DROP_ORDER for h, _ in cols):
            return cols, name_w, widths, hidden
        drop = next(d for d in DROP_ORDER if any(h == d for h, _ in cols))
        hidden.append(drop)
        cols = [c for c in cols if c[0] != drop]


def _line(name: Text, name_w: int, cells: list[Text], widths: list[int]) -> Text:
    out = name.copy()
    out.pad_right(max(0, name_w - name.cell_len))
    for cell, w in zip(cells, widths):
        out.append("  ")
        piece = cell.copy()
        piece.pad_right(max(0, w - cell.cell_len))
        out.append_text(piece)
    out.rstrip()
    return out


def _trees(data: dict, lang: str, width: int, heading: Text) -> list:
    if not data["people"]:
        a = data["account"]
        return [heading, Text(f"no people at {a['name']} yet — add them: tasplus contact add NAME --account {a['code']}",
                              style="yellow")]
    cols, name_w, widths, hidden = _layout(data, lang, width)
    by_code = {p["code"]: p for p in data["people"]}
    depth = _depths(data)

    def label(code: str) -> Text:
        p = by_code[code]
        bold = data["kind"] == "account" or p.get("role") is not None
        name = Text(p["name"], style="bold" if bold else "")
        return _line(name, name_w - INDENT * depth[code], [f(p) for _, f in cols], widths)

    header = _line(Text(_t("Person", lang)), name_w, [Text(_t(h, lang)) for h, _ in cols], widths)
    header.stylize("dim underline")
    root = Tree(Text.assemble(heading, "\n", header), guide_style="dim")

    def grow(branch: Tree, node: dict) -> None:
        sub = branch.add(label(node["code"]))
        for k in node["children"]:
            grow(sub, k)
    for node in data["tree"]:
        grow(root, node)
    parts: list = [root]
    if data["outside"]:
        loose = Tree(Text(_t("Not in a reporting line", lang), style="bold"), guide_style="dim")
        for code in data["outside"]:
            loose.add(label(code))
        parts.append(loose)
    if hidden:
        parts.append(Text(f"({_t('hidden', lang)}: {', '.join(_t(h, lang) for h in hidden)} — widen the terminal "
                          f"or use --json)", style="dim"))
    return parts


def _span(lo: int, hi: int) -> str:
    return str(lo) if lo == hi else f"{lo}–{hi}"


def legend(data: dict, lang: str, kinds: Vocab | None = None) -> Text:
    r = data["interaction_rule"]
    lv = vocab.INTERACTION
    deal = data["kind"] == "deal"
    out = Text(f"{_t('Legend', lang)}: ", style="bold")
    out.append(_t("relationship on this deal" if deal else "relationship overall", lang) + ": ")
    for k in vocab.RELATIONSHIP.keys:
        out.append_text(status_text(k, lang, pad=False))
        out.append("  ")
    out.append_text(status_text(None, lang, pad=False))
    if deal:
        out.append("\n  " + _t("* the overall status: not yet judged on this deal", lang)
                   + " (tasplus stakeholder edit … --relationship)")
    deep = ", ".join(kinds.label(k, lang) if kinds else k for k in r["deep_kinds"])
    out.append(f"\n  {_t('interaction, counted from done activities', lang)}: {lv.label('none', lang)} 0 · "
               f"{lv.label('occasional', lang)} {_span(r['occasional'], r['multiple'] - 1)} · "
               f"{lv.label('multiple', lang)} {_span(r['multiple'], r['deep'] - 1)} · "
               f"{lv.label('deep', lang)} ≥ {r['deep']} {_t('or any', lang)} {deep}")
    return out


def deal_map(data: dict, lang: str, width: int, kinds: Vocab | None = None) -> Group:
    o, a = data["opp"], data["account"]
    heading = Text(f"{_t('Decision map', lang)} · {o['code']} {o['name']} · {a['name']}", style="bold")
    parts = _trees(data, lang, width, heading) + [legend(data, lang, kinds), Text("")]
    warn = Text(f"{_t('Warnings', lang)} ({len(data['warnings'])})", style="bold")
    names = {p["code"]: p["name"] for p in data["people"]}
    for w in data["warnings"]:
        message, _, question = review_text.warning(
            {"key": MAP_KEYS.get(w["key"], w["key"]), "title": w["message"], "detail": "", "question": w["question"],
             "data": {"role": w["role"], "names": [names.get(c, c) for c in w["contacts"]]}}, lang)
        warn.append("\n  ! ", style="bold yellow")
        warn.append(message, style="yellow")
        warn.append(f"\n      {_t('Ask', lang)}: {question}\n      → {w['fix']}", style="dim")
    if not data["warnings"]:
        warn.append(f"\n  {_t('No warnings', lang)}", style="green")
    parts.append(warn)
    if data["strategies"]:
        rows = [{**g, "relationship": status_text(g["relationship"], lang, g["relationship_source"] == "overall")}
                for g in data["strategies"]]
        show_strategy = (lambda v, r: vocab.RELATION_STRATEGY.label(v, lang) if v
                         else f"? set: tasplus stakeholder edit {o['code']} {r['contact']} --relationship STATUS")
        parts.append(table(rows, [Col("name", "Name"), Col("role", "Role", lambda v, r: vocab.ROLE.label(v, lang)),
                                  Col("relationship", "Relationship"), Col("strategy", "Strategy", show_strategy)],
                           lang, title=_t("Suggested relationship strategy", lang)))
    return Group(*parts)


def account_map(data: dict, lang: str, width: int, kinds: Vocab | None = None) -> Group:
    a = data["account"]
    heading = Text(f"{_t('Org chart', lang)} · {a['code']} {a['name']}", style="bold")
    parts = _trees(data, lang, width, heading) + [legend(data, lang, kinds)]
    by_code = {p["code"]: p for p in data["people"]}
    circles = Text(f"\n{_t('Circles', lang)}", style="bold")
    for c in data["circles"]:
        circles.append(f"\n  {c['name']}: ", style="bold")
        for i, code in enumerate(c["members"]):
            p = by_code[code]
            circles.append(", " if i else "")
            circles.append(f"{p['name']} ({vocab.INFLUENCE.label(p['influence'], lang) or '?'}, ")
            circles.append_text(status_text(p["relationship_overall"], lang, pad=False))
            circles.append(")")
    none = [by_code[p["code"]]["name"] for p in data["people"] if not p["circle"]]
    if none:
        circles.append(f"\n  {_t('no circle', lang)}: {', '.join(none)}", style="dim")
    if data["people"]:
        parts.append(circles)
    return Group(*parts)


# --- Mermaid -----------------------------------------------------------------------------

FILL = {"strong-positive": "fill:#2e7d32,color:#ffffff", "positive": "fill:#c8e6c9,color:#000000",
        "neutral": "fill:#fff9c4,color:#000000", "negative": "fill:#ffcdd2,color:#000000",
        "strong-negative": "fill:#c62828,color:#ffffff", None: "fill:#eeeeee,color:#000000"}


def mermaid_text(text: str) -> str:
    """User text safe inside a quoted Mermaid label: entity codes for the characters Mermaid or HTML treat
    specially, spaces for line breaks."""
    out = []
    for ch in " ".join(str(text).split()):
        out.append(f"#{ord(ch)};" if ch in '"#&<>`;' else ch)
    return "".join(out)


def _join(*parts: str | None) -> str:
    return " · ".join(x for x in parts if x)


def node_id(code: str) -> str:
    return code.replace("-", "_")


def _class(status: str | None, stakeholder: bool) -> str:
    return ("st_" if stakeholder else "") + (status or "unknown").replace("-", "_")


def mermaid(data: dict, lang: str) -> str:
    """The map as a Mermaid ``flowchart TD``: one node per person, an edge per reporting line, the status as the
    node's colour and symbol, the decision role (deal) or circle (account, as subgraphs) in the label."""
    deal = data["kind"] == "deal"
    v = vocab
    title = (f"{data['opp']['code']} {data['opp']['name']} · {data['account']['name']}" if deal
             else f"{data['account']['code']} {data['account']['name']}")
    lines = ["flowchart TD", f"  %% {mermaid_text(title)}"]
    used: set[str] = set()
    for p in data["people"]:
        status = p["relationship_effective"] if deal else p["relationship_overall"]
        rel = f"{MARK.get(status or '', UNKNOWN)[0]} {v.RELATIONSHIP.label(status, lang) or 'unknown'}"
        infl = v.INFLUENCE.label(p["influence"], lang)
        if deal:
            parts = [_join(p["name"], p["title"]),
                     _join(v.ROLE.label(p["role"], lang) if p["role"] else "—", rel,
                           _t("inside source", lang) if p["inside_source"] else None),
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
