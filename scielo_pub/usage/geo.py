"""A MaxMind DB file (GeoIP2/GeoLite2 Country or City, ``.mmdb``) in, an address -> ISO 3166 country
code function out. Optional: without a database every country is unknown (never guessed)."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from ..errors import ConfigError


def open_geoip(path: str | Path) -> Callable[[str], str | None]:
    """The lookup over the database at ``path``; ConfigError when it cannot be read."""
    try:
        import maxminddb
    except ImportError:
        raise ConfigError("--geoip needs the maxminddb package (pip install maxminddb)") from None
    try:
        reader = maxminddb.open_database(str(path))
    except (OSError, ValueError, maxminddb.InvalidDatabaseError) as exc:
        raise ConfigError(f"{path}: not a readable MaxMind database ({exc})") from None

    @lru_cache(maxsize=65536)
    def country_of(address: str) -> str | None:
        try:
            record = reader.get(address)
        except ValueError:  # not an address ("-", a host name)
            return None
        if not isinstance(record, dict):
            return None
        code = (record.get("country") or record.get("registered_country") or {}).get("iso_code")
        return code.upper() if isinstance(code, str) and len(code) == 2 else None

    return country_of
