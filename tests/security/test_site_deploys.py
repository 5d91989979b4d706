"""The built demo deploys as a real site: readable modes, links and anchors that resolve, relative
navigation, absolute URLs on the configured public base_url only."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from scielo_pub.build import build

from .corpus import DEMO
from .sitewalk import absolute_hosts, broken_links, crawl

DEV_HOSTS = ("127.0.0.1", "localhost", "0.0.0.0")


@pytest.fixture(scope="module")
def demo_build(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("demo-deploy")
    old = os.umask(0o022)
    try:
        report = build(DEMO, out, jobs=1)
    finally:
        os.umask(old)
    assert report.exit_code == 0, [d.format() for d in report.diagnostics if d.is_error]
    return out


def test_files_follow_the_umask(demo_build):
    modes = {
        stat.S_IMODE(p.stat().st_mode)
        for p in demo_build.rglob("*")
        if p.is_file() and ".scielo-pub" not in p.parts
    }
    assert modes == {0o644}
    dirs = {stat.S_IMODE(p.stat().st_mode) for p in demo_build.rglob("*") if p.is_dir()}
    assert dirs == {0o755}
    assert not list(demo_build.rglob(".tmp-*"))  # still written atomically


def test_every_internal_link_and_anchor_resolves(demo_build):
    """Files and anchors of the static site, and the pages the served app makes from the store
    beside it (links to citation statistics), all resolve."""
    from scielo_pub.site import create_app

    assert len(list(demo_build.rglob("*.html"))) > 50
    client = create_app(demo_build).test_client()
    assert broken_links(demo_build, lambda url: client.get(url).status_code) == []


@pytest.fixture
def plain_server(demo_build):
    """The built site behind Python's plain static web server (``http.server``), in a process of
    its own on loopback: no app, no store, only files."""
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    argv = [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
            "--directory", str(demo_build)]  # fmt: skip
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 20
    while True:
        try:
            urllib.request.urlopen(base, timeout=2).close()
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail("http.server did not start")
            time.sleep(0.1)
    yield base
    proc.terminate()
    proc.wait(timeout=10)


def test_a_plain_web_server_answers_every_link(plain_server, demo_build):
    """Every page, file, search form and anchor the site links resolves (200) on a plain static
    web server: the search form lands on the static search page, journal pages on their
    citation statistics written by the build, in the reader's language."""
    broken, fetched = crawl(plain_server)
    assert broken == []
    assert fetched > len(list(demo_build.rglob("*.html"))) // 2
    import lxml.html

    journal = lxml.html.parse(str(demo_build / "j" / "ecl" / "index.en.html")).getroot()
    stats = [a.get("href") for a in journal.iter("a") if "stats/citations" in a.get("href", "")]
    assert stats == ["../../stats/citations/ecl/index.en.html"]
    page = lxml.html.parse(str(demo_build / "stats" / "citations" / "ecl" / "index.en.html"))
    assert page.getroot().get("lang") == "en"
    assert page.xpath("//h2[@id='indicators']/following::table[1]/tbody/tr")
    actions = {f.get("action") for f in journal.iter("form")}
    assert actions == {"../../search/index.en.html"}


def test_the_crawler_finds_a_broken_form_target(tmp_path):
    import threading
    from functools import partial
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    (tmp_path / "index.html").write_text(
        '<form action="search"><input name="q"></form><a href="a.html#x">a</a>'
    )
    (tmp_path / "a.html").write_text('<p id="y"></p>')

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(tmp_path)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_port}/"
        broken, _ = crawl(base)
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
    assert sorted(broken) == [
        f"{base}: {base}a.html#x (no anchor)",
        f"{base}search: 404",
        f"{base}search?q=test: 404",
    ]


def test_the_walker_finds_a_broken_anchor(tmp_path):
    (tmp_path / "a.html").write_text(
        '<a href="b.html#x">b</a><a href="#here">h</a><p id="here"></p>'
    )
    (tmp_path / "b.html").write_text('<p id="y"></p>')
    assert broken_links(tmp_path) == ["a.html: b.html#x (no anchor)"]


def test_no_development_host_and_the_public_base(demo_build):
    hosts = absolute_hosts(demo_build)
    assert not [h for h in hosts if h.startswith(DEV_HOSTS)], hosts
    assert hosts.get("demo.scielo-pub.example", 0) > 50


def test_navigation_is_relative(demo_build):
    import lxml.html

    page = next(demo_build.glob("j/*/*/*/en.html"))
    root = lxml.html.parse(str(page)).getroot()
    nav = [a.get("href") for a in root.iter("a") if a.get("href", "").startswith("https://demo.")]
    assert nav == []


def test_base_url_override(tmp_path):
    report = build(DEMO, tmp_path / "out", jobs=1, base_url="https://mirror.example.net/scielo")
    assert report.exit_code == 0
    sitemap = (tmp_path / "out" / "sitemap.xml").read_text()
    assert "https://mirror.example.net/scielo/j/" in sitemap
    assert "demo.scielo-pub.example" not in sitemap
