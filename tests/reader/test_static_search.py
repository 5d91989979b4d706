"""The static site's own search (``search/index.html`` and its JSON index) in Debian chromium, over
a plain static web server: a title word and an accent-less word find their articles, ``?q=``
pre-fills and runs, a title holding ``<script>`` text is shown as text, and the index is sharded."""

from __future__ import annotations

import functools
import json
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote

import pytest

from scielo_pub.build import build
from scielo_pub.render.search_index import fold, shard_key, shard_prefix, words

from .conftest import DEMO, open_page

ARTICLE = "journals/rsd/issues/v9n1/2764-5010-rsd-09-01-0001.xml"
OLD = "<article-title>Insegurança alimentar em famílias"
# Text of the title, not markup: the XML escapes it, so the title is "Saúde <script>..."
NEW = ("<article-title>Saúde &lt;script&gt;document.title='owned'&lt;/script&gt; "
       "e insegurança alimentar em famílias")  # fmt: skip


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The demo with one title holding script-like text, built (no PDFs)."""
    tmp = tmp_path_factory.mktemp("static-search")
    collection = tmp / "demo"
    shutil.copytree(DEMO, collection)
    source = collection / ARTICLE
    text = source.read_text(encoding="utf-8")
    assert OLD in text
    source.write_text(text.replace(OLD, NEW, 1), encoding="utf-8")
    report = build(collection, tmp / "out", jobs=1, pdf=False)
    assert not report.failed, report.failed
    return tmp / "out"


@pytest.fixture(scope="module")
def base(site):
    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()
    thread.join()


def test_folding_and_shards():
    assert fold("Saúde ÇÃO") == "saude cao"
    assert words("A megasseca: Chile-central, 2017") == ["megasseca", "chile", "central", "2017"]
    assert [shard_prefix(w) for w in ("saude", "de")] == ["sau", "de"]
    assert shard_key("sau") == "sau" and shard_key("ñan") == "xf1-61-6e"


def test_the_index_is_sharded_and_complete(site):
    meta = json.loads((site / "search/index/meta.json").read_text())
    docs = [d for p in sorted((site / "search/index/docs").glob("*.json"))
            for d in json.loads(p.read_text())]  # fmt: skip
    assert meta["docs"] == len(docs) == 25
    shard = json.loads((site / "search/index/terms/sau.json").read_text())
    titled = {docs[i]["u"] for i in shard["saude"][0]}
    assert titled == {"j/rsd/v9n1/2764-5010-rsd-09-01-0001/"}
    shards = list((site / "search/index/terms").glob("*.json"))
    assert len(shards) > 50 and max(p.stat().st_size for p in shards) < 16_000
    assert sorted(meta["shards"]) == meta["shards"] and "sau" in meta["shards"]


def results(page) -> list[str]:
    page.wait_for_function(
        "() => { const s = document.querySelector('#search-out .search-total');"
        " return s && s.textContent && !s.textContent.endsWith('…'); }"
    )
    return page.eval_on_selector_all(
        "#search-out .search-hit .hit-title a", "els => els.map(e => e.textContent)"
    )


@pytest.mark.browser
def test_search_in_chromium(browser, base):
    search = base + "search/index.en.html"
    # "saude" without its accent; the Portuguese page shows the Portuguese title
    page, errors = open_page(browser, base + "search/index.html?q=" + quote("saude pescadores"))
    found = results(page)
    assert len(found) == 1 and found[0].startswith("Saúde <script>")  # shown as text
    assert page.title() != "owned"
    assert (
        page.eval_on_selector_all("#search-out script, #search-out *[onload]", "e => e.length") == 0
    )
    assert page.input_value("#q") == "saude pescadores"  # ?q= fills the form
    href = page.get_attribute("#search-out .hit-title a", "href")
    assert href == "../j/rsd/v9n1/2764-5010-rsd-09-01-0001/pt.html"
    page.click("#search-out .hit-title a")
    page.wait_for_load_state("load")
    assert page.url.endswith("/pt.html") and "Saúde" in page.title()
    page.context.close()

    # a title word, in another language version of the title, with its accent left out
    page, more = open_page(browser, search + "?q=vigilancia")
    assert results(page) == ["Entomological surveillance and rainfall: a dengue early warning "
                             "system for the semi-arid region"]  # fmt: skip
    page.context.close()
    # a two-letter word reads every terms file of the words it begins
    page, short = open_page(browser, search + "?q=vi+dengue")
    assert "Entomological surveillance and rainfall" in " ".join(results(page))
    page.context.close()
    more += short

    # the form of any page lands on the search, which runs; several pages of results
    page, others = open_page(browser, base + "j/ecl/index.es.html")
    page.fill("#site-q", "chile")
    page.click("form.site-search button")
    page.wait_for_load_state("load")
    assert "/search/index.es.html?q=chile" in page.url
    first = results(page)
    assert len(first) > 3 and sum("Chile" in t for t in first) > 3
    assert page.text_content("#search-out .search-total").startswith(f"{len(first)} resultados")
    page.context.close()

    page, none = open_page(browser, search + "?q=zzzyx")
    results(page)
    assert page.text_content("#search-out .search-total") == "No articles found."
    page.context.close()
    assert errors == more == others == none == []


@pytest.mark.browser
def test_without_javascript_the_page_leads_to_the_tables_of_contents(browser, base):
    page, _ = open_page(browser, base + "search/index.html?q=dengue", javascript=False)
    assert page.is_hidden("#search-out")
    links = page.eval_on_selector_all("#browse-h + ul a", "els => els.map(e => e.href)")
    assert any(href.endswith("/j/rsd/v12n2/index.html") for href in links)
    assert "JavaScript" in page.text_content("main")
    page.context.close()


@pytest.mark.browser
def test_no_axe_violation_on_search_results_and_static_statistics(browser, base):
    from axe_playwright_python.sync_playwright import Axe

    found = []
    for path in ("search/index.es.html?q=chile", "stats/citations/index.en.html",
                 "stats/citations/rsd/index.html"):  # fmt: skip
        page, errors = open_page(browser, base + path)
        if "search" in path:
            results(page)
        found += [
            f"{path}: {v['id']} ({v['impact']})" for v in Axe().run(page).response["violations"]
        ]
        assert errors == [], (path, errors)
        page.context.close()
    assert found == []
