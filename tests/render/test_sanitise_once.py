"""Pages clean every article fragment once, where it is made, and still clean whatever else is marked safe."""

from __future__ import annotations

from collections import Counter

import lxml.html
import pytest
from markupsafe import Markup

from scielo_pub import sanitise
from scielo_pub.render import pages
from scielo_pub.render.pdf import pdf_html
from scielo_pub.render.view import article_view

SCRIPT = "<script>alert(1)</script>"
HOSTILE = Markup('<img src="x.png" onerror="alert(1)"><a href="javascript:x()">j</a>')


def _active(html: str) -> list[str]:
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    found = [el.tag for el in root.iter("script")]
    for el in root.iter():
        found += [k for k in el.attrib if k.startswith("on")]
        found += [v for k, v in el.attrib.items() if k == "href" and "javascript" in v]
    return found


@pytest.mark.parametrize("pdf", [False, True])
def test_every_markup_route_is_cleaned(pdf):
    env = pages.environment(pdf=pdf)
    template = env.from_string(
        "{% macro m(x) %}<p>{{ x|safe }}</p>{% endmacro %}"
        "{{ hostile|safe }}{{ m(hostile) }}{{ f() }}{{ m('a') + script }}{{ clean + script }}"
        "{{ label(hostile) }}{{ print_clean|safe }}"
    )
    html = template.render(
        hostile=HOSTILE,
        f=lambda: Markup(SCRIPT),  # not a macro of ours: its Markup is cleaned
        script=Markup(SCRIPT),  # joined to a macro's output or a clean fragment: cleaned again
        clean=sanitise.sanitised("<b>ok</b>"),
        label=Markup,
        print_clean=sanitise.sanitised('<img src="file:///x.png" onerror="a()">', pdf=True),
    )
    assert _active(html) == []
    assert "<b>ok</b>" in html and "<p>" in html  # a macro's own markup is kept
    assert ('src="file:///x.png"' in html) is pdf  # the print policy is not the web one


def test_a_clean_fragment_is_printed_as_it_is(monkeypatch):
    calls = []
    monkeypatch.setattr(pages, "clean_html", lambda text, **kw: calls.append(text) or text)
    html = (
        pages.environment()
        .from_string("{{ x|safe }}{{ y|safe }}")
        .render(x=sanitise.sanitised("<i>a</i>"), y=Markup("<u>b</u>"))
    )
    assert html == "<i>a</i><u>b</u>" and calls == ["<u>b</u>"]


def _fragments(view) -> list[str]:
    """Every non-empty HTML fragment of a view's language versions."""
    out = []
    for v in view.versions.values():
        out += [v.title_html, v.author_notes, v.body]
        out += [x for entry in v.abstracts for x in entry[1:]]
        out += [x for entry in v.other_abstracts for x in entry[2:]]
        out += [x for entry in v.back for x in entry[1:]]
        groups = list(v.ref_groups)
        for s in v.sub_documents:
            out += [s.title, s.html]
            groups += s.ref_groups
        out += [g.heading for g in groups] + [r.html for g in groups for r in g.refs]
    return [f for f in out if f]


def test_article_fragments_are_cleaned_once_for_all_pages(demo_content, monkeypatch):
    """All pages of an article (full texts, abstracts, print HTML) clean each fragment once."""
    item = max(demo_content.articles, key=lambda i: len(i.article.languages))
    made: Counter = Counter()
    printed: list[str] = []
    real = sanitise.clean_html

    def where_made(fragment, *, pdf=False):
        made[pdf] += 1
        return real(fragment, pdf=pdf)

    def on_the_way_out(fragment, *, pdf=False):
        printed.append(fragment)
        return real(fragment, pdf=pdf)

    monkeypatch.setattr(sanitise, "clean_html", where_made)
    monkeypatch.setattr(pages, "clean_html", on_the_way_out)
    view = article_view(item)
    cites = pages.how_to_cite(view, demo_content)
    for lang in view.versions:
        pages.fulltext_page(view, demo_content, lang, True, cites)
    for lang in view.abstract_langs:
        pages.abstract_page(view, demo_content, lang, True)
    print_view = article_view(item, mode="pdf", links=False)
    for lang in print_view.versions:
        pdf_html(print_view, demo_content, lang, cites)
    assert len(view.versions) > 1 and view.abstract_langs
    web, paper = _fragments(view), _fragments(print_view)
    assert made == {False: len(web) + len(cites), True: len(paper)}
    assert not set(printed) & set(web + paper + list(cites.values()))


def test_every_fragment_of_a_view_is_sealed(demo_content):
    for item in demo_content.articles:
        for mode in ("html", "pdf"):
            fragments = _fragments(article_view(item, mode=mode))
            unsealed = [f for f in fragments if not sanitise.is_sanitised(f, pdf=True)]
            assert not unsealed, (item.source.path.name, unsealed[:1])
