"""``tasplus report KIND --html FILE`` (issue 15, item 2): the page carries the figures of
``review --json``, ``funnel --json``, ``forecast --json`` and ``analyze --json`` exactly, each agenda deal's curves are the stored points,
every user text is shown as text (never markup), the page fetches nothing, and every refusal is
one line with its exit code, no file written and the database unchanged.

The page is read back with ``html.parser`` (``Page``): its tags and attributes, its text (also
inside SVG ``<title>``/``<text>``), and every figure marked ``data-json="<path>"``.
"""

from __future__ import annotations

import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from helpers import assert_clean_error, dump, run, run_json
from test_chinese import _user_text, english_words

HOSTILE = {
    "deal": "<script>alert(1)</script>",
    "account": "<img src=x onerror=alert(2)>",
    "owner": "<b onmouseover=alert(3)>R&D</b>",
    "event": '"><svg onload=alert(4)>',
    "contact": "<iframe srcdoc='<script>alert(5)</script>'>",
    "reason": "</li></ul><script>alert(6)</script>",
    "drop": "& &amp; ' \" <!-- -->",
}
# every element the page is made of: anything else came from the data
TAGS = {"html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "h3", "h4", "p", "main", "footer",
        "section", "div", "b", "span", "table", "tr", "th", "td", "tfoot", "ul", "li", "q", "br", "code",
        "svg", "rect", "text", "line", "path", "polyline", "circle"}


