"""A canonical article in, findings out: rules on abstracts, keywords, translated titles and
translations (sub-articles) and their consistency with the main article."""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

from .common import NEED_ABSTRACT, XML_LANG, lang, text_of
from .registry import Finding, RuleContext, rule

TOPIC = "abstracts and translations"


def _translations(ctx: RuleContext) -> list[etree._Element]:
    return [s for s in ctx.root.iter("sub-article") if s.get("article-type") == "translation"]


def _main_abstract_langs(ctx: RuleContext) -> dict[str, etree._Element]:
    """Languages with a main abstract (not graphical/key points) -> the abstract element."""
    out: dict[str, etree._Element] = {}
    main = lang(ctx.root)
    for el in ctx.meta.iterfind("abstract"):
        if el.get("abstract-type") in (None, "structured"):
            out.setdefault(lang(el) or main or "", el)
    for el in ctx.meta.iterfind("trans-abstract"):
        if el.get("abstract-type") in (None, "structured") and lang(el):
            out.setdefault(lang(el), el)
    for sub in _translations(ctx):
        for el in sub.iter("abstract"):
            if el.get("abstract-type") in (None, "structured"):
                out.setdefault(lang(el) or lang(sub) or "", el)
    return out


def _keyword_langs(ctx: RuleContext) -> dict[str, etree._Element]:
    out: dict[str, etree._Element] = {}
    main = lang(ctx.root)
    for group in ctx.meta.iterfind("kwd-group"):
        out.setdefault(lang(group) or main or "", group)
    for sub in _translations(ctx):
        for group in sub.iter("kwd-group"):
            out.setdefault(lang(group) or lang(sub) or "", group)
    return out


@rule(
    "abstract-missing", "error", topic=TOPIC,
    en="a {value} must have an abstract, and this one has none",
    pt="um {value} deve ter resumo, e este não tem",
    es="un {value} debe tener resumen, y este no tiene",
    advice_en="Add <abstract> in the article's language to article-meta.",
    advice_pt="Acrescente <abstract> no idioma do artigo a article-meta.",
    advice_es="Añada <abstract> en el idioma del artículo a article-meta.",
)  # fmt: skip
def abstract_missing(ctx: RuleContext) -> Iterator[Finding]:
    kind = ctx.root.get("article-type")
    if kind in NEED_ABSTRACT and ctx.meta.find("abstract") is None:
        yield Finding(ctx.at("front/article-meta"), {"value": kind})


@rule(
    "trans-lang-missing", "error", topic=TOPIC,
    en="<{tag}> does not say its language (xml:lang)",
    pt="<{tag}> não informa o idioma (xml:lang)",
    es="<{tag}> no indica su idioma (xml:lang)",
    advice_en='Add xml:lang, e.g. <{tag} xml:lang="en">.',
    advice_pt='Acrescente xml:lang, p. ex. <{tag} xml:lang="en">.',
    advice_es='Añada xml:lang, p. ej. <{tag} xml:lang="en">.',
)  # fmt: skip
def trans_lang_missing(ctx: RuleContext) -> Iterator[Finding]:
    for el in ctx.root.iter("trans-abstract", "trans-title-group", "sub-article"):
        if not (el.get(XML_LANG) or "").strip():
            yield Finding(el, {"tag": el.tag})


@rule(
    "kwd-per-language", "warning", topic=TOPIC,
    en="there is an abstract in '{value}' but no keywords in that language",
    pt="há resumo em '{value}' mas nenhuma palavra-chave nesse idioma",
    es="hay resumen en '{value}' pero ninguna palabra clave en ese idioma",
    advice_en='Add <kwd-group xml:lang="{value}"> with the keywords in that language.',
    advice_pt='Acrescente <kwd-group xml:lang="{value}"> com as palavras-chave nesse idioma.',
    advice_es='Añada <kwd-group xml:lang="{value}"> con las palabras clave en ese idioma.',
)  # fmt: skip
def kwd_per_language(ctx: RuleContext) -> Iterator[Finding]:
    keywords = _keyword_langs(ctx)
    if not keywords:
        return  # articles without any keywords (editorials, letters) are not asked for them
    for code, el in _main_abstract_langs(ctx).items():
        if code not in keywords:
            yield Finding(el, {"value": code})


@rule(
    "kwd-without-abstract", "warning", topic=TOPIC,
    en="there are keywords in '{value}' but no abstract in that language",
    pt="há palavras-chave em '{value}' mas nenhum resumo nesse idioma",
    es="hay palabras clave en '{value}' pero ningún resumen en ese idioma",
    advice_en="Add the abstract in that language, or check the xml:lang of the kwd-group.",
    advice_pt="Acrescente o resumo nesse idioma, ou confira o xml:lang do kwd-group.",
    advice_es="Añada el resumen en ese idioma, o revise el xml:lang del kwd-group.",
)  # fmt: skip
def kwd_without_abstract(ctx: RuleContext) -> Iterator[Finding]:
    abstracts = _main_abstract_langs(ctx)
    for code, el in _keyword_langs(ctx).items():
        if code not in abstracts:
            yield Finding(el, {"value": code})


@rule(
    "kwd-duplicate", "warning", topic=TOPIC,
    en="keyword '{value}' appears twice in the same group",
    pt="a palavra-chave '{value}' aparece duas vezes no mesmo grupo",
    es="la palabra clave '{value}' aparece dos veces en el mismo grupo",
    advice_en="Remove the repeated <kwd>.",
    advice_pt="Retire a <kwd> repetida.",
    advice_es="Retire la <kwd> repetida.",
)  # fmt: skip
def kwd_duplicate(ctx: RuleContext) -> Iterator[Finding]:
    for group in ctx.root.iter("kwd-group"):
        seen: set[str] = set()
        for kwd in group.iter("kwd"):
            key = (text_of(kwd) or "").casefold()
            if key and key in seen:
                yield Finding(kwd, {"value": text_of(kwd)})
            seen.add(key)


