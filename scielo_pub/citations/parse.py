"""A printed reference string in, a dict of structured fields out (CRF labels plus a rule layer).

The CRF (``model.crfsuite``, trained by :mod:`train` on synthetic references and the aligned
references of the SciELO development articles) labels each token; consecutive tokens with one
label form a span; rules then take DOI, PMID, URL, years and page ranges from the text itself,
mend field boundaries the model misplaced (imprints left in titles, an organisation read as
title, a monograph's one title) and decide the JATS publication type. Field names are those of
the ``inspect --json`` references.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

import pycrfsuite

from . import features, lexicon
from .normalise import (
    ORG_RE,
    clean_span,
    is_placeholder,
    normalise_doi,
    number_of,
    split_authors,
    split_pages,
    year_of,
)

MODEL_PATH = Path(__file__).with_name("model.crfsuite")
FIELDS = (
    "id",
    "label",
    "publication_type",
    "authors",
    "article_title",
    "chapter_title",
    "source",
    "year",
    "volume",
    "issue",
    "fpage",
    "lpage",
    "elocation_id",
    "doi",
    "pmid",
    "mixed_citation",
    "edition",
    "publisher_name",
    "publisher_loc",
    "url",
)
PMID_RE = re.compile(r"\bPMID:?\s*(\d{1,9})\b|\bPubMed\s+PMID:?\s*(\d{1,9})\b", re.I)
URL_RE = re.compile(r"(?:https?://|www\.)[^\s<>\"]+[^\s<>\".,;:)\]]")
LEAD_RE = re.compile(r"^\s*(?:\[\d+\]|\(\d+\)|\d+[.)]?|\.)\s+")
THESIS_RE = re.compile(
    r"\b(?:tese|tesis|thesis|disserta[çc][aã]o|dissertation|doutorado|mestrado|doctorado|maestr[ií]a|monografia)\b",
    re.I,
)
CONF_RE = re.compile(
    r"\b(?:anais|proceedings|actas|congress[oa]?|conference|simp[oó]sio|semin[aá]rio|encontro|annals of the)\b",
    re.I,
)
REPORT_RE = re.compile(
    r"\b(?:relat[oó]rio|report|working paper|discussion papers?|texto para discuss[aã]o|boletim)\b",
    re.I,
)

_local = threading.local()


class ModelMissingError(RuntimeError):
    """The CRF model file is absent; train it with ``python -m scielo_pub.citations.train``."""


def _tagger(path: Path = MODEL_PATH) -> pycrfsuite.Tagger:
    cached = getattr(_local, "tagger", None)
    if cached is None:
        if not path.is_file():
            raise ModelMissingError(
                f"reference model {path} is missing; run `python -m scielo_pub.citations.train`"
            )
        cached = pycrfsuite.Tagger()
        cached.open(str(path))
        _local.tagger = cached
    return cached


def use_model(path: Path | None) -> None:
    """Tag with the model at ``path`` in this thread from now on (None: the shipped model again);
    for cross-validation and experiments."""
    if path is None:
        _local.tagger = None
        return
    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    _local.tagger = tagger


def label(text: str) -> list[tuple[str, str, int, int]]:
    """``(label, token, start, end)`` for each token of ``text``."""
    tokens = features.tokenize(text)
    if not tokens:
        return []
    labels = _tagger().tag(features.sequence_features(text, tokens))
    return [(lab, t.text, t.start, t.end) for lab, t in zip(labels, tokens, strict=True)]


def spans(text: str) -> list[tuple[str, str]]:
    """Consecutive same-label tokens merged into ``(label, text)`` spans, in order."""
    out: list[tuple[str, int, int]] = []
    for lab, _tok, start, end in label(text):
        if out and out[-1][0] == lab:
            out[-1] = (lab, out[-1][1], end)
        else:
            out.append((lab, start, end))
    return [(lab, text[s:e]) for lab, s, e in out]


def parse(text: str, ref_id: str | None = None, previous: dict | None = None) -> dict:
    """Structured fields of one printed reference (absent fields are None).

    ``previous`` is the reference printed just before: ABNT's ``______.`` repeats its authors."""
    original = " ".join(text.split())
    lead = LEAD_RE.match(original)
    body = original[lead.end() :] if lead else original
    found = _mend_spans(_join_split_title(spans(body))) if body else []
    first: dict[str, str] = {}
    for lab, span in found:
        first.setdefault(lab, span)
    result = dict.fromkeys(FIELDS)
    result["id"] = ref_id
    result["mixed_citation"] = original
    _cut_vancouver_author(first, found)
    _body_as_author(first, found)
    if "author" in first:
        first["author"] = _drop_trailing_year(first["author"])
    result["authors"] = split_authors(first.get("author", ""))
    if previous and is_placeholder(first.get("author", "")):
        result["authors"] = list(previous.get("authors") or [])
    if not body:
        return result
    _numbers(result, first, found, body)
    _identifiers(result, body, first)
    _titles(result, first, found, body)
    if result["publication_type"] not in ("journal", None):
        _imprint(result, body)
        _mend_imprint(result, body)
    if result["publication_type"] == "confproc" and CONF_RE.search(result["publisher_name"] or ""):
        result["publisher_name"] = None  # the event's name, not a publisher
    _sane_imprint(result, body)
    if lead and lead.group().strip(" .[]()"):
        result["label"] = lead.group().strip(" .[]()")
    if result["fpage"] and result["fpage"][:1] in "eE" and result["fpage"][1:].isdigit():
        result["elocation_id"], result["fpage"] = result["fpage"], None
    return result


