"""The chart primitives of the HTML report (``render.svg``): pure functions of plain values.

Each chart is parsed back (``xml.etree``: an inline SVG is well-formed XML) and checked for
what it promises: one point per value with its value and series, scales that place a value where
it belongs, every given text escaped (in ``<text>`` and ``<title>``), nothing fetched.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

import pytest

from tasplus_cli.render import svg

HOSTILE = '<script>alert("x")</script> & <b>'


def _tree(source: str) -> ET.Element:
    return ET.fromstring(source)


def _points(root: ET.Element) -> list[ET.Element]:
    return [e for e in root.iter() if "pt" in (e.get("class") or "").split()]


def _texts(root: ET.Element) -> list[str]:
    return [e.text or "" for e in root.iter() if e.tag in ("text", "title")]


def test_esc_escapes_markup_quotes_and_unprintable_characters():
    assert svg.esc('<a href="x">&\'') == "&lt;a href=&quot;x&quot;&gt;&amp;&#x27;"
    assert svg.esc("evil\u202etxt.exe\x1b[31m") == "evil\ufffdtxt.exe\ufffd[31m"


def test_bars_stack_the_series_and_mark_the_target():
    rows = [svg.Row("validate", (300.0, 100.0, 0.0)), svg.Row("tender", (800.0, 0.0, 0.0), target=1000.0)]
    root = _tree(svg.bars(rows, ["AB", "CD", "E"], "Pipeline", lambda v: f"{v:,.0f}", "target"))
    pts = _points(root)
    assert [(p.get("data-series"), p.get("data-v")) for p in pts] == [
        ("0", "300.0"), ("1", "100.0"), ("2", "0.0"), ("0", "800.0"), ("1", "0.0"), ("2", "0.0")]
    w = [float(p.get("width")) for p in pts]
    assert w[3] == pytest.approx(w[0] * 8 / 3, abs=0.2)  # one scale for every row: the largest total or target
    target = next(e for e in root.iter("line") if e.get("class") == "target")
    assert target.get("data-v") == "1000.0"
    assert float(target.get("x1")) == pytest.approx(float(pts[0].get("x")) + w[3] * 10 / 8, abs=0.2)
    assert "tender · target: 1,000" in _texts(root)
    assert root.get("role") == "img" and root.get("aria-label") == "Pipeline"


def test_lines_draw_points_and_steps_on_a_percent_scale():
    rates = svg.Series("TAS+ win rate", ((date(2027, 1, 1), 20), (date(2027, 1, 11), None), (date(2027, 1, 21), 60)))
    stage = svg.Series("Stage probability", ((date(2027, 1, 1), 10), (date(2027, 1, 11), 40)), step=True)
    root = _tree(svg.lines([rates, stage], date(2027, 1, 1), date(2027, 1, 31), "OPP-0001", na="n/a"))
    pts = _points(root)
    assert [(p.get("data-series"), p.get("data-v")) for p in pts] == [("0", "20"), ("0", "60"), ("1", "10"),
                                                                       ("1", "40")]
    y = {p.get("data-v"): float(p.get("cy")) for p in pts}
    assert y["20"] - y["60"] == pytest.approx(4 * (y["10"] - y["20"]), abs=0.2)  # 40 points vs 10: linear in %
    x = [float(p.get("cx")) for p in pts]
    assert x[1] - x[0] == pytest.approx(2 * (x[3] - x[2]), abs=0.2)  # 20 days vs 10 days
    assert "TAS+ win rate · 2027-01-11: n/a" in _texts(root)  # not computable: said, not drawn
    step = next(root.iter("path"))
    assert step.get("d").count("H") == 2 and step.get("d").count("V") == 1  # held to the chart's end
    assert len(list(root.iter("polyline"))) == 1


def test_calibration_puts_bins_against_the_diagonal():
    bins = [svg.Bin(15, 10, 40), svg.Bin(55, 60, 10)]
    root = _tree(svg.calibration([("TAS+", bins), ("Stage", [svg.Bin(70, 40, 20)])], "Calibration",
                                 "predicted", "won", "deals"))
    pts = _points(root)
    assert [(p.get("data-series"), p.get("data-v")) for p in pts] == [("0", "10"), ("0", "60"), ("1", "40")]
    diag = next(e for e in root.iter("line") if e.get("class") == "diagonal")
    x0, y0, x1, y1 = (float(diag.get(k)) for k in ("x1", "y1", "x2", "y2"))
    for p, b in zip(pts, [*bins, svg.Bin(70, 40, 20)]):
        assert float(p.get("cx")) == pytest.approx(x0 + (x1 - x0) * b.predicted / 100, abs=0.1)
        assert float(p.get("cy")) == pytest.approx(y0 + (y1 - y0) * b.actual / 100, abs=0.1)
    r = [float(p.get("r")) for p in pts]
    assert r[0] > r[2] > r[1]  # area grows with the count
    assert "TAS+: predicted 15% · won 10% · 40 deals" in _texts(root)


@pytest.mark.parametrize("chart", [
    lambda h: svg.bars([svg.Row(h, (1.0,), target=2.0)], [h], h, str, h),
    lambda h: svg.lines([svg.Series(h, ((date(2027, 1, 1), 50), (date(2027, 1, 2), None)))],
                        date(2027, 1, 1), date(2027, 1, 3), h, na=h),
    lambda h: svg.calibration([(h, [svg.Bin(50, 50, 1)])], h, h, h, h),
])
def test_every_given_text_is_escaped(chart):
    source = chart(HOSTILE)
    assert "<script" not in source and "<b>" not in source
    root = _tree(source)  # still well-formed: nothing broke out of its element or attribute
    assert {e.tag for e in root.iter()} <= {"svg", "title", "text", "rect", "line", "path", "polyline", "circle"}
    assert any(HOSTILE in t for t in _texts(root))
    assert root.get("aria-label") == HOSTILE
    assert "http" not in source and "href" not in source and "url(" not in source


def test_long_labels_are_cut_and_said_whole_in_the_tooltip():
    label = "华东省农商银行核心系统升级二期项目"
    root = _tree(svg.bars([svg.Row(label, (5.0,))], ["AB"], "t"))
    shown = [e.text for e in root.iter("text") if e.get("text-anchor") == "end"]
    assert shown == [label[:11] + "…"]
    assert any(label in t for t in _texts(root))


def test_bars_say_a_note_after_the_total_and_name_the_target_mark_in_the_legend():
    rows = [svg.Row("张伟", (150.0, 200.0, 750.0), target=1500.0, note="Coverage 0.81×"), svg.Row("李娜", (0.0, 0.0, 0.0))]
    root = _tree(svg.bars(rows, ["Closed won", "Commit", "Best case"], "Forecast", lambda v: f"{v:,.0f}", "Target"))
    ends = [e.text for e in root.iter("text") if e.get("fill") == svg.MUTED]
    assert ends == ["1,100 · Coverage 0.81×", "0"]
    legend = [e.text for e in root.iter("text")][:4]
    assert legend == ["Closed won", "Commit", "Best case", "Target"]  # the mark is named once a row has a target
    assert [e.get("data-v") for e in root.iter("line") if e.get("class") == "target"] == ["1500.0"]
    end = next(e for e in root.iter("text") if e.text == ends[0])
    assert float(end.get("x")) + 7 * len(ends[0]) <= int(root.get("width"))  # the note fits in the chart
    untargeted = _tree(svg.bars(rows[1:], ["Closed won", "Commit", "Best case"], "Forecast", str, "Target"))
    assert "Target" not in [e.text for e in untargeted.iter("text")]
