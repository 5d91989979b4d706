"""A list of article URLs, a period and a seed in, synthetic combined-format access-log lines out
(time-ordered): the demo's month of traffic and the benchmark's input.

The mix is what a SciELO server sees: most lines are page furniture (stylesheets, scripts, figures),
a large share comes from crawlers, a smaller share are readers opening abstracts, full texts and
PDFs (sometimes twice within seconds, sometimes through the classic ``scielo.php`` URLs), and the
rest are errors, redirects, searches and URLs that name nothing.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

_BROWSERS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
    "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
    "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
)
_ROBOTS = (
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)",
    "python-requests/2.31.0",
    "Mozilla/5.0 (compatible; SemrushBot/7~bl; +http://www.semrush.com/bot.html)",
)
_STATIC = (
    "/static/site.css", "/static/print.css", "/static/site.js", "/static/search.js",
    "/static/logo.svg", "/favicon.ico", "/static/fonts/source-sans.woff2",
)  # fmt: skip
_OTHER = ("/", "/about.html", "/search?q=dengue", "/search?q=saude+publica", "/nothing.php",
          "/wp-login.php", "/j/")  # fmt: skip


@dataclass(frozen=True, slots=True)
class ArticleUrls:
    """The URLs of one article that readers open."""

    fulltext: tuple[str, ...]
    abstract: tuple[str, ...]
    pdf: tuple[str, ...]
    classic: str = ""  # scielo.php?script=sci_arttext&pid=...
    figures: tuple[str, ...] = ()


def _stamp(epoch: int, cache: dict[int, str]) -> str:
    text = cache.get(epoch)
    if text is None:
        text = datetime.fromtimestamp(epoch, UTC).strftime("%d/%b/%Y:%H:%M:%S +0000")
        cache.clear()
        cache[epoch] = text
    return text


def generate(
    articles: Sequence[ArticleUrls], start: int, seconds: int, n: int, seed: int = 1
) -> Iterator[str]:
    """``n`` log lines between ``start`` and ``start + seconds`` (UTC epoch), in time order."""
    rng = random.Random(seed)
    users = [(f"{rng.randint(1, 223)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
              rng.choice(_BROWSERS)) for _ in range(max(50, n // 40))]  # fmt: skip
    bots = [
        (f"66.249.{rng.randint(64, 95)}.{rng.randint(1, 254)}", rng.choice(_ROBOTS))
        for _ in range(40)
    ]
    cache: dict[int, str] = {}
    step = seconds / max(n, 1)
    produced = 0
    t = float(start)
    while produced < n:
        for target, (ip, agent), status in _burst(rng, articles, users, bots):
            if produced >= n:
                break
            when = _stamp(int(t), cache)
            size = rng.randint(200, 90000)
            yield f'{ip} - - [{when}] "GET {target} HTTP/1.1" {status} {size} "-" "{agent}"'
            produced += 1
            t += step * rng.uniform(0.2, 1.8) if produced < n else 0
            t = min(t, start + seconds - 1)


def _burst(rng: random.Random, articles, users, bots):
    """A handful of lines from one visitor: a reader with the page's furniture, or a crawler."""
    roll = rng.random()
    if roll < 0.22:  # a crawler, on articles and anything else
        who = rng.choice(bots)
        for _ in range(rng.randint(1, 4)):
            art = rng.choice(articles)
            yield rng.choice(art.fulltext + art.abstract + art.pdf + _OTHER), who, 200
        return
    who = rng.choice(users)
    if roll < 0.30:  # errors, redirects, searches, URLs that name nothing
        status = rng.choice((200, 200, 404, 301, 302, 500))
        yield rng.choice(_OTHER), who, status
        for s in rng.sample(_STATIC, 3):
            yield s, who, 304
        return
    art = rng.choice(articles)
    pages = [rng.choice(art.abstract)] if rng.random() < 0.4 else []
    pages.append(art.classic if art.classic and rng.random() < 0.15 else rng.choice(art.fulltext))
    if rng.random() < 0.35:
        pages.append(rng.choice(art.pdf))
    if rng.random() < 0.1:
        pages.append(pages[-1])  # a double-click
    for page in pages:
        yield page, who, 200
        for s in rng.sample(_STATIC, rng.randint(4, 7)):
            yield s, who, rng.choice((200, 304))
        for fig in art.figures[:3]:
            yield fig, who, 200
