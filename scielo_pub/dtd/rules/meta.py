"""A canonical article in, findings out: rules on article and journal metadata (type, languages,
versions, journal titles, ISSN, DOI, PIDs, titles, volume and pages)."""

from __future__ import annotations

from collections.abc import Iterator

from ...model.article import PID_V2
from .common import (
    ALLOWED_ARTICLE_TYPES,
    DOI,
    ISSN,
    XML_LANG,
    as_int,
    iso639_1,
    issn_check_digit_ok,
    text_of,
)
from .registry import Finding, RuleContext, rule

TOPIC = "metadata"


@rule(
    "article-type-missing", "error", topic=TOPIC,
    en="the article has no article-type attribute",
    pt="o artigo não tem o atributo article-type",
    es="el artículo no tiene el atributo article-type",
    advice_en='Add article-type to <article>, e.g. article-type="research-article".',
    advice_pt='Acrescente article-type a <article>, p. ex. article-type="research-article".',
    advice_es='Añada article-type a <article>, p. ej. article-type="research-article".',
)  # fmt: skip
def article_type_missing(ctx: RuleContext) -> Iterator[Finding]:
    if not (ctx.root.get("article-type") or "").strip():
        yield Finding(ctx.root)


@rule(
    "article-type-allowed", "error", topic=TOPIC,
    en="article-type '{value}' is not in the SciELO PS list",
    pt="article-type '{value}' não está na lista do SciELO PS",
    es="article-type '{value}' no está en la lista de SciELO PS",
    advice_en="Use one of the SciELO PS article types (research-article, review-article, editorial, "
    "letter, correction, ...); see docs/VALIDATION.md.",
    advice_pt="Use um dos tipos do SciELO PS (research-article, review-article, editorial, letter, "
    "correction, ...); veja docs/VALIDATION.md.",
    advice_es="Use uno de los tipos de SciELO PS (research-article, review-article, editorial, "
    "letter, correction, ...); vea docs/VALIDATION.md.",
)  # fmt: skip
def article_type_allowed(ctx: RuleContext) -> Iterator[Finding]:
    for el in [ctx.root, *ctx.root.iter("sub-article")]:
        value = (el.get("article-type") or "").strip()
        if value and value not in ALLOWED_ARTICLE_TYPES:
            yield Finding(el, {"value": value})


@rule(
    "article-lang-missing", "error", topic=TOPIC,
    en="the article does not declare its language (xml:lang)",
    pt="o artigo não declara o idioma (xml:lang)",
    es="el artículo no declara su idioma (xml:lang)",
    advice_en='Add xml:lang with the ISO 639-1 code of the text to <article>, e.g. xml:lang="pt".',
    advice_pt='Acrescente xml:lang com o código ISO 639-1 do texto a <article>, p. ex. xml:lang="pt".',
    advice_es='Añada xml:lang con el código ISO 639-1 del texto a <article>, p. ej. xml:lang="es".',
)  # fmt: skip
def article_lang_missing(ctx: RuleContext) -> Iterator[Finding]:
    if not (ctx.root.get(XML_LANG) or "").strip():
        yield Finding(ctx.root)


@rule(
    "lang-code-iso639", "error", topic=TOPIC,
    en="'{value}' is not an ISO 639-1 language code",
    pt="'{value}' não é um código de idioma ISO 639-1",
    es="'{value}' no es un código de idioma ISO 639-1",
    advice_en="Use a two-letter lower-case ISO 639-1 code: pt, en, es, fr...",
    advice_pt="Use um código ISO 639-1 de duas letras minúsculas: pt, en, es, fr...",
    advice_es="Use un código ISO 639-1 de dos letras minúsculas: pt, en, es, fr...",
)  # fmt: skip
def lang_code_iso639(ctx: RuleContext) -> Iterator[Finding]:
    codes = iso639_1()
    for el in ctx.elements:
        value = el.get(XML_LANG)
        if value is not None and value.strip() and value.strip() not in codes:
            yield Finding(el, {"value": value})


@rule(
    "dtd-version-missing", "warning", topic=TOPIC,
    en="the article does not say which JATS version it follows (dtd-version)",
    pt="o artigo não informa a versão JATS que segue (dtd-version)",
    es="el artículo no indica la versión JATS que sigue (dtd-version)",
    advice_en='Add dtd-version="1.1" (or the version of the DOCTYPE) to <article>.',
    advice_pt='Acrescente dtd-version="1.1" (ou a versão do DOCTYPE) a <article>.',
    advice_es='Añada dtd-version="1.1" (o la versión del DOCTYPE) a <article>.',
)  # fmt: skip
def dtd_version_missing(ctx: RuleContext) -> Iterator[Finding]:
    if not ctx.root.get("dtd-version"):
        yield Finding(ctx.root)


