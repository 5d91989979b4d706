"""Platform features by structure: journal pages, issue archive and navigation, branding, the
article sidebar, how to cite, share links, similar and neighbouring articles, the collection home."""

from __future__ import annotations

import tomllib

from lxml import html as lhtml

from scielo_pub.model import Journal
from scielo_pub.render import journal_pages

from .conftest import DEMO, fulltext_pages, parse


def _target(page_path, href):
    return (page_path.parent / href.split("#")[0]).resolve()


def test_journal_pages_from_markdown(site):
    for acronym in ("rsd", "ecl"):
        folder = DEMO / "journals" / acronym
        slugs = {p.name.split(".")[0] for p in folder.glob("*.md")}
        assert slugs, acronym
        home = parse(site / "j" / acronym / "index.html")
        menu = home.xpath('//section[@class="journal-bar"]//nav//a')
        assert len(menu) == len(slugs)
        for a in menu:
            target = _target(site / "j" / acronym / "index.html", a.get("href"))
            page = parse(target)
            assert page.xpath('//div[contains(@class,"journal-text")]/*'), target
            assert not page.xpath("//script[not(@src)]")


def test_markdown_falls_back_visibly_and_is_sanitised(tmp_path):
    (tmp_path / "about.pt.md").write_text(
        "# Sobre\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1)) *ok*\n", "utf-8"
    )
    journal = Journal(acronym="t", title="T", languages=("pt",), path=tmp_path)
    shown = journal_pages.text(journal, "about", "en")
    assert shown.fallback and shown.lang == "pt"
    frag = lhtml.fragment_fromstring(shown.html, create_parent="div")
    assert not frag.xpath("//script") and not frag.xpath("//a[starts-with(@href, 'javascript')]")
    assert "<script" not in shown.html
    assert frag.xpath("//em[.='ok']")
    assert journal_pages.text(journal, "instructions", "en") is None


def test_issue_archive_grid_and_latest_articles(site):
    home = parse(site / "j" / "rsd" / "index.en.html")
    years = [h.text_content() for h in home.xpath('//div[@class="issue-grid"]/div/h3')]
    assert years == sorted(years, reverse=True) and len(years) == len(set(years)) > 1
    latest = home.xpath('//ol[@class="latest"]/li')
    assert latest
    dates = [li.xpath("string(.//time/@datetime)") for li in latest]
    assert dates == sorted(dates, reverse=True)


def test_previous_and_next_issue(site):
    names = {p.name for p in (DEMO / "journals" / "rsd" / "issues").iterdir()}
    issues = sorted(
        p.parent for p in (site / "j" / "rsd").glob("*/index.html") if p.parent.name in names
    )
    links = 0
    for folder in issues:
        page = parse(folder / "index.html")
        for a in page.xpath('//nav[contains(@class,"issue-nav")]//a'):
            links += 1
            assert _target(folder / "index.html", a.get("href")).is_file()
            assert a.get("rel") in ("prev", "next")
    assert links == 2 * (len(issues) - 1)


def test_branding_from_journal_toml(site):
    data = tomllib.loads((DEMO / "journals" / "rsd" / "journal.toml").read_text("utf-8"))
    page_path = next(p for p in fulltext_pages(site) if "/rsd/" in str(p))
    for path in (site / "j" / "rsd" / "index.html", page_path):
        page = parse(path)
        assert data["colour"] in (page.find("body").get("style") or "")
        logo = page.xpath('//section[@class="journal-bar"]//img/@src')[0]
        assert _target(path, logo).read_bytes()[:4] == b"\x89PNG"


def test_article_sidebar(site):
    with_cited_by = 0
    for path in fulltext_pages(site):
        page = parse(path)
        aside = page.xpath('//aside[@class="article-tools"]')[0]
        for a in aside.xpath('.//nav[@class="outline"]//a'):
            assert page.get_element_by_id(a.get("href")[1:]) is not None, (path, a.get("href"))
        assert aside.xpath(".//a[@download]")
        cited = page.xpath('//section[@class="cited-by"]//li')
        shown = aside.xpath('string(.//section[@class="metrics"]//dd[last()])').strip()
        assert shown == str(len(cited)), path
        with_cited_by += bool(cited)
        langs = [p.stem for p in path.parent.glob("*.html") if "abstract" not in p.name]
        if len(langs) > 1:
            assert len(aside.xpath('.//section[@aria-labelledby="versions-h"]//li')) == len(langs)
    assert with_cited_by


