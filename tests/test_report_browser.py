"""The HTML report of the demo in a real browser (issue 15: "opens in a real headless browser in
CI"): headless Chromium from Debian, driven over the DevTools protocol (``headless.py``).

A deal of the demo is renamed ``<script>alert(1)</script>`` through ``opp edit``; the review
report is written and opened: no console message, no exception, no dialog, no request beyond the
file itself; the funnel and one curve per agenda deal drawn as SVG, with their points; the
hostile name shown as text, where the page says it. The demo's forecast report (next quarter,
the hostile deal a commit without backing) likewise: a chart per rep and per team with their bars
and target marks, laid out, the hostile name as text in the table of unbacked commits. The
demo's analyze report (a deal lost for the hostile reason): a calibration plot per horizon whose
points are ``analyze --json``'s bins, the Brier scores its figures, the reason as text.

Without Chromium the test is skipped, saying why, ONLY outside CI; with ``CI`` set (``.ci/run``
sets it and installs Chromium) a missing browser fails the test. The harness itself is checked on
a page that does misbehave, so a broken harness cannot pass the report.
"""

from __future__ import annotations

import json
import os
import warnings

import pytest
from headless import chromium, find_chromium, open_page
from helpers import run, run_json

HOSTILE = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def browser():
    exe = find_chromium()
    if exe is None:
        why = "no Chromium (apt-get install chromium, or TASPLUS_CHROMIUM=/path/to/chromium)"
        if os.environ.get("CI", "").lower() not in ("", "0", "false", "no"):
            pytest.fail(f"CI: {why}: the report's browser test cannot be skipped in CI")
        warnings.warn(f"browser test skipped: {why}", stacklevel=1)
        pytest.skip(why)
    with chromium(exe) as b:
        yield b


def test_the_harness_sees_what_a_bad_page_does(browser, tmp_path):
    bad = tmp_path / "bad.html"
    bad.write_text('<!DOCTYPE html><html><body><p>x</p><script>console.error("boom"); alert("hi");'
                   'fetch("http://192.0.2.1/x").catch(() => {});</script></body></html>', encoding="utf-8")
    tab = open_page(browser, bad)
    assert any("boom" in line for line in tab.console)
    assert tab.dialogs == ["alert: hi"]
    assert "http://192.0.2.1/x" in tab.requests


def test_the_demo_review_report_in_a_browser(browser, demo_db, monkeypatch, tmp_path):
    monkeypatch.setenv("TASPLUS_DB", str(demo_db()))
    run("opp", "edit", "OPP-0001", "--name", HOSTILE)
    page = tmp_path / "review.html"
    run("report", "review", "--html", str(page))
    agenda = run_json("review")["deals"]
    assert "OPP-0001" in [d["code"] for d in agenda]

    tab = open_page(browser, page)
    assert tab.console == [] and tab.dialogs == []
    assert tab.requests == [page.resolve().as_uri()]
    svgs = tab.evaluate("document.querySelectorAll('svg').length")
    assert svgs == 1 + len(agenda)  # the funnel and one curve per deal of the agenda
    bars = tab.evaluate("document.querySelectorAll('svg')[0].querySelectorAll('.pt').length")
    assert bars == 3 * len(run_json("funnel")["stages"])  # a bar per stage and grade class
    curves = json.loads(tab.evaluate(
        "JSON.stringify([...document.querySelectorAll('section.deal')].map(s => [s.dataset.code, "
        "[...s.querySelectorAll('circle.pt[data-series=\"0\"]')].map(c => Number(c.dataset.v))]))"))
    for code, points in curves:
        history = run_json("winrate", code)["history"]
        assert points == [p["win_rate"] for p in history if p["win_rate"] is not None], code
    heading = tab.evaluate("document.querySelector('section.deal[data-code=\"OPP-0001\"] h3').textContent")
    assert heading == f"OPP-0001 {HOSTILE}"
    assert tab.evaluate("document.querySelectorAll('script').length") == 0
    drawn = tab.evaluate("document.querySelector('section.deal svg').getBBox().width")
    assert drawn > 100  # laid out, not an empty box