@rule(
    "sps-version", "warning", topic=TOPIC,
    en="specific-use '{value}' does not name a SciELO PS version (sps-1.x)",
    pt="specific-use '{value}' não indica uma versão do SciELO PS (sps-1.x)",
    es="specific-use '{value}' no indica una versión de SciELO PS (sps-1.x)",
    advice_en='Declare the SciELO PS version on <article>, e.g. specific-use="sps-1.9".',
    advice_pt='Declare a versão do SciELO PS em <article>, p. ex. specific-use="sps-1.9".',
    advice_es='Declare la versión de SciELO PS en <article>, p. ej. specific-use="sps-1.9".',
)  # fmt: skip
def sps_version(ctx: RuleContext) -> Iterator[Finding]:
    value = ctx.root.get("specific-use") or ""
    if not value.startswith("sps-"):
        yield Finding(ctx.root, {"value": value})


@rule(
    "journal-title-missing", "error", topic=TOPIC,
    en="journal-meta has no journal-title",
    pt="journal-meta não tem journal-title",
    es="journal-meta no tiene journal-title",
    advice_en="Add <journal-title-group><journal-title>...</journal-title></journal-title-group>.",
    advice_pt="Acrescente <journal-title-group><journal-title>...</journal-title></journal-title-group>.",
    advice_es="Añada <journal-title-group><journal-title>...</journal-title></journal-title-group>.",
)  # fmt: skip
def journal_title_missing(ctx: RuleContext) -> Iterator[Finding]:
    if not ctx.article.journal_title:
        yield Finding(ctx.at("front/journal-meta"))


@rule(
    "journal-abbrev-title-missing", "warning", topic=TOPIC,
    en="journal-meta has no abbreviated journal title",
    pt="journal-meta não tem o título abreviado do periódico",
    es="journal-meta no tiene el título abreviado de la revista",
    advice_en='Add <abbrev-journal-title abbrev-type="publisher"> to journal-title-group.',
    advice_pt='Acrescente <abbrev-journal-title abbrev-type="publisher"> a journal-title-group.',
    advice_es='Añada <abbrev-journal-title abbrev-type="publisher"> a journal-title-group.',
)  # fmt: skip
def journal_abbrev_missing(ctx: RuleContext) -> Iterator[Finding]:
    if not ctx.article.journal_abbrev_title:
        yield Finding(ctx.at("front/journal-meta"))


@rule(
    "publisher-missing", "warning", topic=TOPIC,
    en="journal-meta has no publisher-name",
    pt="journal-meta não tem publisher-name",
    es="journal-meta no tiene publisher-name",
    advice_en="Add <publisher><publisher-name>...</publisher-name></publisher>.",
    advice_pt="Acrescente <publisher><publisher-name>...</publisher-name></publisher>.",
    advice_es="Añada <publisher><publisher-name>...</publisher-name></publisher>.",
)  # fmt: skip
def publisher_missing(ctx: RuleContext) -> Iterator[Finding]:
    if not ctx.article.publisher:
        yield Finding(ctx.at("front/journal-meta"))


@rule(
    "issn-missing", "error", topic=TOPIC,
    en="journal-meta has no ISSN",
    pt="journal-meta não tem ISSN",
    es="journal-meta no tiene ISSN",
    advice_en='Add <issn pub-type="epub"> and/or <issn pub-type="ppub"> with the journal\'s ISSN.',
    advice_pt='Acrescente <issn pub-type="epub"> e/ou <issn pub-type="ppub"> com o ISSN do periódico.',
    advice_es='Añada <issn pub-type="epub"> y/o <issn pub-type="ppub"> con el ISSN de la revista.',
)  # fmt: skip
def issn_missing(ctx: RuleContext) -> Iterator[Finding]:
    if ctx.journal_meta.find("issn") is None:
        yield Finding(ctx.at("front/journal-meta"))


@rule(
    "issn-format", "error", topic=TOPIC,
    en="ISSN '{value}' is not written NNNN-NNNC",
    pt="o ISSN '{value}' não está na forma NNNN-NNNC",
    es="el ISSN '{value}' no tiene la forma NNNN-NNNC",
    advice_en="Write the ISSN as four digits, a hyphen, three digits and a check digit (0-9 or X).",
    advice_pt="Escreva o ISSN com quatro dígitos, hífen, três dígitos e o dígito verificador (0-9 ou X).",
    advice_es="Escriba el ISSN con cuatro dígitos, guion, tres dígitos y el dígito de control (0-9 o X).",
)  # fmt: skip
def issn_format(ctx: RuleContext) -> Iterator[Finding]:
    for el in ctx.journal_meta.iterfind("issn"):
        value = text_of(el) or ""
        if not ISSN.match(value):
            yield Finding(el, {"value": value})


