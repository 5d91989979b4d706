"""A synthetic record in, labelled segments out for given-name-first styles (IEEE, CS, Chicago).

These styles are rare in SciELO journals but common in the references they cite from computing,
engineering and the humanities; they teach the model author lists like ``J. Smith, A. B. Jones,
and C. Lee`` and containers like ``In Proceedings of ..., pages 1-10``.
"""

from __future__ import annotations

import random

from . import vocab
from .synth import Builder, Record, _city, _doi_text, _end, _initials, event_name


def given_first(rng: random.Random, people: list[tuple[str, str]], corporate: str) -> str:
    """``J. Smith, A. B. Jones, and C. Lee`` or ``John Smith and Ann Jones``."""
    if not people:
        return corporate
    full = rng.random() < 0.35
    names = [f"{given if full else _initials(given, True)} {surname}" for surname, given in people]
    if len(names) > 6 and rng.random() < 0.7:
        return ", ".join(names[:3]) + rng.choice((", et al.", " et al."))
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + rng.choice((", and ", " and ", ", ")) + names[-1]


def _event(rng: random.Random) -> str:
    kind = rng.choice(("Proceedings of the", "Proc.", "In Proceedings of the", "Proceedings"))
    return (
        f"{kind} {event_name(rng)}"
        if kind != "Proc."
        else f"Proc. {rng.randint(1, 40)}th {event_name(rng)}"
    )


def ieee(rec: Record, rng: random.Random, b: Builder) -> None:
    b.add(given_first(rng, rec.authors, rec.corporate) + ",", "author")
    b.sep(" ")
    if rec.kind == "journal":
        b.add(f"“{rec.title},”" if rng.random() < 0.5 else f'"{rec.title},"', "title")
        b.sep(" ")
        b.add(rec.abbrev if rng.random() < 0.5 else rec.source, "source")
        b.sep(", ")
        b.add(f"vol. {rec.volume}", "volume")
        if rec.issue:
            b.sep(", ")
            b.add(f"no. {rec.issue}", "issue")
        if rec.fpage:
            b.sep(", ")
            b.add(f"pp. {rec.fpage}" + (f"–{rec.lpage}" if rec.lpage else ""), "pages")
        b.sep(", ")
        b.add(
            (vocab.MONTH_ABBR["en"].split()[rec.month - 1] + ". " if rec.month else "")
            + str(rec.year),
            "year",
        )
        b.sep(".")
    elif rec.kind in ("confproc", "chapter"):
        b.add(f'"{rec.title},"', "title")
        b.sep(" ")
        b.add("in " + _event(rng), "source")
        b.sep(", ")
        b.add(rec.city or _city(rng), "location")
        b.sep(", ")
        b.add(str(rec.year), "year")
        if rec.fpage:
            b.sep(", ")
            b.add(f"pp. {rec.fpage}-{rec.lpage or rec.fpage}", "pages")
        b.sep(".")
    else:
        b.add(_end(rec.title), "title")
        b.sep(" ")
        b.add(rec.city, "location")
        b.sep(": ")
        b.add(rec.publisher, "publisher")
        b.sep(", ")
        b.add(str(rec.year), "year")
        b.sep(".")
    if rec.doi and rng.random() < 0.5:
        b.sep(" ")
        _doi_text(rng, b, rec.doi)


def computing(rec: Record, rng: random.Random, b: Builder) -> None:
    """CORA-like: ``A. Cau and R. Kuiper. Title. In Proc. X, pages 1-20, 1992.``"""
    b.add(_end(given_first(rng, rec.authors, rec.corporate)), "author")
    b.sep(" ")
    b.add(_end(rec.title), "title")
    b.sep(" ")
    if rec.kind == "journal":
        b.add(rec.source, "source")
        b.sep(", ")
        b.add(rec.volume, "volume")
        if rec.issue:
            b.add(f"({rec.issue})", "issue")
        if rec.fpage:
            b.sep(":")
            b.add(f"{rec.fpage}-{rec.lpage or rec.fpage}", "pages")
    elif rec.kind in ("confproc", "chapter"):
        if rec.editors and rng.random() < 0.5:
            b.add(
                f"In {given_first(rng, rec.editors, '')}, {'editors' if len(rec.editors) > 1 else 'editor'},",
                "editor",
            )
            b.sep(" ")
            b.add(_event(rng).replace("In ", ""), "source")
        else:
            b.add(
                _event(rng) if rng.random() < 0.5 else "In " + _event(rng).replace("In ", ""),
                "source",
            )
        if rec.fpage:
            b.sep(", ")
            b.add(f"pages {rec.fpage}-{rec.lpage or rec.fpage}", "pages")
        if rng.random() < 0.5:
            b.sep(", ")
            b.add(rec.city or _city(rng), "location")
    elif rec.kind in ("report", "thesis"):
        label = (
            "Technical Report"
            if rec.kind == "report"
            else rng.choice(("PhD thesis", "Master's thesis"))
        )
        b.add(
            f"{label} {rng.randint(1, 99)}-{rng.randint(1, 99)}" if rec.kind == "report" else label,
            "note",
        )
        b.sep(", ")
        b.add(rec.publisher, "publisher")
    else:
        b.add(rec.publisher, "publisher")
        if rng.random() < 0.6:
            b.sep(", ")
            b.add(rec.city, "location")
    b.sep(", ")
    b.add(
        (vocab.MONTHS["en"].split()[rec.month - 1] + " " if rec.month else "") + str(rec.year),
        "year",
    )
    b.sep(".")


def chicago(rec: Record, rng: random.Random, b: Builder) -> None:
    """``Smith, John, and Ann Jones. 2005. "Title." Journal 12 (3): 45–67.``"""
    people = rec.authors
    if people:
        first = f"{people[0][0]}, {people[0][1]}"
        rest = [f"{g} {s}" for s, g in people[1:4]]
        names = (
            first
            if not rest
            else first
            + ", "
            + ", ".join(rest[:-1])
            + (", " if len(rest) > 1 else ", ")
            + "and "
            + rest[-1]
        )
    else:
        names = rec.corporate
    b.add(_end(names), "author")
    b.sep(" ")
    year_first = rng.random() < 0.5
    if year_first:
        b.add(f"{rec.year}.", "year")
        b.sep(" ")
    if rec.kind == "journal":
        b.add(f'"{_end(rec.title)}"' if rng.random() < 0.6 else f"“{_end(rec.title)}”", "title")
        b.sep(" ")
        b.add(rec.source, "source")
        b.sep(" ")
        b.add(rec.volume, "volume")
        if rec.issue:
            b.sep(rng.choice((" ", ", ")))
            b.add(f"({rec.issue})" if rng.random() < 0.6 else f"no. {rec.issue}", "issue")
        if not year_first:
            b.sep(" ")
            b.add(f"({rec.year})", "year")
        if rec.fpage:
            b.sep(": ")
            b.add(f"{rec.fpage}–{rec.lpage or rec.fpage}", "pages")
        b.sep(".")
    else:
        b.add(_end(rec.title), "title")
        b.sep(" ")
        b.add(rec.city, "location")
        b.sep(": ")
        b.add(rec.publisher, "publisher")
        if not year_first:
            b.sep(", ")
            b.add(str(rec.year), "year")
        b.sep(".")


RENDERERS = {"ieee": ieee, "computing": computing, "chicago": chicago}
