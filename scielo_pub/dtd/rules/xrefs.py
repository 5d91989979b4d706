"""A canonical article in, findings out: rules on ids and cross-references (every ``xref`` reaches
an element of the right kind, every footnote, reference and float is cited)."""

from __future__ import annotations

from collections.abc import Iterator

from .common import REF_TYPE_TARGETS, iter_main
from .registry import Finding, RuleContext, rule

TOPIC = "cross-references"


@rule(
    "id-unique", "error", topic=TOPIC,
    en="id '{value}' is used more than once",
    pt="o id '{value}' é usado mais de uma vez",
    es="el id '{value}' se usa más de una vez",
    advice_en="Give every element a different id (sub-articles usually add a suffix, e.g. aff1-en).",
    advice_pt="Dê um id diferente a cada elemento (sub-articles costumam usar sufixo, p. ex. aff1-en).",
    advice_es="Dé un id distinto a cada elemento (los sub-articles suelen usar sufijo, p. ej. aff1-en).",
)  # fmt: skip
def id_unique(ctx: RuleContext) -> Iterator[Finding]:
    seen: set[str] = set()
    for el in ctx.elements:
        value = el.get("id")
        if value is None:
            continue
        if value in seen:
            yield Finding(el, {"value": value})
        seen.add(value)


@rule(
    "xref-rid-missing", "error", topic=TOPIC,
    en="a cross-reference (xref) has no rid, so it points nowhere",
    pt="uma remissão (xref) não tem rid e não aponta para nada",
    es="una remisión (xref) no tiene rid y no apunta a nada",
    advice_en='Add rid with the id of the target, e.g. <xref ref-type="bibr" rid="B1">.',
    advice_pt='Acrescente rid com o id do alvo, p. ex. <xref ref-type="bibr" rid="B1">.',
    advice_es='Añada rid con el id del destino, p. ej. <xref ref-type="bibr" rid="B1">.',
)  # fmt: skip
def xref_rid_missing(ctx: RuleContext) -> Iterator[Finding]:
    for xref in ctx.root.iter("xref"):
        if not (xref.get("rid") or "").strip():
            yield Finding(xref)


@rule(
    "xref-target", "error", topic=TOPIC,
    en="cross-reference to '{value}', but no element has that id",
    pt="remissão para '{value}', mas nenhum elemento tem esse id",
    es="remisión a '{value}', pero ningún elemento tiene ese id",
    advice_en="Correct the rid, or add the missing target (reference, figure, footnote...) with this id.",
    advice_pt="Corrija o rid, ou acrescente o alvo que falta (referência, figura, nota...) com este id.",
    advice_es="Corrija el rid, o añada el destino que falta (referencia, figura, nota...) con este id.",
)  # fmt: skip
def xref_target(ctx: RuleContext) -> Iterator[Finding]:
    ids = ctx.ids
    for xref in ctx.root.iter("xref"):
        for rid in (xref.get("rid") or "").split():
            if rid not in ids:
                yield Finding(xref, {"value": rid})


@rule(
    "xref-ref-type", "warning", topic=TOPIC,
    en="cross-reference of type '{kind}' points to <{target}> '{value}'",
    pt="remissão do tipo '{kind}' aponta para <{target}> '{value}'",
    es="remisión del tipo '{kind}' apunta a <{target}> '{value}'",
    advice_en="Make ref-type say what the target is (bibr for ref, fig for fig, table for "
    "table-wrap, fn for fn, aff for aff).",
    advice_pt="Faça o ref-type dizer o que é o alvo (bibr para ref, fig para fig, table para "
    "table-wrap, fn para fn, aff para aff).",
    advice_es="Haga que ref-type diga qué es el destino (bibr para ref, fig para fig, table para "
    "table-wrap, fn para fn, aff para aff).",
)  # fmt: skip
def xref_ref_type(ctx: RuleContext) -> Iterator[Finding]:
    ids = ctx.ids
    for xref in ctx.root.iter("xref"):
        kind = xref.get("ref-type") or ""
        allowed = REF_TYPE_TARGETS.get(kind)
        for rid in (xref.get("rid") or "").split():
            target = ids.get(rid)
            if allowed and target is not None and target.tag not in allowed:
                yield Finding(xref, {"kind": kind, "target": target.tag, "value": rid})


@rule(
    "fn-unreferenced", "warning", topic=TOPIC,
    en="footnote '{value}' has a label but nothing in the text points to it",
    pt="a nota '{value}' tem marca mas nada no texto remete a ela",
    es="la nota '{value}' tiene marca pero nada en el texto remite a ella",
    advice_en='Put <xref ref-type="fn" rid="{value}"> where the footnote mark is printed.',
    advice_pt='Coloque <xref ref-type="fn" rid="{value}"> onde a marca da nota é impressa.',
    advice_es='Coloque <xref ref-type="fn" rid="{value}"> donde se imprime la marca de la nota.',
)  # fmt: skip
def fn_unreferenced(ctx: RuleContext) -> Iterator[Finding]:
    for fn in ctx.root.iter("fn"):
        fid = fn.get("id")
        if fid and fn.find("label") is not None and fid not in ctx.all_referenced:
            yield Finding(fn, {"value": fid})


@rule(
    "ref-uncited", "info", topic=TOPIC,
    en="reference '{value}' is never cited in the text",
    pt="a referência '{value}' nunca é citada no texto",
    es="la referencia '{value}' nunca se cita en el texto",
    advice_en='Cite it with <xref ref-type="bibr" rid="{value}"> or check whether it belongs here.',
    advice_pt='Cite-a com <xref ref-type="bibr" rid="{value}"> ou confira se pertence à lista.',
    advice_es='Cítela con <xref ref-type="bibr" rid="{value}"> o revise si pertenece a la lista.',
)  # fmt: skip
def ref_uncited(ctx: RuleContext) -> Iterator[Finding]:
    cited = ctx.all_referenced
    if not cited:
        return  # author-date articles often cite without xref; say nothing when nothing is linked
    for ref in ctx.root.iter("ref"):
        if ref.get("id") and ref.get("id") not in cited:
            yield Finding(ref, {"value": ref.get("id")})


@rule(
    "float-uncited", "info", topic=TOPIC,
    en="<{tag}> '{value}' is never cited in the text",
    pt="<{tag}> '{value}' nunca é citado no texto",
    es="<{tag}> '{value}' nunca se cita en el texto",
    advice_en="Point to it from the text with an xref (ref-type fig or table).",
    advice_pt="Remeta a ele a partir do texto com um xref (ref-type fig ou table).",
    advice_es="Remita a él desde el texto con un xref (ref-type fig o table).",
)  # fmt: skip
def float_uncited(ctx: RuleContext) -> Iterator[Finding]:
    cited = ctx.all_referenced
    for el in iter_main(ctx.root, "fig", "table-wrap"):
        if el.get("id") and el.get("id") not in cited:
            yield Finding(el, {"tag": el.tag, "value": el.get("id")})
