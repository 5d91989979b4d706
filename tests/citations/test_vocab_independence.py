"""The parser's hand-written vocabulary holds no rare string of any evaluation set.

Every entry of ``vocab.py`` (and the word sets of ``features.py`` and ``aligned.py``) is split into words; an entry
whose words are all common (wordfreq Zipf >= 3.5 in English, Portuguese, Spanish or French: about
three uses per million words) is general language. Any other entry must not occur, as a whole
sequence of words, in the evaluation strings: the SciELO references of ``../shared/data/xml``
(development and test), AnyStyle and CORA. Names, places and title-word abbreviations come from
packages (``lexicon.py``) and are not checked here: they were not written by looking at references.
"""

from __future__ import annotations

import importlib
import re

import pytest

from scielo_pub.citations import aligned, features, vocab
from scielo_pub.citations import evaluate as ev
from scielo_pub.citations.normalise import fold

pytestmark = pytest.mark.refdata
wordfreq = pytest.importorskip("wordfreq")

COMMON_ZIPF = 3.5
# Words that the citation styles themselves prescribe (ABNT NBR 6023: "(Org.)", "(Coord.)";
# NLM Citing Medicine: "Suppl", "PubMed PMID"; ISSN), used by the parser's marker features.
STYLE_WORDS = frozenset(["orgs", "coord", "pmid", "pubmed", "suppl", "supl", "issn"])


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [p for chunk in value.split("|") for p in re.split(r"\{\w+\}", chunk)]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, (tuple, list, frozenset, set)):
        return [s for v in value for s in _strings(v)]
    return []


parse_module = importlib.import_module("scielo_pub.citations.parse")


def vocabulary_entries() -> list[tuple[str, str]]:
    out = []
    for name in dir(vocab):
        if name.isupper():
            for entry in _strings(getattr(vocab, name)):
                # Space-separated word lists (GENERIC, MONTHS, FIELDS...) are checked word by word.
                parts = entry.split() if name in ("GENERIC", "MONTHS", "MONTH_ABBR") else [entry]
                out += [(name, p) for p in parts]
    for name in ("JOURNAL_HEADS", "PUBLISHER_WORDS"):
        out += [(f"features.{name}", w) for w in getattr(features, name)]
    out += [("features.MARKERS", w) for w in features.MARKERS]
    for name in ("MEDIUM_WORDS", "PARTICLES"):
        out += [(f"parse.{name}", w) for w in getattr(parse_module, name)]
    for name in ("MARKERS_BEFORE", "MARKERS_AFTER"):
        out += [(f"aligned.{name}", w) for group in getattr(aligned, name).values() for w in group]
    return out


def _common(word: str) -> bool:
    return any(
        wordfreq.zipf_frequency(w, lang) >= COMMON_ZIPF
        for w in {word.lower(), fold(word)}
        for lang in ("en", "pt", "es", "fr")
    )


def leaked(entries: list[tuple[str, str]], texts: list[str]) -> list[tuple[str, str]]:
    """Entries with a rare word whose whole word sequence occurs in one of ``texts``."""
    haystack = " " + " ".join(" ".join(re.findall(r"\w+", fold(t))) for t in texts) + " "
    out = []
    for name, entry in entries:
        words = re.findall(r"[^\W_]+", entry)
        if not words or all(_common(w) or w.isdigit() or w in STYLE_WORDS for w in words):
            continue
        if " " + " ".join(fold(w) for w in words) + " " in haystack:
            out.append((name, entry))
    return out


@pytest.fixture(scope="module")
def evaluation_strings(shared_data, shared_xml_files) -> list[str]:
    texts = [t for t, _ in ev.jats_pairs(shared_xml_files)]
    for name in ("core", "good"):
        texts += [
            t for t, _ in ev.anystyle_pairs(shared_data / "citations/anystyle" / f"{name}.xml")
        ]
    texts += [t for t, _ in ev.parscit_pairs(shared_data / "citations/parscit/cora.tagged.txt")]
    return texts


def test_no_vocabulary_entry_is_a_rare_string_of_an_evaluation_set(evaluation_strings):
    assert len(evaluation_strings) > 6000
    assert leaked(vocabulary_entries(), evaluation_strings) == []


def test_the_check_finds_a_copied_string(shared_xml_files):
    """A surname copied from an evaluation reference is caught, a common word is not."""
    text = next(t for t, _ in ev.jats_pairs(shared_xml_files))
    rare = next(
        w for w in re.findall(r"[^\W\d_]{4,}", text) if not _common(w)
    )  # e.g. a surname of the first reference
    found = leaked([("SURNAMES", rare), ("GENERIC", "health")], [text])
    assert found == [("SURNAMES", rare)]
