"""Server-side SVG charts: well-formed SVG that scales, with a title and the data as text, escaped labels, 1-2-5
axis ticks written like the dashboard's figures, series told apart without colour, and no crash on empty, missing,
single, zero or negative data."""

import re
from decimal import Decimal
from xml.etree import ElementTree

import pytest
from django.utils import translation
from django.utils.safestring import SafeString

from crm.charts import Series, bar_chart, line_chart, ticks

SVG = "{http://www.w3.org/2000/svg}"
MONTHS = ["01/2026", "02/2026", "03/2026", "04/2026"]


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def parse(svg: str) -> ElementTree.Element:
    return ElementTree.fromstring(svg)


def texts(root: ElementTree.Element) -> list[str]:
    return ["".join(node.itertext()) for node in root.iter(f"{SVG}text")]


def test_a_line_chart_is_accessible_svg_that_scales():
    svg = line_chart(title="Questions by month", labels=MONTHS, series=[Series("Received", [3, 5, None, 8])])
    assert isinstance(svg, SafeString)
    root = parse(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("width") == "100%"
    assert re.fullmatch(r"0 0 560 \d+", root.get("viewBox"))
    assert root.get("role") == "img"
    title, desc = root[0], root[1]
    assert (title.tag, title.text) == (f"{SVG}title", "Questions by month")
    assert desc.tag == f"{SVG}desc"
    assert desc.text == "Received: 01/2026 3; 02/2026 5; 03/2026 no data; 04/2026 8."
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"


def test_every_text_is_at_least_11_units_high():
    for svg in (
        line_chart(title="t", labels=MONTHS, series=[Series("a", [1, 2, 3, 4]), Series("b", [4, 3, 2, 1])]),
        bar_chart(title="t", items=[("a", 1), ("b", 2)], target=2),
    ):
        root = parse(svg)
        sizes = [int(root.get("font-size"))] + [int(node.get("font-size")) for node in root.iter(f"{SVG}text")]
        assert min(sizes) >= 11


def test_user_text_is_escaped_everywhere():
    evil = '<script>alert("x")</script>'
    line = line_chart(title=evil, labels=[evil, "b"], series=[Series(evil, [1, 2])])
    bars = bar_chart(title=evil, items=[(evil, 1)])
    for svg in (line, bars):
        assert "<script>" not in svg
        root = parse(svg)  # still well-formed
        assert root[0].text == evil
        assert evil in root[1].text
    assert evil in texts(parse(line))  # the legend and the axis show the text as text
    assert evil in texts(parse(bars))


@pytest.mark.parametrize(
    ("low", "high", "unit", "expected"),
    [
        (0, 7, "count", [0, 2, 4, 6, 8]),
        (0, 3, "count", [0, 1, 2, 3]),
        (0, 1234, "count", [0, 500, 1000, 1500]),
        (0, 0, "count", [0, 1]),
        (-3, 7, "count", [-4, -2, 0, 2, 4, 6, 8]),
        (0, Decimal("0.3"), "days", [0, Decimal("0.1"), Decimal("0.2"), Decimal("0.3")]),
        (5, 45, "days", [0, 10, 20, 30, 40, 50]),
        (Decimal("12.5"), Decimal("97.1"), "percent", [0, 20, 40, 60, 80, 100]),
        (0, 0, "percent", [0, 20, 40, 60, 80, 100]),
        (0, 130, "percent", [0, 50, 100, 150]),
    ],
)
def test_axis_ticks_step_by_one_two_or_five(low, high, unit, expected):
    assert ticks(low, high, unit) == [Decimal(v) for v in expected]


def test_figures_are_written_like_the_dashboards_in_each_language():
    items = [("Khu vực V", 12500), ("Khu vực VI", Decimal("1500.50"))]
    with translation.override("vi"):
        vi = texts(parse(bar_chart(title="t", items=items)))
    en = texts(parse(bar_chart(title="t", items=items)))
    assert {"12.500", "1.500,5", "15.000"} <= set(vi)
    assert {"12,500", "1,500.5", "15,000"} <= set(en)


def test_a_percent_chart_runs_from_0_to_100_with_percent_signs():
    svg = line_chart(
        title="On time",
        labels=MONTHS,
        series=[Series("Answered on time", [Decimal("66.7"), 100, None, 0])],
        unit="percent",
    )
    shown = texts(parse(svg))
    assert [t for t in shown if t.endswith("%")] == ["0%", "20%", "40%", "60%", "80%", "100%"]
    assert parse(svg)[1].text == "Answered on time: 01/2026 66.7%; 02/2026 100%; 03/2026 no data; 04/2026 0%."


def test_series_differ_by_dash_and_marker_as_well_as_colour():
    series = [Series(name, [1, 2, 3, 4]) for name in ("a", "b", "c", "d")]
    root = parse(line_chart(title="t", labels=MONTHS, series=series))
    paths = list(root.iter(f"{SVG}path"))
    assert len(paths) == 4
    assert len({p.get("stroke") for p in paths}) == 4
    assert len({p.get("stroke-dasharray") for p in paths}) == 4  # solid (None) and three patterns
    assert len(list(root.iter(f"{SVG}circle"))) == 5  # a's four points and its legend sample
    assert len(list(root.iter(f"{SVG}rect"))) == 5  # b: squares
    assert len(list(root.iter(f"{SVG}polygon"))) == 10  # c: triangles, d: diamonds


def test_gaps_split_a_line_and_a_lone_point_is_a_marker():
    root = parse(line_chart(title="t", labels=MONTHS, series=[Series("a", [1, 2, None, 4])]))
    (path,) = root.iter(f"{SVG}path")
    assert path.get("d").count("M") == 1  # the two points before the gap; the last one stands alone
    assert len(list(root.iter(f"{SVG}circle"))) == 1 + 3
    single = parse(line_chart(title="t", labels=["05/2026"], series=[Series("a", [7])]))
    assert list(single.iter(f"{SVG}path")) == []
    assert len(list(single.iter(f"{SVG}circle"))) == 2
    assert "05/2026" in texts(single)


@pytest.mark.parametrize(
    "series",
    [
        [Series("a", [None, None, None, None])],
        [Series("a", [0, 0, 0, 0])],
        [Series("a", [-2, 5, None, Decimal("3.5")]), Series("b", [1.25, None, 0, 2])],
    ],
)
def test_empty_zero_and_negative_lines_render(series):
    root = parse(line_chart(title="t", labels=MONTHS, series=series))
    assert root[0].text == "t"
    assert len(texts(root)) > 4


def test_a_line_chart_without_any_value_says_so():
    root = parse(line_chart(title="t", labels=MONTHS, series=[Series("a", [None] * 4)]))
    assert "No data for this period." in texts(root)
    assert list(root.iter(f"{SVG}path")) == []


def test_a_line_chart_takes_one_to_four_series_of_the_labels_length():
    with pytest.raises(ValueError, match="one to four"):
        line_chart(title="t", labels=MONTHS, series=[Series(str(n), [1, 2, 3, 4]) for n in range(5)])
    with pytest.raises(ValueError, match="one value per label"):
        line_chart(title="t", labels=MONTHS, series=[Series("a", [1, 2])])


def test_crowded_month_labels_keep_the_latest_month():
    labels = [f"{m:02d}/2026" for m in range(1, 13)]
    shown = texts(parse(line_chart(title="t", labels=labels, series=[Series("a", list(range(12)))])))
    month_labels = [t for t in shown if "/" in t]
    assert month_labels[-1] == "12/2026"
    assert 4 <= len(month_labels) < 12


def test_bars_write_their_label_and_value_beside_them_and_a_target_line():
    long = "Processing, production for export, EPEs and more"
    root = parse(bar_chart(title="By unit", items=[("Khu vực V", 42), (long, 7), ("Khu vực VI", None)], target=30))
    shown = texts(root)
    assert shown[shown.index("Khu vực V") : shown.index("Khu vực V") + 2] == ["Khu vực V", "42"]
    assert "—" in shown  # no value
    assert "Target: 30" in shown
    assert any(t.endswith("…") and long.startswith(t[:-1]) for t in shown)  # truncated on the chart…
    assert long in root[1].text  # …but whole in the description
    bars = list(root.iter(f"{SVG}rect"))
    assert len(bars) == 2
    assert float(bars[0].get("width")) > float(bars[1].get("width"))
    assert any(line.get("stroke-dasharray") == "5 3" for line in root.iter(f"{SVG}line"))
    assert root[1].text == f"Khu vực V 42; {long} 7; Khu vực VI no data. Target: 30."


@pytest.mark.parametrize(
    "items",
    [[], [("a", None)], [("a", 0), ("b", 0)], [("a", -3), ("b", 7)], [("only", Decimal("83.3"))]],
)
def test_empty_missing_zero_negative_and_single_bars_render(items):
    root = parse(bar_chart(title="t", items=items, unit="percent"))
    assert root[0].text == "t"
    if not items:
        assert "No data for this period." in texts(root)


def test_a_negative_bar_extends_left_of_zero():
    root = parse(bar_chart(title="t", items=[("a", -3), ("b", 7)]))
    first, second = root.iter(f"{SVG}rect")
    assert float(first.get("x")) + float(first.get("width")) == pytest.approx(float(second.get("x")), abs=0.2)
