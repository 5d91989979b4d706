"""Every core field an article holds reaches its LILACS record, and a record lacking one says why.

What an article "holds" is read here straight from the JATS tree with XPath (not from the model the
mapping uses), over the real articles of ../shared/data/xml and small own cases for the structures
that used to lose fields: elocation-id only, collab authors, ahead-of-print placeholders and dates,
an electronic or untyped ISSN, a string-name author, a regional language tag.
"""

from __future__ import annotations

import pytest
from lxml import etree

from scielo_pub.lilacs.config import LilacsConfig
from scielo_pub.lilacs.export import export_article
from scielo_pub.lilacs.isis import split_subfields
from scielo_pub.lilacs.mapping import ArticleContext
from scielo_pub.markup.readers import read_article
from scielo_pub.model import article_from_tree

META = "front/article-meta/"
AUTHORS = (
    META + "contrib-group/contrib[not(@contrib-type) or @contrib-type='author']"
    "[name or string-name or name-alternatives or collab]"
)
HOLDS = {
    12: META + "title-group/article-title[normalize-space()]",
    14: META + "fpage[translate(normalize-space(), '0', '') != ''] | " + META + "elocation-id",
    30: "front/journal-meta//journal-title[normalize-space()] | front/journal-meta//abbrev-journal-title"
    " | front/journal-meta/journal-id[@journal-id-type='nlm-ta']",
    35: "front/journal-meta/issn[normalize-space()]",
    65: META + "pub-date[year or @iso-8601-date]",
}


def _context(data: bytes, name: str) -> ArticleContext:
    result = read_article(data, name)
    assert result.tree is not None, [d.format() for d in result.diagnostics]
    return ArticleContext.of(article_from_tree(result.tree, path=name), tree=result.tree)


def coverage_problems(ctx: ArticleContext, name: str) -> list[str]:
    """Fields the tree holds that the record lacks, and absent core fields with no reason given."""
    root = ctx.tree
    item = export_article(ctx, LilacsConfig(require_decs=False))
    rec = item.record
    reasons = {f.tag for f in item.findings if f.rule == "missing"}
    problems = []
    authors = root.xpath(AUTHORS)
    if len(rec.values(10)) + len(rec.values(11)) != len(authors):
        problems.append(
            f"{name}: {len(authors)} authors, v10+v11 hold {rec.values(10) + rec.values(11)}"
        )
    for tag, path in HOLDS.items():
        if root.xpath(path) and not rec.values(tag):
            problems.append(f"{name}: the article holds v{tag} but the record lacks it")
    lang = (root.get("{http://www.w3.org/XML/1998/namespace}lang") or "").split("-")[0].lower()
    if lang and rec.values(40)[:1] != [lang]:
        problems.append(f"{name}: language {lang!r} but v40 is {rec.values(40)}")
    for tag in (10, 12, 14, 30, 35, 40, 65):
        absent = not rec.values(tag) and not (tag == 10 and rec.values(11))
        if absent and tag not in reasons:
            problems.append(f"{name}: v{tag} is absent and the report gives no reason")
    return problems


@pytest.mark.refdata
def test_real_articles_keep_every_core_field_or_say_why(shared_xml_files):
    problems = []
    for path in shared_xml_files:
        problems += coverage_problems(_context(path.read_bytes(), str(path)), path.name)
    assert problems == []


def article(
    meta: str, journal: str = '<issn pub-type="epub">1234-5678</issn>', lang: str = "pt"
) -> bytes:
    return f"""<article xmlns:xlink="http://www.w3.org/1999/xlink" article-type="research-article"
 dtd-version="1.1" specific-use="sps-1.9" xml:lang="{lang}"><front><journal-meta>
<journal-id journal-id-type="publisher-id">tst</journal-id>
<journal-title-group><journal-title>Revista Teste</journal-title></journal-title-group>{journal}
</journal-meta><article-meta>{meta}</article-meta></front><body><p>x</p></body></article>""".encode()


