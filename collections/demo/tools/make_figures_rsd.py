"""Invented chart data for the demo journal rsd in, small PNG figures in its issue folders out.

Reproducibility only: the PNGs are committed; run
``.venv/bin/python collections/demo/tools/make_figures_rsd.py`` to redraw them with Pillow.
The numbers here are the same invented numbers the articles quote in their text and tables.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ISSUES = Path(__file__).resolve().parent.parent / "journals" / "rsd" / "issues"
W, H = 720, 440
LEFT, RIGHT, TOP, BOTTOM = 80, 30, 50, 70
COLOURS = ["#1f4e79", "#c55a11", "#548235", "#7f6000"]


@dataclass(frozen=True)
class Axes:
    """Maps data coordinates onto the plotting area of a W x H canvas."""

    x0: float
    x1: float
    y0: float
    y1: float

    def px(self, x: float, y: float) -> tuple[float, float]:
        fx = (x - self.x0) / (self.x1 - self.x0)
        fy = (y - self.y0) / (self.y1 - self.y0)
        return LEFT + fx * (W - LEFT - RIGHT), H - BOTTOM - fy * (H - TOP - BOTTOM)


FONT_FILE = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"  # has the Portuguese accents


def font(size: int) -> ImageFont.FreeTypeFont:
    try:
        return ImageFont.truetype(FONT_FILE, size)
    except OSError:
        return ImageFont.load_default(size=size)


def canvas(title: str) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    img = Image.new("RGB", (W, H), "white")
    draw = ImageDraw.Draw(img)
    draw.text((LEFT, 14), title, fill="black", font=font(16))
    return img, draw


def frame(
    draw: ImageDraw.ImageDraw,
    ax: Axes,
    xticks: Sequence[float],
    yticks: Sequence[float],
    labels: tuple[str, str],
) -> None:
    """Draws axes, tick labels, light grid lines and the two axis titles."""
    small = font(12)
    for y in yticks:
        a, b = ax.px(ax.x0, y), ax.px(ax.x1, y)
        draw.line([a, b], fill="#dddddd")
        draw.text((a[0] - 8, a[1]), f"{y:g}", fill="black", font=small, anchor="rm")
    for x in xticks:
        p = ax.px(x, ax.y0)
        draw.line([p, (p[0], p[1] + 5)], fill="black")
        draw.text((p[0], p[1] + 8), f"{x:g}", fill="black", font=small, anchor="mt")
    draw.line([ax.px(ax.x0, ax.y0), ax.px(ax.x1, ax.y0)], fill="black", width=2)
    draw.line([ax.px(ax.x0, ax.y0), ax.px(ax.x0, ax.y1)], fill="black", width=2)
    draw.text(((LEFT + W - RIGHT) / 2, H - 22), labels[0], fill="black", font=font(13), anchor="mm")
    ylab = Image.new("RGBA", (H - TOP - BOTTOM, 20), (255, 255, 255, 0))
    ImageDraw.Draw(ylab).text((0, 2), labels[1], fill="black", font=font(13))
    rotated = ylab.rotate(90, expand=True)
    img = draw._image  # the canvas the draw object paints on
    img.paste(rotated, (8, TOP), rotated)


def legend(
    draw: ImageDraw.ImageDraw, names: Sequence[str], x: int = LEFT + 20, y: int = TOP + 8
) -> None:
    for i, name in enumerate(names):
        yy = y + 18 * i
        draw.rectangle([x, yy + 3, x + 14, yy + 13], fill=COLOURS[i])
        draw.text((x + 20, yy), name, fill="black", font=font(12))


def lines(
    draw: ImageDraw.ImageDraw,
    ax: Axes,
    xs: Sequence[float],
    series: Sequence[Sequence[float]],
    step: bool = False,
) -> None:
    for i, ys in enumerate(series):
        pts = [ax.px(x, y) for x, y in zip(xs, ys, strict=True)]
        if step:
            stepped = [pts[0]]
            for p in pts[1:]:
                stepped += [(p[0], stepped[-1][1]), p]
            pts = stepped
        draw.line(pts, fill=COLOURS[i], width=3)
        if not step:
            for p in pts:
                draw.ellipse([p[0] - 3, p[1] - 3, p[0] + 3, p[1] + 3], fill=COLOURS[i])


def bars(
    draw: ImageDraw.ImageDraw,
    ax: Axes,
    xs: Sequence[float],
    ys: Sequence[float],
    width: float,
    colour: str = COLOURS[0],
) -> None:
    for x, y in zip(xs, ys, strict=True):
        a, b = ax.px(x - width / 2, y), ax.px(x + width / 2, ax.y0)
        draw.rectangle([a, b], fill=colour)


# -- invented data, quoted by the articles --------------------------------------------------
YEARS = list(range(2015, 2024))
MEASLES_SEMIARID = [96.1, 94.8, 88.2, 86.5, 84.9, 79.3, 74.6, 78.2, 83.7]
MEASLES_REST = [97.4, 95.9, 91.0, 89.8, 88.1, 83.0, 79.9, 82.6, 86.9]
CONTINUITY_RATES = [41.8, 27.5, 16.9]  # ACSC diabetes admissions per 10,000 person-years
MONTHS = [0, 6, 12, 18, 24, 30, 36]
CUMINC = [
    [0, 1.9, 3.8, 5.6, 7.4, 9.0, 10.6],
    [0, 1.2, 2.5, 3.7, 4.8, 5.9, 7.0],
    [0, 0.7, 1.5, 2.2, 2.9, 3.6, 4.3],
]
TB_DAYS = [0, 15, 30, 45, 60, 90, 120, 150, 180]
TB_UBS = [100, 81, 58, 41, 29, 16, 9, 6, 4]
TB_URG = [100, 90, 77, 64, 52, 36, 24, 17, 12]
TEMPS = [14, 16, 18, 20, 22, 24, 26, 28, 30, 32, 34]
RR = [1.06, 1.03, 1.01, 1.00, 1.00, 1.02, 1.05, 1.09, 1.15, 1.24, 1.36]
RR_LO = [0.98, 0.98, 0.99, 1.00, 0.99, 1.00, 1.02, 1.05, 1.09, 1.15, 1.22]
RR_HI = [1.15, 1.08, 1.03, 1.00, 1.01, 1.04, 1.08, 1.13, 1.21, 1.34, 1.51]
REVIEW_YEARS = list(range(2008, 2025))
REVIEW_COUNTS = [1, 0, 2, 1, 2, 3, 2, 4, 6, 5, 4, 6, 5, 3, 4, 3, 2]  # 53 studies


def fig_measles(path: Path) -> None:
    img, draw = canvas("Cobertura vacinal (tríplice viral, D1), 2015–2023")
    ax = Axes(2014.5, 2023.5, 70, 100)
    frame(draw, ax, YEARS, range(70, 101, 5), ("Ano", "Cobertura (%)"))
    draw.line([ax.px(2014.5, 95), ax.px(2023.5, 95)], fill="#990000", width=1)
    draw.text(ax.px(2021.6, 95.6), "Meta 95%", fill="#990000", font=font(12))
    lines(draw, ax, YEARS, [MEASLES_SEMIARID, MEASLES_REST])
    legend(draw, ["Municípios do semiárido", "Demais municípios do Nordeste"], y=H - BOTTOM - 50)
    img.save(path, optimize=True)


def fig_continuity_rates(path: Path) -> None:
    img, draw = canvas("A. Admissions per 10,000 person-years by COC tercile")
    ax = Axes(0.4, 3.6, 0, 50)
    frame(
        draw,
        ax,
        [],
        range(0, 51, 10),
        ("Continuity of care (COC) tercile", "Rate per 10,000 person-years"),
    )
    bars(draw, ax, [1, 2, 3], CONTINUITY_RATES, 0.5)
    for x, name, y in zip([1, 2, 3], ["Low", "Medium", "High"], CONTINUITY_RATES, strict=True):
        p = ax.px(x, 0)
        draw.text((p[0], p[1] + 8), name, fill="black", font=font(12), anchor="mt")
        q = ax.px(x, y)
        draw.text((q[0], q[1] - 4), f"{y:.1f}", fill="black", font=font(12), anchor="mb")
    img.save(path, optimize=True)


def fig_continuity_curves(path: Path) -> None:
    img, draw = canvas("B. Cumulative incidence of a first admission (%)")
    ax = Axes(0, 36, 0, 12)
    frame(
        draw, ax, MONTHS, range(0, 13, 2), ("Months since cohort entry", "Cumulative incidence (%)")
    )
    lines(draw, ax, MONTHS, CUMINC)
    legend(draw, ["Low COC", "Medium COC", "High COC"])
    img.save(path, optimize=True)


def fig_tb(path: Path) -> None:
    img, draw = canvas("Proporção ainda sem diagnóstico segundo a porta de entrada")
    ax = Axes(0, 180, 0, 100)
    frame(
        draw,
        ax,
        [0, 30, 60, 90, 120, 150, 180],
        range(0, 101, 20),
        ("Dias desde o início dos sintomas", "Sem diagnóstico (%)"),
    )
    lines(draw, ax, TB_DAYS, [TB_UBS, TB_URG], step=True)
    legend(draw, ["Atenção primária", "Urgência/emergência"], x=W - 260)
    img.save(path, optimize=True)


def fig_heat(path: Path) -> None:
    img, draw = canvas("Cumulative relative risk (lag 0-5) by daily mean temperature")
    ax = Axes(13, 35, 0.9, 1.6)
    frame(
        draw,
        ax,
        TEMPS,
        [0.9, 1.0, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6],
        ("Daily mean temperature (°C)", "Relative risk (95% CI)"),
    )
    band = [ax.px(t, v) for t, v in zip(TEMPS, RR_HI, strict=True)]
    band += [ax.px(t, v) for t, v in reversed(list(zip(TEMPS, RR_LO, strict=True)))]
    draw.polygon(band, fill="#c9d7e8")
    draw.line([ax.px(13, 1.0), ax.px(35, 1.0)], fill="#555555")
    lines(draw, ax, TEMPS, [RR])
    img.save(path, optimize=True)


def fig_review(path: Path) -> None:
    img, draw = canvas("Estudos incluídos segundo o ano de publicação (n = 53)")
    ax = Axes(2007.3, 2024.7, 0, 7)
    frame(draw, ax, REVIEW_YEARS[::2], range(0, 8), ("Ano de publicação", "Número de estudos"))
    bars(draw, ax, REVIEW_YEARS, REVIEW_COUNTS, 0.7, COLOURS[2])
    img.save(path, optimize=True)


FIGURES: dict[str, Callable[[Path], None]] = {
    "v12n1/2764-5010-rsd-12-01-0004-gf01.png": fig_measles,
    "v12n1/2764-5010-rsd-12-01-0027-gf01a.png": fig_continuity_rates,
    "v12n1/2764-5010-rsd-12-01-0027-gf01b.png": fig_continuity_curves,
    "v12n2/2764-5010-rsd-12-02-0039-gf01.png": fig_tb,
    "v12n2/2764-5010-rsd-12-02-0051-gf01.png": fig_heat,
    "v12n2/2764-5010-rsd-12-02-e00203-gf01.png": fig_review,
}


def main() -> None:
    assert sum(REVIEW_COUNTS) == 53
    for name, draw_figure in FIGURES.items():
        path = ISSUES / name
        path.parent.mkdir(parents=True, exist_ok=True)
        draw_figure(path)
        print(f"{path} {path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
