"""A canonical article in, findings out: rules on contributors, ORCIDs, affiliations and e-mails."""

from __future__ import annotations

from collections.abc import Iterator

from .common import EMAIL, NEED_AUTHORS, ORCID, iso3166, orcid_check_digit_ok, text_of
from .registry import Finding, RuleContext, rule

TOPIC = "contributors"


@rule(
    "contrib-missing", "error", topic=TOPIC,
    en="a {value} must have authors, and this one has none",
    pt="um {value} deve ter autores, e este não tem",
    es="un {value} debe tener autores, y este no tiene",
    advice_en='Add <contrib-group> with <contrib contrib-type="author"> for each author.',
    advice_pt='Acrescente <contrib-group> com um <contrib contrib-type="author"> por autor.',
    advice_es='Añada <contrib-group> con un <contrib contrib-type="author"> por autor.',
)  # fmt: skip
def contrib_missing(ctx: RuleContext) -> Iterator[Finding]:
    kind = ctx.root.get("article-type")
    if kind in NEED_AUTHORS and not ctx.meta.findall("contrib-group/contrib"):
        yield Finding(ctx.at("front/article-meta"), {"value": kind})


@rule(
    "contrib-name", "error", topic=TOPIC,
    en="a contributor has neither a surname nor a collab (group name)",
    pt="um colaborador não tem sobrenome (surname) nem collab (nome de grupo)",
    es="un colaborador no tiene apellido (surname) ni collab (nombre de grupo)",
    advice_en="Tag the person as <name><surname>..</surname><given-names>..</given-names></name>, "
    "or a group as <collab>.",
    advice_pt="Marque a pessoa como <name><surname>..</surname><given-names>..</given-names></name>, "
    "ou um grupo como <collab>.",
    advice_es="Marque a la persona como <name><surname>..</surname><given-names>..</given-names></name>, "
    "o a un grupo como <collab>.",
)  # fmt: skip
def contrib_name(ctx: RuleContext) -> Iterator[Finding]:
    for contrib in ctx.root.iter("contrib"):
        if not (text_of(contrib.find(".//surname")) or text_of(contrib.find("collab"))):
            yield Finding(contrib)


@rule(
    "contrib-given-names", "warning", topic=TOPIC,
    en="contributor '{value}' has no given names",
    pt="o colaborador '{value}' não tem prenomes (given-names)",
    es="el colaborador '{value}' no tiene nombres (given-names)",
    advice_en="Add <given-names> (initials are fine) after <surname>.",
    advice_pt="Acrescente <given-names> (iniciais bastam) depois de <surname>.",
    advice_es="Añada <given-names> (bastan las iniciales) después de <surname>.",
)  # fmt: skip
def contrib_given_names(ctx: RuleContext) -> Iterator[Finding]:
    for contrib in ctx.root.iter("contrib"):
        name = contrib.find("name")
        if name is not None and not text_of(name.find("given-names")):
            yield Finding(name, {"value": text_of(name.find("surname")) or ""})


@rule(
    "orcid-format", "error", topic=TOPIC,
    en="ORCID '{value}' is not written 0000-0000-0000-000X",
    pt="o ORCID '{value}' não está na forma 0000-0000-0000-000X",
    es="el ORCID '{value}' no tiene la forma 0000-0000-0000-000X",
    advice_en="Write the 16 characters of the ORCID iD in four groups, optionally as https://orcid.org/...",
    advice_pt="Escreva os 16 caracteres do ORCID em quatro grupos, opcionalmente como https://orcid.org/...",
    advice_es="Escriba los 16 caracteres del ORCID en cuatro grupos, opcionalmente como https://orcid.org/...",
)  # fmt: skip
def orcid_format(ctx: RuleContext) -> Iterator[Finding]:
    for el, value in _orcids(ctx):
        if not ORCID.match(value):
            yield Finding(el, {"value": value})


@rule(
    "orcid-check-digit", "error", topic=TOPIC,
    en="ORCID '{value}' has a wrong check digit",
    pt="o ORCID '{value}' tem o dígito verificador errado",
    es="el ORCID '{value}' tiene el dígito de control incorrecto",
    advice_en="Copy the ORCID iD from the author's orcid.org record; one digit is mistyped.",
    advice_pt="Copie o ORCID do registro do autor em orcid.org; há um dígito errado.",
    advice_es="Copie el ORCID del registro del autor en orcid.org; hay un dígito equivocado.",
)  # fmt: skip
def orcid_check_digit(ctx: RuleContext) -> Iterator[Finding]:
    for el, value in _orcids(ctx):
        if ORCID.match(value) and not orcid_check_digit_ok(value):
            yield Finding(el, {"value": value})