# A journal's date before its volume: ``2016 Jan-Feb;41(1)``, ``2021, 44(suppl.1)``, ``1994;89:``;
# it wins over years elsewhere (in titles: ``Kock, 1844``, ``Estudo SABE, 2000 e 2006``).
JOURNAL_DATE_RE = re.compile(
    r"\b((?:1[6-9]|20)\d\d)[a-z]?(?:\s+[A-Z][a-z]{2}\.?(?:\s*-\s*[A-Z][a-z]{2}\.?)?(?:\s+\d{1,2})?)?"
    r"\s*(?:;\s*\d+\s*[(:]|;\s*\d+\s*$|,\s*\d+\s*\()"
)
# When the reference was read (``Acesso em: 19 out. 2018``, ``[cited 2023 Feb 4]``): never its year.
ACCESS_DATE_RE = re.compile(
    r"(?i)\b(?:acesso|acessado|accessed|cited|citado|consultado|acceso)\b[^\d\]]{0,30}"
    r"(?:\d{1,2}\D{1,25})?(?:1[5-9]|20)\d\d"
)
# NLM's notices after a reference (``Erratum in: J Test. 2011;3:4.``) cite another item's date.
NLM_NOTICE_RE = re.compile(r"\b(?:Erratum|Comment|Retraction|Republished|Update) in:")
_VANCOUVER_NAME = re.compile(r"[^\W\d_][\w'’-]*(?:\s+[^\W\d_][\w'’-]*){0,2}\s+[A-Z]{1,3}")
_INITIALS_STOP = re.compile(r"(?<=[ ][A-Z])[A-Z]{0,2}\.\s+(?=\S)")


