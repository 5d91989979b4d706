"""The request and the app's settings in, the served site's absolute URLs out.

Behind a proxy or on another host the address a request arrived at is not the collection's public
address. The ``BASE_URL`` setting (``create_app(base_url=...)``, ``scielo-pub serve --base-url``,
``$SCIELO_PUB_BASE_URL``) names it; every absolute URL the dynamic faces write (API ``url`` fields,
Atom feeds, OAI-PMH baseURL and record identifiers, SUSHI item URIs) starts with it. Without it
they use the address of the request. The static pages keep the ``base_url`` the build wrote
(``build --base-url``).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, request


def normalise_base_url(text: str) -> str:
    """An absolute http(s) URL with a host, ending in ``/``; ``ValueError`` otherwise."""
    parts = urlsplit(text.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"the base URL {text!r} is not an absolute http(s) URL")
    if parts.query or parts.fragment:
        raise ValueError(f"the base URL {text!r} has a query or fragment")
    return text.strip().rstrip("/") + "/"


def public_root() -> str:
    """The public base URL of the served site, ending in ``/``."""
    return current_app.config.get("BASE_URL") or request.url_root


def public_url() -> str:
    """The current request's URL (path and query) under the public base URL."""
    if not current_app.config.get("BASE_URL"):
        return request.url
    path = request.full_path if request.query_string else request.path
    return public_root() + path.lstrip("/")


def rebase_urls(value, stored: str):
    """``value`` (JSON-like) with every string under the ``stored`` base URL (the one the build
    wrote) moved under the public base URL; unchanged when no ``BASE_URL`` is set."""
    public = current_app.config.get("BASE_URL")
    old = stored.rstrip("/") + "/" if stored else ""
    if not public or not old or old == public:
        return value

    def walk(item):
        if isinstance(item, str):
            return public + item[len(old) :] if item.startswith(old) else item
        if isinstance(item, dict):
            return {k: walk(v) for k, v in item.items()}
        if isinstance(item, list):
            return [walk(v) for v in item]
        return item

    return walk(value)
