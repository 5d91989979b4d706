"""Invented data series in, the PNG charts of the demo journal *Ecología Latinoamericana* out.

Run with ``.venv/bin/python collections/demo/tools/make_figures_ecl.py`` from the project root;
the figures are written next to the articles that reference them (issues v8n1 and v8n2).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ISSUES = Path(__file__).resolve().parent.parent / "journals" / "ecl" / "issues"
WIDTH, HEIGHT = 720, 440
LEFT, RIGHT, TOP, BOTTOM = 80, 30, 40, 70
COLOURS = ["#1b6e4a", "#c4661f", "#3b5ba5", "#8c2d5e"]


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float, ...]


@dataclass(frozen=True)
class Chart:
    path: Path
    title: str
    x_label: str
    y_label: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    y_max: float
    kind: str  # "bar" or "line"


def _font(size: int) -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    return ImageFont.load_default(size=size)


def _y(value: float, y_max: float) -> float:
    return HEIGHT - BOTTOM - (value / y_max) * (HEIGHT - TOP - BOTTOM)


def _axes(draw: ImageDraw.ImageDraw, chart: Chart) -> None:
    small = _font(13)
    for step in range(6):
        value = chart.y_max * step / 5
        y = _y(value, chart.y_max)
        draw.line([(LEFT, y), (WIDTH - RIGHT, y)], fill="#dddddd")
        draw.text((LEFT - 8, y), f"{value:g}", fill="black", font=small, anchor="rm")
    draw.line([(LEFT, TOP), (LEFT, HEIGHT - BOTTOM)], fill="black", width=2)
    draw.line([(LEFT, HEIGHT - BOTTOM), (WIDTH - RIGHT, HEIGHT - BOTTOM)], fill="black", width=2)
    draw.text((WIDTH / 2, 18), chart.title, fill="black", font=_font(16), anchor="mm")
    draw.text((WIDTH / 2, HEIGHT - 18), chart.x_label, fill="black", font=small, anchor="mm")
    draw.text((12, TOP - 22), chart.y_label, fill="black", font=small, anchor="lm")


def _slot(index: int, count: int) -> tuple[float, float]:
    width = (WIDTH - LEFT - RIGHT) / count
    return LEFT + index * width, width


def _bars(draw: ImageDraw.ImageDraw, chart: Chart) -> None:
    groups = len(chart.series)
    for i, _ in enumerate(chart.categories):
        x0, width = _slot(i, len(chart.categories))
        bar = width * 0.7 / groups
        for g, series in enumerate(chart.series):
            left = x0 + width * 0.15 + g * bar
            top = _y(series.values[i], chart.y_max)
            box = [left, top, left + bar - 2, HEIGHT - BOTTOM]
            draw.rectangle(box, fill=COLOURS[g % len(COLOURS)])


def _lines(draw: ImageDraw.ImageDraw, chart: Chart) -> None:
    for g, series in enumerate(chart.series):
        points = []
        for i, value in enumerate(series.values):
            x0, width = _slot(i, len(chart.categories))
            points.append((x0 + width / 2, _y(value, chart.y_max)))
        colour = COLOURS[g % len(COLOURS)]
        draw.line(points, fill=colour, width=3)
        for x, y in points:
            draw.ellipse([x - 4, y - 4, x + 4, y + 4], fill=colour)


def _category_labels(draw: ImageDraw.ImageDraw, chart: Chart) -> None:
    for i, name in enumerate(chart.categories):
        x0, width = _slot(i, len(chart.categories))
        draw.text(
            (x0 + width / 2, HEIGHT - BOTTOM + 14), name, fill="black", font=_font(13), anchor="mm"
        )


def _legend(draw: ImageDraw.ImageDraw, chart: Chart) -> None:
    for g, series in enumerate(chart.series):
        y = TOP + 8 + g * 18
        draw.rectangle([WIDTH - 230, y - 6, WIDTH - 218, y + 6], fill=COLOURS[g % len(COLOURS)])
        draw.text((WIDTH - 212, y), series.name, fill="black", font=_font(13), anchor="lm")


def render(chart: Chart) -> None:
    """Draw one chart and save it as an 8-bit palette PNG (small files)."""
    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    draw = ImageDraw.Draw(image)
    _axes(draw, chart)
    (_bars if chart.kind == "bar" else _lines)(draw, chart)
    _category_labels(draw, chart)
    _legend(draw, chart)
    image.convert("P", palette=Image.Palette.ADAPTIVE, colors=32).save(chart.path, optimize=True)


CHARTS = (
    Chart(
        ISSUES / "v8n1" / "0718-462X-ecl-8-1-0001-gf01.png",
        "Riqueza de aves por clase de tamaño del fragmento",
        "Clase de tamaño del fragmento (ha)",
        "Especies (media)",
        ("< 5", "5-20", "20-50", "50-150", "> 150"),
        (
            Series("Invierno", (11.2, 14.8, 18.1, 21.6, 24.9)),
            Series("Primavera", (13.5, 17.9, 22.4, 26.0, 29.3)),
        ),
        35,
        "bar",
    ),
    Chart(
        ISSUES / "v8n1" / "0718-462X-ecl-8-1-0013-gf01.png",
        "Soil respiration under experimental drought",
        "Month of the 2022-2023 growing season",
        "umol CO2 m-2 s-1",
        ("Oct", "Nov", "Dec", "Jan", "Feb", "Mar"),
        (
            Series("Control", (1.42, 1.88, 2.31, 2.56, 2.12, 1.61)),
            Series("Drought (-50 %)", (1.38, 1.52, 1.49, 1.37, 1.21, 1.10)),
        ),
        3,
        "line",
    ),
    Chart(
        ISSUES / "v8n2" / "0718-462X-ecl-8-2-0049-gf01.png",
        "Visitas florais por grupo de polinizadores",
        "Distância ao remanescente de vegetação nativa (m)",
        "Visitas / flor / hora",
        ("0-100", "100-300", "300-600", "> 600"),
        (
            Series("Abelhas nativas", (0.84, 0.61, 0.37, 0.19)),
            Series("Apis mellifera", (0.52, 0.55, 0.49, 0.46)),
        ),
        1,
        "bar",
    ),
    Chart(
        ISSUES / "v8n2" / "0718-462X-ecl-8-2-e240203-gf01.png",
        "NDVI recovery after the 2017 fires",
        "Years since fire",
        "NDVI (mean)",
        ("0", "1", "2", "3", "4", "5", "6"),
        (
            Series("Unburned", (0.71, 0.72, 0.70, 0.72, 0.73, 0.71, 0.72)),
            Series("Moderate severity", (0.38, 0.47, 0.54, 0.59, 0.62, 0.64, 0.66)),
            Series("High severity", (0.21, 0.29, 0.35, 0.40, 0.45, 0.48, 0.51)),
        ),
        1,
        "line",
    ),
)


def main() -> None:
    for chart in CHARTS:
        render(chart)
        print(f"{chart.path.name}: {chart.path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