@rule(
    "issn-check-digit", "error", topic=TOPIC,
    en="ISSN '{value}' has a wrong check digit",
    pt="o ISSN '{value}' tem o dígito verificador errado",
    es="el ISSN '{value}' tiene el dígito de control incorrecto",
    advice_en="Copy the ISSN from the ISSN portal; a typo in its digits changes the check digit.",
    advice_pt="Copie o ISSN do portal ISSN; um erro de digitação altera o dígito verificador.",
    advice_es="Copie el ISSN del portal ISSN; un error de tipeo altera el dígito de control.",
)  # fmt: skip
def issn_check_digit(ctx: RuleContext) -> Iterator[Finding]:
    for el in ctx.journal_meta.iterfind("issn"):
        value = text_of(el) or ""
        if ISSN.match(value) and not issn_check_digit_ok(value):
            yield Finding(el, {"value": value})


@rule(
    "doi-syntax", "error", topic=TOPIC,
    en="DOI '{value}' is not a valid DOI (10.NNNN/suffix)",
    pt="o DOI '{value}' não é válido (10.NNNN/sufixo)",
    es="el DOI '{value}' no es válido (10.NNNN/sufijo)",
    advice_en="Write the bare DOI, starting with 10., without https://doi.org/ and without spaces.",
    advice_pt="Escreva só o DOI, começando por 10., sem https://doi.org/ e sem espaços.",
    advice_es="Escriba solo el DOI, empezando por 10., sin https://doi.org/ y sin espacios.",
)  # fmt: skip
def doi_syntax(ctx: RuleContext) -> Iterator[Finding]:
    for el in ctx.root.iter("article-id"):
        if el.get("pub-id-type") == "doi":
            value = text_of(el) or ""
            if not DOI.match(value):
                yield Finding(el, {"value": value})


@rule(
    "doi-missing", "warning", topic=TOPIC,
    en="the article has no DOI",
    pt="o artigo não tem DOI",
    es="el artículo no tiene DOI",
    advice_en='Add <article-id pub-id-type="doi"> to article-meta once the DOI is registered.',
    advice_pt='Acrescente <article-id pub-id-type="doi"> a article-meta quando o DOI for registrado.',
    advice_es='Añada <article-id pub-id-type="doi"> a article-meta cuando el DOI esté registrado.',
)  # fmt: skip
def doi_missing(ctx: RuleContext) -> Iterator[Finding]:
    if ctx.meta.find("article-id[@pub-id-type='doi']") is None:
        yield Finding(ctx.at("front/article-meta"))


@rule(
    "pid-v2-format", "error", topic=TOPIC,
    en="PID '{value}' is not a SciELO PID v2 (S + ISSN + year + issue order + article order)",
    pt="o PID '{value}' não é um PID v2 do SciELO (S + ISSN + ano + ordem do fascículo + ordem do artigo)",
    es="el PID '{value}' no es un PID v2 de SciELO (S + ISSN + año + orden del número + orden del artículo)",
    advice_en="A PID v2 has 23 characters, e.g. S0034-89102014000200206.",
    advice_pt="Um PID v2 tem 23 caracteres, p. ex. S0034-89102014000200206.",
    advice_es="Un PID v2 tiene 23 caracteres, p. ej. S0034-89102014000200206.",
)  # fmt: skip
def pid_v2_format(ctx: RuleContext) -> Iterator[Finding]:
    for el in ctx.meta.iterfind("article-id[@specific-use='scielo-v2']"):
        value = text_of(el) or ""
        if not PID_V2.match(value):
            yield Finding(el, {"value": value})


@rule(
    "pid-v3-format", "error", topic=TOPIC,
    en="PID v3 '{value}' is not 23 letters and digits",
    pt="o PID v3 '{value}' não tem 23 letras e dígitos",
    es="el PID v3 '{value}' no tiene 23 letras y dígitos",
    advice_en="Use the PID v3 the SciELO PID service assigned, unchanged.",
    advice_pt="Use o PID v3 atribuído pelo serviço de PID do SciELO, sem alterações.",
    advice_es="Use el PID v3 asignado por el servicio de PID de SciELO, sin cambios.",
)  # fmt: skip
def pid_v3_format(ctx: RuleContext) -> Iterator[Finding]:
    for el in ctx.meta.iterfind("article-id[@specific-use='scielo-v3']"):
        value = text_of(el) or ""
        if not (len(value) == 23 and value.isalnum() and value.isascii()):
            yield Finding(el, {"value": value})


