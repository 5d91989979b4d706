"""A canonical article in, findings out: rules on figures, tables, formulas, graphics and the
declared counts."""

from __future__ import annotations

from collections.abc import Iterator

from .common import XLINK_HREF, as_int, iter_main, text_of
from .registry import Finding, RuleContext, rule

TOPIC = "figures, tables and counts"
_GRAPHIC_TAGS = ("graphic", "inline-graphic", "media", "supplementary-material")


@rule(
    "fig-graphic", "error", topic=TOPIC,
    en="figure '{value}' has no image (graphic)",
    pt="a figura '{value}' não tem imagem (graphic)",
    es="la figura '{value}' no tiene imagen (graphic)",
    advice_en='Add <graphic xlink:href="file-name"/> inside the <fig>, and the image to the package.',
    advice_pt='Acrescente <graphic xlink:href="nome-do-arquivo"/> dentro de <fig>, e a imagem ao pacote.',
    advice_es='Añada <graphic xlink:href="nombre-del-archivo"/> dentro de <fig>, y la imagen al paquete.',
)  # fmt: skip
def fig_graphic(ctx: RuleContext) -> Iterator[Finding]:
    for fig in ctx.root.iter("fig"):
        if fig.find(".//graphic") is None and fig.find(".//media") is None:
            yield Finding(fig, {"value": fig.get("id") or ""})


@rule(
    "fig-label", "error", topic=TOPIC,
    en="figure '{value}' has no label (e.g. 'Figure 1')",
    pt="a figura '{value}' não tem rótulo (p. ex. 'Figura 1')",
    es="la figura '{value}' no tiene rótulo (p. ej. 'Figura 1')",
    advice_en="Add <label>Figure 1</label> as the first child of <fig>.",
    advice_pt="Acrescente <label>Figura 1</label> como primeiro filho de <fig>.",
    advice_es="Añada <label>Figura 1</label> como primer hijo de <fig>.",
)  # fmt: skip
def fig_label(ctx: RuleContext) -> Iterator[Finding]:
    for fig in ctx.root.iter("fig"):
        if not text_of(fig.find("label")):
            yield Finding(fig, {"value": fig.get("id") or ""})


@rule(
    "fig-caption", "warning", topic=TOPIC,
    en="figure '{value}' has no caption",
    pt="a figura '{value}' não tem legenda",
    es="la figura '{value}' no tiene leyenda",
    advice_en="Add <caption><title>...</title></caption> after the label.",
    advice_pt="Acrescente <caption><title>...</title></caption> depois do rótulo.",
    advice_es="Añada <caption><title>...</title></caption> después del rótulo.",
)  # fmt: skip
def fig_caption(ctx: RuleContext) -> Iterator[Finding]:
    for fig in ctx.root.iter("fig"):
        if not text_of(fig.find("caption")):
            yield Finding(fig, {"value": fig.get("id") or ""})


@rule(
    "table-caption", "error", topic=TOPIC,
    en="table '{value}' has no caption",
    pt="a tabela '{value}' não tem legenda",
    es="la tabla '{value}' no tiene leyenda",
    advice_en="Add <caption><title>...</title></caption> after the table's label.",
    advice_pt="Acrescente <caption><title>...</title></caption> depois do rótulo da tabela.",
    advice_es="Añada <caption><title>...</title></caption> después del rótulo de la tabla.",
)  # fmt: skip
def table_caption(ctx: RuleContext) -> Iterator[Finding]:
    for wrap in ctx.root.iter("table-wrap"):
        if not text_of(wrap.find("caption")):
            yield Finding(wrap, {"value": wrap.get("id") or ""})


@rule(
    "table-label", "warning", topic=TOPIC,
    en="table '{value}' has no label (e.g. 'Table 1')",
    pt="a tabela '{value}' não tem rótulo (p. ex. 'Tabela 1')",
    es="la tabla '{value}' no tiene rótulo (p. ej. 'Tabla 1')",
    advice_en="Add <label>Table 1</label> as the first child of <table-wrap>.",
    advice_pt="Acrescente <label>Tabela 1</label> como primeiro filho de <table-wrap>.",
    advice_es="Añada <label>Tabla 1</label> como primer hijo de <table-wrap>.",
)  # fmt: skip
def table_label(ctx: RuleContext) -> Iterator[Finding]:
    for wrap in ctx.root.iter("table-wrap"):
        if not text_of(wrap.find("label")):
            yield Finding(wrap, {"value": wrap.get("id") or ""})


