"""A real harvester (sickle) against the app in a real server process (waitress on loopback): the
demo collection, built once with ``scielo-pub build --no-pdf`` (SQLite beside the site, and
``--db`` PostgreSQL), harvested whole in each format with two records a page, every record once."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import textwrap
import time
import urllib.request
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from scielo_pub import store
from scielo_pub.cli import main
from scielo_pub.store import schema as s
from tests.store.conftest import DEMO

from .conftest import BASE

pytestmark = pytest.mark.refdata

ROOT = Path(__file__).resolve().parents[2]
SERVER = textwrap.dedent(
    """
    import sys
    from waitress import serve
    from scielo_pub.site import create_app
    site, db, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
    app = create_app(site, {"OAI_PAGE_SIZE": 2, "SECRET_KEY": "harvest"}, db=db)
    serve(app, host="127.0.0.1", port=port, threads=4, _quiet=True)
    """
)


@pytest.fixture(scope="session")
def demo_build(tmp_path_factory) -> Path:
    """``scielo-pub build collections/demo --no-pdf`` once per session (SQLite store beside it)."""
    out = tmp_path_factory.mktemp("oai-demo") / "site"
    assert main(["build", str(DEMO), "-o", str(out), "--no-pdf", "-j", "1"]) in (0, 1)
    return out


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def built(request, demo_build, tmp_path_factory) -> tuple[Path, str]:
    """The built site and its store: the build's own SQLite one, or a build with ``--db`` into a
    PostgreSQL database."""
    if request.param == "sqlite":
        return demo_build, store.default_url(demo_build)
    server = request.getfixturevalue("postgresql_server")
    url = server.create_database("oai_harvest")
    out = tmp_path_factory.mktemp("oai-demo-pg") / "site"
    argv = ["build", str(DEMO), "-o", str(out), "--no-pdf", "-j", "1", "--db", url]
    assert main(argv) in (0, 1)
    return out, url


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(built) -> Iterator[str]:
    site, url = built
    port = _free_port()
    env = os.environ | {
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])
    }
    proc = subprocess.Popen([sys.executable, "-c", SERVER, str(site), url, str(port)], env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(f"{base}/oai?verb=Identify", proc)
        yield f"{base}/oai"
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def _wait_for(url: str, proc: subprocess.Popen, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("the server did not answer within 30 s")


def expected(built, *, lilacs: bool = False) -> set[str]:
    engine = store.connect(built[1], create=False)
    query = select(s.articles.c.ident)
    if lilacs:
        query = query.where(s.articles.c.lilacs_json.is_not(None))
    with engine.connect() as conn:
        idents = set(conn.execute(query).scalars())
    engine.dispose()
    return {f"oai:demo:{i}" for i in idents}


def test_the_store_holds_every_article_of_the_collection(built):
    sources = [p for p in DEMO.rglob("*") if p.suffix in (".xml", ".sgm")]
    assert len(expected(built)) == len(sources) > 0


@pytest.mark.parametrize("prefix", ["oai_dc", "jats", "lilacs"])
def test_sickle_harvests_every_record_once(server, built, prefix):
    from sickle import Sickle

    records = list(Sickle(server, max_retries=0).ListRecords(metadataPrefix=prefix))
    seen = Counter(r.header.identifier for r in records)
    assert max(seen.values()) == 1
    want = expected(built, lilacs=prefix == "lilacs")
    assert set(seen) == want and len(want) > 2  # more than one page of two
    assert all(r.metadata for r in records)


def test_sickle_lists_identifiers_and_sets(server, built):
    from sickle import Sickle

    harvester = Sickle(server, max_retries=0)
    headers = list(harvester.ListIdentifiers(metadataPrefix="oai_dc", set="journal:rsd"))
    assert headers and all(h.identifier.startswith("oai:demo:S2764-5010") for h in headers)
    specs = [x.setSpec for x in harvester.ListSets()]
    assert "journal:ecl" in specs and "journal:rsd:v12n1" in specs and len(specs) > 2


def test_dc_identifier_is_the_landing_page_the_server_serves(server, built):
    from sickle import Sickle

    record = next(iter(Sickle(server, max_retries=0).ListRecords(metadataPrefix="oai_dc")))
    landing = record.metadata["identifier"][0]
    assert landing.startswith(f"{BASE}j/")
    page = server.removesuffix("/oai") + landing.removeprefix(BASE.rstrip("/"))
    with urllib.request.urlopen(page, timeout=5) as response:
        assert response.status == 200 and b"<html" in response.read(2000).lower()