class Page(HTMLParser):
    """Tags, attributes, text, figures (path → shown) and chart points of a report page."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.figures: dict[str, str] = {}
        self.points: dict[str, list[tuple[int, str]]] = {}  # deal code → (series, value) of its curve
        self._open: list[tuple[str, dict]] = []
        self._deal: str | None = None
        self.feed(source)
        self.close()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag == "section" and "data-code" in a:
            self._deal = a["data-code"]
        if "pt" in (a.get("class") or "").split() and self._deal and tag == "circle":
            self.points.setdefault(self._deal, []).append((int(a["data-series"]), a["data-v"]))
        if tag not in ("br", "meta"):
            self._open.append((tag, a))

    def handle_endtag(self, tag):
        while self._open:
            t, a = self._open.pop()
            if t == "section":
                self._deal = None
            if t == tag:
                break

    def handle_data(self, data):
        self.text.append(data)
        if self._open and "data-json" in self._open[-1][1]:
            self.figures[self._open[-1][1]["data-json"]] = data

    @property
    def all_text(self) -> str:
        return " ".join(self.text)


def _at(data, path: str):
    for key in path.split("."):
        data = data[int(key)] if isinstance(data, list) else data[key]
    return data


def _number(shown: str):
    """A figure as the page shows it (``12,000,000``, ``16%``, ``1.57×``, ``n/a``, ``—``) → its value."""
    if shown in ("n/a", "—"):
        return None
    return float(shown.replace(",", "").rstrip("%×"))


@pytest.fixture
def demo(demo_db, monkeypatch):
    path = demo_db()
    monkeypatch.setenv("TASPLUS_DB", str(path))
    return path


def _report(tmp_path, *args: str) -> Page:
    tmp_path.mkdir(exist_ok=True)
    out = tmp_path / "report.html"
    run("report", *args, "--html", str(out))
    return Page(out.read_text(encoding="utf-8"))


def test_review_report_shows_the_figures_of_review_and_funnel_json(demo, tmp_path):
    page = _report(tmp_path, "review")
    data = {"review": run_json("review"), "funnel": run_json("funnel")}
    assert len(page.figures) > 60
    for path, shown in page.figures.items():
        assert _number(shown) == _at(data, path), path
    f, sm = data["funnel"], data["review"]["summary"]
    wanted = {f"review.summary.{k}" for k in ("open_deals", "amount", "classic_forecast", "tasplus_forecast")}
    wanted |= {f"funnel.totals.{k}" for k in ("count", "amount", "classic_forecast", "tasplus_forecast")}
    wanted |= {f"funnel.stages.{i}.{k}" for i in range(len(f["stages"])) for k in ("count", "amount", "classic",
                                                                                       "tasplus")}
    wanted |= {f"funnel.conversion.{i}.{k}" for i in range(len(f["conversion"])) for k in ("entered", "moved_on",
                                                                                               "rate")}
    wanted |= {f"review.deals.{i}.{k}" for i in range(len(data["review"]["deals"]))
               for k in ("amount", "win_rate", "stage_probability")}
    wanted |= {f"review.summary.moved_most.{i}.{k}" for i in range(len(sm["moved_most"])) for k in ("from", "to")}
    assert wanted <= set(page.figures), wanted - set(page.figures)
    for d in data["review"]["deals"]:  # every deal of the agenda, with its name and code
        assert d["name"] in page.all_text and d["code"] in page.all_text


def test_each_agenda_deal_has_its_curves_from_the_stored_points(demo, tmp_path):
    page = _report(tmp_path, "review")
    agenda = [d["code"] for d in run_json("review")["deals"]]
    assert agenda and set(page.points) == set(agenda)
    svgs = sum(1 for tag, _ in page.tags if tag == "svg")
    assert svgs == 1 + len(agenda)  # the funnel, one curve per deal
    for code in agenda:
        history = run_json("winrate", code)["history"]
        rates = [v for s, v in page.points[code] if s == 0]
        assert rates == [str(p["win_rate"]) for p in history if p["win_rate"] is not None], code
        steps = [float(v) for s, v in page.points[code] if s == 1]
        assert steps and steps[-1] == run_json("winrate", code)["stage_probability"]
    steps = [float(v) for s, v in page.points["OPP-0001"] if s == 1]
    assert steps == [10, 20, 30, 40, 60]  # validate → initiate → analyze → present → tender (opp history)


def test_funnel_report_and_its_filters(demo, tmp_path):
    page = _report(tmp_path, "funnel", "--owner", "张伟")
    data = {"funnel": run_json("funnel", "--owner", "张伟")}
    assert page.figures and all(_number(v) == _at(data, p) for p, v in page.figures.items())
    assert page.figures["funnel.totals.count"] == str(data["funnel"]["totals"]["count"])
    assert "张伟" in page.all_text
    assert sum(1 for tag, _ in page.tags if tag == "svg") == 1


def test_every_user_text_is_shown_as_text(demo, tmp_path, monkeypatch):
    h = HOSTILE
    run("opp", "edit", "OPP-0001", "--name", h["deal"])
    run("account", "edit", "ACC-0003", "--name", h["account"])
    monkeypatch.setenv("TASPLUS_USER", h["owner"])  # the typing user becomes a user on their first deal
    run("opp", "new", "Seed", "--account", "ACC-0003", "--amount", "1")
    monkeypatch.setenv("TASPLUS_USER", "tester")
    run("opp", "edit", "OPP-0001", "--owner", h["owner"])
    added = run("event", "add", "OPP-0004", h["event"], "--confirmed").stderr
    run("event", "drop", re.search(r"EVT-\d+", added).group(), "--reason", h["drop"])  # a warning's detail: text (reason)
    run("contact", "edit", "CON-0002", "--name", h["contact"])
    run("opp", "edit", "OPP-0001", "--close-date", "2027-03-31", "--reason", h["reason"])
    review = run("review", "--json").stdout
    for key, value in h.items():  # the review really carries each one (the account: the report adds it)
        assert (value.replace('"', '\\"') in review) == (key != "account"), value
    out = tmp_path / "hostile.html"
    run("report", "review", "--html", str(out), "--limit", "0")
    source = out.read_text(encoding="utf-8")
    page = Page(source)
    assert {tag for tag, _ in page.tags} <= TAGS
    assert [k for _, a in page.tags for k in a if k.startswith("on") or k in ("src", "href", "srcdoc")] == []
    for value in h.values():
        assert value in page.all_text, value
    titles = re.findall(r"<title>([^<]*)</title>", source)  # the chart tooltips name the deal too
    assert any("&lt;script&gt;" in t or "OPP-0001" in t for t in titles)


def test_the_page_is_self_contained(demo, tmp_path):
    out = tmp_path / "r.html"
    run("report", "review", "--html", str(out))
    source = out.read_text(encoding="utf-8")
    for needle in ("http:", "https:", "//", "src=", "href=", "<link", "<script", "@import", "url(", "<img",
                   "<iframe", "<object", "<embed", "@font-face"):
        assert needle not in source, needle
    assert "Content-Security-Policy" in source and "default-src 'none'" in source
    assert source.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in source


def test_chinese_report_has_no_english(demo, tmp_path, monkeypatch):
    monkeypatch.setenv("TASPLUS_LANG", "zh")
    page = _report(tmp_path, "review", "--limit", "0")
    assert ('lang', 'zh-CN') in page.tags[0][1].items()
    text = " ".join(t for t in page.text if t.strip() and not t.lstrip().startswith("body{"))
    assert english_words(text, _user_text(demo)) == []
    assert "赢单率" in text and "阶段概率" in text and "销售漏斗" in text


def test_html_dash_prints_the_page(demo):
    r = run("report", "funnel", "--html", "-")
    assert r.stdout.startswith("<!DOCTYPE html>") and r.stdout.rstrip().endswith("</html>")


def test_force_replaces_an_existing_file_whole(demo, out_dir):
    tmp_path = out_dir
    out = tmp_path / "r.html"
    out.write_text("old")
    r = run("report", "funnel", "--html", str(out), code=None)
    assert_clean_error(r, 1)
    assert "exists" in r.stderr and "--force" in r.stderr and out.read_text() == "old"
    run("report", "funnel", "--html", str(out), "--force")
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.html"]


def _refused(args: list[str], code: int, says: str, folder: Path, home) -> None:
    before, files = dump(home), sorted(folder.rglob("*"))
    r = run(*args, code=None)
    assert_clean_error(r, code)
    assert says in r.stderr.splitlines()[0], r.stderr
    assert r.stdout == "" and dump(home) == before and sorted(folder.rglob("*")) == files


@pytest.fixture
def out_dir(tmp_path):
    """A folder of its own for the reports (the test's home, with the database, is beside it)."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def test_bad_input_is_refused_and_writes_nothing(demo, out_dir, tasplus_home):
    tmp_path = out_dir
    out = str(tmp_path / "r.html")
    _refused(["report", "forecast-ish", "--html", out], 2, "'forecast-ish' is not a report", tmp_path, tasplus_home)
    _refused(["report", "review"], 2, "missing --html", tmp_path, tasplus_home)
    _refused(["report", "review", "--html", str(tmp_path / "no" / "such" / "r.html")], 2, "does not exist",
             tmp_path, tasplus_home)
    (tmp_path / "a-file").write_text("x")
    _refused(["report", "review", "--html", str(tmp_path / "a-file" / "r.html")], 2, "does not exist",
             tmp_path, tasplus_home)
    _refused(["report", "review", "--html", str(tmp_path)], 2, "is a folder", tmp_path, tasplus_home)
    _refused(["report", "review", "--owner", "王磊", "--html", out], 1, "no deal matches --owner 王磊",
             tmp_path, tasplus_home)
    _refused(["report", "review", "--owner", "nobody", "--html", out], 1, "nobody", tmp_path, tasplus_home)
    assert not (tmp_path / "no").exists()


def test_a_folder_it_may_not_write_to(demo, out_dir, tasplus_home):
    tmp_path = out_dir
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o500)
    if os.geteuid() == 0:  # root writes anywhere it has a folder: /proc takes no new file
        folder = Path("/proc")
    try:
        _refused(["report", "funnel", "--html", str(folder / "r.html")], 2, "cannot write", tmp_path,
                 tasplus_home)
    finally:
        (tmp_path / "read-only").chmod(0o700)


