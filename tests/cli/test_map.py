"""``tasplus map``: the decision map of a deal and the org chart of an account (METHOD §8).

The Mermaid output was checked with the real parser (mermaid 11 ``mermaid.parse`` under Node with jsdom);
that needs Node packages CI does not install, so here ``assert_valid_mermaid`` checks the exact subset of
flowchart syntax tasplus emits, strictly (see its docstring).
"""

from __future__ import annotations

import html
import re

import pytest
from rich.cells import cell_len

from helpers import assert_clean_error, dump, run, run_json

ID = r"[A-Za-z_][A-Za-z0-9_]*"
LABEL = r'"([^"\n]*)"'
RESERVED = {"end", "graph", "flowchart", "subgraph", "style", "class", "classDef", "click", "linkStyle", "direction"}


def assert_valid_mermaid(text: str) -> dict[str, str]:
    """Check every line against the flowchart grammar tasplus uses; return node id → label.

    Lines: a ``flowchart TD`` header; ``%%`` comments; ``ID["label"]:::class`` nodes (each defined once);
    ``ID --> ID`` edges between defined nodes; ``subgraph ID["label"]`` … ``end`` blocks listing defined
    nodes, balanced; ``classDef name prop:value,…`` for every class used. Ids are not Mermaid keywords.
    Labels hold no raw quote, every ``#`` starts an entity code (``#34;``), and the only tag is ``<br/>``.
    """
    lines = text.rstrip("\n").split("\n")
    assert lines[0] == "flowchart TD", lines[0]
    nodes: dict[str, str] = {}
    used, defined, depth, edges = set(), set(), 0, []
    for n, line in enumerate(lines[1:], 2):
        if m := re.fullmatch(rf"\s*({ID})\[{LABEL}\]:::({ID})", line):
            assert m.group(1) not in nodes, f"line {n}: node defined twice"
            nodes[m.group(1)] = m.group(2)
            used.add(m.group(3))
        elif m := re.fullmatch(rf"\s*({ID}) --> ({ID})", line):
            edges.append((m.group(1), m.group(2)))
        elif m := re.fullmatch(rf"\s*subgraph ({ID})\[{LABEL}\]", line):
            depth += 1
            nodes.setdefault("__subgraph__" + m.group(1), m.group(2))
        elif re.fullmatch(r"\s*end", line):
            depth -= 1
            assert depth >= 0, f"line {n}: end without subgraph"
        elif m := re.fullmatch(rf"\s*({ID})", line):
            assert depth > 0 and m.group(1) in nodes, f"line {n}: bare id outside a subgraph or undefined"
        elif m := re.fullmatch(rf"\s*classDef ({ID}) ([a-z-]+:[#\w.]+(,[a-z-]+:[#\w.]+)*)", line):
            defined.add(m.group(1))
        else:
            assert re.fullmatch(r"\s*%%[^\n]*", line), f"line {n} is not valid flowchart syntax: {line!r}"
    assert depth == 0, "unclosed subgraph"
    assert used <= defined, f"classes used but not defined: {used - defined}"
    for a, b in edges:
        assert a in nodes and b in nodes, f"edge {a} --> {b} names an undefined node"
    for node, label in nodes.items():
        assert node.removeprefix("__subgraph__") not in RESERVED
        assert re.fullmatch(r"([^#<>&]|#\d+;|<br/>)*", label), f"unsafe label {label!r}"
    return {k: v for k, v in nodes.items() if not k.startswith("__")}


def unlabel(label: str) -> str:
    return html.unescape(re.sub(r"#(\d+);", r"&#\1;", label)).replace("<br/>", "\n")


@pytest.fixture
def bank_map(bank, monkeypatch):
    """A bank whose approver was never contacted on the deal and whose decision-maker is negative."""
    monkeypatch.setenv("TASPLUS_TODAY", "2026-11-27")
    add = lambda *a: run("contact", "add", *a)  # noqa: E731
    add("刘芳", "-a", bank, "--reports-to", "王建国", "--title", "分管科技副行长", "--orientation", "务实专业型",
        "--influence", "high", "--circle", "改革派", "--relationship", "neutral")
    add("赵磊", "-a", bank, "--reports-to", "刘芳", "--title", "信息科技部总经理", "--relationship", "positive",
        "--circle", "改革派", "--influence", "medium")
    add("Peter Wu", "-a", bank, "--title", "Architect", "--relationship", "strong-positive")
    run("contact", "edit", "王建国", "--relationship", "neutral", "--circle", "行长派", "--influence", "high")
    run("opp", "new", "核心系统升级", "--account", bank, "--amount", "6000000")
    run("stakeholder", "add", "OPP-0001", "王建国", "--role", "approver")
    run("stakeholder", "add", "OPP-0001", "刘芳", "--role", "decision-maker", "--relationship", "negative")
    run("stakeholder", "add", "OPP-0001", "赵磊", "--role", "evaluator", "--inside-source")
    run("activity", "log", "OPP-0001", "--kind", "meeting", "--with", "刘芳,赵磊", "--summary", "方案汇报")
    run("activity", "log", "--account", bank, "--kind", "dinner", "--with", "王建国", "--summary", "答谢宴")
    return "OPP-0001"


