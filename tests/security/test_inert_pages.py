"""No page the project writes carries anything a browser runs, whatever the articles hold."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import lxml.html

from .corpus import SGML_PLACES, XML_PLACES
from .inert import executable_points, html_points
from .vectors import MARKUP_VECTORS, TEXT_VECTORS, VECTORS


def test_the_corpus_is_broad():
    assert len(VECTORS) >= 40
    families = Counter(v.family for v in VECTORS)
    for family in ("tags", "attributes", "urls", "encodings", "namespaces", "mathml", "links"):
        assert families[family] >= 3, families
    parts = {p for p, _ in SGML_PLACES} & {p for p, _ in XML_PLACES}
    assert parts == {"title", "abstract", "body", "table", "caption", "footnote", "reference"}
    assert all(set(v.places) == parts for v in TEXT_VECTORS)


def test_built_site_has_no_executable_point(hostile_build):
    out, report = hostile_build
    # the corpus must reach pages: most vectors are published in both formats
    published = {Path(p).parent.name for p in report.published}
    assert len(report.published) >= 60, report.summary()
    assert len(published) >= 40
    assert executable_points(out) == {}


def test_preview_route_has_no_executable_point(hostile_preview):
    out, rendered, total = hostile_preview
    assert rendered == total  # nothing left out: every vector reaches the renderer
    assert executable_points(out) == {}


def test_text_vectors_are_shown_as_text_not_dropped(hostile_build):
    out, report = hostile_build
    page = next(out.rglob("2764-5010-rsd-12-02-0051/en.html"), None)
    assert page is not None
    titles = {
        "".join(h.itertext())
        for p in out.rglob("2764-5010-rsd-12-02-0051/en.html")
        for h in lxml.html.parse(str(p)).getroot().iter("h1")
    }
    assert any("<script>alert(1)</script>" in t for t in titles), sorted(titles)[:3]


def test_the_check_finds_what_it_looks_for():
    """The structural check itself: each kind of executable point is found."""
    html = (
        "<div><script>x</script><iframe srcdoc='x'></iframe><a href=' jav&#9;ascript:x'>a</a>"
        "<b onclick='x'>b</b><p style='background:url(x)'>p</p><object data='x'></object>"
        "<a href='data:text/html,x'>d</a><embed src='x'><meta http-equiv='refresh' "
        "content='0;url=javascript:x'><script type='application/ld+json'>{\"a\": 1}</script></div>"
    )
    found = html_points(lxml.html.fragment_fromstring(html))
    assert len(found) == 10, found


def test_markup_vectors_cover_mathml_and_links():
    names = {v.name for v in MARKUP_VECTORS}
    assert {"mml-script", "mml-annotation-html", "mml-maction-href", "link-javascript"} <= names