def test_a_failed_write_leaves_nothing_behind(demo, out_dir, monkeypatch):
    tmp_path = out_dir
    def full_disk(*_a):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    r = run("report", "review", "--html", str(tmp_path / "r.html"), code=None)
    assert_clean_error(r, 2)
    assert "No space left on device" in r.stderr
    assert list(tmp_path.iterdir()) == []


def test_an_empty_database_has_nothing_to_report(out_dir, tasplus_home):
    tmp_path = out_dir
    _refused(["report", "review", "--html", str(tmp_path / "r.html")], 1, "the database holds no deals",
             tmp_path, tasplus_home)
    r = run("report", "funnel", "--html", str(tmp_path / "r.html"), code=None)
    assert "tasplus demo" in r.stderr


def test_curves_from_the_test_database(bank, tmp_path):
    """On the backend of the run (PostgreSQL too): an n/a point is marked, not drawn; the stage
    probability steps with the deal's moves."""
    run("opp", "new", "核心系统", "--account", bank, "--amount", "5000000")
    run("competitor", "add", "翼辰软件")
    survey = ["survey", "run", "OPP-0001", "--inside-source", "no", "--our-fit", "4", "--our-closeness", "3",
              "--competitor", "翼辰软件=5,3"]
    run(*survey)  # no confirmed compelling event: n/a
    run("event", "add", "OPP-0001", "预算已批复", "--kind", "budget", "--confirmed")
    run(*survey)
    run("opp", "advance", "OPP-0001", "--to", "initiate")
    history = run_json("winrate", "OPP-0001")["history"]
    assert history[0]["win_rate"] is None and all(p["win_rate"] is not None for p in history[1:])
    out = tmp_path / "r.html"
    run("report", "review", "--html", str(out))
    source = out.read_text(encoding="utf-8")
    page = Page(source)
    assert page.points["OPP-0001"] == [(0, str(p["win_rate"])) for p in history[1:]] + [(1, "10"), (1, "20")]
    assert source.count('class="na"') == 1