@rule(
    "kwd-separator", "warning", topic=TOPIC,
    en="keyword '{value}' looks like several keywords in one",
    pt="a palavra-chave '{value}' parece conter várias",
    es="la palabra clave '{value}' parece contener varias",
    advice_en="Put each keyword in its own <kwd>, without ';' or ',' between them.",
    advice_pt="Coloque cada palavra-chave na sua própria <kwd>, sem ';' ou ',' entre elas.",
    advice_es="Ponga cada palabra clave en su propia <kwd>, sin ';' ni ',' entre ellas.",
)  # fmt: skip
def kwd_separator(ctx: RuleContext) -> Iterator[Finding]:
    for kwd in ctx.root.iter("kwd"):
        value = text_of(kwd) or ""
        if ";" in value or value.count(",") >= 2:
            yield Finding(kwd, {"value": value})


@rule(
    "title-lang-duplicate", "warning", topic=TOPIC,
    en="there are two titles in '{value}'",
    pt="há dois títulos em '{value}'",
    es="hay dos títulos en '{value}'",
    advice_en="A trans-title is in a language other than the article's and other trans-titles'.",
    advice_pt="Um trans-title fica num idioma diferente do artigo e dos outros trans-titles.",
    advice_es="Un trans-title va en un idioma distinto del artículo y de los otros trans-titles.",
)  # fmt: skip
def title_lang_duplicate(ctx: RuleContext) -> Iterator[Finding]:
    seen = {lang(ctx.root)}
    for group in ctx.meta.iterfind("title-group/trans-title-group"):
        code = lang(group)
        if code and code in seen:
            yield Finding(group, {"value": code})
        seen.add(code)


@rule(
    "translation-lang", "error", topic=TOPIC,
    en="translation '{value}' repeats a language the article already has",
    pt="a tradução '{value}' repete um idioma que o artigo já tem",
    es="la traducción '{value}' repite un idioma que el artículo ya tiene",
    advice_en="Each translation (sub-article article-type=\"translation\") has its own language.",
    advice_pt="Cada tradução (sub-article article-type=\"translation\") tem o seu próprio idioma.",
    advice_es="Cada traducción (sub-article article-type=\"translation\") tiene su propio idioma.",
)  # fmt: skip
def translation_lang(ctx: RuleContext) -> Iterator[Finding]:
    seen = {lang(ctx.root)}
    for sub in _translations(ctx):
        code = lang(sub)
        if code and code in seen:
            yield Finding(sub, {"value": code})
        seen.add(code)


@rule(
    "translation-title", "error", topic=TOPIC,
    en="translation into '{value}' has no title",
    pt="a tradução para '{value}' não tem título",
    es="la traducción al '{value}' no tiene título",
    advice_en="Add <front-stub><title-group><article-title> in the translation's language.",
    advice_pt="Acrescente <front-stub><title-group><article-title> no idioma da tradução.",
    advice_es="Añada <front-stub><title-group><article-title> en el idioma de la traducción.",
)  # fmt: skip
def translation_title(ctx: RuleContext) -> Iterator[Finding]:
    for sub in _translations(ctx):
        if not text_of(sub.find(".//title-group/article-title")):
            yield Finding(sub, {"value": lang(sub) or ""})


@rule(
    "translation-abstract", "warning", topic=TOPIC,
    en="the article has an abstract but its translation into '{value}' has none",
    pt="o artigo tem resumo mas a tradução para '{value}' não tem",
    es="el artículo tiene resumen pero la traducción al '{value}' no tiene",
    advice_en="Add the translated <abstract> to the translation's front-stub.",
    advice_pt="Acrescente o <abstract> traduzido ao front-stub da tradução.",
    advice_es="Añada el <abstract> traducido al front-stub de la traducción.",
)  # fmt: skip
def translation_abstract(ctx: RuleContext) -> Iterator[Finding]:
    if ctx.meta.find("abstract") is None:
        return
    have = _main_abstract_langs(ctx)
    for sub in _translations(ctx):
        if lang(sub) and lang(sub) not in have:
            yield Finding(sub, {"value": lang(sub)})


@rule(
    "translation-objects", "warning", topic=TOPIC,
    en="the translation into '{value}' has {found} {what}, the main article {expected}",
    pt="a tradução para '{value}' tem {found} {what}, o artigo principal {expected}",
    es="la traducción al '{value}' tiene {found} {what}, el artículo principal {expected}",
    advice_en="A translation carries the same figures and tables as the original; check for a "
    "missing or extra one.",
    advice_pt="A tradução traz as mesmas figuras e tabelas do original; confira se falta ou sobra uma.",
    advice_es="La traducción trae las mismas figuras y tablas que el original; revise si falta o "
    "sobra una.",
)  # fmt: skip
def translation_objects(ctx: RuleContext) -> Iterator[Finding]:
    body = ctx.root.find("body")
    if body is None:
        return
    expected = {tag: sum(1 for _ in body.iter(tag)) for tag in ("fig", "table-wrap")}
    for sub in _translations(ctx):
        sub_body = sub.find("body")
        if sub_body is None:
            continue
        for tag, count in expected.items():
            found = sum(1 for _ in sub_body.iter(tag))
            if found != count:
                what = {"fig": "fig", "table-wrap": "table-wrap"}[tag]
                yield Finding(
                    sub, {"value": lang(sub), "found": found, "expected": count, "what": what}
                )
