"""A built site in, its broken internal links and anchors, absolute URLs and file modes out; and a
crawler that asks a running web server for every page, file, form target and anchor a site links."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html

_LINKING = (("a", "href"), ("link", "href"), ("img", "src"), ("script", "src"), ("source", "src"),
            ("form", "action"))  # fmt: skip


def _ids(path: Path, cache: dict) -> set[str]:
    if path not in cache:
        root = lxml.html.parse(str(path)).getroot()
        cache[path] = {el.get("id") for el in root.iter() if el.get("id")} | {
            el.get("name") for el in root.iter("a") if el.get("name")
        }
    return cache[path]


def broken_links(site: Path, served=None) -> list[str]:
    """Every internal link (relative URL) whose file or ``#anchor`` does not exist.

    ``served(path_and_query)`` -> HTTP status, when given, answers for links to no file: pages the
    served app makes from the store (citation statistics, search) resolve when it answers 200."""
    broken, cache = [], {}
    for page in sorted(site.rglob("*.html")):
        root = lxml.html.parse(str(page)).getroot()
        for tag, attr in _LINKING:
            for el in root.iter(tag):
                url = el.get(attr)
                if not url or urlsplit(url).scheme or url.startswith("//"):
                    continue
                parts = urlsplit(url)
                target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
                if target.is_dir():
                    target = target / "index.html"
                if not target.is_file():
                    if served is None or not _served(site, target, parts.query, served):
                        broken.append(f"{page.relative_to(site)}: {url} (no file)")
                elif (
                    parts.fragment
                    and target.suffix == ".html"
                    and unquote(parts.fragment) not in _ids(target, cache)
                ):
                    broken.append(f"{page.relative_to(site)}: {url} (no anchor)")
    return broken


def _served(site: Path, target: Path, query: str, served) -> bool:
    try:
        rel = target.relative_to(site.resolve())
    except ValueError:
        return False
    return served("/" + rel.as_posix() + (f"?{query}" if query else "")) == 200


def absolute_hosts(site: Path) -> dict[str, int]:
    """Hosts named by absolute URLs in the site's text files, with how many files name them."""
    import re

    pattern = re.compile(rb"https?://([A-Za-z0-9.:\-\[\]]+)")
    hosts: dict[str, int] = {}
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".atom", ".txt", ".iso", ".json"):
            for host in {m.group(1).decode() for m in pattern.finditer(path.read_bytes())}:
                hosts[host] = hosts.get(host, 0) + 1
    return hosts


def crawl(base: str, limit: int = 5000) -> tuple[list[str], int]:
    """Every URL under ``base`` reachable from it by links, sources and GET forms (submitted with
    their fields' values, a text field given a word), fetched over HTTP: those that do not answer
    200 and the ``#anchors`` their page lacks, and how many URLs were fetched."""
    import urllib.error
    import urllib.request
    from urllib.parse import urldefrag, urlencode, urljoin

    seen: set[str] = set()
    todo = [base]
    ids: dict[str, set[str] | None] = {}
    anchors: list[tuple[str, str, str]] = []
    broken: list[str] = []
    while todo and len(seen) < limit:
        url = todo.pop()
        if url in seen:
            continue
        seen.add(url)
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                kind, body = response.headers.get_content_type(), response.read()
        except urllib.error.HTTPError as exc:
            broken.append(f"{url}: {exc.code}")
            exc.close()
            continue
        if kind != "text/html":
            ids[url] = None
            continue
        root = lxml.html.fromstring(body)
        ids[url] = {el.get("id") for el in root.iter() if el.get("id")}
        found = [el.get(attr) for tag, attr in _LINKING for el in root.iter(tag) if el.get(attr)]
        for form in root.iter("form"):
            if (form.get("method") or "get").lower() == "get" and form.get("action"):
                fields = [(i.get("name"), i.get("value") or "test") for i in form.iter("input")
                          if i.get("name")]  # fmt: skip
                found.append(form.get("action") + "?" + urlencode(fields))
        for link in found:
            target, fragment = urldefrag(urljoin(url, link))
            if not target.startswith(base):
                continue
            if fragment:
                anchors.append((url, target, unquote(fragment)))
            todo.append(target)
    for page, target, fragment in anchors:
        if ids.get(target) is not None and fragment not in ids[target]:
            broken.append(f"{page}: {target}#{fragment} (no anchor)")
    return broken, len(seen)
