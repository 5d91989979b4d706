"""Countries from an optional MaxMind database (a small one written for the test); unknown without."""

from __future__ import annotations

import pytest

from scielo_pub.errors import ConfigError
from scielo_pub.site import create_app
from scielo_pub.store import connect
from scielo_pub.usage.geo import open_geoip
from scielo_pub.usage.importer import import_logs

from .helpers import at, line
from .store_seed import seed

FT = "/j/rsd/v12n1/2764-5010-rsd-12-01-0001/pt.html"


@pytest.fixture
def mmdb(tmp_path):
    writer = pytest.importorskip("mmdb_writer")
    from netaddr import IPSet

    w = writer.MMDBWriter(ip_version=6, ipv4_compatible=True, database_type="GeoIP2-Country")
    w.insert_network(IPSet(["200.1.0.0/16"]), {"country": {"iso_code": "BR"}})
    w.insert_network(IPSet(["2806::/16"]), {"country": {"iso_code": "MX"}})
    path = tmp_path / "country.mmdb"
    w.to_db_file(str(path))
    return path


def test_lookup(mmdb, tmp_path):
    country_of = open_geoip(mmdb)
    assert country_of("200.1.2.3") == "BR"
    assert country_of("2806:108e:21::a7fb") == "MX"
    assert country_of("8.8.8.8") is None and country_of("-") is None
    (tmp_path / "bad.mmdb").write_bytes(b"not a database")
    with pytest.raises(ConfigError):
        open_geoip(tmp_path / "bad.mmdb")


def test_countries_in_store_and_pages(mmdb, tmp_path):
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    engine = connect(url)
    seed(engine)
    log = tmp_path / "access.log"
    log.write_text("\n".join([line(FT, at(0), ip="200.1.2.3"), line(FT, at(60), ip="8.8.8.8"),
                              line(FT, at(90), ip="2806:108e::1")]) + "\n")  # fmt: skip
    import_logs(engine, [log], geoip=mmdb)
    engine.dispose()
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<h1>home</h1>", encoding="utf-8")
    app = create_app(site, {"TESTING": True}, db=url)
    data = app.test_client().get("/usage/?format=json&begin=2024-06&end=2024-06").json
    app.extensions["scielo_pub_store"].dispose()
    by = {c["country"]: c["requests"] for c in data["by_country"]}
    assert by == {"BR": 1, "MX": 1, None: 1}
    assert [m["Unique_Item_Requests"] for m in data["monthly"]] == [3]