@rule(
    "table-content", "error", topic=TOPIC,
    en="table '{value}' has neither a table nor an image of one",
    pt="a tabela '{value}' não tem <table> nem imagem da tabela",
    es="la tabla '{value}' no tiene <table> ni imagen de la tabla",
    advice_en="Code the table as <table> (preferred) or add <graphic> with its image.",
    advice_pt="Codifique a tabela como <table> (preferível) ou acrescente <graphic> com a imagem.",
    advice_es="Codifique la tabla como <table> (preferible) o añada <graphic> con su imagen.",
)  # fmt: skip
def table_content(ctx: RuleContext) -> Iterator[Finding]:
    for wrap in ctx.root.iter("table-wrap"):
        if wrap.find(".//table") is None and wrap.find(".//graphic") is None:
            yield Finding(wrap, {"value": wrap.get("id") or ""})


@rule(
    "formula-content", "error", topic=TOPIC,
    en="formula '{value}' is empty (no MathML, TeX or image)",
    pt="a fórmula '{value}' está vazia (sem MathML, TeX ou imagem)",
    es="la fórmula '{value}' está vacía (sin MathML, TeX ni imagen)",
    advice_en="Put <mml:math>, <tex-math> or <graphic> inside <disp-formula>.",
    advice_pt="Coloque <mml:math>, <tex-math> ou <graphic> dentro de <disp-formula>.",
    advice_es="Ponga <mml:math>, <tex-math> o <graphic> dentro de <disp-formula>.",
)  # fmt: skip
def formula_content(ctx: RuleContext) -> Iterator[Finding]:
    for formula in ctx.root.iter("disp-formula", "inline-formula"):
        has_child = any(isinstance(c.tag, str) and c.tag != "label" for c in formula)
        if not has_child and not (formula.text or "").strip():
            yield Finding(formula, {"value": formula.get("id") or ""})


@rule(
    "graphic-href", "error", topic=TOPIC,
    en="<{tag}> does not name its file (xlink:href)",
    pt="<{tag}> não indica o arquivo (xlink:href)",
    es="<{tag}> no indica su archivo (xlink:href)",
    advice_en='Add xlink:href with the file name in the package, e.g. xlink:href="1234-gf01.jpg".',
    advice_pt='Acrescente xlink:href com o nome do arquivo no pacote, p. ex. xlink:href="1234-gf01.jpg".',
    advice_es='Añada xlink:href con el nombre del archivo en el paquete, p. ej. xlink:href="1234-gf01.jpg".',
)  # fmt: skip
def graphic_href(ctx: RuleContext) -> Iterator[Finding]:
    for el in ctx.root.iter(*_GRAPHIC_TAGS):
        if el.tag == "supplementary-material" and el.find(".//graphic") is not None:
            continue
        if el.tag == "supplementary-material" and el.find(".//media") is not None:
            continue
        if not (el.get(XLINK_HREF) or "").strip():
            yield Finding(el, {"tag": el.tag})


@rule(
    "href-local", "warning", topic=TOPIC,
    en="<{tag}> points to '{value}', which is not a file name inside the package",
    pt="<{tag}> aponta para '{value}', que não é um nome de arquivo dentro do pacote",
    es="<{tag}> apunta a '{value}', que no es un nombre de archivo dentro del paquete",
    advice_en="Use the bare file name of an image in the package: no folders, '..', or http:// URLs.",
    advice_pt="Use só o nome de um arquivo do pacote: sem pastas, '..' ou URLs http://.",
    advice_es="Use solo el nombre de un archivo del paquete: sin carpetas, '..' ni URLs http://.",
)  # fmt: skip
def href_local(ctx: RuleContext) -> Iterator[Finding]:
    for el in ctx.root.iter(*_GRAPHIC_TAGS):
        value = (el.get(XLINK_HREF) or "").strip()
        if value and ("/" in value or "\\" in value or ":" in value or value.startswith(".")):
            yield Finding(el, {"tag": el.tag, "value": value})