# --- the forecast -------------------------------------------------------------------------------

NUMBERS = ("target", "closed_won", "won_deals", "commit", "best_case", "open_pipeline", "open_deals",
           "classic_forecast", "tasplus_forecast", "coverage", "gap")
SHOWN = [k for k in NUMBERS if k not in ("won_deals", "open_deals")]  # the counts are the table's in the terminal too


def _marks(source: str) -> list[float]:
    return [float(v) for v in re.findall(r'<line class="target" data-v="([^"]+)"', source)]


@pytest.mark.parametrize("args", [(), ("--period", "next-quarter"), ("--team", "王磊", "--period", "next-quarter"),
                                  ("--owner", "李娜", "--period", "next-quarter")])
def test_forecast_report_shows_the_figures_of_forecast_json(demo, tmp_path, args):
    out = tmp_path / "forecast.html"
    run("report", "forecast", *args, "--html", str(out))
    source = out.read_text(encoding="utf-8")
    page = Page(source)
    f = run_json("forecast", *args)
    data = {"forecast": f}
    assert page.figures
    for path, shown in page.figures.items():
        assert _number(shown) == _at(data, path), path
    wanted = {f"forecast.reps.{i}.{k}" for i in range(len(f["reps"])) for k in SHOWN}
    wanted |= {f"forecast.teams.{i}.{k}" for i in range(len(f["teams"])) for k in (*SHOWN, "adjusted")}
    wanted |= {f"forecast.unbacked_commits.{i}.{k}" for i in range(len(f["unbacked_commits"]))
               for k in ("win_rate", "amount")}
    assert wanted <= set(page.figures), wanted - set(page.figures)
    rows = f["reps"] + f["teams"]
    assert rows and sum(1 for tag, _ in page.tags if tag == "svg") == bool(f["reps"]) + bool(f["teams"])
    # the bars: closed won, commit and best case beyond commit per row; the target marks
    bars = [float(a["data-v"]) for tag, a in page.tags if tag == "rect" and a.get("class") == "pt"]
    assert bars == [v for r in rows for v in (r["closed_won"], r["commit"], r["best_case"] - r["commit"])]
    assert _marks(source) == [r["target"] for r in rows if r["target"] is not None]
    for r in f["reps"]:
        assert r["user"] in page.all_text
    for d in f["unbacked_commits"]:
        assert f"{d['code']}" in page.all_text and d["name"] in page.all_text
    for t in f["teams"]:
        if t["adjusted_note"]:
            assert t["adjusted_note"] in page.all_text  # the manager's call, with its note


