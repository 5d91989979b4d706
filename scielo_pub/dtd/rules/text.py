"""A canonical article in, findings out: rules on the license, links, related articles, funding,
empty elements and HTML left in the text."""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

from .common import HTML_IN_TEXT, HTML_TAGS, NEED_RELATED, URL, XLINK_HREF, text_of
from .registry import Finding, RuleContext, rule

TOPIC = "text, links and license"
#: Elements that must carry text (or child elements) when present.
_TEXT_ELEMENTS = frozenset(
    [
        "p",
        "title",
        "article-title",
        "trans-title",
        "source",
        "surname",
        "given-names",
        "kwd",
        "label",
        "caption",
        "institution",
        "country",
        "publisher-name",
        "journal-title",
        "year",
        "month",
        "day",
        "volume",
        "issue",
        "fpage",
        "lpage",
        "subject",
        "collab",
        "email",
        "ext-link",
        "uri",
        "license-p",
        "funding-source",
        "award-id",
        "chapter-title",
        "mixed-citation",
        "element-citation",
        "list-item",
        "def-item",
    ]
)


@rule(
    "license-missing", "error", topic=TOPIC,
    en="the article has no license",
    pt="o artigo não tem licença",
    es="el artículo no tiene licencia",
    advice_en='Add <permissions><license license-type="open-access" xlink:href="https://'
    'creativecommons.org/licenses/by/4.0/">...</license></permissions> to article-meta.',
    advice_pt='Acrescente <permissions><license license-type="open-access" xlink:href="https://'
    'creativecommons.org/licenses/by/4.0/">...</license></permissions> a article-meta.',
    advice_es='Añada <permissions><license license-type="open-access" xlink:href="https://'
    'creativecommons.org/licenses/by/4.0/">...</license></permissions> a article-meta.',
)  # fmt: skip
def license_missing(ctx: RuleContext) -> Iterator[Finding]:
    if ctx.meta.find("permissions/license") is None:
        yield Finding(ctx.at("front/article-meta"))


@rule(
    "license-url", "error", topic=TOPIC,
    en="license URL '{value}' is not a well-formed http(s) address",
    pt="a URL da licença '{value}' não é um endereço http(s) bem formado",
    es="la URL de la licencia '{value}' no es una dirección http(s) bien formada",
    advice_en='Write the full address, e.g. xlink:href="https://creativecommons.org/licenses/by/4.0/".',
    advice_pt='Escreva o endereço completo, p. ex. xlink:href="https://creativecommons.org/licenses/by/4.0/".',
    advice_es='Escriba la dirección completa, p. ej. xlink:href="https://creativecommons.org/licenses/by/4.0/".',
)  # fmt: skip
def license_url(ctx: RuleContext) -> Iterator[Finding]:
    for lic in ctx.root.iter("license"):
        value = (lic.get(XLINK_HREF) or "").strip()
        if not URL.match(value):
            yield Finding(lic, {"value": value})


@rule(
    "license-cc", "info", topic=TOPIC,
    en="license '{value}' is not a Creative Commons license",
    pt="a licença '{value}' não é Creative Commons",
    es="la licencia '{value}' no es Creative Commons",
    advice_en="SciELO journals publish under Creative Commons; check that this is intended.",
    advice_pt="Os periódicos SciELO publicam sob Creative Commons; confira se é o pretendido.",
    advice_es="Las revistas SciELO publican bajo Creative Commons; revise si es lo deseado.",
)  # fmt: skip
def license_cc(ctx: RuleContext) -> Iterator[Finding]:
    for lic in ctx.root.iter("license"):
        value = (lic.get(XLINK_HREF) or "").strip()
        if URL.match(value) and "creativecommons.org/" not in value.lower():
            yield Finding(lic, {"value": value})


@rule(
    "ext-link-href", "warning", topic=TOPIC,
    en="link '{value}' is not a well-formed address",
    pt="o link '{value}' não é um endereço bem formado",
    es="el enlace '{value}' no es una dirección bien formada",
    advice_en="Put the full address (https://...) in xlink:href, without spaces.",
    advice_pt="Coloque o endereço completo (https://...) em xlink:href, sem espaços.",
    advice_es="Ponga la dirección completa (https://...) en xlink:href, sin espacios.",
)  # fmt: skip
def ext_link_href(ctx: RuleContext) -> Iterator[Finding]:
    for link in ctx.root.iter("ext-link"):
        kind = link.get("ext-link-type") or "uri"
        if kind not in ("uri", "url"):
            continue
        value = (link.get(XLINK_HREF) or "").strip()
        if not (URL.match(value) or value.lower().startswith("mailto:")):
            yield Finding(link, {"value": value})


@rule(
    "related-article-required", "error", topic=TOPIC,
    en="a {value} must say which article it refers to (related-article)",
    pt="um(a) {value} deve indicar o artigo a que se refere (related-article)",
    es="un(a) {value} debe indicar el artículo al que se refiere (related-article)",
    advice_en='Add <related-article related-article-type="corrected-article" ext-link-type="doi" '
    'xlink:href="10..."/> to article-meta.',
    advice_pt='Acrescente <related-article related-article-type="corrected-article" '
    'ext-link-type="doi" xlink:href="10..."/> a article-meta.',
    advice_es='Añada <related-article related-article-type="corrected-article" '
    'ext-link-type="doi" xlink:href="10..."/> a article-meta.',
)  # fmt: skip
def related_article_required(ctx: RuleContext) -> Iterator[Finding]:
    kind = ctx.root.get("article-type")
    if kind in NEED_RELATED and ctx.meta.find("related-article") is None:
        yield Finding(ctx.at("front/article-meta"), {"value": kind})


