"""URLs -> items: this site's URLs (as render/urls.py writes them), classic and new SciELO URLs."""

from __future__ import annotations

import pytest

from scielo_pub.usage.items import NOT_ITEM, REDIRECT, UNKNOWN, Hit, is_static

from .helpers import ART3, catalog

BASE = "/j/rsd/v12n1/2764-5010-rsd-12-01-0001/"


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        (BASE + "pt.html", Hit(10, True, "html", "pt")),
        (BASE + "en.html", Hit(10, True, "html", "en")),
        (BASE + "abstract.es.html", Hit(10, False, "html", "es")),
        (BASE + "2764-5010-rsd-12-01-0001-en.pdf", Hit(10, True, "pdf", "en")),
        (BASE + "2764-5010-rsd-12-01-0001.xml", Hit(10, True, "xml", "pt")),
        (BASE + "2764-5010-rsd-12-01-0001.ris", Hit(10, False, "ris", "pt")),
        (BASE + "2764-5010-rsd-12-01-0001.bib", Hit(10, False, "bibtex", "pt")),
        (BASE + "2764-5010-rsd-12-01-0001.lilacs.iso", Hit(10, False, "lilacs", "pt")),
        ("/j/rsd/", NOT_ITEM),
        ("/j/rsd/index.html", NOT_ITEM),
        ("/j/rsd/v12n1/index.html", NOT_ITEM),
        ("/j/rsd/v12n1/nope/pt.html", UNKNOWN),
        ("/pid/S2764-50102023000100001.html", REDIRECT),
        ("/", NOT_ITEM),
        ("/google_metrics/get_h5_m5.php?issn=1517-9702", UNKNOWN),
    ],
)
def test_site_urls(target, expected):
    assert catalog().resolve(target) == expected


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/scielo.php?script=sci_arttext&pid=S2764-50102023000100001&tlng=en", Hit(10, True, "html", "en")),
        ("/scielo.php?pid=s2764-50102023000100001&script=sci_arttext", Hit(10, True, "html", "pt")),
        ("/scielo.php?script=sci_abstract&pid=S0718-462X2022000100001&lng=es&nrm=iso&tlng=en", Hit(20, False, "html", "en")),
        ("/scielo.php?script=sci_pdf&pid=S0718-462X2022000100001&tlng=es", Hit(20, True, "pdf", "es")),
        ("/scielo.php?script=sci_arttext&pid=S9999-99992023000100001", UNKNOWN),
        ("/scielo.php?script=sci_arttext&pid=garbage'--", UNKNOWN),
        ("/scielo.php?script=sci_serial&pid=0102-8650&lng=en&nrm=iso", NOT_ITEM),
        ("/scielo.php?download&pid=S2764-50102023000100001&format=EndNote", UNKNOWN),
        ("/pdf/rsd/v12n1/2764-5010-rsd-12-01-0001.pdf", Hit(10, True, "pdf", "pt")),
        ("/pdf/rsd/v12n1/en_2764-5010-rsd-12-01-0001.pdf", Hit(10, True, "pdf", "en")),
        ("/pdf/rsd/v99n9/2764-5010-rsd-12-01-0001.pdf", UNKNOWN),
        ("/j/rsd/a/AbCdEfGhIjKlMnOpQrStUvW/?lang=en", Hit(10, True, "html", "en")),
        ("/j/rsd/a/AbCdEfGhIjKlMnOpQrStUvW/?lang=es&format=pdf", Hit(10, True, "pdf", "es")),
        ("/j/ecl/a/ZyXwVuTsRqPoNmLkJiHgFeD/abstract/?lang=en", Hit(20, False, "html", "en")),
        ("/j/ecl/a/ZyXwVuTsRqPoNmLkJiHgFeD/?format=evil", Hit(20, True, "html", "es")),
        ("/j/ecl/a/AAAAAAAAAAAAAAAAAAAAAAA/", UNKNOWN),
    ],
)  # fmt: skip
def test_migration_urls(target, expected):
    assert catalog().resolve(target) == expected


def test_site_urls_agree_with_the_renderer():
    """The renderer's own URL functions produce paths the resolver maps back to the item."""
    from types import SimpleNamespace

    from scielo_pub.render import urls

    src = SimpleNamespace(
        journal=SimpleNamespace(acronym=ART3.journal.acronym),
        issue=SimpleNamespace(folder=ART3.issue_folder),
        path=SimpleNamespace(stem=ART3.stem),
    )
    item = SimpleNamespace(source=src)
    cat = catalog()
    assert cat.resolve("/" + urls.fulltext(item, "en")) == Hit(20, True, "html", "en")
    assert cat.resolve("/" + urls.abstract(item, "pt")) == Hit(20, False, "html", "pt")
    assert cat.resolve("/" + urls.pdf(item, "es")) == Hit(20, True, "pdf", "es")
    assert cat.resolve("/" + urls.download(item, ".ris")) == Hit(20, False, "ris", "es")
    assert (
        cat.resolve("/" + urls.issue_dir(SimpleNamespace(journal_acronym="ecl", folder="v8n1")))
        == NOT_ITEM
    )


@pytest.mark.parametrize(
    ("path", "static"),
    [("/css/screen.css", True), ("/img/a.GIF", True), ("/x/article.js", True),
     ("/j/rsd/v1/a/pt.html", False), ("/pdf/a/b/c.pdf", False), ("/scielo.php", False),
     ("/.hidden", False), ("/", False)],
)  # fmt: skip
def test_static(path, static):
    assert is_static(path) is static
    # The line rules judge static paths inline (for speed): they must agree with is_static.
    from collections import Counter

    from scielo_pub.usage.counter import scan

    from .helpers import line

    tally: Counter = Counter()
    list(scan([line(path)], catalog(), tally))
    assert (tally["static"] == 1) is static