def test_the_demo_forecast_has_targets_a_call_and_an_unbacked_commit(demo, tmp_path):
    """The figures above are not vacuous: the demo's quarter has targets, a call and a commit to question."""
    f = run_json("forecast")
    assert [r["target"] for r in f["reps"]] and all(r["target"] for r in f["reps"])
    assert f["teams"][0]["adjusted"] and f["unbacked_commits"]
    page = _report(tmp_path, "forecast")
    assert page.figures["forecast.teams.0.adjusted"] == "9,000,000"
    i, rep = next((i, r) for i, r in enumerate(f["reps"]) if r["coverage"] is not None)  # none once a target is met
    assert page.figures[f"forecast.reps.{i}.coverage"] == f"{rep['coverage']:g}×"


def test_forecast_report_shows_every_user_text_as_text(demo, tmp_path, monkeypatch):
    rep, deal, note = HOSTILE["owner"], HOSTILE["deal"], HOSTILE["reason"]
    end = run_json("forecast")["end"]
    monkeypatch.setenv("TASPLUS_USER", rep)  # the typing user becomes a user on their first deal
    code = re.search(r"OPP-\d+", run("opp", "new", deal, "--account", "ACC-0003", "--amount", "700000").stderr).group()
    monkeypatch.setenv("TASPLUS_USER", "tester")
    run("opp", "edit", code, "--forecast", "commit", "--close-date", end)
    run("target", "set", rep, "this-quarter", "1000000")
    run("target", "call", "王磊", "this-quarter", "9500000", "--note", note)
    f = run_json("forecast")
    assert rep in [r["user"] for r in f["reps"]] and code in [d["code"] for d in f["unbacked_commits"]]
    out = tmp_path / "hostile.html"
    run("report", "forecast", "--html", str(out))
    source = out.read_text(encoding="utf-8")
    page = Page(source)
    assert {tag for tag, _ in page.tags} <= TAGS
    assert [k for _, a in page.tags for k in a if k.startswith("on") or k in ("src", "href", "srcdoc")] == []
    for value in (rep, deal, note):
        assert value in page.all_text, value
    assert "<script" not in source and "<b onmouseover" not in source
    titles = re.findall(r"<title>([^<]*)</title>", source)  # the chart's tooltips name the rep, escaped
    assert any("&lt;b onmouseover=alert(3)&gt;R&amp;D&lt;/b&gt;" in t for t in titles)


def test_chinese_forecast_report_has_no_english(demo, tmp_path, monkeypatch):
    monkeypatch.setenv("TASPLUS_LANG", "zh")
    page = _report(tmp_path, "forecast", "--period", "next-quarter")
    text = " ".join(t for t in page.text if t.strip() and not t.lstrip().startswith("body{"))
    assert english_words(text, _user_text(demo)) == []
    assert "目标" in text and "已赢单" in text and "承诺" in text and "覆盖率" in text and "经理预测" in text


def test_forecast_report_bad_input_is_refused_and_writes_nothing(demo, out_dir, tasplus_home):
    tmp_path = out_dir
    out = str(tmp_path / "f.html")
    for bad in ("2027Q5", "2027-13", "someday"):
        _refused(["report", "forecast", "--period", bad, "--html", out], 2, f"--period: '{bad}' is not a period",
                 tmp_path, tasplus_home)
    _refused(["report", "review", "--period", "2027Q1", "--html", out], 2, "--period is for report forecast",
             tmp_path, tasplus_home)
    _refused(["report", "forecast", "--team", "王磊", "--owner", "张伟", "--html", out], 2,
             "use one of --team, --owner and --mine", tmp_path, tasplus_home)
    _refused(["report", "forecast", "--owner", "nobody", "--html", out], 1, "nobody", tmp_path, tasplus_home)
    _refused(["report", "forecast", "--period", "2031Q1", "--html", out], 1,
             "nothing to report: no deal closes in 2031Q1 for everyone, and no target is set", tmp_path, tasplus_home)
    _refused(["report", "forecast", "--owner", "王磊", "--html", out], 1, "no deal closes in", tmp_path, tasplus_home)
    _refused(["report", "forecast", "--html", str(tmp_path / "no" / "f.html")], 2, "does not exist",
             tmp_path, tasplus_home)


