"""Labels and series of numbers in, an accessible SVG chart out (pygal, the kept charting library).

One place makes every dashboard chart, usage and citation statistics alike: pygal renders without
JavaScript (its tooltip script is left out and its inline configuration script removed, so no page
carries script); a bar chart is inlined as SVG with ``role="img"`` and a label, a line chart can be
inlined the same way or as a ``data:image/svg+xml`` image whose ``alt`` text names what it shows. The
pages put the same numbers in a table beside every chart, for screen readers.
"""

from __future__ import annotations

import base64
import hashlib
import re
import sys
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

from lxml import etree

SVG = "http://www.w3.org/2000/svg"


@lru_cache(maxsize=1)
def _pygal() -> Any:
    """pygal, imported on first use. On import pygal appends a ``sys.meta_path`` finder for its
    map plugins that has no ``find_spec``, so every later failed import in the process warns
    (ImportWarning); no map plugin is used here, so that finder is taken out again."""
    import pygal

    sys.meta_path[:] = [f for f in sys.meta_path if type(f).__name__ != "PluginImportFixer"]
    return pygal


def _style() -> Any:
    from pygal.style import Style

    return Style(
        background="white",
        plot_background="white",
        foreground="#222",
        foreground_strong="#000",
        foreground_subtle="#555",
        colors=("#1f5f99", "#b3541e", "#2e7d32", "#6a3d9a", "#8c564b"),
        font_family="sans-serif",
    )


def bar_chart(title: str, labels: Sequence[str], series: Mapping[str, Sequence[int]]) -> str:
    """A grouped bar chart as inline SVG markup (``role="img"``, labelled by ``title``)."""
    chart = _pygal().Bar(
        js=(), disable_xml_declaration=True, style=_style(), width=800, height=360,
        x_label_rotation=30 if len(labels) > 6 else 0, legend_at_bottom=True, show_y_guides=True,
        print_values=False, title=title, explicit_size=False,
    )  # fmt: skip
    chart.x_labels = list(labels)
    for name, values in series.items():
        chart.add(name, list(values))
    tree = _clean(chart.render(is_unicode=True))
    tree.set("role", "img")
    tree.set("aria-label", title)
    tree.set("focusable", "false")
    return etree.tostring(tree, encoding="unicode")


def line_chart(
    title: str, years: Sequence[int], series: Mapping[str, Sequence[float | None]]
) -> str:
    """The SVG (text) of a line chart of ``series`` over ``years``; ``None`` leaves a gap."""
    chart = _pygal().Line(
        style=_style(),
        js=(),
        disable_xml_declaration=True,
        width=720,
        height=320,
        show_dots=True,
        allow_interruptions=True,
        x_label_rotation=0 if len(years) < 12 else 45,
        legend_at_bottom=True,
        print_values=False,
        truncate_legend=-1,
    )
    chart.title = title
    chart.x_labels = [str(y) for y in years]
    for name, values in series.items():
        chart.add(name, list(values))
    return etree.tostring(_clean(chart.render(is_unicode=True)), encoding="unicode")


_CHART_ID = re.compile(r'id="chart-([0-9a-f-]{36})"')


def _clean(svg: str) -> etree._Element:
    """pygal always writes its configuration as a ``<script>``; a static chart needs none, nor
    the comments pygal leaves. pygal names each chart with a random UUID (its ``id`` and the CSS
    that uses it); it becomes a digest of the chart, so the same numbers give the same bytes (a
    rebuilt page that shows nothing new is left alone)."""
    found = _CHART_ID.search(svg)
    if found:
        digest = hashlib.sha256(svg.replace(found.group(1), "").encode("utf-8")).hexdigest()
        svg = svg.replace(found.group(1), digest[:32])
    root = etree.fromstring(svg.encode("utf-8"), etree.XMLParser(resolve_entities=False))
    for node in root.xpath("//*[local-name()='script'] | //comment()"):
        node.getparent().remove(node)
    return root


def data_uri(svg: str) -> str:
    """The SVG as a ``data:image/svg+xml`` URI, for an ``<img>`` with alt text."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
