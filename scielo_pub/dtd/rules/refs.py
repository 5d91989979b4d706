"""A canonical article in, findings out: rules on the references (``ref``/``element-citation``):
ids, types, the fields each type needs, years, DOIs and pages."""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import etree

from .common import DOI, PUBLICATION_TYPES, as_int, text_of
from .registry import Finding, RuleContext, rule

TOPIC = "references"
_YEAR = re.compile(r"^(\d{4})[a-z]?$|^(s\.?\s?d\.?|s\.?\s?f\.?|n\.?\s?d\.?)$", re.I)


def _citations(ctx: RuleContext, kind: str | None = None) -> Iterator[etree._Element]:
    for ref in ctx.root.iter("ref"):
        for cit in ref.iterfind("element-citation"):
            if kind is None or cit.get("publication-type") == kind:
                yield cit


def _has_authors(cit: etree._Element) -> bool:
    return any(
        text_of(el) for el in cit.iter("name", "collab", "string-name", "etal", "institution")
    )


def _label(cit: etree._Element) -> str:
    ref = cit.getparent()
    return (ref.get("id") if ref is not None else None) or ""


def _missing(cit: etree._Element, needs: dict[str, bool]) -> Iterator[Finding]:
    absent = [name for name, present in needs.items() if not present]
    if absent:
        yield Finding(cit, {"value": _label(cit), "fields": ", ".join(absent)})


@rule(
    "ref-id-missing", "error", topic=TOPIC,
    en="a reference has no id, so the text cannot cite it",
    pt="uma referência não tem id, e o texto não pode citá-la",
    es="una referencia no tiene id, y el texto no puede citarla",
    advice_en='Give every <ref> an id (B1, B2, ...).',
    advice_pt='Dê um id a cada <ref> (B1, B2, ...).',
    advice_es='Dé un id a cada <ref> (B1, B2, ...).',
)  # fmt: skip
def ref_id_missing(ctx: RuleContext) -> Iterator[Finding]:
    for ref in ctx.root.iter("ref"):
        if not ref.get("id"):
            yield Finding(ref)


@rule(
    "ref-element-citation", "error", topic=TOPIC,
    en="reference '{value}' has no structured citation (element-citation)",
    pt="a referência '{value}' não tem citação estruturada (element-citation)",
    es="la referencia '{value}' no tiene cita estructurada (element-citation)",
    advice_en="SciELO PS tags each reference's parts in <element-citation publication-type=...>.",
    advice_pt="O SciELO PS marca as partes de cada referência em <element-citation publication-type=...>.",
    advice_es="SciELO PS marca las partes de cada referencia en <element-citation publication-type=...>.",
)  # fmt: skip
def ref_element_citation(ctx: RuleContext) -> Iterator[Finding]:
    for ref in ctx.root.iter("ref"):
        if ref.find("element-citation") is None and ref.find("nlm-citation") is None:
            yield Finding(ref, {"value": ref.get("id") or ""})


@rule(
    "ref-mixed-citation", "warning", topic=TOPIC,
    en="reference '{value}' lacks the text as printed (mixed-citation)",
    pt="a referência '{value}' não traz o texto como impresso (mixed-citation)",
    es="la referencia '{value}' no trae el texto tal como se imprimió (mixed-citation)",
    advice_en="Add <mixed-citation> with the reference exactly as printed.",
    advice_pt="Acrescente <mixed-citation> com a referência exatamente como impressa.",
    advice_es="Añada <mixed-citation> con la referencia exactamente como se imprimió.",
)  # fmt: skip
def ref_mixed_citation(ctx: RuleContext) -> Iterator[Finding]:
    for ref in ctx.root.iter("ref"):
        if ref.find("element-citation") is not None and not text_of(ref.find("mixed-citation")):
            yield Finding(ref, {"value": ref.get("id") or ""})