def test_forecast_report_of_an_empty_database(out_dir, tasplus_home):
    _refused(["report", "forecast", "--html", str(out_dir / "f.html")], 1, "the database holds no deals",
             out_dir, tasplus_home)


def test_team_review_report_has_the_per_rep_table(demo, tmp_path):
    page = _report(tmp_path, "review", "--team", "王磊")
    data = {"review": run_json("review", "--team", "王磊")}  # (funnel has no --team to compare with)
    reps = data["review"]["reps"]
    assert reps
    for path, shown in page.figures.items():
        if path.startswith("review."):
            assert _number(shown) == _at(data, path), path
    wanted = {f"review.reps.{i}.{k}" for i in range(len(reps))
              for k in ("open_deals", "amount", "classic_forecast", "tasplus_forecast", "unreviewed_surveys")}
    assert wanted <= set(page.figures), wanted - set(page.figures)
    source = (tmp_path / "report.html").read_text(encoding="utf-8")
    table = source[source.index("<h2>Per rep</h2>"):]
    table = table[:table.index("</table>")]
    for r in reps:
        cells = re.search(r"<tr><td>" + re.escape(r["name"]) + r"</td>(.*?)</tr>", table).group(1)
        counts = re.findall(r'<td class="num">(\d+)</td>', cells)
        assert counts == [str(len(r["agenda"])), str(len(r["overdue_actions"]))], r["name"]
        if r["focus"]:
            assert f'{r["focus"]["code"]} {r["focus"]["name"]}' in cells
    assert "Per rep" not in _report(tmp_path / "out", "review").all_text  # only a team review groups by rep


# --- analyze ------------------------------------------------------------------------------------

DIMENSIONS = ("by_competitor", "by_grade", "by_owner", "by_manager", "by_strategy", "by_industry")
ROW = ("deals", "won", "lost", "abandoned", "win_share")


def _plots(source: str) -> dict[int, list[tuple[int, float, float, int]]]:
    """Each calibration plot's points by horizon: (series, predicted, won share, count)."""
    out = {}
    for horizon, chart in re.findall(r'<div class="plot" data-horizon="(\d+)">(.*?)</svg>', source):
        out[int(horizon)] = [(int(s), float(p), float(v), int(n)) for s, v, p, n in re.findall(
            r'<circle class="pt" data-series="(\d)" data-v="([^"]+)" data-p="([^"]+)" data-n="(\d+)"', chart)]
    return out


def _bins(h: dict) -> list[tuple[int, float, float, int]]:
    return [(k, b["mean_predicted"], b["win_share"], b["n"]) for k, key in enumerate(("tasplus", "classic"))
            for b in h[key]["bins"] if b["n"]]


@pytest.mark.parametrize("args", [(), ("--team", "王磊", "--exclude-abandoned"), ("--owner", "Mike Chen"),
                                  ("--grade", "C", "--industry", "Banking")])
