"""Labels and series of numbers in, an SVG chart out (made by pygal, the kept charting library),
ready to inline in a page: no script (pygal's tooltip configuration is removed), ``role="img"`` and
a title for assistive technology; every page shows the same numbers in a table beside the chart."""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence

import pygal
from lxml import etree
from pygal.style import Style

# pygal puts an old-style import hook for its map plugins (``pygal.maps.*``, unused here) on
# sys.meta_path; it lacks find_spec, so every later import warns. Take it off again.
sys.meta_path[:] = [f for f in sys.meta_path if type(f).__name__ != "PluginImportFixer"]

_STYLE = Style(
    background="white",
    plot_background="white",
    foreground="#222222",
    foreground_strong="#111111",
    foreground_subtle="#555555",
    colors=("#1f5f99", "#c2571a", "#2e7d32", "#6a3d9a"),
    font_family="sans-serif",
)
SVG = "http://www.w3.org/2000/svg"


def bar_chart(title: str, labels: Sequence[str], series: Mapping[str, Sequence[int]]) -> str:
    """A grouped bar chart as inline SVG markup."""
    chart = pygal.Bar(
        js=[], disable_xml_declaration=True, style=_STYLE, width=800, height=360,
        x_label_rotation=30 if len(labels) > 6 else 0, legend_at_bottom=True, show_y_guides=True,
        print_values=False, title=title, explicit_size=False,
    )  # fmt: skip
    chart.x_labels = list(labels)
    for name, values in series.items():
        chart.add(name, list(values))
    tree = etree.fromstring(chart.render(is_unicode=True).encode("utf-8"))
    for script in tree.iter(f"{{{SVG}}}script", "script"):
        script.getparent().remove(script)
    for node in tree.xpath("//comment()"):
        node.getparent().remove(node)
    tree.set("role", "img")
    tree.set("aria-label", title)
    tree.set("focusable", "false")
    return etree.tostring(tree, encoding="unicode")