def test_warnings_and_strategies_in_tree_and_json(bank_map):
    out = run("map", bank_map).stdout
    assert "approver 王建国 has never been contacted on this deal" in out
    assert "decision-maker 刘芳 is negative on this deal" in out
    assert "single-threaded" not in out and "no inside source" not in out
    assert "Who can get us a meeting with them, and when?" in out
    for line in ("王建国", "刘芳", "赵磊"):
        assert line in out
    strategies = out[out.index("Suggested relationship strategy"):]
    assert "attack" in strategies and "defend" in strategies
    data = run_json("map", bank_map)
    assert [(w["key"], w["role"], w["contacts"]) for w in data["warnings"]] == [
        ("negative", "decision-maker", ["CON-0002"]), ("not_contacted", "approver", ["CON-0001"])]
    assert {s["name"]: s["strategy"] for s in data["strategies"]} == {"王建国": "attack", "刘芳": "defend",
                                                                        "赵磊": "motivate"}
    people = {p["name"]: p for p in data["people"]}
    assert (people["王建国"]["interaction"], people["王建国"]["interaction_overall"]) == ("none", "deep")
    assert people["王建国"]["relationship_source"] == "overall" and people["赵磊"]["inside_source"] is True
    assert data["tree"] == [{"code": "CON-0001", "children": [
        {"code": "CON-0002", "children": [{"code": "CON-0003", "children": []}]}]}]
    assert data["outside"] == ["CON-0004"]


def test_tree_marks_every_dimension_without_colour(bank_map):
    out = run("map", bank_map).stdout
    assert "\x1b[" not in out  # not a terminal: no colour, the symbols carry the status
    lines = {name: next(line for line in out.splitlines() if name in line and "──" in line)
             for name in ("王建国", "刘芳", "赵磊", "Peter Wu")}
    assert "approver" in lines["王建国"] and "=  neutral*" in lines["王建国"] and "none" in lines["王建国"]
    assert "decision-maker" in lines["刘芳"] and "-  negative" in lines["刘芳"] and "occasional" in lines["刘芳"]
    assert "pragmatic-professional" in lines["刘芳"] and "high" in lines["刘芳"] and "改革派" in lines["刘芳"]
    assert "[inside source]" in lines["赵磊"] and "+  positive*" in lines["赵磊"]
    assert "++ strong positive*" in lines["Peter Wu"]
    assert out.index("Not in a reporting line") < out.index("Peter Wu")
    assert "Legend" in out and "-- strong negative" in out and "deep ≥ 5" in out


def test_chinese_names_line_up(bank_map, monkeypatch):
    monkeypatch.setenv("TASPLUS_LANG", "zh")
    out = run("map", bank_map).stdout
    rows = [line for line in out.splitlines() if "──" in line]
    assert len(rows) == 4
    # every column after the name starts at the same terminal cell, whatever the depth and the script
    starts = {cell_len(row[:re.search(r"(=|-|\+\+|\+) ", row).start()]) for row in rows}
    assert len(starts) == 1, rows
    header = next(line for line in out.splitlines() if line.startswith("人员"))
    assert cell_len(header[:header.index("关系状况")]) == starts.pop()


def test_same_facts_for_an_account(bank_map):
    data = run_json("map", "--account", "华东省农商银行")
    assert {c["name"]: c["members"] for c in data["circles"]} == {"行长派": ["CON-0001"],
                                                                   "改革派": ["CON-0002", "CON-0003"]}
    people = {p["name"]: p for p in data["people"]}
    assert people["刘芳"]["deals"] == [{"opp": "OPP-0001", "role": "decision-maker"}]
    assert people["王建国"]["interaction_overall"] == "deep"
    out = run("map", "--account", "ACC-0001").stdout
    assert "Circles" in out and "改革派: 刘芳 (high, = neutral), 赵磊 (medium, + positive)" in out
    assert "OPP-0001 approver" in out


