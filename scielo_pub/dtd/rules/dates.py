"""A canonical article in, findings out: rules on publication and history dates."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from lxml import etree

from .common import date_key, date_problem
from .registry import Finding, RuleContext, rule

TOPIC = "dates"
_DATE_TAGS = ("pub-date", "date", "date-in-citation")


@rule(
    "date-invalid", "error", topic=TOPIC,
    en="this date is not a real date: {value}",
    pt="esta data não existe: {value}",
    es="esta fecha no existe: {value}",
    advice_en="Write <day>, <month> (1-12) and a four-digit <year> of a date that exists.",
    advice_pt="Escreva <day>, <month> (1-12) e <year> com quatro dígitos de uma data que exista.",
    advice_es="Escriba <day>, <month> (1-12) y <year> de cuatro dígitos de una fecha que exista.",
)  # fmt: skip
def date_invalid(ctx: RuleContext) -> Iterator[Finding]:
    for el in ctx.root.iter("pub-date", "date"):
        problem = date_problem(el)
        if problem:
            yield Finding(el, {"value": problem})


def _history(ctx: RuleContext, kind: str) -> etree._Element | None:
    return ctx.meta.find(f"history/date[@date-type='{kind}']")


def _pub_dates(ctx: RuleContext) -> list[etree._Element]:
    return [d for d in ctx.meta.iterfind("pub-date") if date_key(d) is not None]


def _later(a: tuple[int, int, int], b: tuple[int, int, int]) -> bool:
    """True when ``a`` is surely later than ``b`` (missing month/day compare only what is known)."""
    for x, y in zip(a, b, strict=True):
        if x == 0 or y == 0:
            return False
        if x != y:
            return x > y
    return False


@rule(
    "date-received-accepted", "error", topic=TOPIC,
    en="the article was accepted ({accepted}) before it was received ({received})",
    pt="o artigo foi aceito ({accepted}) antes de ser recebido ({received})",
    es="el artículo fue aceptado ({accepted}) antes de ser recibido ({received})",
    advice_en="Check the received and accepted dates in <history>; received comes first.",
    advice_pt="Confira as datas de recebimento e aceite em <history>; o recebimento vem primeiro.",
    advice_es="Revise las fechas de recepción y aceptación en <history>; la recepción va primero.",
)  # fmt: skip
def date_received_accepted(ctx: RuleContext) -> Iterator[Finding]:
    received, accepted = _history(ctx, "received"), _history(ctx, "accepted")
    if received is None or accepted is None:
        return
    r, a = date_key(received), date_key(accepted)
    if r and a and _later(r, a):
        yield Finding(accepted, {"accepted": _iso(a), "received": _iso(r)})


@rule(
    "date-accepted-published", "error", topic=TOPIC,
    en="the article was published ({published}) before it was accepted ({accepted})",
    pt="o artigo foi publicado ({published}) antes de ser aceito ({accepted})",
    es="el artículo fue publicado ({published}) antes de ser aceptado ({accepted})",
    advice_en="Check the accepted date in <history> and the <pub-date>: acceptance comes first.",
    advice_pt="Confira a data de aceite em <history> e a <pub-date>: o aceite vem primeiro.",
    advice_es="Revise la fecha de aceptación en <history> y la <pub-date>: la aceptación va primero.",
)  # fmt: skip
def date_accepted_published(ctx: RuleContext) -> Iterator[Finding]:
    yield from _after_history(ctx, "accepted")


@rule(
    "date-received-published", "error", topic=TOPIC,
    en="the article was published ({published}) before it was received ({received})",
    pt="o artigo foi publicado ({published}) antes de ser recebido ({received})",
    es="el artículo fue publicado ({published}) antes de ser recibido ({received})",
    advice_en="Check the received date in <history> and the <pub-date>.",
    advice_pt="Confira a data de recebimento em <history> e a <pub-date>.",
    advice_es="Revise la fecha de recepción en <history> y la <pub-date>.",
)  # fmt: skip
def date_received_published(ctx: RuleContext) -> Iterator[Finding]:
    yield from _after_history(ctx, "received")


def _after_history(ctx: RuleContext, kind: str) -> Iterator[Finding]:
    event = _history(ctx, kind)
    key = date_key(event) if event is not None else None
    if key is None:
        return
    for pub in _pub_dates(ctx):
        if pub.get("date-type") == "collection" or pub.get("pub-type") == "collection":
            continue  # the date may precede a late article
        p = date_key(pub)
        if p and _later(key, p):
            yield Finding(pub, {kind: _iso(key), "published": _iso(p)})


@rule(
    "date-revised-order", "warning", topic=TOPIC,
    en="the revision date ({revised}) is outside received-accepted",
    pt="a data de revisão ({revised}) está fora do intervalo recebido-aceito",
    es="la fecha de revisión ({revised}) está fuera del intervalo recibido-aceptado",
    advice_en="A revised date falls between the received and the accepted dates.",
    advice_pt="A data de revisão fica entre as datas de recebimento e de aceite.",
    advice_es="La fecha de revisión queda entre las fechas de recepción y de aceptación.",
)  # fmt: skip
def date_revised_order(ctx: RuleContext) -> Iterator[Finding]:
    received, accepted = _history(ctx, "received"), _history(ctx, "accepted")
    for rev in ctx.meta.iterfind("history/date[@date-type='rev-recd']"):
        r = date_key(rev)
        if r is None:
            continue
        lo = date_key(received) if received is not None else None
        hi = date_key(accepted) if accepted is not None else None
        if (lo and _later(lo, r)) or (hi and _later(r, hi)):
            yield Finding(rev, {"revised": _iso(r)})


@rule(
    "date-future", "warning", topic=TOPIC,
    en="the publication date {value} is more than a year from today",
    pt="a data de publicação {value} está a mais de um ano de hoje",
    es="la fecha de publicación {value} está a más de un año de hoy",
    advice_en="Check the year of the <pub-date>; a typo often puts it in the far future.",
    advice_pt="Confira o ano da <pub-date>; um erro de digitação costuma levá-la ao futuro.",
    advice_es="Revise el año de la <pub-date>; un error de tipeo suele llevarla al futuro.",
)  # fmt: skip
def date_future(ctx: RuleContext) -> Iterator[Finding]:
    limit = datetime.date.today().year + 1
    for pub in _pub_dates(ctx):
        key = date_key(pub)
        if key and key[0] > limit:
            yield Finding(pub, {"value": _iso(key)})


@rule(
    "history-missing", "info", topic=TOPIC,
    en="a research article usually records when it was received and accepted",
    pt="um artigo de pesquisa costuma registrar quando foi recebido e aceito",
    es="un artículo de investigación suele registrar cuándo fue recibido y aceptado",
    advice_en='Add <history> with <date date-type="received"> and <date date-type="accepted">.',
    advice_pt='Acrescente <history> com <date date-type="received"> e <date date-type="accepted">.',
    advice_es='Añada <history> con <date date-type="received"> y <date date-type="accepted">.',
)  # fmt: skip
def history_missing(ctx: RuleContext) -> Iterator[Finding]:
    if ctx.root.get("article-type") == "research-article" and _history(ctx, "received") is None:
        yield Finding(ctx.at("front/article-meta"))


def _iso(key: tuple[int, int, int]) -> str:
    return "-".join(f"{v:02d}" if i else f"{v:04d}" for i, v in enumerate(key) if v or i == 0)
