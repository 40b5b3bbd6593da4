"""What a reader sees of each chart, measured in Chromium at a phone's and a laptop's width.

A chart's legend belongs to it: placed in fractions of the plot's height it drifted away from
the axis on tall charts (110 px of blank on a phone) and into it on short ones. And a chart's
marks must use its axis: a fixed axis floor once squeezed every arrow of the tornado chart into
a tenth of its width under the default profile, whose weights are 1.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser

pytestmark = pytest.mark.browser

CHART_PAGES = [
    "/",
    "/?profile=healthcare",
    "/compare?products=element:self-hosted,signal,whatsapp-business-app",
    "/compare?products=element:self-hosted,signal,whatsapp-business-app&profile=healthcare",
    "/sensitivity",
    "/sensitivity?profile=healthcare",
]

MEASURE = """() => [...document.querySelectorAll('.js-plotly-plot')].map(gd => {
  const box = gd.getBoundingClientRect();
  const legend = gd.querySelector('g.legend');
  const title = gd.querySelector('g.g-xtitle text');
  const axis = gd._fullLayout.xaxis;
  const ticks = gd.querySelector('g.xaxislayer-above');
  const size = gd._fullLayout._size;
  const numbers = (gd.data || []).filter(t => t.visible !== false && t.type !== 'heatmap')
    .flatMap(t => (t.x || []).filter(v => typeof v === 'number' && Number.isFinite(v)));
  return {
    id: gd.id,
    legendTop: legend ? legend.getBoundingClientRect().top - box.top : null,
    legendBottom: legend ? legend.getBoundingClientRect().bottom - box.top : null,
    titleTop: title ? title.getBoundingClientRect().top - box.top : null,
    titleBottom: title ? title.getBoundingClientRect().bottom - box.top : null,
    ticksTop: ticks && ticks.getBBox().height ? ticks.getBoundingClientRect().top - box.top : null,
    ticksBottom: ticks && ticks.getBBox().height ? ticks.getBoundingClientRect().bottom - box.top : null,
    plotTop: size.t,
    plotBottom: size.t + size.h,
    side: axis ? axis.side : null,
    legendBox: legend && legend.querySelector('rect.bg') ? legend.querySelector('rect.bg').getBoundingClientRect().right - box.left : null,
    legendTexts: legend ? Math.max(0, ...[...legend.querySelectorAll('text.legendtext')].map(t => t.getBoundingClientRect().right - box.left)) : null,
    titleLeft: title ? title.getBoundingClientRect().left - box.left : null,
    titleRight: title ? title.getBoundingClientRect().right - box.left : null,
    width: box.width,
    height: box.height,
    range: axis && axis.type === 'linear' ? axis.range : null,
    largest: numbers.length ? Math.max(...numbers) : null,
  };
})"""


def measure(browser: Browser, server_url: str, width: int, locale: str = "en-GB") -> list[tuple[str, dict[str, Any]]]:
    """Every drawn chart on every page at ``width``, as ``(page, measurements)``."""
    context = browser.new_context(viewport={"width": width, "height": 900}, locale=locale)
    page = context.new_page()
    found = []
    try:
        for path in CHART_PAGES:
            page.goto(f"{server_url}{path}")
            page.wait_for_selector(".js-plotly-plot .main-svg")
            page.wait_for_load_state("networkidle")
            found += [(path, chart) for chart in page.evaluate(MEASURE)]
    finally:
        context.close()
    return found


@pytest.mark.parametrize("width", [390, 1366])
def test_each_legend_sits_just_under_its_axis_title_inside_the_chart(browser: Browser, server_url: str, width: int) -> None:
    charts = measure(browser, server_url, width)
    with_legend = [(path, c) for path, c in charts if c["legendTop"] is not None and c["titleBottom"] is not None]
    assert len(with_legend) >= 4, charts
    wrong = [
        f"{path} #{c['id']}: legend {c['legendTop']:.0f}–{c['legendBottom']:.0f}, axis title ends at {c['titleBottom']:.0f}, chart {c['height']:.0f}"
        for path, c in with_legend
        if not (c["titleBottom"] - 1 <= c["legendTop"] <= c["titleBottom"] + 24 and c["legendBottom"] <= c["height"] + 1)
    ]
    assert not wrong, wrong


@pytest.mark.parametrize("width", [390, 1366])
@pytest.mark.parametrize("locale", ["en-GB", "nl-NL"])
def test_no_legend_entry_or_axis_title_is_cut_off(browser: Browser, server_url: str, width: int, locale: str) -> None:
    charts = measure(browser, server_url, width, locale)
    cut = [
        f"{path} #{c['id']}: legend box ends at {c['legendBox']:.0f}, its text at {c['legendTexts']:.0f}"
        for path, c in charts
        if c["legendBox"] is not None and c["legendTexts"] > c["legendBox"] + 1
    ] + [
        f"{path} #{c['id']}: axis title spans {c['titleLeft']:.0f}–{c['titleRight']:.0f} in a chart {c['width']:.0f} wide"
        for path, c in charts
        if c["titleLeft"] is not None and (c["titleLeft"] < -1 or c["titleRight"] > c["width"] + 1)
    ]
    assert not cut, cut


def stacked(chart: dict[str, Any]) -> bool:
    """Plot, tick labels, title in that order away from the plot (upwards for an axis on top)."""
    if chart["side"] == "top":
        return chart["ticksBottom"] <= chart["plotTop"] + 1 and chart["titleBottom"] <= chart["ticksTop"] + 1
    return chart["ticksTop"] >= chart["plotBottom"] - 1 and chart["titleTop"] >= chart["ticksBottom"] - 1


@pytest.mark.parametrize("width", [390, 1366])
def test_tick_labels_and_axis_title_stack_under_the_plot_without_overlapping(browser: Browser, server_url: str, width: int) -> None:
    charts = [(path, c) for path, c in measure(browser, server_url, width) if c["ticksTop"] is not None and c["titleTop"] is not None]
    assert len(charts) >= 4, charts
    wrong = [
        f"{path} #{c['id']}: plot ends at {c['plotBottom']:.0f}, ticks {c['ticksTop']:.0f}–{c['ticksBottom']:.0f}, title {c['titleTop']:.0f}–{c['titleBottom']:.0f}"
        for path, c in charts
        if not stacked(c)
    ]
    assert not wrong, wrong


@pytest.mark.parametrize("width", [390, 1366])
def test_the_marks_use_at_least_two_fifths_of_the_value_axis(browser: Browser, server_url: str, width: int) -> None:
    charts = measure(browser, server_url, width)
    measured = [(path, c) for path, c in charts if c["range"] and c["largest"] is not None]
    assert any(c["id"] == "tornado-chart" for _path, c in measured), charts
    cramped = [
        f"{path} #{c['id']}: largest value {c['largest']} on an axis to {c['range'][1]:.1f}"
        for path, c in measured
        if (c["largest"] - c["range"][0]) < 0.4 * (c["range"][1] - c["range"][0])
    ]
    assert not cramped, cramped
