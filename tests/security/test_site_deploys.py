"""The built demo deploys as a real site: readable modes, links and anchors that resolve, relative
navigation, absolute URLs on the configured public base_url only."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from scielo_pub.build import build

from .corpus import DEMO
from .sitewalk import absolute_hosts, broken_links

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
