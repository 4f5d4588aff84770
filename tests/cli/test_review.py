"""``tasplus review``: the agenda selection, warnings with questions, recording, formats."""

from __future__ import annotations

from helpers import assert_clean_error, run, run_json


def codes(data):
    return [d["code"] for d in data["deals"]]


def test_review_lists_important_deals_with_questions(bank):
    run("opp", "new", "Big", "--account", bank, "--amount", "6000000")
    run("opp", "new", "Small", "--account", bank, "--amount", "100000")
    data = run_json("review")
    assert codes(data) == ["OPP-0001"]  # the small deal has warnings but no big change
    keys = [w["key"] for w in data["deals"][0]["warnings"]]
    assert keys[0] == "no_compelling_event" and "survey_stale" in keys and "no_recent_activity" in keys
    w = data["deals"][0]["warnings"][0]
    assert w["question"].startswith("Why must the customer do this") and "tasplus event add OPP-0001" in w["command"]
    assert data["summary"]["open_deals"] == 2
    run("opp", "advance", "Small", "--to", "negotiate")  # a stage move is a big change for a C/D deal
    assert codes(run_json("review")) == ["OPP-0001", "OPP-0002"]


def test_record_then_nothing_changed(bank):
    run("opp", "new", "Big", "--account", bank, "--amount", "6000000")
    run("event", "add", "Big", "预算已批", "--confirmed")
    first = run_json("review")
    assert any(c["field"] == "event" for c in first["deals"][0]["changes"])
    run("review", "--record", "--note", "第一次周会")
    again = run_json("review")
    assert all(d["changes"] == [] for d in again["deals"])
    run("opp", "edit", "Big", "--close-date", "2027-06-30", "--reason", "客户推迟")
    moved = run_json("review")
    assert any(c["field"] == "close_date" and c["new"] == "2027-06-30" and c["reason"] == "客户推迟"
               for c in moved["deals"][0]["changes"])


def test_markdown_and_errors(bank):
    run("opp", "new", "Big [x]", "--account", bank, "--amount", "6000000")
    md = run("review", "--format", "markdown").stdout
    assert md.startswith("# Weekly review") and "## OPP-0001 Big \\[x\\]" in md and "| Open deals |" in md
    assert_clean_error(run("review", "--format", "pdf", code=None), 2)
    assert_clean_error(run("review", "--note", "x", code=None), 2)
    assert_clean_error(run("review", "--since", "yesterday-ish", code=None), 2)
    assert "Weekly review" in run("review").stdout