@rule(
    "related-article-link", "error", topic=TOPIC,
    en="related-article does not say where the related article is (xlink:href)",
    pt="related-article não indica onde está o artigo relacionado (xlink:href)",
    es="related-article no indica dónde está el artículo relacionado (xlink:href)",
    advice_en='Add ext-link-type="doi" and xlink:href with the related article\'s DOI.',
    advice_pt='Acrescente ext-link-type="doi" e xlink:href com o DOI do artigo relacionado.',
    advice_es='Añada ext-link-type="doi" y xlink:href con el DOI del artículo relacionado.',
)  # fmt: skip
def related_article_link(ctx: RuleContext) -> Iterator[Finding]:
    for rel in ctx.root.iter("related-article"):
        if not (rel.get(XLINK_HREF) or "").strip():
            yield Finding(rel)


@rule(
    "funding-source", "warning", topic=TOPIC,
    en="award '{value}' has no funding source",
    pt="o auxílio '{value}' não tem agência financiadora",
    es="la subvención '{value}' no tiene fuente de financiación",
    advice_en="Add <funding-source> with the funder's name in the same <award-group>.",
    advice_pt="Acrescente <funding-source> com o nome do financiador no mesmo <award-group>.",
    advice_es="Añada <funding-source> con el nombre del financiador en el mismo <award-group>.",
)  # fmt: skip
def funding_source(ctx: RuleContext) -> Iterator[Finding]:
    for group in ctx.root.iter("award-group"):
        if group.find("funding-source") is None:
            yield Finding(group, {"value": text_of(group.find("award-id")) or ""})


@rule(
    "empty-element", "error", topic=TOPIC,
    en="<{value}> is empty",
    pt="<{value}> está vazio",
    es="<{value}> está vacío",
    advice_en="Fill in the element or remove it.",
    advice_pt="Preencha o elemento ou retire-o.",
    advice_es="Complete el elemento o retírelo.",
)  # fmt: skip
def empty_element(ctx: RuleContext) -> Iterator[Finding]:
    for el in ctx.elements:
        if el.tag in _TEXT_ELEMENTS and not _has_content(el):
            yield Finding(el, {"value": el.tag})


def _has_content(el: etree._Element) -> bool:
    if (el.text or "").strip():
        return True
    for child in el:
        if isinstance(child.tag, str) or (child.tail or "").strip():
            return True
        if isinstance(child, etree._Entity):
            return True
    return False


@rule(
    "html-element", "error", topic=TOPIC,
    en="<{value}> is HTML, not SciELO PS",
    pt="<{value}> é HTML, não SciELO PS",
    es="<{value}> es HTML, no SciELO PS",
    advice_en="Use the JATS element instead: <bold>, <italic>, <underline>, <sup>, <sub>, "
    "<ext-link>; remove <br>, <font>, <span> and <div>.",
    advice_pt="Use o elemento JATS: <bold>, <italic>, <underline>, <sup>, <sub>, <ext-link>; "
    "retire <br>, <font>, <span> e <div>.",
    advice_es="Use el elemento JATS: <bold>, <italic>, <underline>, <sup>, <sub>, <ext-link>; "
    "retire <br>, <font>, <span> y <div>.",
)  # fmt: skip
def html_element(ctx: RuleContext) -> Iterator[Finding]:
    for el in ctx.elements:
        if el.tag in HTML_TAGS:
            yield Finding(el, {"value": el.tag})


@rule(
    "html-in-text", "error", topic=TOPIC,
    en="the text contains HTML markup '{value}'",
    pt="o texto contém marcação HTML '{value}'",
    es="el texto contiene marcado HTML '{value}'",
    advice_en="Replace escaped HTML (&lt;i&gt;, &amp;nbsp;) with JATS elements or plain characters.",
    advice_pt="Troque HTML escapado (&lt;i&gt;, &amp;nbsp;) por elementos JATS ou caracteres simples.",
    advice_es="Reemplace el HTML escapado (&lt;i&gt;, &amp;nbsp;) por elementos JATS o caracteres simples.",
)  # fmt: skip
def html_in_text(ctx: RuleContext) -> Iterator[Finding]:
    for el in ctx.elements:
        if el.tag in ("tex-math", "code", "preformat"):
            continue
        for text, line in ((el.text, el.sourceline), *((c.tail, c.sourceline) for c in el)):
            match = (
                HTML_IN_TEXT.search(text or "") if text and ("<" in text or "&" in text) else None
            )
            if match:
                yield Finding(el, {"value": match.group(0)}, line=line)
                break


@rule(
    "body-missing", "info", topic=TOPIC,
    en="the article has no body (full text)",
    pt="o artigo não tem corpo (texto completo)",
    es="el artículo no tiene cuerpo (texto completo)",
    advice_en="Add <body> with the full text, unless the journal publishes this type without it.",
    advice_pt="Acrescente <body> com o texto completo, a menos que o periódico publique este tipo sem ele.",
    advice_es="Añada <body> con el texto completo, salvo que la revista publique este tipo sin él.",
)  # fmt: skip
def body_missing(ctx: RuleContext) -> Iterator[Finding]:
    if ctx.root.find("body") is None:
        yield Finding(ctx.root)