@rule(
    "ref-publication-type", "error", topic=TOPIC,
    en="reference '{value}' has publication-type '{kind}', which is not in the SciELO PS list",
    pt="a referência '{value}' tem publication-type '{kind}', fora da lista do SciELO PS",
    es="la referencia '{value}' tiene publication-type '{kind}', fuera de la lista de SciELO PS",
    advice_en="Use journal, book, book-chapter, thesis, webpage, confproc, report, patent, "
    "database, software, data, legal-doc, newspaper, preprint or other.",
    advice_pt="Use journal, book, book-chapter, thesis, webpage, confproc, report, patent, "
    "database, software, data, legal-doc, newspaper, preprint ou other.",
    advice_es="Use journal, book, book-chapter, thesis, webpage, confproc, report, patent, "
    "database, software, data, legal-doc, newspaper, preprint u other.",
)  # fmt: skip
def ref_publication_type(ctx: RuleContext) -> Iterator[Finding]:
    for cit in _citations(ctx):
        kind = cit.get("publication-type") or ""
        if kind not in PUBLICATION_TYPES:
            yield Finding(cit, {"value": _label(cit), "kind": kind})


@rule(
    "ref-journal-fields", "error", topic=TOPIC,
    en="journal reference '{value}' lacks: {fields}",
    pt="a referência de periódico '{value}' não tem: {fields}",
    es="la referencia de revista '{value}' no tiene: {fields}",
    advice_en="A journal article needs authors (person-group), <article-title>, <source> (the "
    "journal) and <year>.",
    advice_pt="Um artigo de periódico precisa de autores (person-group), <article-title>, <source> "
    "(o periódico) e <year>.",
    advice_es="Un artículo de revista necesita autores (person-group), <article-title>, <source> "
    "(la revista) y <year>.",
)  # fmt: skip
def ref_journal_fields(ctx: RuleContext) -> Iterator[Finding]:
    for cit in _citations(ctx, "journal"):
        yield from _missing(
            cit,
            {
                "authors": _has_authors(cit),
                "article-title": bool(text_of(cit.find("article-title"))),
                "source": bool(text_of(cit.find("source"))),
                "year": bool(text_of(cit.find("year"))),
            },
        )


@rule(
    "ref-book-fields", "error", topic=TOPIC,
    en="book reference '{value}' lacks: {fields}",
    pt="a referência de livro '{value}' não tem: {fields}",
    es="la referencia de libro '{value}' no tiene: {fields}",
    advice_en="A book or chapter needs authors or editors, <source> (the book title) and <year>.",
    advice_pt="Um livro ou capítulo precisa de autores ou organizadores, <source> (título do livro) e <year>.",
    advice_es="Un libro o capítulo necesita autores o editores, <source> (título del libro) y <year>.",
)  # fmt: skip
def ref_book_fields(ctx: RuleContext) -> Iterator[Finding]:
    for kind in ("book", "book-chapter"):
        for cit in _citations(ctx, kind):
            needs = {
                "authors": _has_authors(cit),
                "source": bool(text_of(cit.find("source"))),
                "year": bool(text_of(cit.find("year"))),
            }
            if kind == "book-chapter":
                needs["chapter-title"] = bool(
                    text_of(cit.find("chapter-title")) or text_of(cit.find("part-title"))
                )
            yield from _missing(cit, needs)


@rule(
    "ref-thesis-fields", "warning", topic=TOPIC,
    en="thesis reference '{value}' lacks: {fields}",
    pt="a referência de tese '{value}' não tem: {fields}",
    es="la referencia de tesis '{value}' no tiene: {fields}",
    advice_en="A thesis needs its author, <source> (the title), <year> and the institution "
    "(<publisher-name>).",
    advice_pt="Uma tese precisa do autor, <source> (o título), <year> e a instituição (<publisher-name>).",
    advice_es="Una tesis necesita su autor, <source> (el título), <year> y la institución "
    "(<publisher-name>).",
)  # fmt: skip
def ref_thesis_fields(ctx: RuleContext) -> Iterator[Finding]:
    for cit in _citations(ctx, "thesis"):
        yield from _missing(
            cit,
            {
                "authors": _has_authors(cit),
                "source": bool(text_of(cit.find("source"))),
                "year": bool(text_of(cit.find("year"))),
                "publisher-name": bool(
                    text_of(cit.find("publisher-name")) or text_of(cit.find("institution"))
                ),
            },
        )


