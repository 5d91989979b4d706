"""The article sidebar shows the accesses the store's usage statistics count, once logs are imported."""

from __future__ import annotations

import importlib.util

from sqlalchemy import func, select

from scielo_pub import store
from scielo_pub.build import build
from scielo_pub.store import schema as s
from scielo_pub.store import usage_schema as u

from .conftest import DEMO, ROOT, fulltext_pages, parse


def _demo_usage():
    spec = importlib.util.spec_from_file_location("demo_usage", ROOT / "tools" / "demo_usage.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_accesses_from_usage_statistics(tmp_path):
    out = tmp_path / "site"
    build(DEMO, out, jobs=1, pdf=False)
    page = parse(fulltext_pages(out)[0])
    assert not page.xpath('//section[@class="metrics"]//dt[2]')  # no usage yet: citations only
    assert _demo_usage().main([str(out), "--lines", "4000"]) == 0
    engine = store.connect(store.default_url(out))
    with engine.connect() as conn:
        totals = dict(
            conn.execute(
                select(s.articles.c.doi, func.sum(u.usage_monthly.c.total_requests))
                .join(u.usage_monthly, u.usage_monthly.c.article_id == s.articles.c.id)
                .group_by(s.articles.c.doi)
            ).all()
        )
    engine.dispose()
    assert totals
    build(DEMO, out, jobs=1, pdf=False)
    shown = 0
    for path in fulltext_pages(out):
        page = parse(path)
        doi = page.xpath("string(//meta[@name='citation_doi']/@content)").lower()
        if doi in totals:
            shown += 1
            value = page.xpath('string(//section[@class="metrics"]//dd[1])').strip()
            assert value == str(totals[doi]), path
    assert shown