def test_how_to_cite_has_copy_buttons_and_share_links_load_nothing(site):
    path = fulltext_pages(site)[0]
    page = parse(path)
    for button in page.xpath('//section[@class="how-to-cite"]//button[@class="copy"]'):
        assert page.get_element_by_id(button.get("data-copy")).text_content().strip()
        assert button.get("hidden") is not None  # shown by the script only when it can copy
    shares = page.xpath('//section[@class="share"]//a/@href')
    assert any(h.startswith("mailto:") for h in shares) and len(shares) >= 3
    scripts = page.xpath("//script/@src")
    assert all(not s.startswith(("http:", "https:", "//")) for s in scripts)


def test_similar_and_neighbouring_articles(site):
    checked = 0
    for path in fulltext_pages(site):
        page = parse(path)
        for a in page.xpath(
            '//section[@class="similar"]//a | //nav[contains(@class,"article-nav")]//a'
        ):
            checked += 1
            target = _target(path, a.get("href"))
            assert target.is_file() and target.parent != path.parent, (path, a.get("href"))
    assert checked


def test_figures_open_full_size(site):
    seen = 0
    for path in fulltext_pages(site):
        for a in parse(path).xpath('//figure//a[@class="open-full"]'):
            seen += 1
            assert _target(path, a.get("href")).is_file()
            assert a.find("img") is not None
    assert seen


def test_collection_home_latest_issues_subjects_search(site):
    home = parse(site / "index.html")
    # the static search page (a file, so a plain web server answers it; the app runs its search)
    form = home.xpath('//form[@class="home-search"][@action="search/index.html"]')
    assert form and form[0].xpath('.//input[@name="q"]') and (site / "search/index.html").is_file()
    latest = home.xpath('//ul[@class="latest-issues"]//a')
    assert latest and all(_target(site / "index.html", a.get("href")).is_file() for a in latest)
    assert home.xpath('//section[@aria-labelledby="subjects"]/h3')


def test_print_stylesheet_hides_the_chrome(site):
    css = (site / "static" / "site.css").read_text("utf-8")
    block = css[css.rindex("@media print") :]
    for selector in (".article-tools", ".journal-bar", ".share"):
        assert selector in block


def test_logo_outside_the_journal_folder_is_refused(tmp_path):
    from scielo_pub.render import urls

    for name in ("../../secret.png", "/etc/x.png", ".hidden.png", "logo.svg", "a\\b.png"):
        assert urls.journal_logo(Journal(acronym="t", title="T", logo=name, path=tmp_path)) is None
    assert urls.journal_logo(Journal(acronym="t", title="T", logo="logo.png")) == "j/t/logo.png"


def test_previous_next_article_follow_the_table_of_contents(site):
    toc_path = site / "j" / "rsd" / "v12n1" / "index.html"
    toc = parse(toc_path)
    ordered = [_target(toc_path, h) for h in toc.xpath('//h3[@class="toc-title"]/a/@href')]
    assert len(ordered) > 2
    for at, path in enumerate(ordered):
        nav = parse(path).xpath('//nav[contains(@class,"article-nav")]')[0]
        nxt = nav.xpath('.//li[@class="next"]/a/@href')
        prev = nav.xpath('.//li[@class="previous"]/a/@href')
        if at + 1 < len(ordered):
            assert _target(path, nxt[0]).parent == ordered[at + 1].parent
        else:
            assert not nxt
        if at > 0:
            assert _target(path, prev[0]).parent == ordered[at - 1].parent
        else:
            assert not prev


def test_similar_articles_share_keywords_or_title_terms():
    from scielo_pub.render import urls
    from scielo_pub.render.related import _terms, related
    from scielo_pub.render.standalone import load_articles
    from scielo_pub.render.walk import Walk

    from .conftest import DEMO as demo

    paths = sorted(p for p in (demo / "journals").rglob("*") if p.suffix in (".xml", ".sgm"))
    content = load_articles(paths).content
    articles = content.articles
    lists = related(content, Walk(articles)).lists(range(len(articles)))
    similar = {index: entries for index, (_neighbours, entries) in enumerate(lists)}
    by_url = {}
    for item in articles:
        by_url[urls.fulltext(item, item.article.language or "")] = item
    listed = 0
    for index, entries in similar.items():
        own = {t for t in _terms(articles[index]) if not t.startswith("s:")}
        for _title, href, _lang in entries:
            listed += 1
            other = set(_terms(by_url[href])) - {
                t for t in _terms(by_url[href]) if t.startswith("s:")
            }
            assert own & other, (articles[index].source.path.name, href)
    assert listed