def _orcids(ctx: RuleContext):
    for el in ctx.root.iter("contrib-id"):
        if el.get("contrib-id-type") == "orcid":
            value = (text_of(el) or "").upper()
            for prefix in ("HTTPS://ORCID.ORG/", "HTTP://ORCID.ORG/"):
                value = value.removeprefix(prefix)
            yield el, value


@rule(
    "aff-missing", "error", topic=TOPIC,
    en="the article has authors but no affiliation",
    pt="o artigo tem autores mas nenhuma afiliação",
    es="el artículo tiene autores pero ninguna afiliación",
    advice_en='Add an <aff id="aff1"> per institution, with institution, city, state and country.',
    advice_pt='Acrescente um <aff id="aff1"> por instituição, com instituição, cidade, estado e país.',
    advice_es='Añada un <aff id="aff1"> por institución, con institución, ciudad, estado y país.',
)  # fmt: skip
def aff_missing(ctx: RuleContext) -> Iterator[Finding]:
    authors = ctx.meta.findall("contrib-group/contrib[@contrib-type='author']")
    if authors and not any(True for _ in ctx.meta.iter("aff")):
        yield Finding(ctx.meta.find("contrib-group"))


@rule(
    "aff-id-missing", "error", topic=TOPIC,
    en="an affiliation has no id, so no author can point to it",
    pt="uma afiliação não tem id, e nenhum autor pode remeter a ela",
    es="una afiliación no tiene id, y ningún autor puede remitir a ella",
    advice_en='Give the <aff> an id (aff1, aff2, ...) and point authors to it with <xref ref-type="aff">.',
    advice_pt='Dê um id à <aff> (aff1, aff2, ...) e remeta os autores a ela com <xref ref-type="aff">.',
    advice_es='Dé un id a la <aff> (aff1, aff2, ...) y remita los autores a ella con <xref ref-type="aff">.',
)  # fmt: skip
def aff_id_missing(ctx: RuleContext) -> Iterator[Finding]:
    for aff in ctx.root.iter("aff"):
        if not aff.get("id"):
            yield Finding(aff)


@rule(
    "aff-country-missing", "error", topic=TOPIC,
    en="affiliation {value} has no country",
    pt="a afiliação {value} não tem país",
    es="la afiliación {value} no tiene país",
    advice_en='Add <country country="BR">Brasil</country> (ISO 3166 code in the attribute).',
    advice_pt='Acrescente <country country="BR">Brasil</country> (código ISO 3166 no atributo).',
    advice_es='Añada <country country="BR">Brasil</country> (código ISO 3166 en el atributo).',
)  # fmt: skip
def aff_country_missing(ctx: RuleContext) -> Iterator[Finding]:
    for aff in ctx.root.iter("aff"):
        if not text_of(aff.find("country")):
            yield Finding(aff, {"value": aff.get("id") or ""})


@rule(
    "aff-country-code", "error", topic=TOPIC,
    en="country code '{value}' is not an ISO 3166-1 alpha-2 code",
    pt="o código de país '{value}' não é ISO 3166-1 alfa-2",
    es="el código de país '{value}' no es ISO 3166-1 alfa-2",
    advice_en="Use the two upper-case letters of ISO 3166-1: BR, AR, CL, MX, PT, ES, US...",
    advice_pt="Use as duas letras maiúsculas da ISO 3166-1: BR, AR, CL, MX, PT, ES, US...",
    advice_es="Use las dos letras mayúsculas de ISO 3166-1: BR, AR, CL, MX, PT, ES, US...",
)  # fmt: skip
def aff_country_code(ctx: RuleContext) -> Iterator[Finding]:
    codes = iso3166()
    for country in ctx.root.iter("country"):
        value = country.get("country")
        if value is not None and value not in codes:
            yield Finding(country, {"value": value})


@rule(
    "aff-institution-missing", "error", topic=TOPIC,
    en="affiliation {value} names no institution",
    pt="a afiliação {value} não indica instituição",
    es="la afiliación {value} no indica institución",
    advice_en='Add <institution content-type="orgname"> (and the affiliation as printed in '
    '<institution content-type="original">).',
    advice_pt='Acrescente <institution content-type="orgname"> (e a afiliação como impressa em '
    '<institution content-type="original">).',
    advice_es='Añada <institution content-type="orgname"> (y la afiliación tal como se imprimió en '
    '<institution content-type="original">).',
)  # fmt: skip
def aff_institution_missing(ctx: RuleContext) -> Iterator[Finding]:
    for aff in ctx.root.iter("aff"):
        if not any(text_of(i) for i in aff.iterfind("institution")):
            yield Finding(aff, {"value": aff.get("id") or ""})