@rule(
    "ref-webpage-fields", "warning", topic=TOPIC,
    en="web reference '{value}' lacks: {fields}",
    pt="a referência de página web '{value}' não tem: {fields}",
    es="la referencia de página web '{value}' no tiene: {fields}",
    advice_en='A web page needs its address (<ext-link> or <uri>) and the access date '
    '(<date-in-citation content-type="access-date">).',
    advice_pt='Uma página web precisa do endereço (<ext-link> ou <uri>) e da data de acesso '
    '(<date-in-citation content-type="access-date">).',
    advice_es='Una página web necesita su dirección (<ext-link> o <uri>) y la fecha de acceso '
    '(<date-in-citation content-type="access-date">).',
)  # fmt: skip
def ref_webpage_fields(ctx: RuleContext) -> Iterator[Finding]:
    for cit in _citations(ctx, "webpage"):
        yield from _missing(
            cit,
            {
                "ext-link": cit.find(".//ext-link") is not None or cit.find(".//uri") is not None,
                "access-date": cit.find("date-in-citation") is not None,
            },
        )


@rule(
    "ref-year-format", "warning", topic=TOPIC,
    en="reference '{value}' has year '{year}', which is not a year",
    pt="a referência '{value}' tem o ano '{year}', que não é um ano",
    es="la referencia '{value}' tiene el año '{year}', que no es un año",
    advice_en="Write four digits (a letter may follow, as in 2010a) or s.d./n.d.",
    advice_pt="Escreva quatro dígitos (pode seguir uma letra, como em 2010a) ou s.d.",
    advice_es="Escriba cuatro dígitos (puede seguir una letra, como en 2010a) o s.f.",
)  # fmt: skip
def ref_year_format(ctx: RuleContext) -> Iterator[Finding]:
    for cit in _citations(ctx):
        for year in cit.iterfind("year"):
            value = text_of(year) or ""
            if value and not _YEAR.match(value):
                yield Finding(year, {"value": _label(cit), "year": value})


@rule(
    "ref-doi-syntax", "error", topic=TOPIC,
    en="reference '{value}' has DOI '{doi}', which is not a valid DOI",
    pt="a referência '{value}' tem o DOI '{doi}', que não é válido",
    es="la referencia '{value}' tiene el DOI '{doi}', que no es válido",
    advice_en="Write the bare DOI starting with 10., without https://doi.org/.",
    advice_pt="Escreva só o DOI, começando por 10., sem https://doi.org/.",
    advice_es="Escriba solo el DOI, empezando por 10., sin https://doi.org/.",
)  # fmt: skip
def ref_doi_syntax(ctx: RuleContext) -> Iterator[Finding]:
    for cit in _citations(ctx):
        for pub_id in cit.iterfind("pub-id[@pub-id-type='doi']"):
            value = text_of(pub_id) or ""
            if not DOI.match(value):
                yield Finding(pub_id, {"value": _label(cit), "doi": value})


@rule(
    "ref-page-order", "warning", topic=TOPIC,
    en="reference '{value}' has first page {fpage} after last page {lpage}",
    pt="a referência '{value}' tem primeira página {fpage} depois da última {lpage}",
    es="la referencia '{value}' tiene primera página {fpage} después de la última {lpage}",
    advice_en="Check <fpage> and <lpage> against the printed reference.",
    advice_pt="Confira <fpage> e <lpage> com a referência impressa.",
    advice_es="Revise <fpage> y <lpage> con la referencia impresa.",
)  # fmt: skip
def ref_page_order(ctx: RuleContext) -> Iterator[Finding]:
    for cit in _citations(ctx):
        first = as_int(text_of(cit.find("fpage")))
        last = as_int(text_of(cit.find("lpage")))
        if first is not None and last is not None and first > last:
            yield Finding(cit.find("fpage"), {"value": _label(cit), "fpage": first, "lpage": last})


@rule(
    "ref-author-name", "warning", topic=TOPIC,
    en="an author of reference '{value}' has no surname",
    pt="um autor da referência '{value}' não tem sobrenome",
    es="un autor de la referencia '{value}' no tiene apellido",
    advice_en="Tag each author as <name><surname>..</surname><given-names>..</given-names></name>.",
    advice_pt="Marque cada autor como <name><surname>..</surname><given-names>..</given-names></name>.",
    advice_es="Marque cada autor como <name><surname>..</surname><given-names>..</given-names></name>.",
)  # fmt: skip
def ref_author_name(ctx: RuleContext) -> Iterator[Finding]:
    for cit in _citations(ctx):
        for name in cit.iter("name"):
            if not text_of(name.find("surname")):
                yield Finding(name, {"value": _label(cit)})
