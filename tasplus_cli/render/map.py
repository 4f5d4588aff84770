"""The relationship map drawn from ``store.relmap``'s dicts (METHOD §8): a rich
``Tree`` of the reporting lines whose columns line up, the people outside any
reporting line, a legend, the warnings and the suggested relationship
strategies (``tree``). The same map as a Mermaid flowchart is ``render.mermaid``.

Invariants:
- Every relationship status has a symbol as well as a colour (``++ + = - --``,
  ``?`` unknown), so the map reads the same with ``NO_COLOR`` or on paper.
- Columns line up in a terminal whatever the script: widths are measured in
  terminal cells (``rich.cells.cell_len``, CJK = 2) and each name is padded by
  its depth in the tree (rich indents 4 cells a level).
- User text never becomes markup (``Text`` only).
- Every word is the catalogue's in ``view.lang`` (headers ``label.*``, sentences
  ``map.*``); warnings are the ``Phrase`` strings of ``domain.relations``.
- Nothing here prints; screens take ``(data, view)`` (and the activity kinds, for
  the legend's labels).
"""

from __future__ import annotations

from typing import Callable

from rich.cells import cell_len
from rich.console import Group
from rich.text import Text
from rich.tree import Tree

from tasplus_cli.domain import vocab
from tasplus_cli.domain.vocab import Vocab
from tasplus_cli.messages import command, label, text
from tasplus_cli.messages.phrase import say
from tasplus_cli.render.tables import Col, table
from tasplus_cli.render.view import View

INDENT = 4  # cells rich's Tree indents per level
MARK = {"strong-positive": ("++", "bold green"), "positive": ("+", "green"), "neutral": ("=", "yellow"),
        "negative": ("-", "red"), "strong-negative": ("--", "bold red")}
UNKNOWN = ("?", "dim")


def status_text(status: str | None, lang: str, inherited: bool = False, pad: bool = True) -> Text:
    """``++ strong positive`` in its colour; the symbol padded to 2 cells so labels line up (``pad``)."""
    mark, style = MARK.get(status or "", UNKNOWN)
    word = vocab.RELATIONSHIP.label(status, lang) if status else text("map.unknown", lang)
    return Text(f"{mark:<2} {word}{'*' if inherited else ''}" if pad else f"{mark} {word}", style=style)


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
        cols.append(("", lambda p: Text(f"[{text('map.inside_source', lang)}]" if p["inside_source"] else "",
                                        style="cyan")))
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
    name_w = max([cell_len(label("Person", lang))] + [INDENT * depth[p["code"]] + cell_len(p["name"]) for p in people])
    cols = _columns(data["kind"], lang)
    hidden: list[str] = []
    while True:
        widths = [max([cell_len(label(h, lang))] + [f(p).cell_len for p in people]) for h, f in cols]
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
        add = command("contact", "add", "NAME", "--account", a["code"])
        return [heading, Text(text("map.no_people", lang, account=a["name"], command=add), style="yellow")]
    cols, name_w, widths, hidden = _layout(data, lang, width)
    by_code = {p["code"]: p for p in data["people"]}
    depth = _depths(data)

    def person(code: str) -> Text:
        p = by_code[code]
        bold = data["kind"] == "account" or p.get("role") is not None
        name = Text(p["name"], style="bold" if bold else "")
        return _line(name, name_w - INDENT * depth[code], [f(p) for _, f in cols], widths)

    header = _line(Text(label("Person", lang)), name_w, [Text(label(h, lang)) for h, _ in cols], widths)
    header.stylize("dim underline")
    root = Tree(Text.assemble(heading, "\n", header), guide_style="dim")

    def grow(branch: Tree, node: dict) -> None:
        sub = branch.add(person(node["code"]))
        for k in node["children"]:
            grow(sub, k)
    for node in data["tree"]:
        grow(root, node)
    parts: list = [root]
    if data["outside"]:
        loose = Tree(Text(label("Not in a reporting line", lang), style="bold"), guide_style="dim")
        for code in data["outside"]:
            loose.add(person(code))
        parts.append(loose)
    if hidden:
        parts.append(Text(text("map.hidden", lang, columns=", ".join(label(h, lang) for h in hidden)), style="dim"))
    return parts