def test_analyze_report_shows_the_figures_of_analyze_json(demo, tmp_path, args):
    page = _report(tmp_path, "analyze", *args)
    source = (tmp_path / "report.html").read_text(encoding="utf-8")
    a = run_json("analyze", *args)
    data = {"analyze": a}
    assert len(page.figures) > 100 or args
    for path, shown in page.figures.items():
        assert _number(shown) == _at(data, path), path
    at = "analyze"
    wanted = {f"{at}.closed.{k}" for k in ("deals", "won", "lost", "abandoned")}
    horizons = a["calibration"]["horizons"]
    for i, h in enumerate(horizons):
        if h["deals"]:  # the Brier scores side by side, at the close and 30/60/90 days before when present
            wanted |= {f"{at}.calibration.horizons.{i}.{k}" for k in ("deals", "tasplus_na", "tasplus_none")}
            wanted |= {f"{at}.calibration.horizons.{i}.{k}.{f}" for k in ("tasplus", "classic", "classic_same_deals")
                       for f in ("brier", "n")}
    wanted |= {f"{at}.calibration.horizons.0.{k}.bins.{j}.{f}" for k in ("tasplus", "classic")
               for j, b in enumerate(horizons[0][k]["bins"]) if b["n"] for f in ("mean_predicted", "win_share", "won", "n")}
    w = a["winloss"]
    for dim in DIMENSIONS:
        if any(r["key"] is not None for r in w[dim]):
            wanted |= {f"{at}.winloss.{dim}.{i}.{k}" for i in range(min(len(w[dim]), 20)) for k in ROW}
    wanted |= {f"{at}.winloss.by_competitor.{i}.lost_to" for i in range(len(w["by_competitor"]))}
    wanted |= {f"{at}.winloss.by_lost_reason.{i}.{k}" for i in range(len(w["by_lost_reason"]))
               for k in ("deals", "lost", "abandoned", "share")}
    if w["head_to_head"]["lost"]:
        wanted |= {f"{at}.winloss.head_to_head.{k}" for k in ("lost", "winner_known", "winner_unknown")}
    v = a["velocity"]
    wanted |= {f"{at}.velocity.conversion.{i}.{k}" for i in range(len(v["conversion"]))
               for k in ("entered", "moved_on", "rate")}
    wanted |= {f"{at}.velocity.stages.{i}.{k}" for i in range(len(v["stages"]))
               for k in ("n", "median_days", "p80_days", "mean_days")}
    wanted |= {f"{at}.velocity.cycle.{k}.{f}" for k, c in v["cycle"].items() if c["n"]
               for f in ("n", "median_days", "p80_days", "mean_days")}
    wanted |= {f"{at}.velocity.slippage.{k}" for k in ("deals", "slipped", "pulled_in", "median_days", "p80_days")}
    assert wanted <= set(page.figures), wanted - set(page.figures)
    # the calibration plots: one per horizon with deals, each bin of both forecasts a point, as --json has it
    plots = _plots(source)
    assert plots and set(plots) == {i for i, h in enumerate(horizons) if h["tasplus"]["n"] or h["classic"]["n"]}
    for i, points in plots.items():
        assert points == _bins(horizons[i]), i
    assert source.count('class="diagonal"') == len(plots)
    for r in w["by_owner"]:
        assert r["key"] in page.all_text
    for r in w["by_lost_reason"]:
        assert all((t["text"] or "") in page.all_text for t in r["texts"])


def test_the_demo_analysis_is_meaningful_and_not_vacuous(demo, tmp_path):
    """The figures above are many: the demo has about 150 closed deals and every part has rows."""
    a = run_json("analyze")
    assert a["closed"]["deals"] >= 150 and a["meaningful"]
    assert all(h["deals"] and h["tasplus"]["n"] for h in a["calibration"]["horizons"])
    assert len(a["winloss"]["by_competitor"]) >= 3 and a["winloss"]["by_lost_reason"] and a["velocity"]["stages"]
    page = _report(tmp_path, "analyze")
    assert page.figures["analyze.closed.deals"] == str(a["closed"]["deals"])
    assert "not yet meaningful" not in page.all_text
    assert sum(1 for tag, _ in page.tags if tag == "svg") >= 4 + 6 + 1 + 2  # plots, win/loss, reasons, velocity


def test_fewer_than_20_closed_deals_are_not_yet_meaningful(demo, tmp_path):
    args = ("--grade", "B", "--industry", "banking")
    a = run_json("analyze", *args)
    assert 0 < a["closed"]["deals"] < 20 and not a["meaningful"]
    page = _report(tmp_path, "analyze", *args)
    said = re.sub(r"\s+", " ", page.all_text).replace(" )", ")")  # the figures are elements of their own
    assert f"Only {a['closed']['deals']} closed deals (fewer than 20)" in said
    assert "not yet meaningful" in page.all_text
    assert page.figures["analyze.min_deals"] == "20" and page.figures["analyze.calibration.horizons.0.deals"]