def test_mermaid_is_valid_and_carries_the_map(bank_map):
    text = run("map", bank_map, "--format", "mermaid").stdout
    labels = {k: unlabel(v) for k, v in assert_valid_mermaid(text).items()}
    assert "approver" in labels["CON_0001"] and "= neutral" in labels["CON_0001"]
    assert "decision-maker" in labels["CON_0002"] and "- negative" in labels["CON_0002"]
    assert "CON_0001 --> CON_0002" in text and "CON_0002 --> CON_0003" in text
    assert ":::st_negative" in text and "classDef st_negative" in text
    account = run("map", "--account", "ACC-0001", "-f", "mermaid").stdout
    assert_valid_mermaid(account)
    assert 'subgraph circle_2["改革派"]' in account


def test_mermaid_escapes_hostile_names(bank_map):
    nasty = 'A "quoted" #1; <b>&amp; [x] {y} `z` end'
    run("contact", "add", nasty, "-a", "ACC-0001", "--reports-to", "赵磊", "--circle", 'c"ircle#')
    text = run("map", "--account", "ACC-0001", "--format", "mermaid").stdout
    labels = assert_valid_mermaid(text)
    assert unlabel(labels["CON_0005"]).split("\n")[0] == nasty
    assert run("map", bank_map).stdout.count(nasty) == 1  # the tree prints it as typed, not as markup


@pytest.mark.parametrize("args, words", [
    ((), "name a deal"), (("OPP-0001", "--account", "ACC-0001"), "not both"),
    (("OPP-0001", "--format", "svg"), "--format"),
])
def test_usage_errors(bank_map, args, words):
    r = run("map", *args, code=None)
    assert_clean_error(r, 2)
    assert words in r.stderr


def test_done_when_errors_write_nothing(tasplus_home, bank_map):
    """A reports-to cycle, an unknown role and a contact of another account: clear errors, nothing written."""
    run("account", "add", "瑞康医疗集团")
    run("contact", "add", "黄丽", "-a", "瑞康医疗集团")
    before = dump(tasplus_home)
    cycle = run("contact", "edit", "王建国", "--reports-to", "赵磊", code=None)
    assert_clean_error(cycle, 1)
    assert "cycle" in cycle.stderr
    role = run("stakeholder", "add", bank_map, "Peter Wu", "--role", "sponsor", code=None)
    assert_clean_error(role, 2)
    assert "approver (批准者)" in role.stderr
    other = run("stakeholder", "add", bank_map, "黄丽", "--role", "user", code=None)
    assert_clean_error(other, 2)
    assert "黄丽 works at 瑞康医疗集团" in other.stderr
    assert dump(tasplus_home) == before


def test_demo_map_shows_every_marking_and_warnings(tasplus_home):
    run("demo")
    db = str(tasplus_home / "demo.db")
    data = run_json("--db", db, "map", "核心系统升级")
    people = data["people"]
    assert {p["role"] for p in people} >= {"approver", "decision-maker", "evaluator", "user"}
    assert {p["relationship_effective"] for p in people} == {"strong-positive", "positive", "neutral", "negative",
                                                            "strong-negative"}
    assert {p["interaction"] for p in people} == {"none", "occasional", "multiple", "deep"}
    assert any(p["inside_source"] for p in people) and data["outside"]
    assert any(p["role"] and p["relationship_source"] == "overall" for p in people)
    assert {w["key"] for w in data["warnings"]} >= {"negative", "not_contacted"}
    mobile = run_json("--db", db, "map", "手机银行重构")
    assert {w["key"] for w in mobile["warnings"]} >= {"no_approver", "single_threaded"}
    assert run_json("--db", db, "activity", "list", "--overdue")


def test_a_deal_on_an_account_without_people(bank_map):
    run("account", "add", "Empty")
    run("opp", "new", "E1", "--account", "Empty", "--amount", "100")
    data = run_json("map", "E1")
    assert data["people"] == [] and [w["key"] for w in data["warnings"]] == [
        "no_approver", "single_threaded", "no_inside_source"]
    assert "tasplus contact add NAME --account ACC-0002" in run("map", "E1").stdout
    assert assert_valid_mermaid(run("map", "--account", "Empty", "-f", "mermaid").stdout) == {}