@rule(
    "aff-original-missing", "warning", topic=TOPIC,
    en="affiliation {value} lacks the text as printed (institution content-type=\"original\")",
    pt="a afiliação {value} não traz o texto como impresso (institution content-type=\"original\")",
    es="la afiliación {value} no trae el texto tal como se imprimió (institution content-type=\"original\")",
    advice_en='SciELO PS keeps the printed affiliation in <institution content-type="original">.',
    advice_pt='O SciELO PS guarda a afiliação impressa em <institution content-type="original">.',
    advice_es='SciELO PS guarda la afiliación impresa en <institution content-type="original">.',
)  # fmt: skip
def aff_original_missing(ctx: RuleContext) -> Iterator[Finding]:
    if not (ctx.root.get("specific-use") or "").startswith("sps-"):
        return
    for aff in ctx.meta.iter("aff"):
        if aff.find("institution[@content-type='original']") is None:
            yield Finding(aff, {"value": aff.get("id") or ""})


@rule(
    "aff-unreferenced", "warning", topic=TOPIC,
    en="affiliation {value} is not referenced by any author",
    pt="nenhum autor remete à afiliação {value}",
    es="ningún autor remite a la afiliación {value}",
    advice_en='Link the authors of this institution with <xref ref-type="aff" rid="{value}">, or '
    "remove the affiliation.",
    advice_pt='Ligue os autores desta instituição com <xref ref-type="aff" rid="{value}">, ou '
    "retire a afiliação.",
    advice_es='Vincule a los autores de esta institución con <xref ref-type="aff" rid="{value}">, o '
    "retire la afiliación.",
)  # fmt: skip
def aff_unreferenced(ctx: RuleContext) -> Iterator[Finding]:
    affs = [a for a in ctx.root.iter("aff") if a.get("id")]
    if len(affs) < 2 and not ctx.referenced.get("aff"):
        return  # a single affiliation shared by every author needs no cross-reference
    for aff in affs:
        if aff.get("id") not in ctx.all_referenced:
            yield Finding(aff, {"value": aff.get("id")})


@rule(
    "contrib-aff-xref", "warning", topic=TOPIC,
    en="author '{value}' is not linked to any affiliation",
    pt="o autor '{value}' não está ligado a nenhuma afiliação",
    es="el autor '{value}' no está vinculado a ninguna afiliación",
    advice_en='Add <xref ref-type="aff" rid="affN"> inside the author\'s <contrib>.',
    advice_pt='Acrescente <xref ref-type="aff" rid="affN"> dentro do <contrib> do autor.',
    advice_es='Añada <xref ref-type="aff" rid="affN"> dentro del <contrib> del autor.',
)  # fmt: skip
def contrib_aff_xref(ctx: RuleContext) -> Iterator[Finding]:
    affs = list(ctx.meta.iter("aff"))
    if len(affs) < 2:
        return
    for contrib in ctx.meta.iterfind("contrib-group/contrib[@contrib-type='author']"):
        if contrib.find("xref[@ref-type='aff']") is None and contrib.find("aff") is None:
            yield Finding(contrib, {"value": text_of(contrib.find(".//surname")) or ""})


@rule(
    "email-format", "error", topic=TOPIC,
    en="'{value}' is not an e-mail address",
    pt="'{value}' não é um endereço de e-mail",
    es="'{value}' no es una dirección de correo electrónico",
    advice_en="Put one address per <email>, as name@domain, without 'mailto:' or punctuation.",
    advice_pt="Coloque um endereço por <email>, como nome@domínio, sem 'mailto:' nem pontuação.",
    advice_es="Ponga una dirección por <email>, como nombre@dominio, sin 'mailto:' ni puntuación.",
)  # fmt: skip
def email_format(ctx: RuleContext) -> Iterator[Finding]:
    for el in ctx.root.iter("email"):
        value = text_of(el) or ""
        if not EMAIL.match(value):
            yield Finding(el, {"value": value})


@rule(
    "corresp-email", "warning", topic=TOPIC,
    en="the corresponding author note has no e-mail",
    pt="a nota do autor correspondente não tem e-mail",
    es="la nota del autor de correspondencia no tiene correo electrónico",
    advice_en="Add <email> inside <corresp>.",
    advice_pt="Acrescente <email> dentro de <corresp>.",
    advice_es="Añada <email> dentro de <corresp>.",
)  # fmt: skip
def corresp_email(ctx: RuleContext) -> Iterator[Finding]:
    for corresp in ctx.root.iter("corresp"):
        if corresp.find(".//email") is None and "@" not in (text_of(corresp) or ""):
            yield Finding(corresp)