def test_analyze_report_shows_every_user_text_as_text(demo, tmp_path):
    owner, competitor, reason = HOSTILE["owner"], HOSTILE["event"], HOSTILE["reason"]
    run("user", "edit", "Mike Chen", "--name", owner)
    run("competitor", "edit", "CMP-0006", "--name", competitor)
    run("account", "edit", "ACC-0003", "--industry", HOSTILE["drop"])
    run("opp", "close", "OPP-0001", "--lost", "--reason", reason, "--competitor", "CMP-0006")
    w = run_json("analyze", "winloss")["winloss"]
    assert owner in [r["key"] for r in w["by_owner"]] and competitor in [r["key"] for r in w["by_competitor"]]
    assert reason in [t["text"] for r in w["by_lost_reason"] for t in r["texts"]]
    out = tmp_path / "hostile.html"
    run("report", "analyze", "--html", str(out))
    source = out.read_text(encoding="utf-8")
    page = Page(source)
    assert {tag for tag, _ in page.tags} <= TAGS | {"h4"}
    assert [k for _, a in page.tags for k in a if k.startswith("on") or k in ("src", "href", "srcdoc")] == []
    for value in (owner, competitor, reason, HOSTILE["drop"]):
        assert value in page.all_text, value
    assert "<script" not in source and "<b onmouseover" not in source and "<svg onload" not in source
    titles = re.findall(r"<title>([^<]*)</title>", source)  # the bars' tooltips name them, escaped
    assert any("&lt;b onmouseover=alert(3)&gt;R&amp;D&lt;/b&gt;" in t for t in titles)
    assert any("&quot;&gt;&lt;svg onload=alert(4)&gt;" in t for t in titles)


def test_chinese_analyze_report_has_no_english(demo, tmp_path, monkeypatch):
    monkeypatch.setenv("TASPLUS_LANG", "zh")
    page = _report(tmp_path, "analyze")
    assert ('lang', 'zh-CN') in page.tags[0][1].items()
    text = " ".join(t for t in page.text if t.strip() and not t.lstrip().startswith("body{"))
    assert [w for w in english_words(text, _user_text(demo)) if w != "Brier"] == []  # a name, as TAS+
    assert "校准" in text and "赢单比例" in text and "阶段转化率" in text and "第 80 百分位" in text


def test_analyze_report_bad_input_is_refused_and_writes_nothing(demo, out_dir, tasplus_home):
    tmp_path = out_dir
    out = str(tmp_path / "a.html")
    _refused(["report", "analyze", "--from", "2030-01-01", "--html", out], 1,
             "no closed deals to analyse (from 2030-01-01)", tmp_path, tasplus_home)
    _refused(["report", "analyze", "--industry", "whaling", "--html", out], 1, "no closed deals to analyse",
             tmp_path, tasplus_home)
    _refused(["report", "analyze", "--owner", "nobody", "--html", out], 1, "nobody", tmp_path, tasplus_home)
    _refused(["report", "analyze", "--from", "someday", "--html", out], 2, "--from", tmp_path, tasplus_home)
    _refused(["report", "analyze", "--from", "2027-02-01", "--to", "2027-01-01", "--html", out], 2,
             "--from 2027-02-01 is after --to 2027-01-01", tmp_path, tasplus_home)
    _refused(["report", "analyze", "--grade", "Z", "--html", out], 2, "--grade", tmp_path, tasplus_home)
    _refused(["report", "analyze", "--period", "2027Q1", "--html", out], 2, "--period is for report forecast",
             tmp_path, tasplus_home)
    for flag in (["--grade", "B"], ["--from", "2027-01-01"], ["--exclude-abandoned"], ["--industry", "banking"]):
        _refused(["report", "review", *flag, "--html", out], 2, f"{flag[0]} is for report analyze, not report review",
                 tmp_path, tasplus_home)
    _refused(["report", "analyze", "--html", str(tmp_path / "no" / "a.html")], 2, "does not exist",
             tmp_path, tasplus_home)
    (tmp_path / "a.html").write_text("old")
    r = run("report", "analyze", "--html", out, code=None)
    assert_clean_error(r, 1)
    assert "exists" in r.stderr and (tmp_path / "a.html").read_text() == "old"


def test_analyze_report_of_a_database_without_closed_deals(out_dir, tasplus_home, bank):
    _refused(["report", "analyze", "--html", str(out_dir / "a.html")], 1, "no closed deals to analyse",
             out_dir, tasplus_home)
    run("opp", "new", "核心系统", "--account", bank, "--amount", "5000000")  # open deals only: still nothing
    _refused(["report", "analyze", "--html", str(out_dir / "a.html")], 1, "no closed deals to analyse",
             out_dir, tasplus_home)