@rule(
    "article-title-missing", "error", topic=TOPIC,
    en="the article has no title",
    pt="o artigo não tem título",
    es="el artículo no tiene título",
    advice_en="Add <title-group><article-title>...</article-title></title-group> to article-meta.",
    advice_pt="Acrescente <title-group><article-title>...</article-title></title-group> a article-meta.",
    advice_es="Añada <title-group><article-title>...</article-title></title-group> a article-meta.",
)  # fmt: skip
def article_title_missing(ctx: RuleContext) -> Iterator[Finding]:
    if not text_of(ctx.meta.find("title-group/article-title")):
        yield Finding(ctx.at("front/article-meta"))


@rule(
    "section-heading-missing", "warning", topic=TOPIC,
    en="the article has no section heading (subj-group heading)",
    pt="o artigo não tem a seção do sumário (subj-group heading)",
    es="el artículo no tiene la sección del sumario (subj-group heading)",
    advice_en='Add <article-categories><subj-group subj-group-type="heading"><subject>Articles'
    "</subject></subj-group></article-categories>.",
    advice_pt='Acrescente <article-categories><subj-group subj-group-type="heading"><subject>Artigos'
    "</subject></subj-group></article-categories>.",
    advice_es='Añada <article-categories><subj-group subj-group-type="heading"><subject>Artículos'
    "</subject></subj-group></article-categories>.",
)  # fmt: skip
def section_heading_missing(ctx: RuleContext) -> Iterator[Finding]:
    if not ctx.article.section:
        yield Finding(ctx.at("front/article-meta"))


@rule(
    "volume-issue-missing", "warning", topic=TOPIC,
    en="the article has neither volume nor issue",
    pt="o artigo não tem volume nem número",
    es="el artículo no tiene volumen ni número",
    advice_en="Add <volume> and/or <issue> to article-meta (ahead-of-print articles may omit both).",
    advice_pt="Acrescente <volume> e/ou <issue> a article-meta (ahead of print pode omitir ambos).",
    advice_es="Añada <volume> y/o <issue> a article-meta (ahead of print puede omitir ambos).",
)  # fmt: skip
def volume_issue_missing(ctx: RuleContext) -> Iterator[Finding]:
    if ctx.meta.find("volume") is None and ctx.meta.find("issue") is None:
        yield Finding(ctx.at("front/article-meta"))


@rule(
    "pages-missing", "error", topic=TOPIC,
    en="the article has neither a first page (fpage) nor an elocation-id",
    pt="o artigo não tem primeira página (fpage) nem elocation-id",
    es="el artículo no tiene primera página (fpage) ni elocation-id",
    advice_en="Add <fpage> and <lpage>, or <elocation-id> for continuous publication.",
    advice_pt="Acrescente <fpage> e <lpage>, ou <elocation-id> para publicação contínua.",
    advice_es="Añada <fpage> y <lpage>, o <elocation-id> para publicación continua.",
)  # fmt: skip
def pages_missing(ctx: RuleContext) -> Iterator[Finding]:
    if not (ctx.article.fpage or ctx.article.elocation_id):
        yield Finding(ctx.at("front/article-meta"))


@rule(
    "page-order", "error", topic=TOPIC,
    en="the first page {fpage} comes after the last page {lpage}",
    pt="a primeira página {fpage} vem depois da última {lpage}",
    es="la primera página {fpage} viene después de la última {lpage}",
    advice_en="Check fpage and lpage: fpage must not be greater than lpage.",
    advice_pt="Confira fpage e lpage: fpage não pode ser maior que lpage.",
    advice_es="Revise fpage y lpage: fpage no puede ser mayor que lpage.",
)  # fmt: skip
def page_order(ctx: RuleContext) -> Iterator[Finding]:
    first, last = as_int(ctx.article.fpage), as_int(ctx.article.lpage)
    if first is not None and last is not None and first > last:
        yield Finding(ctx.meta.find("fpage"), {"fpage": first, "lpage": last})


@rule(
    "pub-date-missing", "error", topic=TOPIC,
    en="the article has no publication date",
    pt="o artigo não tem data de publicação",
    es="el artículo no tiene fecha de publicación",
    advice_en='Add <pub-date date-type="pub" publication-format="electronic"> with day, month and year.',
    advice_pt='Acrescente <pub-date date-type="pub" publication-format="electronic"> com dia, mês e ano.',
    advice_es='Añada <pub-date date-type="pub" publication-format="electronic"> con día, mes y año.',
)  # fmt: skip
def pub_date_missing(ctx: RuleContext) -> Iterator[Finding]:
    if ctx.meta.find("pub-date") is None:
        yield Finding(ctx.at("front/article-meta"))