TITLE = "<title-group><article-title>Um título</article-title></title-group>"
PERSON = '<contrib-group><contrib contrib-type="author"><name><surname>Lima</surname><given-names>Ana</given-names></name></contrib></contrib-group>'
DATE = '<pub-date date-type="pub"><day>03</day><month>04</month><year>2024</year></pub-date>'
CASES = {
    "elocation_only": (
        TITLE + PERSON + DATE + "<volume>9</volume><elocation-id>e2024</elocation-id>",
        {14: "^ee2024"},
    ),
    "collab_with_members": (
        TITLE + '<contrib-group><contrib contrib-type="author"><collab>Grupo Saúde'
        "<contrib-group><contrib><name><surname>Reis</surname><given-names>Rui</given-names></name></contrib></contrib-group>"
        "</collab></contrib></contrib-group>"
        + DATE
        + "<volume>9</volume><fpage>1</fpage><lpage>9</lpage>",
        {11: "Grupo Saúde"},
    ),
    "ahead_of_print": (
        TITLE
        + PERSON
        + '<pub-date pub-type="epub"><day>15</day><month>06</month><year>2025</year></pub-date>'
        "<volume>00</volume><issue>00</issue><fpage>00</fpage><lpage>00</lpage>",
        {65: "20250615", 31: None, 14: None},
    ),
    "electronic_issn_only": (
        TITLE + PERSON + DATE + "<volume>9</volume><fpage>1</fpage><lpage>9</lpage>",
        {35: "8765-4321"},
        '<issn publication-format="electronic">8765-4321</issn>',
    ),
    "untyped_issn": (
        TITLE + PERSON + DATE + "<volume>9</volume><fpage>1</fpage><lpage>9</lpage>",
        {35: "1111-2222"},
        "<issn>1111-2222</issn>",
    ),
    "string_name": (
        TITLE
        + '<contrib-group><contrib contrib-type="author"><string-name>Paula Souza</string-name></contrib></contrib-group>'
        + DATE
        + "<volume>9</volume><fpage>1</fpage><lpage>9</lpage>",
        {10: "Paula Souza^1s.af"},
    ),
    "regional_language": (
        TITLE + PERSON + DATE + "<volume>9</volume><fpage>1</fpage><lpage>9</lpage>",
        {40: "pt"},
        '<issn pub-type="epub">1234-5678</issn>',
        "pt-BR",
    ),
    "no_date_no_pages": (TITLE + PERSON + "<volume>9</volume>", {65: None, 14: None}),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_own_cases_keep_every_core_field_or_say_why(name):
    meta, expected, *rest = CASES[name]
    journal = rest[0] if rest else '<issn pub-type="epub">1234-5678</issn>'
    lang = rest[1] if len(rest) > 1 else "pt"
    ctx = _context(article(meta, journal, lang), f"{name}.xml")
    assert coverage_problems(ctx, name) == []
    record = export_article(ctx, LilacsConfig(require_decs=False)).record
    for tag, value in expected.items():
        assert record.first(tag) == (value or ""), (tag, record.values(tag))


def test_a_missing_field_is_explained_in_the_report():
    ctx = _context(article(TITLE + PERSON + "<volume>9</volume>"), "no_date.xml")
    diagnostics = export_article(ctx, LilacsConfig(require_decs=False)).diagnostics()
    messages = [d.message for d in diagnostics if d.code == "lilacs-rule-missing"]
    assert any("v65 is missing: article-meta has no pub-date" in m for m in messages)
    assert any(
        "v14 is missing: the article has neither fpage nor elocation-id" in m for m in messages
    )


def test_the_coverage_check_fails_when_a_field_is_dropped(monkeypatch, shared_xml_files):
    """Sabotage: a mapping that forgets collab authors is caught on the own case."""
    from scielo_pub.lilacs import mapping

    monkeypatch.setattr(mapping, "corporate_field", lambda c: "")
    meta, _expected = CASES["collab_with_members"]
    ctx = _context(article(meta), "collab.xml")
    assert coverage_problems(ctx, "collab")


# -- cited references (v706=c) ------------------------------------------------------------------

#: element-citation children (and pub-id types) -> the citation-record tags that must carry them.
REF_FIELDS = {
    "article-title": (12,), "chapter-title": (12,), "source": (30, 18), "year": (64,),
    "volume": (31,), "issue": (32,), "fpage": (514,), "lpage": (514,), "elocation-id": (514,),
    "publisher-name": (62,), "publisher-loc": (66,), "edition": (63,), "comment": (61,),
    "date-in-citation": (109,), "supplement": (32,), "conf-name": (53,), "conf-date": (54,),
    "conf-loc": (56,), "size": (20,), "series": (25,), "etal": (810,), "collab": (11, 17),
    "pub-id:doi": (237,), "pub-id:pmid": (238,), "pub-id:pmcid": (239,), "month": (65,),
    "season": (65,),
}  # fmt: skip


def _ref_problems(path) -> tuple[int, list[str]]:
    result = read_article(path.read_bytes(), str(path))
    root = result.tree.getroot() if isinstance(result.tree, etree._ElementTree) else result.tree
    ctx = ArticleContext.of(article_from_tree(result.tree, path=str(path)), tree=result.tree)
    item = export_article(ctx, LilacsConfig(), with_references=True)
    by_label = {r.first(880)[-5:]: r for r in item.references}
    refs = [r for r in ctx.article.references]
    checked, problems = 0, []
    for n, ref in enumerate(refs, 1):
        record = by_label[f"{n:05d}"]
        el = root.xpath("//ref[@id=$id]", id=ref.id)[0] if ref.id else None
        cit = el.find(".//element-citation") if el is not None else None
        if cit is None:
            continue
        for child in cit.iter():
            if not isinstance(child.tag, str) or child is cit:
                continue
            key = f"pub-id:{child.get('pub-id-type')}" if child.tag == "pub-id" else child.tag
            if key in ("month", "season") and child.getparent() is not cit:
                continue
            tags = REF_FIELDS.get(key)
            if tags is None or not "".join(child.itertext()).strip() and key != "etal":
                continue
            checked += 1
            if key in ("month", "season"):  # as a month in v65, else as printed in v64
                text = " ".join("".join(child.itertext()).split())
                ok = record.first(65)[4:6] not in ("", "00") or text in record.first(64)
            else:
                ok = any(record.values(t) for t in tags)
            if not ok:
                problems.append(f"{path.name} ref {ref.id}: <{key}> reaches none of {tags}")
        lacks = [
            tags
            for tags in ((10, 11, 16, 17), (12, 18, 30), (64,))
            if not any(record.values(t) for t in tags)
        ]
        noted = (f"reference {ref.id} ", f"reference {ref.id}:")
        if lacks and not any(note.startswith(noted) for note in item.reference_notes):
            problems.append(f"{path.name} ref {ref.id}: record lacks {lacks} and no note says why")
        people = cit.xpath(
            "person-group[not(@person-group-type) or @person-group-type='author']/name"
        )
        names = record.values(10) + record.values(16)
        if len(names) < len(people):
            problems.append(
                f"{path.name} ref {ref.id}: {len(people)} authors, {len(names)} in v10/v16"
            )
        checked += len(people)
    return checked, problems


@pytest.mark.refdata
def test_real_references_keep_every_tagged_field(shared_xml_files):
    checked, problems = 0, []
    for path in shared_xml_files:
        n, found = _ref_problems(path)
        checked += n
        problems += found
    assert checked > 4000
    assert problems == []


def test_a_reference_without_structure_is_explained():
    data = article(
        TITLE + PERSON + DATE + "<volume>9</volume><fpage>1</fpage><lpage>9</lpage>"
    ).replace(
        b"<body><p>x</p></body>",
        b"<back><ref-list><ref id='B1'><mixed-citation>Texto livre, 2001.</mixed-citation></ref>"
        b"<ref id='B2'><element-citation publication-type='book'><source>Livro</source>"
        b"<year>2001</year><supplement>2</supplement><comment>Tese</comment>"
        b"<person-group person-group-type='author'><etal/></person-group></element-citation></ref>"
        b"</ref-list></back>",
    )
    item = export_article(_context(data, "refs.xml"), LilacsConfig(), with_references=True)
    notes = [d.message for d in item.diagnostics() if d.code == "lilacs-reference-fields"]
    assert len(notes) == 2
    assert "B1 has no structured citation" in notes[0]
    assert "B2: its record (v706=c) has no authors (v10/v11/v16/v17): " in notes[1]
    second = item.references[1]
    assert second.first(810) == "et al" and second.first(61) == "Tese"
    assert split_subfields(second.first(18))[0] == "Livro"


def test_demo_articles_keep_every_core_field_or_say_why():
    from pathlib import Path

    demo = Path(__file__).resolve().parents[2] / "collections" / "demo" / "journals"
    paths = sorted(p for p in demo.rglob("*") if p.suffix in (".xml", ".sgm"))
    assert len(paths) >= 10
    problems = []
    for path in paths:
        problems += coverage_problems(_context(path.read_bytes(), str(path)), path.name)
    assert problems == []