def _span(lo: int, hi: int) -> str:
    return str(lo) if lo == hi else f"{lo}–{hi}"


def legend(data: dict, lang: str, kinds: Vocab | None = None) -> Text:
    r = data["interaction_rule"]
    lv = vocab.INTERACTION
    deal = data["kind"] == "deal"
    out = Text(f"{label('Legend', lang)}: ", style="bold")
    out.append(text("map.legend.deal" if deal else "map.legend.overall", lang) + ": ")
    for k in vocab.RELATIONSHIP.keys:
        out.append_text(status_text(k, lang, pad=False))
        out.append("  ")
    out.append_text(status_text(None, lang, pad=False))
    if deal:
        out.append("\n  " + text("map.legend.inherited", lang, command="tasplus stakeholder edit … --relationship"))
    deep = say([kinds.label(k, lang) if kinds else k for k in r["deep_kinds"]], lang)
    out.append(f"\n  {text('map.legend.interaction', lang)}: {lv.label('none', lang)} 0 · "
               f"{lv.label('occasional', lang)} {_span(r['occasional'], r['multiple'] - 1)} · "
               f"{lv.label('multiple', lang)} {_span(r['multiple'], r['deep'] - 1)} · "
               f"{lv.label('deep', lang)} ≥ {r['deep']} {text('map.legend.or_any', lang)} {deep}")
    return out


def deal_map(data: dict, view: View, kinds: Vocab | None = None) -> Group:
    lang = view.lang
    o, a = data["opp"], data["account"]
    heading = Text(f"{label('Decision map', lang)} · {o['code']} {o['name']} · {a['name']}", style="bold")
    parts = _trees(data, lang, view.width or 80, heading) + [legend(data, lang, kinds), Text("")]
    warn = Text(text("map.warnings", lang, label=label("Warnings", lang), count=len(data["warnings"])), style="bold")
    for w in data["warnings"]:
        warn.append("\n  ! ", style="bold yellow")
        warn.append(say(w["message"], lang), style="yellow")
        warn.append(f"\n      {label('Ask', lang)}: {say(w['question'], lang)}\n      → {say(w['fix'], lang)}", style="dim")
    if not data["warnings"]:
        warn.append(f"\n  {text('map.no_warnings', lang)}", style="green")
    parts.append(warn)
    if data["strategies"]:
        rows = [{**g, "relationship": status_text(g["relationship"], lang, g["relationship_source"] == "overall")}
                for g in data["strategies"]]

        def show_strategy(v, r):  # noqa: ANN001, ANN202
            if v:
                return vocab.RELATION_STRATEGY.label(v, lang)
            edit = command("stakeholder", "edit", o["code"], r["contact"], "--relationship", "STATUS")
            return text("map.set_relationship", lang, command=edit)
        parts.append(table(rows, [Col("name", "Name"), Col("role", "Role", lambda v, r: vocab.ROLE.label(v, lang)),
                                  Col("relationship", "Relationship"), Col("strategy", "Strategy", show_strategy)],
                           lang, title=label("Suggested relationship strategy", lang)))
    return Group(*parts)


def account_map(data: dict, view: View, kinds: Vocab | None = None) -> Group:
    lang = view.lang
    a = data["account"]
    heading = Text(f"{label('Org chart', lang)} · {a['code']} {a['name']}", style="bold")
    parts = _trees(data, lang, view.width or 80, heading) + [legend(data, lang, kinds)]
    by_code = {p["code"]: p for p in data["people"]}
    circles = Text(f"\n{label('Circles', lang)}", style="bold")
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
        circles.append(f"\n  {text('map.no_circle', lang)}: {', '.join(none)}", style="dim")
    if data["people"]:
        parts.append(circles)
    return Group(*parts)


def tree(data: dict, view: View, kinds: Vocab | None = None) -> Group:
    """The terminal screen of ``tasplus map``: a deal's decision map or an account's org chart."""
    return (deal_map if data["kind"] == "deal" else account_map)(data, view, kinds)