def _join_split_title(found: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """A second author span inside the title (``... Município de São | Paulo, Brasil, Estudo X, |
    2000 e 2006.``) after the author list and before the journal: the three spans are one title."""
    out = list(found)
    for i in range(1, len(out) - 2):
        labels = [lab for lab, _ in out[i : i + 3]]
        followed = i + 3 < len(out) and out[i + 3][0] == "source"
        if labels == ["title", "author", "title"] and out[i - 1][0] == "author" and followed:
            out[i : i + 3] = [("title", " ".join(s for _, s in out[i : i + 3]))]
            break
    return out


ROLE_TAIL_RE = re.compile(
    r"^(?P<editors>.*?\(?\b(?:eds?|editors?|editor(?:a|e)s|orgs?|organizadores|coords?|"
    r"coordenadores|comps?|compiladores)\b\.?\)?[.,])\s+(?P<rest>\S.*)$",
    re.I,
)
COLON_WORD_TAIL_RE = re.compile(r"^(?P<names>.*[A-ZÀ-Ý]\.)\s+(?P<word>[^\s;,.:]+:)$")


def _mend_spans(found: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Spans that ran across a boundary the printed punctuation marks: words after the editors'
    role (``In: Lima A, Rosa B, editores. Manual | of tests``) open the book's title; a word with
    a colon after the last initial (``ROSA, B. DEMO: | A method``) opens the title, since an
    author list never ends with a colon; a span read as author that follows the title and starts
    in lower case (``... a obra | de Fulano Beltrano.``) is the title's end."""
    out = list(found)
    for i in range(len(out) - 1):
        (lab, text), (nxt, after) = out[i], out[i + 1]
        if lab == "editor" and nxt == "source":
            m = ROLE_TAIL_RE.match(text)
            if m and "." not in m.group("rest").rstrip(". "):
                out[i : i + 2] = [
                    ("editor", m.group("editors")),
                    (nxt, f"{m.group('rest')} {after}"),
                ]
        elif lab == "author" and nxt == "title":
            m = COLON_WORD_TAIL_RE.match(text)
            if m and m.group("word").lower() not in ("in:", "en:", "em:"):
                out[i : i + 2] = [("author", m.group("names")), (nxt, f"{m.group('word')} {after}")]
    for i in range(1, len(out)):
        lab, text = out[i]
        if lab == "author" and out[i - 1][0] == "title" and text[:1].islower() and i > 1:
            out[i - 1 : i + 1] = [("title", f"{out[i - 1][1]} {text}")]
            break
    return out


def _cut_vancouver_author(first: dict[str, str], found: list[tuple[str, str]]) -> None:
    """An author span that ran into the title (``Welch JA. Triangulating Competencies``) is cut
    after the Vancouver name that ends with initials and a full stop; the rest opens the title."""
    span = first.get("author", "")
    for m in _INITIALS_STOP.finditer(span):
        names = [n.strip() for n in span[: m.start() + len(m.group().split(".")[0])].split(",")]
        rest = span[m.end() :]
        if not all(_VANCOUVER_NAME.fullmatch(n) for n in names) or re.match(
            r"(?i)et\.? al\b", rest
        ):
            continue  # only a list of Vancouver names (Surname AB, ...) is cut
        if _more_authors(rest):
            continue
        first["author"] = span[: m.start() + len(m.group().split(".")[0])]
        labels = [lab for lab, _ in found]
        after = labels.index("author") + 1 if "author" in labels else len(labels)
        if after < len(labels) and labels[after] == "title" and first.get("title"):
            first["title"] = f"{rest} {first['title']}"
        return


def _more_authors(rest: str) -> bool:
    """More Vancouver names follow (``Silva AB, ...``), not a title that opens like one
    (``Cathepsin B, cathepsin H and ...``: a name never starts in lower case)."""
    if not (_VANCOUVER_NAME.match(rest) and re.match(r"[^,.]*[A-Z]{1,3}\s*[,.]", rest)):
        return False
    second = re.match(r"[^,.]*,\s*(\S+)", rest)
    return not (second and second.group(1)[:1].islower() and second.group(1) not in PARTICLES)


PARTICLES = frozenset(
    ["de", "da", "do", "dos", "das", "del", "van", "von", "der", "di", "la", "le"]
)


TRAILING_YEAR_RE = re.compile(r"[\s,;]*\(?(?:1[5-9]|20)\d\d[a-z]?\)?[\s.]*$")


def _drop_trailing_year(span: str) -> str:
    """The year the model left at the end of the author list (``Lima AB, Rosa C, 2016.``,
    ``LIMA AB & ROSA C 2016``) is no author: the list ends before it."""
    cut = TRAILING_YEAR_RE.sub("", span)
    return cut if cut.strip(" .,;") else span


def _body_as_author(first: dict[str, str], found: list[tuple[str, str]]) -> None:
    """A reference that opens with an organisation's name as its own sentence (``Working Group
    on Falls. Prevention of falls ...``) which the model read as the start of the title: the
    organisation is the author, the rest the title."""
    if "author" in first or not found or found[0][0] != "title":
        return
    m = re.match(r"([^.]{3,120}?)\.\s+(?=[A-ZÀ-Ý0-9\[(“\"])", first["title"])
    if not m or not ORG_RE.search(m.group(1)) or len(m.group(1).split()) > 10:
        return
    words = [w for w in m.group(1).split() if w[:1].isalpha()]
    if sum(w[:1].isupper() for w in words) < len(words) / 2:
        return  # a sentence of prose, not a name
    first["author"], first["title"] = m.group(1), first["title"][m.end() :]


def _numbers(result: dict, first: dict[str, str], found: list[tuple[str, str]], body: str) -> None:
    year = year_of(first.get("year", ""))
    if year is None:
        year = next((year_of(s) for lab, s in found if lab == "year" and year_of(s)), None)
    if year is None:
        candidates = [
            y
            for lab, s in found
            if lab not in ("title", "source", "url", "doi")
            for y in [year_of(ACCESS_DATE_RE.sub(" ", s))]
            if y
        ]
        year = candidates[-1] if candidates else None
    dated = JOURNAL_DATE_RE.findall(NLM_NOTICE_RE.split(body)[0])
    result["year"] = dated[-1] if dated else year
    result["volume"] = number_of(first["volume"]) or None if "volume" in first else None
    result["issue"] = number_of(first["issue"]) or None if "issue" in first else None
    if "pages" in first:
        result["fpage"], result["lpage"] = split_pages(first["pages"])
    if "edition" in first:
        m = re.search(r"\d+", first["edition"])
        result["edition"] = m.group() if m else clean_span(first["edition"])
    _mend_numbers(result, body)


ISSUE_WITH_VOLUME_RE = re.compile(r"(?i)^(\d+)\s*,\s*((?:suppl?|supl|n)\b.*)$")
VANCOUVER_NUMBERS_RE = re.compile(
    r"(?:;|\b(?:1[6-9]|20)\d\d\b[^;:()]{0,12};)\s*(\d+)\s*\(([^()]{1,12})\)\s*:\s*(\d+)"
)


def _mend_numbers(result: dict, body: str) -> None:
    """Numbers the model grouped wrongly: a volume read into the issue (``v.11, supl.1`` ->
    volume 11, issue ``supl 1``), and an issue range read as pages (``2016 Mar; 25(5-6):725-32``:
    Vancouver's ``;volume(issue):page`` decides)."""
    m = ISSUE_WITH_VOLUME_RE.match(result["issue"] or "")
    if m and result["volume"] is None:
        result["volume"], result["issue"] = m.group(1), number_of(m.group(2))
    if result["issue"] is None:
        v = VANCOUVER_NUMBERS_RE.search(body)
        if v and result["volume"] in (None, v.group(1)) and (result["fpage"] or "") in v.group(2):
            result["volume"], result["issue"] = v.group(1), v.group(2).strip()
            result["fpage"], result["lpage"] = split_pages(body[v.start(3) :].split()[0])


def _identifiers(result: dict, body: str, first: dict[str, str]) -> None:
    result["doi"] = normalise_doi(body)
    m = PMID_RE.search(body)
    result["pmid"] = (m.group(1) or m.group(2)) if m else None
    for url in URL_RE.findall(body):
        if "doi.org/" not in url:
            result["url"] = url
            break
    result["publisher_name"] = (
        clean_span(first["publisher"]) or None if "publisher" in first else None
    )
    result["publisher_loc"] = clean_span(first["location"]) or None if "location" in first else None


def _titles(result: dict, first: dict[str, str], found: list[tuple[str, str]], body: str) -> None:
    title = clean_span(first.get("title", "")) or None
    source = clean_span(first.get("source", "")) or None
    notes = " ".join(s for lab, s in found if lab == "note")
    numbered = (result["volume"] or result["issue"]) and "editor" not in first
    if not title and not source and numbered:
        title, source = _titles_from_note(found)
    if title and not source and numbered:
        title, source = split_title_source(title)
    elif source and not title and numbered:
        head, tail = split_title_source(source)  # ``Title. Clin Infect Dis`` all read as source
        if tail:
            title, source = head, tail
    if not (result["volume"] or result["issue"]):
        if title and source and _whole_imprint(result, source):
            title, source = None, title
        elif source:
            source = _imprint_tail(result, source, body)
        elif title:
            title = _imprint_tail(result, title, body)
    kind = _kind(result, first, source, notes, body)
    result["publication_type"] = kind
    title, source = _trim_notes(title), _trim_notes(source)
    if title and source:
        title, source = _mend_boundary(title, source, body)
    if kind == "journal" and source:
        # ``Rev Cubana Salud Pública [revista en la Internet]``: the medium is no part of the name
        source = re.sub(r"\s*\[[^\]]*(?:\]|$)", "", source).strip() or source
    if kind == "journal" and source and not result["publisher_loc"]:
        source, result["publisher_loc"] = _journal_city(source, body)
    if kind == "journal" and source and not result["publisher_loc"]:
        source, result["publisher_loc"] = _journal_qualifier(source)
    if kind == "confproc" and title:
        result["source"] = title  # SciELO PS keeps a conference paper's title in <source>
    elif "editor" in first or re.search(r"\b(?:In|En|Em)\s*:", body) and kind == "book" and source:
        result["chapter_title"], result["source"] = title, source
    elif kind in ("webpage", "report", "book", "thesis", "other") and source and title:
        result["source"] = _monograph_title(title, source, body)
    elif kind == "journal" and source or source and title:
        result["article_title"], result["source"] = title, source
    else:
        result["source"] = source or title
    if kind == "journal" and result["source"] is None and title:
        result["source"] = title
    for key in ("article_title", "chapter_title"):
        if result[key]:
            result[key] = _title_bracket(result[key], body)


MEDIUM_NOTE_RE = re.compile(
    r"\s*\[[^\]]*\b(?:internet|on-?line|cited|citado|acesso|accessed)\b[^\]]*\]\.?", re.I
)


def _titles_from_note(found: list[tuple[str, str]]) -> tuple[str | None, str | None]:
    """A journal article whose title and journal the model read as a note right after the authors
    (NLM's translated title in brackets: ``Lima A. [Title in English]. Rev Test. [Internet]. 2002;
    20(1):7-43``): title and journal are the two sentences of that note, the medium dropped."""
    labels = [lab for lab, _ in found]
    at = labels.index("author") + 1 if "author" in labels else len(found)
    if at >= len(found) or labels[at] != "note":
        return None, None
    head, tail = split_title_source(MEDIUM_NOTE_RE.sub("", found[at][1]).strip())
    return (clean_span(head or "") or None, tail) if tail else (None, None)


TITLE_BRACKET_RE = re.compile(
    r"\s*(\[(?![^\]]*\b(?:cited|citado|acesso|accessed|acessado)\b)[^\[\]]{2,40}\])"
)


def _title_bracket(title: str, body: str) -> str:
    """A bracketed note printed right after an article's title (``[in Chinese]``, ``[editorial]``)
    is part of the title, as SciELO PS marks it; a citation date (``[cited ...]``) is not."""
    m = _followed(body, title, TITLE_BRACKET_RE)
    return f"{title} {m.group(1)}" if m else title


def _followed(body: str, text: str, after: re.Pattern[str]) -> re.Match[str] | None:
    """``after`` matched right after the first place ``text`` occurs in ``body`` where it does
    (plain string search: the parser compiles no pattern per reference)."""
    start = body.find(text)
    while start >= 0:
        m = after.match(body, start + len(text))
        if m:
            return m
        start = body.find(text, start + 1)
    return None


def _adjacent(body: str, first: str, second: str, seps: str) -> tuple[int, str] | None:
    """Where ``first`` is printed and the separators up to ``second`` right after it."""
    start = body.find(first)
    while start >= 0:
        end = start + len(first)
        gap = end
        while gap < len(body) and body[gap] in seps:
            gap += 1
        if body.startswith(second, gap):
            return start, body[end:gap]
        start = body.find(first, start + 1)
    return None


def _monograph_title(title: str, source: str, body: str) -> str:
    """A monograph (no container) has one title, its ``source``: a title and a "source" printed
    one after the other are two sentences of it (``Global strategy 2016-2021. Towards ending
    hepatitis``); a "source" printed elsewhere (a series, an agency) is dropped."""
    joined = _adjacent(body, title, source, " .:")
    return clean_span(f"{title}{joined[1]}{source}") if joined else title


NOTE_RE = re.compile(
    r"[.;]\s+(?:Tradu[çc][ãa]o|Traducci[óo]n|Translated|Trad\.|Organiza[çc][ãa]o|Edited|Ed\. and trans|"
    r"Pref[áa]cio|Pr[óo]logo|Introdu[çc][ãa]o de|Apresenta[çc][ãa]o de|Revis[ãa]o t[ée]cnica)\b.*$"
)
CITY_TAIL_RE = re.compile(
    r",\s*((?:[A-ZÀ-Ý][\w'’-]*)(?:\s+(?:de|do|da|dos|das|[A-ZÀ-Ý][\w'’-]*)){0,3})$"
)


IMPRINT_RE = re.compile(
    r"(?:^|[.\]]\s+)([A-ZÀ-Ý][\w'’-]+(?:[ -][A-ZÀ-Ýa-z][\w'’-]+){0,3}(?:,\s*[A-Z]{2})?)\s*[:;]\s*"
    r"([A-ZÀ-Ý][^.:;\[\]]{1,100}?)\s*[,;.]\s*\[?((?:1[5-9]|20)\d\d)[a-z]?\b"
)


def _imprint(result: dict, body: str) -> None:
    """``City: Publisher, 1999`` (ABNT) / ``City: Publisher; 1999`` (Vancouver) when the model
    missed one of the two; a value the model found is never replaced."""
    for m in IMPRINT_RE.finditer(body):
        city, publisher = m.group(1).strip(), m.group(2).strip()
        if result["publisher_loc"] in (None, city) and result["publisher_name"] in (
            None,
            publisher,
        ):
            result["publisher_loc"], result["publisher_name"] = city, publisher
            return


IMPRINT_STOP_RE = re.compile(r"\s*[:;,.]")
COLON_NAME_RE = re.compile(r"\s*:\s*[A-ZÀ-Ý]")
YEAR_AFTER_SEMICOLON_RE = re.compile(r"\s*;\s*\[?(?:1[5-9]|20)\d\d\b")


def _place_only(body: str, name: str) -> bool:
    """``name; 2019`` opening a sentence: NLM's place of publication without a publisher."""
    start = body.find(name)
    while start >= 0:
        before = body[:start].rstrip()
        opens = not before or before[-1] in ".]"
        if opens and YEAR_AFTER_SEMICOLON_RE.match(body, start + len(name)):
            return True
        start = body.find(name, start + 1)
    return False


def _mend_imprint(result: dict, body: str) -> None:
    """Imprints the model split wrongly (see also the helpers called first): a place cut in two (``Rio de | Janeiro``, month word), a
    second imprint after the publisher (``Pub One; Lisboa: Pub Two``), and NLM's place without
    publisher read as publisher (``Geneva; 2019``: a capitalised name of up to three words, not
    an acronym nor a publisher's name)."""
    _split_imprint_pair(result)
    _complete_place(result, body)
    _publisher_after_title(result, body)
    _publisher_only(result, body)
    loc, pub = result["publisher_loc"], result["publisher_name"]
    joined = f"{loc} {pub}"
    if loc and pub and _followed(body, joined, IMPRINT_STOP_RE) and features.is_place(joined):
        result["publisher_loc"], result["publisher_name"] = joined, None
        return
    if pub and re.search(r";\s*[A-ZÀ-Ý][\w'’ -]{1,40}:\s", pub):
        result["publisher_name"] = pub = pub.split(";")[0].strip()
    if (
        pub
        and not loc
        and not pub.isupper()
        and len(pub.split()) <= 3
        and not features.is_publisher_word(pub)
        and _place_only(body, pub)
    ):
        result["publisher_loc"], result["publisher_name"] = pub, None


ACRONYM_TAIL_RE = re.compile(r"^(?P<title>.{8,}?)\.\s+(?P<pub>[A-Z]{2,}(?:[/&-][A-Z]{2,})*)$")
YEAR_AFTER_COMMA_RE = re.compile(r"\s*[,;]\s*\[?(?:1[5-9]|20)\d\d\b")


def _publisher_after_title(result: dict, body: str) -> None:
    """A monograph's publisher printed as an acronym between its title and its year, without a
    place (``Title of the study. UNXP/IPX, 2008.``), which the model left at the end of the title."""
    m = ACRONYM_TAIL_RE.match(result.get("source") or "")
    if m and not result["publisher_name"] and _followed(body, m.group("pub"), YEAR_AFTER_COMMA_RE):
        result["source"], result["publisher_name"] = m.group("title"), m.group("pub")


def _sane_imprint(result: dict, body: str) -> None:
    """A place or publisher without a letter (``26`` of a date) or made of particles only
    (``de``) is none; a place that ends with a particle runs on into the publisher printed right
    after it (``Centro de | Ciências Aplicadas``): together they are the publisher."""
    for key in ("publisher_loc", "publisher_name"):
        words = re.findall(r"[^\W\d_]+", result[key] or "")
        if result[key] and all(w.lower() in PARTICLES for w in words):
            result[key] = None
    loc, pub = result["publisher_loc"], result["publisher_name"]
    if loc and pub and loc.split()[-1].lower() in PARTICLES and _adjacent(body, loc, pub, " "):
        result["publisher_loc"], result["publisher_name"] = None, f"{loc} {pub}"


PUBLISHER_ONLY_RE = re.compile(
    r"(?:[.\]]\s+)([A-ZÀ-Ý][\w&'’/-]*(?:\s+[\w&'’/-]+){0,5})\s*;\s*\[?(?:1[5-9]|20)\d\d\b"
)
ACRONYM_RE = re.compile(r"[A-Z]{2,}(?:[/&-][A-Z]{2,})*")


def _publisher_only(result: dict, body: str) -> None:
    """NLM's imprint without a place, ``Title [Internet]. WHO; 2012`` or ``Title. Editora
    Exemplo; 2012``: a sentence of an acronym or a publisher's name followed by ``; year`` is the
    publisher when the model found neither publisher nor place (a place there is
    :func:`_place_only`'s)."""
    if result["publisher_name"] or result["publisher_loc"]:
        return
    for m in PUBLISHER_ONLY_RE.finditer(body):
        name = m.group(1)
        if ACRONYM_RE.fullmatch(name) or features.is_publisher_word(name):
            result["publisher_name"] = name
            return


PLACE_REST_RE = re.compile(r"((?:\s+(?:de|do|da|del|[A-ZÀ-Ý][\w'’-]+)){1,3})\s*[:;]")


def _complete_place(result: dict, body: str) -> None:
    """A place cut short (``Rio`` of ``Rio de Janeiro: Publisher``) takes the words printed after
    it up to the colon when together they name a known place."""
    loc = result["publisher_loc"]
    m = _followed(body, loc, PLACE_REST_RE) if loc else None
    if m and features.is_place(loc + m.group(1)) and result["publisher_name"] != m.group(1).strip():
        result["publisher_loc"] = loc + m.group(1)


def _split_imprint_pair(result: dict) -> None:
    """Place and publisher read as one field: a thesis's ``Universidade X, Lisboa`` as publisher
    (a known place after the last comma), ``Porto Seguro, ANPEC`` / ``São Paulo; USP`` as place
    (a known place before the first comma or semicolon)."""
    loc, pub = result["publisher_loc"], result["publisher_name"]
    if pub and not loc:
        head, sep, tail = pub.rpartition(",")
        if sep and head.strip() and features.is_place(tail) and not features.is_place(head):
            result["publisher_name"], result["publisher_loc"] = head.strip(), tail.strip()
    elif loc and not pub:
        m = re.match(r"([^,;]+)[,;]\s*(\S.*)$", loc)
        if m and features.is_place(m.group(1)) and _publisher_like(m.group(2)):
            result["publisher_loc"], result["publisher_name"] = m.group(1).strip(), m.group(2)


def _publisher_like(text: str) -> bool:
    """An acronym of three or more capitals (not ``USA``) or a name with a publisher word; a
    state or country after the city (``Reading, MA``, ``Eindhoven, the Netherlands``) is not."""
    acronym = re.fullmatch(r"[A-Z]{3,}(?:/[A-Z]{2,})*", text) and text != "USA"
    return bool(acronym or features.is_publisher_word(text))


TAIL_IMPRINT_RE = re.compile(
    r"^(?P<head>.+?[.?!)\]])\s+(?P<city>[A-ZÀ-Ý][\w'’-]+(?:[ -](?:de|do|da|del|[A-ZÀ-Ý][\w'’-]+)){0,3}"
    r"(?:\s*\([A-Z]{2}\)|,\s*[A-Z]{2})?)(?:\s*:\s*(?P<pub>[A-ZÀ-Ý][^:]{1,80}?))?[.,]?$"
)


WHOLE_IMPRINT_RE = re.compile(
    r"^(?P<city>[A-ZÀ-Ý][\w'’-]+(?:[ -](?:de|do|da|del|[A-ZÀ-Ý][\w'’-]+)){0,3}"
    r"(?:\s*\([A-Z]{2}\)|,\s*[A-Z]{2})?)\s*:\s*(?P<pub>[A-ZÀ-Ý][^:]{1,80}?)[.,]?$"
)


def _whole_imprint(result: dict, text: str) -> bool:
    """A "source" that is only ``City: Publisher`` (``Cheltenham: Elgar Publishing``) fills
    place and publisher when the model found neither."""
    m = WHOLE_IMPRINT_RE.match(text)
    if not m or result["publisher_loc"] or result["publisher_name"]:
        return False
    result["publisher_loc"], result["publisher_name"] = m.group("city"), m.group("pub").strip()
    return True


def _imprint_tail(result: dict, text: str, body: str) -> str:
    """A monograph's ``City: Publisher`` the model left at the end of its title (``Matched
    Sampling. Cambridge: Harvard Press``) -> place and publisher, the title alone; a city alone
    must be a known place or be followed by ``:`` in the reference."""
    m = TAIL_IMPRINT_RE.match(text)
    if not m or result["publisher_loc"] not in (None, m.group("city")):
        return text
    city, publisher = m.group("city"), m.group("pub")
    if publisher is None and not (features.is_place(city) or _followed(body, text, COLON_NAME_RE)):
        return text
    if publisher and result["publisher_name"] not in (None, publisher):
        return text
    result["publisher_loc"] = city
    if publisher:
        result["publisher_name"] = publisher.strip()
    return m.group("head").rstrip(". ")


def _mend_boundary(title: str, source: str, body: str) -> tuple[str, str]:
    """Move text across a title/source boundary the model put in the wrong place: a bracket
    opened in the title and closed in the source (``... diabetes (UKPDS 33). Lancet``), or one
    or two capitalised words after the title's last full stop or question mark that run straight
    into the source (``... section rate? Best | Pract Res Clin Obstet``), or up to four after a
    question mark that open a journal name with a colon (``... sociedad? Spanish Review |: Revista
    de Contabilidad``)."""
    colon = _adjacent(body, title, source, " :")
    m = re.search(r"(?<=[?!])\s+((?:[A-ZÀ-Ý][\w'’-]*\s*){1,4})$", title)
    if m and colon and colon[1].strip() == ":":
        return title[: m.start()].strip(), f"{m.group(1).strip()}: {source}"
    joined = _adjacent(body, title, source, " .")
    if not joined:
        return title, source
    if title.count("(") > title.count(")"):
        m = re.match(r"[^()]*\)", source)
        if m:
            return (title + joined[1] + m.group()).strip(), source[m.end() :].strip(" .")
    m = re.search(r"(?<=[.?!])\s+((?:[A-ZÀ-Ý][\w'’-]*\.?\s*){1,2})$", title)
    if m and not joined[1].strip():
        return title[: m.start()].strip(), f"{m.group(1).strip()} {source}"
    return title, source


def _trim_notes(text: str | None) -> str | None:
    """Drop translator/organiser notes printed after a title (``... Tradução de X``)."""
    if not text:
        return text
    return NOTE_RE.sub("", text).strip(" .") or text


def _journal_city(source: str, body: str) -> tuple[str, str | None]:
    """ABNT prints the journal's city after its title: ``Economia Aplicada, Ribeirão Preto, v. 14``."""
    m = CITY_TAIL_RE.search(source)
    if m and re.search(re.escape(source) + r"\s*,\s*(?:v\.|n\.|vol\.)", body):
        return source[: m.start()].strip(), m.group(1)
    return source, None


QUALIFIER_RE = re.compile(
    r"^(?P<name>.*\S)\s*\((?P<place>[A-ZÀ-Ý][^\W\d_]*[a-zà-ÿ][^\W\d_]*\.?"
    r"(?:\s+[A-ZÀ-Ý][^\W\d_]*\.?){0,2})\)$"
)
MEDIUM_WORDS = frozenset(["online", "print", "internet", "impresso", "en línea"])


def _journal_qualifier(source: str) -> tuple[str, str | None]:
    """NLM's place qualifier after a journal's abbreviation (``J Pediatr (Rio J)``, ``Health Aff
    (Millwood)``) is the journal's place, as SciELO PS marks it; a medium (``(Online)``) is not,
    nor a parenthesis after a full title (its first word is no ISO 4 abbreviation)."""
    m = QUALIFIER_RE.match(source)
    if not m or m.group("place").lower().strip(".") in MEDIUM_WORDS or len(m.group("name")) < 3:
        return source, None
    words = m.group("name").split()
    if not all(w[:1].isupper() for w in words) or lexicon.abbreviate(words[0]) != words[0]:
        return source, None  # a full title keeps its parenthesis (``Journal of Zoology (London)``)
    return m.group("name"), m.group("place")


JOURNAL_TAIL_RE = re.compile(
    r"^(?:[A-ZÀ-Ý][\w&'’-]*\.?|of|and|de|da|do|y|e|&|\(\w+\))(?:\s+(?:[A-ZÀ-Ý][\w&'’-]*\.?|of|the|and|de|da|do|y|e|&|\([\w ]+\)))*$"
)


def split_title_source(text: str) -> tuple[str | None, str | None]:
    """``Title. Acta Trop Med`` -> (``Title``, ``Acta Trop Med``): the journal is the last
    sentence made of capitalised (abbreviated) words; without one, the text stays the title."""
    for m in reversed(list(re.finditer(r"[.?!]\s+", text))):
        head, tail = text[: m.start() + 1].rstrip(". "), text[m.end() :].strip(". ")
        if head and tail and len(tail.split()) <= 10 and JOURNAL_TAIL_RE.match(tail):
            return head, tail
    return text, None


THESIS_BODY_RE = re.compile(
    r"\b(?:Tese|Tesis|Disserta[çc][ãa]o|Disertaci[óo]n|Monografia)\b\.?\s*[(\[]?\s*(?:de\s+)?"
    r"(?:Doutorado|Mestrado|Doctorado|Maestr[íi]a|Livre-Doc[êe]ncia|Especializa[çc][ãa]o)"
    r"|\[(?:Tese|Disserta[çc][ãa]o|Tesis|Thesis|Dissertation)\b"
    r"|\b(?:PhD|Ph\.D\.|Master'?s|[Dd]octoral)\s+(?:thesis|dissertation)",
)


# A law, decree or ordinance cited by its number (SciELO PS ``legal-doc``).
LEGAL_RE = re.compile(
    r"^(?:[^.]{0,80}\.\s+)?(?:Lei|Ley|Decreto(?:-Lei)?|Portaria|Resolu[çc][ãa]o|Medida Provis[óo]ria|"
    r"Law|Decree)\s+(?:[A-Z]+\s+)?(?:n[º°o]?\.?\s*)?\d"
)


def _kind(result: dict, first: dict[str, str], source: str | None, notes: str, body: str) -> str:
    legal = LEGAL_RE.match(body)
    if legal:
        number = body[: legal.end() + 20]
        for key in ("volume", "issue"):  # the law's own number read as a journal's
            if result[key] and result[key] in number:
                result[key] = None
        if not (result["volume"] or result["issue"]):
            return "legal-doc"
    kind = _base_kind(result, first, source, notes, body)
    if kind == "book" and "[Internet]" in body and "editor" not in first:
        return "webpage"  # NLM's "[Internet]" after a monograph: an online document
    paged = result["volume"] or result["issue"] or result["fpage"]
    if kind == "journal" and not paged and (result["url"] or "[Internet]" in body):
        return "webpage"  # no volume, issue or page to place it in a journal: an online text
    return kind


def _base_kind(
    result: dict, first: dict[str, str], source: str | None, notes: str, body: str
) -> str:
    if THESIS_RE.search(notes) or THESIS_RE.search(first.get("publisher", "") + " " + notes):
        return "thesis"
    if THESIS_BODY_RE.search(body):
        return "thesis"
    if REPORT_RE.search(notes) and not (result["volume"] or result["issue"]):
        return "report"  # ``Working Paper.`` printed as its own sentence
    if source and REPORT_RE.search(source) and not (result["volume"] or result["issue"]):
        return "report"
    if source and CONF_RE.search(source) and not (result["volume"] or result["issue"]):
        return "confproc"
    if CONF_RE.search(result["publisher_name"] or "") and not (result["volume"] or result["issue"]):
        return "confproc"  # ``Title. ANPEC: XII Encontro Nacional de Testes, 2014``
    journalish = result["volume"] or result["issue"] or (result["fpage"] and "editor" not in first)
    if "editor" in first:
        return "book"
    if source and journalish:
        return "journal"
    if REPORT_RE.search(body) and not source:
        return "report"
    if result["publisher_name"] or result["publisher_loc"] or result["edition"]:
        return "book"
    if result["url"] and not source:
        return "webpage"
    return "journal" if source else "other"


def parse_many(lines: Iterable[str]) -> Iterator[dict]:
    """Parse a reference list in order (so ``______.`` takes the previous reference's authors)."""
    previous: dict | None = None
    for line in lines:
        result = parse(line, previous=previous)
        if line.strip():
            previous = result
        yield result