def test_the_demo_forecast_report_in_a_browser(browser, demo_db, monkeypatch, tmp_path):
    monkeypatch.setenv("TASPLUS_DB", str(demo_db()))
    run("opp", "edit", "OPP-0001", "--name", HOSTILE)
    page = tmp_path / "forecast.html"
    run("report", "forecast", "--period", "next-quarter", "--html", str(page))
    f = run_json("forecast", "--period", "next-quarter")
    assert "OPP-0001" in [d["code"] for d in f["unbacked_commits"]]

    tab = open_page(browser, page)
    assert tab.console == [] and tab.dialogs == []
    assert tab.requests == [page.resolve().as_uri()]
    assert tab.evaluate("document.querySelectorAll('svg').length") == 2  # per rep, per team
    charts = json.loads(tab.evaluate(
        "JSON.stringify([...document.querySelectorAll('svg')].map(s => ["
        "[...s.querySelectorAll('rect.pt')].map(r => Number(r.dataset.v)),"
        "[...s.querySelectorAll('line.target')].map(l => Number(l.dataset.v)), s.getBBox().width]))"))
    for (bars, marks, width), rows in zip(charts, (f["reps"], f["teams"])):
        assert bars == [v for r in rows for v in (r["closed_won"], r["commit"], r["best_case"] - r["commit"])]
        assert marks == [r["target"] for r in rows if r["target"] is not None] and marks
        assert width > 100  # laid out, not an empty box
    cells = json.loads(tab.evaluate("JSON.stringify([...document.querySelectorAll('td')].map(td => td.textContent))"))
    assert HOSTILE in cells
    assert tab.evaluate("document.querySelectorAll('script').length") == 0


def test_the_demo_analyze_report_in_a_browser(browser, demo_db, monkeypatch, tmp_path):
    monkeypatch.setenv("TASPLUS_DB", str(demo_db()))
    run("opp", "close", "OPP-0001", "--lost", "--reason", HOSTILE)
    page = tmp_path / "analyze.html"
    run("report", "analyze", "--html", str(page))
    a = run_json("analyze")
    assert a["closed"]["deals"] >= 150

    tab = open_page(browser, page)
    assert tab.console == [] and tab.dialogs == []
    assert tab.requests == [page.resolve().as_uri()]
    plots = json.loads(tab.evaluate(
        "JSON.stringify([...document.querySelectorAll('div.plot')].map(d => [Number(d.dataset.horizon), "
        "[...d.querySelectorAll('svg circle.pt')].map(c => [Number(c.dataset.series), Number(c.dataset.p), "
        "Number(c.dataset.v), Number(c.dataset.n)]), d.querySelectorAll('svg line.diagonal').length, "
        "d.querySelector('svg').getBBox().width]))"))
    horizons = a["calibration"]["horizons"]
    assert [i for i, *_ in plots] == list(range(len(horizons)))  # the close, 30, 60 and 90 days before
    for i, points, diagonal, width in plots:
        bins = [[k, b["mean_predicted"], b["win_share"], b["n"]] for k, key in enumerate(("tasplus", "classic"))
                for b in horizons[i][key]["bins"] if b["n"]]
        assert points == bins and diagonal == 1, i
        assert width > 100  # laid out, not an empty box
    brier = json.loads(tab.evaluate(
        "JSON.stringify([...document.querySelectorAll('[data-json$=\".brier\"]')].map(e => "
        "[e.dataset.json, Number(e.textContent)]))"))
    assert brier and all(value == horizons[int(path.split('.')[3])][path.split('.')[4]]["brier"]
                         for path, value in brier)
    cells = json.loads(tab.evaluate("JSON.stringify([...document.querySelectorAll('td')].map(td => td.textContent))"))
    assert any(HOSTILE in c for c in cells)  # the lost reason as written, as text
    assert tab.evaluate("document.querySelectorAll('script').length") == 0
