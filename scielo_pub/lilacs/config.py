"""A collection's ``[lilacs]`` settings in, the export configuration out (database and centre codes, URLs).

Keys of ``[lilacs]`` in ``collection.toml`` (all optional):

``database``   database code(s) for v4 (a string or a list), default ``LILACS``;
``center``     cooperative-centre code for v1, default ``BR1.1`` (BIREME);
``html_url``/``pdf_url``  templates for the v8 electronic addresses, with ``{base_url}``, ``{journal}``,
               ``{issue}``, ``{stem}``, ``{pid}``, ``{lang}``; defaults follow the site's article pages;
``require_decs``  ``true`` (default) applies LILACS rule 12 (a primary DeCS descriptor is needed to publish).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..errors import ConfigError

#: The pages ``scielo-pub build`` writes (``render.urls``): one pair per language of the article.
DEFAULT_HTML_URL = "{base_url}j/{journal}/{issue}/{stem}/{lang}.html"
DEFAULT_PDF_URL = "{base_url}j/{journal}/{issue}/{stem}/{stem}-{lang}.pdf"


@dataclass(frozen=True, slots=True)
class LilacsConfig:
    """Everything an export needs that the articles do not say."""

    databases: tuple[str, ...] = ("LILACS",)
    center: str = "BR1.1"
    base_url: str = "http://127.0.0.1:8000/"
    html_url: str = DEFAULT_HTML_URL
    pdf_url: str = DEFAULT_PDF_URL
    require_decs: bool = True


def config_from(settings: dict[str, Any] | None, base_url: str | None = None) -> LilacsConfig:
    """A LilacsConfig from a ``[lilacs]`` table; unknown keys or wrong types raise ConfigError."""
    settings = dict(settings or {})
    known = {"database", "center", "html_url", "pdf_url", "require_decs"}
    unknown = set(settings) - known
    if unknown:
        raise ConfigError(
            f"[lilacs] has unknown key(s) {', '.join(sorted(unknown))}; known keys: {', '.join(sorted(known))}"
        )
    database = settings.get("database", "LILACS")
    # collection.py hands the table over with values turned into strings ("['A', 'B']", "False").
    names = (
        re.findall(r"[\w.\-]+", database)
        if isinstance(database, str)
        else [str(d) for d in database]
    )
    databases = tuple(names)
    if not databases or not all(databases):
        raise ConfigError('[lilacs] database must name at least one database code, e.g. "LILACS"')
    base = base_url or LilacsConfig.base_url
    return LilacsConfig(
        databases=databases,
        center=str(settings.get("center", "BR1.1")),
        base_url=base if base.endswith("/") else base + "/",
        html_url=str(settings.get("html_url", DEFAULT_HTML_URL)),
        pdf_url=str(settings.get("pdf_url", DEFAULT_PDF_URL)),
        require_decs=_as_bool(settings.get("require_decs", True)),
    )


def _as_bool(value: object) -> bool:
    if isinstance(value, str):
        if value.strip().lower() not in ("true", "false", "yes", "no", "1", "0"):
            raise ConfigError(f"[lilacs] require_decs must be true or false, not {value!r}")
        return value.strip().lower() in ("true", "yes", "1")
    return bool(value)
