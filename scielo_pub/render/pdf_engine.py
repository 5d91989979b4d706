"""Print HTML in, PDF bytes out: WeasyPrint with the print stylesheet, local files only.

Kept apart from :mod:`scielo_pub.render.pdf` (which makes the print HTML from the article and pulls
in the page templates, the citation index and the store's SQL toolkit), so that a process that only
renders PDFs -- the rebuild's printer (:mod:`scielo_pub.render.printer`) -- imports WeasyPrint and
nothing else of weight.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

_STATIC = Path(__file__).resolve().parent / "static"
#: PDF/UA-1: tagged structure, document language and title shown; costs about 5% more time.
PDF_VARIANT: str | None = "pdf/ua-1"


@lru_cache(maxsize=1)
def weasyprint():
    """The ``weasyprint`` module, imported on first use without ctypes' library search.

    WeasyPrint tries several names per C library; each name that fails costs a ``gcc`` and an
    ``ldconfig`` run in ``ctypes.util.find_library`` (about half a second in all). Its lists end
    with the exact sonames, which load without a search, so the search is switched off for the
    import; if the libraries cannot be found that way, the import is retried with it.
    """
    import ctypes.util
    import importlib
    import sys

    if "weasyprint" not in sys.modules:
        real = ctypes.util.find_library
        ctypes.util.find_library = lambda name: None
        try:
            importlib.import_module("weasyprint")
        except OSError:
            for name in [m for m in sys.modules if m.split(".")[0] == "weasyprint"]:
                del sys.modules[name]
        finally:
            ctypes.util.find_library = real
    return importlib.import_module("weasyprint")


@lru_cache(maxsize=1)
def _stylesheet():
    return weasyprint().CSS(filename=str(_STATIC / "pdf.css"))


def local_fetcher():
    """A fetcher for ``file:`` and ``data:`` URLs only: a PDF build never touches the network."""
    weasyprint()
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"file", "data"}, timeout=5)


def render_pdf(html: str, base: Path) -> bytes:
    """WeasyPrint the print HTML; relative figure paths resolve in the article's folder."""
    return render_pdf_counted(html, base)[0]


def render_pdf_counted(html: str, base: Path) -> tuple[bytes, int]:
    """The PDF bytes and its number of pages."""
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    document = (
        weasyprint()
        .HTML(string=html, base_url=base.resolve().as_uri() + "/", url_fetcher=local_fetcher())
        .render(stylesheets=[_stylesheet()])
    )
    options = {"pdf_variant": PDF_VARIANT} if PDF_VARIANT else {}
    return document.write_pdf(**options), len(document.pages)


def warm_up(math: bool = True) -> None:
    """Load fonts, the print stylesheet and (``math``) the math fonts once, before workers fork."""
    from . import math as fmath

    if math:
        fmath.svg_uri(f'<math xmlns="{fmath.MML_NS}"><mi>x</mi></math>')  # not cached: loads fonts
    html = '<html lang="en"><body><h1>a</h1><p>b <i>c</i> <b>d</b></p><table><tr><td>e</td></tr></table></body></html>'
    render_pdf(html, _STATIC)