def _count_rule(rule_id: str, count_tag: str, field: str, what: dict[str, str]):
    @rule(
        rule_id, "error", topic=TOPIC,
        en=f"<{count_tag}> says {{declared}}, but the article has {{actual}} {what['en']}",
        pt=f"<{count_tag}> diz {{declared}}, mas o artigo tem {{actual}} {what['pt']}",
        es=f"<{count_tag}> dice {{declared}}, pero el artículo tiene {{actual}} {what['es']}",
        advice_en=f"Set count=\"{{actual}}\" on <{count_tag}>, or find the missing {what['en']}.",
        advice_pt=f"Ponha count=\"{{actual}}\" em <{count_tag}>, ou procure {what['pt']} que faltam.",
        advice_es=f"Ponga count=\"{{actual}}\" en <{count_tag}>, o busque {what['es']} que faltan.",
    )  # fmt: skip
    def check(ctx: RuleContext) -> Iterator[Finding]:
        declared = getattr(ctx.article.declared_counts, field)
        if declared is None:
            return
        actual = getattr(ctx.article.counts, field)
        whole = _whole_document_count(ctx, field)
        if declared not in (actual, whole):
            el = ctx.meta.find(f"counts/{count_tag}")
            yield Finding(el, {"declared": declared, "actual": actual})

    return check


_WHOLE_TAGS = {"fig": "fig", "table": "table-wrap", "equation": "disp-formula", "ref": "ref"}


def _whole_document_count(ctx: RuleContext, field: str) -> int:
    """The count including sub-articles (translations): SciELO journals declare either."""
    return sum(1 for _ in ctx.root.iter(_WHOLE_TAGS[field]))


_count_rule("counts-fig", "fig-count", "fig", {"en": "figures", "pt": "figuras", "es": "figuras"})
_count_rule(
    "counts-table", "table-count", "table", {"en": "tables", "pt": "tabelas", "es": "tablas"}
)
_count_rule(
    "counts-equation", "equation-count", "equation",
    {"en": "display formulas", "pt": "fórmulas", "es": "fórmulas"},
)  # fmt: skip
_count_rule(
    "counts-ref", "ref-count", "ref", {"en": "references", "pt": "referências", "es": "referencias"}
)


@rule(
    "counts-page", "warning", topic=TOPIC,
    en="<page-count> says {declared}, but pages {fpage}-{lpage} are {actual}",
    pt="<page-count> diz {declared}, mas as páginas {fpage}-{lpage} são {actual}",
    es="<page-count> dice {declared}, pero las páginas {fpage}-{lpage} son {actual}",
    advice_en='Set count="{actual}" on <page-count>, or correct fpage/lpage.',
    advice_pt='Ponha count="{actual}" em <page-count>, ou corrija fpage/lpage.',
    advice_es='Ponga count="{actual}" en <page-count>, o corrija fpage/lpage.',
)  # fmt: skip
def counts_page(ctx: RuleContext) -> Iterator[Finding]:
    declared = ctx.article.declared_counts.page
    first, last = as_int(ctx.article.fpage), as_int(ctx.article.lpage)
    if declared is None or first is None or last is None or last < first:
        return
    actual = last - first + 1
    if declared != actual:
        el = ctx.meta.find("counts/page-count")
        yield Finding(el, {"declared": declared, "actual": actual, "fpage": first, "lpage": last})


@rule(
    "sec-title", "warning", topic=TOPIC,
    en="a section of the body has no title",
    pt="uma seção do corpo não tem título",
    es="una sección del cuerpo no tiene título",
    advice_en="Add <title> as the first child of <sec>.",
    advice_pt="Acrescente <title> como primeiro filho de <sec>.",
    advice_es="Añada <title> como primer hijo de <sec>.",
)  # fmt: skip
def sec_title(ctx: RuleContext) -> Iterator[Finding]:
    for sec in iter_main(ctx.root, "sec"):
        parent = sec.getparent()
        if parent is not None and parent.tag in ("abstract", "trans-abstract"):
            continue
        if not text_of(sec.find("title")):
            yield Finding(sec)
