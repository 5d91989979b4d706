"""The 24 real SciELO PS articles of ../shared/data/xml: quality rules and field presence.

Articles expected to fail name the rules and why a cataloguer agrees (DeCS indexing, rule 12, is left
out: none of these articles carries a DeCS keyword group, so every one would wait for indexing).
"""

from __future__ import annotations

import pytest

from scielo_pub.lilacs.config import LilacsConfig
from scielo_pub.lilacs.export import export_article
from scielo_pub.lilacs.formats import read_records, write_records
from scielo_pub.lilacs.mapping import ArticleContext
from scielo_pub.markup.readers import read_article
from scielo_pub.model import article_from_tree

from .helpers import ioisis_fields

EXPECTED_FAILURES = {
    # No <volume>/<issue>: an ahead-of-print/continuous article; LILACS needs v31 or v32; and
    # no fpage or elocation-id, so v14 is missing (the report says why).
    "fixtures__htmlgenerator__bak__2176-4573-bak-p59384.xml": {"19", "missing"},
    # An addendum without contributors (v10 missing, with the reason) and a Portuguese title only.
    "fixtures__htmlgenerator__related-article__addendum.xml": {"missing", "8"},
    # Portuguese title only, no English translation of the title (v13 would be needed).
    "fixtures__htmlgenerator__related-article__related_article.xml": {"8"},
    # An erratum ("Errata"): no author (v10 missing, with the reason), Portuguese title only.
    "samples__0034-8910-rsp-48-2-0366.xml": {"missing", "8"},
    # <given-names>VIVIANA ALDER</given-names> without <surname>: not 'Surname, Given'.
    "samples__example.xml": {"2"},
    # Title in Portuguese only.
    "sps__fixtures__document.xml": {"8"},
}


def load(path):
    result = read_article(path.read_bytes(), str(path))
    article = article_from_tree(result.tree, path=str(path))
    return ArticleContext.of(article, tree=result.tree)


@pytest.mark.refdata
def test_there_are_24_articles(shared_xml_files):
    assert len(shared_xml_files) == 24


@pytest.mark.refdata
def test_quality_rules_on_real_articles(shared_xml_files):
    failures = {}
    for path in shared_xml_files:
        item = export_article(load(path), LilacsConfig(require_decs=False))
        if item.findings:
            failures[path.name] = {f.rule for f in item.findings}
    assert failures == EXPECTED_FAILURES


@pytest.mark.refdata
def test_every_field_the_article_has_is_present(shared_xml_files):
    for path in shared_xml_files:
        ctx = load(path)
        a, rec = ctx.article, export_article(ctx, LilacsConfig()).record
        persons = [
            c
            for c in a.contributors
            if not c.collab and c.role == "author" and (c.surname or c.given_names)
        ]
        assert len(rec.values(10)) == len(persons), path.name
        assert sum(1 for c in persons if c.orcid) == sum("^k" in v for v in rec.values(10)), (
            path.name
        )
        assert len(rec.values(11)) == sum(1 for c in a.contributors if c.collab), path.name
        assert len(rec.values(12)) == len([t for t in a.titles.values() if t]), path.name
        expected = {14: a.fpage or a.elocation_id, 31: a.volume, 32: a.issue or a.supplement, 724: a.doi,
                    880: a.pid, 72: a.references, 540: a.license and a.license.url, 64: a.pub_dates,
                    30: a.journal_title, 35: a.issn}  # fmt: skip
        for tag, source in expected.items():
            assert bool(rec.values(tag)) == bool(source), (path.name, tag)
        assert len(rec.values(83)) == len([x for x in a.abstracts.values() if x.text]), path.name
        assert len(rec.values(85)) == sum(len(g.keywords) for g in a.keyword_groups), path.name
        assert rec.values(40)[:1] == [a.language], path.name


@pytest.mark.refdata
@pytest.mark.parametrize("encoding", ["latin-1", "utf-8"])
def test_real_article_records_with_references_read_back_by_ioisis(shared_xml_files, encoding):
    records = []
    for path in shared_xml_files:
        item = export_article(load(path), LilacsConfig(), with_references=True)
        records += [item.record, *item.references]
    written = write_records(records, "iso", encoding)
    assert written.records == len(records) and written.diagnostics == []
    back = read_records(written.data, "iso", encoding).records
    assert ioisis_fields(written.data, encoding) == [list(r.fields) for r in back]
    if encoding == "utf-8":
        assert back == records
