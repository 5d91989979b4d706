"""Generated sub-article structures (any type, language, nesting, anonymous or missing people, own
reference lists) never crash the pages or the print HTML, and every paragraph and reference reaches
the page of its language."""

from __future__ import annotations

import itertools
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from scielo_pub.render import pages, pdf, urls
from scielo_pub.render.body import html_id
from scielo_pub.render.standalone import load_articles
from scielo_pub.render.view import article_view

from .fidelity import expected_page, page_languages, read_page, squeeze

KINDS = ("translation", "reviewer-report", "reply", "editor-report", "author-comment", "addendum",
         None)  # fmt: skip
LANGS = ("pt", "en", "es", None, "pt-BR")
PEOPLE = ("anonymous", "name", "collab", "none")

sub_shape = st.recursive(
    st.tuples(
        st.sampled_from(KINDS),
        st.sampled_from(LANGS),
        st.sampled_from(PEOPLE),
        st.booleans(),
        st.integers(0, 2),
        st.just(()),
    ),  # fmt: skip
    lambda children: st.tuples(
        st.sampled_from(KINDS),
        st.sampled_from(LANGS),
        st.sampled_from(PEOPLE),
        st.booleans(),
        st.integers(0, 2),
        st.lists(children, max_size=2).map(tuple),
    ),  # fmt: skip
    max_leaves=5,
)


def _xml(root_lang: str, subs, counter) -> str:
    def person(kind: str) -> str:
        inner = {"anonymous": "<anonymous/>", "name": "<name><surname>Reis</surname></name>",
                 "collab": "<collab>Grupo</collab>", "none": ""}[kind]  # fmt: skip
        return f'<contrib-group><contrib contrib-type="author">{inner}</contrib></contrib-group>'

    def sub(shape) -> str:
        kind, lang, people, stub, refs, children = shape
        n = next(counter)
        attrs = f' id="s{n}"' + (f' article-type="{kind}"' if kind else "")
        attrs += f' xml:lang="{lang}"' if lang else ""
        front = (
            f"<front-stub><title-group><article-title>Título {n}</article-title></title-group>"
            f"{person(people)}</front-stub>"
            if stub
            else ""
        )
        ref_list = "".join(
            f'<ref id="s{n}r{i}"><mixed-citation>Obra {n}.{i}.</mixed-citation></ref>'
            for i in range(refs)
        )
        back = f"<back><ref-list>{ref_list}</ref-list></back>" if refs else ""
        inner = "".join(sub(child) for child in children)
        return (
            f"<sub-article{attrs}>{front}<body><p>Parágrafo único {n}.</p></body>{back}{inner}"
            "</sub-article>"
        )

    return (
        f'<article article-type="research-article" xml:lang="{root_lang}"><front><journal-meta>'
        "<journal-title-group><journal-title>J</journal-title></journal-title-group></journal-meta>"
        "<article-meta><title-group><article-title>T</article-title></title-group>"
        '<pub-date date-type="pub"><year>2024</year></pub-date></article-meta></front>'
        '<body><p>Corpo principal.</p></body><back><ref-list><ref id="m1"><mixed-citation>'
        "Principal.</mixed-citation></ref></ref-list></back>"
        + "".join(sub(s) for s in subs)
        + "</article>"
    )


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(root_lang=st.sampled_from(("pt", "en")), subs=st.lists(sub_shape, max_size=3))
def test_any_sub_article_shape_renders_every_piece(tmp_path, root_lang, subs):
    xml = _xml(root_lang, subs, itertools.count(1))
    path = tmp_path / f"{abs(hash(xml))}.xml"
    path.write_text(xml, encoding="utf-8")
    loaded = load_articles([path])
    item = loaded.content.articles[0]
    view = article_view(item)
    root = etree.fromstring(xml.encode())
    langs = page_languages(root)
    assert list(view.versions) == langs
    assert list(item.article.languages) == langs  # the model and the pages agree on versions
    texts = {}
    for lang in langs:
        page, html = pages.fulltext_page(view, loaded.content, lang, False, {})
        out = tmp_path / page
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(html, encoding="utf-8")
        texts[lang] = read_page(out)
        pdf.pdf_html(article_view(item, mode="pdf", links=False), loaded.content, lang, {})
    for p in root.iter("p"):
        assert squeeze(p.text) in texts[expected_page(p, root, langs)].text, p.text
    for ref in root.iter("ref"):
        page = Path(tmp_path / urls.fulltext(item, expected_page(ref, root, langs)))
        tree = etree.parse(str(page), etree.HTMLParser())
        assert tree.xpath("//li[@id=$id]", id=html_id(ref.get("id"))), ref.get("id")
