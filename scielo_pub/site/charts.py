"""Series of numbers per year in, an accessible SVG chart out (pygal), as an ``<img>`` data URI.

One place makes every dashboard chart: a pygal line chart rendered without JavaScript (pygal's
tooltips script is left out and its inline configuration script removed, so no page carries
script), inlined as a ``data:image/svg+xml`` image
whose ``alt`` text names what it shows; the pages put the same numbers in a table beside it.
"""

from __future__ import annotations

import base64
import sys
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

from lxml import etree


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
    return _without_script(chart.render(is_unicode=True))


def _without_script(svg: str) -> str:
    """pygal always writes its configuration as a ``<script>``; a static chart needs none."""
    root = etree.fromstring(svg.encode("utf-8"), etree.XMLParser(resolve_entities=False))
    for node in root.xpath("//*[local-name()='script']"):
        node.getparent().remove(node)
    return etree.tostring(root, encoding="unicode")


def data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
