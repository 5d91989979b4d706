"""The six OAI-PMH verbs over the demo collection's store (SQLite and PostgreSQL), every response
validated against the OAI-PMH schema."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from scielo_pub.store import schema as s

from .conftest import BASE, OAI, T1, identifiers

pytestmark = pytest.mark.refdata

PID = "S0718-462X2024000100101"
ID = f"oai:demo:{PID}"


def store_idents(engine, *, lilacs: bool = False) -> list[str]:
    a = s.articles
    query = select(a.c.ident)
    if lilacs:
        query = query.where(a.c.lilacs_json.is_not(None))
    with engine.connect() as conn:
        return sorted(conn.execute(query).scalars())


def test_identify(oai):
    root = oai.get(verb="Identify")
    ident = root.find(f"{OAI}Identify")
    assert ident.findtext(f"{OAI}repositoryName") == "Coleção de Demonstração scielo-pub"
    assert ident.findtext(f"{OAI}baseURL") == f"{BASE}oai"
    assert ident.findtext(f"{OAI}earliestDatestamp") == "2024-03-01T10:00:00Z"
    assert ident.findtext(f"{OAI}deletedRecord") == "persistent"
    assert ident.findtext(f"{OAI}granularity") == "YYYY-MM-DDThh:mm:ssZ"
    assert root.find(f"{OAI}request").get("verb") == "Identify"


def test_identify_describes_a_domain_repository_identifier(
    shared_url, tmp_path, oai_schema, make_client
):
    from .conftest import Harvest

    client = make_client(tmp_path, shared_url, OAI_REPOSITORY="scielo.example.org",
                         OAI_ADMIN_EMAIL=["oai@scielo.example.org", "ti@scielo.example.org"])  # fmt: skip
    root = Harvest(client, oai_schema).get(verb="Identify")
    assert [e.text for e in root.iter(f"{OAI}adminEmail")] == [
        "oai@scielo.example.org", "ti@scielo.example.org"
    ]  # fmt: skip
    ns = "{http://www.openarchives.org/OAI/2.0/oai-identifier}"
    sample = root.findtext(f".//{ns}sampleIdentifier")
    assert sample.startswith("oai:scielo.example.org:S")
    assert Harvest(client, oai_schema).get(verb="GetRecord", identifier=sample,
                                           metadataPrefix="oai_dc").find(f"{OAI}GetRecord") is not None  # fmt: skip


def test_list_metadata_formats(oai, client):
    root = oai.get(verb="ListMetadataFormats")
    formats = {
        f.findtext(f"{OAI}metadataPrefix"): f.findtext(f"{OAI}schema")
        for f in root.iter(f"{OAI}metadataFormat")
    }
    assert set(formats) == {"oai_dc", "jats", "lilacs"}
    assert formats["lilacs"] == f"{BASE}oai/lilacs-record.xsd"
    with client.get("/oai/lilacs-record.xsd") as response:
        assert response.status_code == 200 and b"urn:scielo-pub:lilacs-record:1" in response.data


def test_formats_of_one_item_follow_what_the_store_holds(own_oai, demo_store):
    oai = own_oai
    root = oai.get(verb="ListMetadataFormats", identifier=ID)
    assert {e.text for e in root.iter(f"{OAI}metadataPrefix")} == {"oai_dc", "jats", "lilacs"}
    with demo_store.begin() as conn:
        conn.execute(s.articles.update().where(s.articles.c.ident == PID).values(lilacs_json=None))
    root = oai.get(verb="ListMetadataFormats", identifier=ID)
    assert {e.text for e in root.iter(f"{OAI}metadataPrefix")} == {"oai_dc", "jats"}
    assert oai.error_codes(verb="GetRecord", identifier=ID, metadataPrefix="lilacs") == [
        "cannotDisseminateFormat"
    ]  # fmt: skip
    pages = oai.walk("ListIdentifiers", metadataPrefix="lilacs")
    assert ID not in identifiers(pages)


def test_list_sets_pages_through_journals_and_issues(oai, oai_content):
    pages = oai.walk("ListSets")
    specs = [e.text for page in pages for e in page.iter(f"{OAI}setSpec")]
    expected = {"journal"} | {f"journal:{j.acronym}" for j in oai_content.journals}
    expected |= {f"journal:{i.journal_acronym}:{i.label}" for i in oai_content.issues}
    assert len(pages) == (len(expected) + 1) // 2
    assert sorted(specs) == specs and set(specs) == expected and len(specs) == len(expected)
    last = pages[-1].find(f"{OAI}ListSets/{OAI}resumptionToken")
    assert last.text is None and last.get("completeListSize") == str(len(expected))


@pytest.mark.parametrize("verb", ["ListIdentifiers", "ListRecords"])
@pytest.mark.parametrize("prefix", ["oai_dc", "jats", "lilacs"])
def test_lists_give_every_item_once_with_cursors(oai, shared_engine, verb, prefix):
    pages = oai.walk(verb, metadataPrefix=prefix)
    found = identifiers(pages)
    expected = store_idents(shared_engine, lilacs=prefix == "lilacs")
    assert sorted(found) == [f"oai:demo:{i}" for i in expected] and len(found) == len(set(found))
    for n, page in enumerate(pages[1:], 1):
        token = page.find(f"{OAI}{verb}/{OAI}resumptionToken")
        assert token.get("cursor") == str(2 * n)
        assert token.get("completeListSize") == str(len(expected))
    if verb == "ListRecords":
        records = [r for page in pages for r in page.iter(f"{OAI}record")]
        assert all(r.find(f"{OAI}metadata") is not None for r in records)


def test_set_selects_a_journal_and_an_issue(oai, shared_engine):
    a = s.articles
    with shared_engine.connect() as conn:
        in_journal = conn.execute(select(func.count()).where(a.c.journal_acronym == "ecl")).scalar()
        in_issue = conn.execute(
            select(a.c.ident).where(a.c.journal_acronym == "ecl", a.c.issue_label == "v8n1")
        ).scalars()
        in_issue = sorted(f"oai:demo:{i}" for i in in_issue)
    journal = identifiers(oai.walk("ListIdentifiers", metadataPrefix="oai_dc", set="journal:ecl"))
    assert len(journal) == in_journal and 0 < in_journal < len(store_idents(shared_engine))
    issue = identifiers(
        oai.walk("ListIdentifiers", metadataPrefix="oai_dc", set="journal:ecl:v8n1")
    )
    assert sorted(issue) == in_issue
    everything = identifiers(oai.walk("ListIdentifiers", metadataPrefix="oai_dc", set="journal"))
    assert len(everything) == len(store_idents(shared_engine))
    page = oai.get(verb="ListIdentifiers", metadataPrefix="oai_dc", set="journal:ecl:v8n1")
    assert {e.text for e in page.iter(f"{OAI}setSpec")} >= {"journal:ecl", "journal:ecl:v8n1"}


def test_get_record_echoes_the_request(oai):
    root = oai.get(verb="GetRecord", identifier=ID, metadataPrefix="oai_dc")
    assert dict(root.find(f"{OAI}request").attrib) == {
        "verb": "GetRecord", "identifier": ID, "metadataPrefix": "oai_dc"
    }  # fmt: skip
    header = root.find(f"{OAI}GetRecord/{OAI}record/{OAI}header")
    assert header.findtext(f"{OAI}identifier") == ID
    assert header.findtext(f"{OAI}datestamp") == T1.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert header.get("status") is None


def test_post_is_answered_like_get(oai, client):
    assert oai.post(verb="GetRecord", identifier=ID, metadataPrefix="jats").find(
        f"{OAI}GetRecord"
    ) is not None  # fmt: skip
    with client.post("/oai", data=b"verb=Identify", content_type="text/plain") as response:
        assert response.status_code == 415


# -- every error code ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "code"),
    [
        ({}, "badVerb"),
        ({"verb": "ListAll"}, "badVerb"),
        ({"verb": "GetRecord", "identifier": ID}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2024-13-45"}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "until": "2024-03-01T10:00Z"},
         "badArgument"),
        ({"verb": "Identify", "identifier": ID}, "badArgument"),
        ({"verb": "ListRecords", "resumptionToken": "bogus"}, "badResumptionToken"),
        ({"verb": "ListRecords", "metadataPrefix": "marc21"}, "cannotDisseminateFormat"),
        ({"verb": "GetRecord", "identifier": ID, "metadataPrefix": "marc21"},
         "cannotDisseminateFormat"),
        ({"verb": "GetRecord", "identifier": "oai:demo:S9999", "metadataPrefix": "oai_dc"},
         "idDoesNotExist"),
        ({"verb": "GetRecord", "identifier": f"oai:other:{PID}", "metadataPrefix": "oai_dc"},
         "idDoesNotExist"),
        ({"verb": "ListMetadataFormats", "identifier": "urn:isbn:0451450523"}, "idDoesNotExist"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2030-01-01"},
         "noRecordsMatch"),
        ({"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "until": "2020-01-01"},
         "noRecordsMatch"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "journal:xyz"},
         "noRecordsMatch"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "issue:ecl"},
         "noRecordsMatch"),
    ],
)  # fmt: skip
def test_error_codes(oai, args, code):
    root = oai.get(**args)
    assert [e.get("code") for e in root.iter(f"{OAI}error")] == [code]
    echoed = dict(root.find(f"{OAI}request").attrib)
    assert echoed == ({} if code in ("badVerb", "badArgument") else args)


def test_repeated_argument_is_bad(oai, client, oai_schema):
    from .conftest import Harvest

    with client.get(
        f"/oai?verb=GetRecord&identifier={ID}&identifier={ID}&metadataPrefix=jats"
    ) as r:
        root = Harvest(client, oai_schema).check(r)
    assert [e.get("code") for e in root.iter(f"{OAI}error")] == ["badArgument"]


def test_token_of_another_list_is_a_bad_resumption_token(oai):
    page = oai.get(verb="ListIdentifiers", metadataPrefix="oai_dc")
    token = page.findtext(f"{OAI}ListIdentifiers/{OAI}resumptionToken")
    assert oai.error_codes(verb="ListRecords", resumptionToken=token) == ["badResumptionToken"]
    assert oai.error_codes(verb="ListSets", resumptionToken=token) == ["badResumptionToken"]
    forged = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    assert oai.error_codes(verb="ListIdentifiers", resumptionToken=forged) == ["badResumptionToken"]
    assert oai.error_codes(verb="ListIdentifiers", resumptionToken=token,
                           metadataPrefix="oai_dc") == ["badArgument"]  # fmt: skip


def test_token_signed_by_another_server_is_bad(shared_url, tmp_path, oai_schema, make_client):
    from .conftest import Harvest

    one = Harvest(make_client(tmp_path, shared_url, SECRET_KEY="one"), oai_schema)
    two = Harvest(make_client(tmp_path, shared_url, SECRET_KEY="two"), oai_schema)
    token = one.get(verb="ListRecords", metadataPrefix="oai_dc").findtext(
        f".//{OAI}resumptionToken"
    )
    assert one.error_codes(verb="ListRecords", resumptionToken=token) == []
    assert two.error_codes(verb="ListRecords", resumptionToken=token) == ["badResumptionToken"]


def test_no_metadata_formats_for_a_withdrawn_item_and_no_sets_in_an_empty_store(
    own_oai, engine, tmp_path, oai_schema, oai_content, make_client
):
    oai = own_oai
    import dataclasses

    from scielo_pub.store.write import write_store

    from .conftest import T3, Harvest

    kept = tuple(p for p in oai_content.articles if p.article.pid != PID)
    write_store(engine, dataclasses.replace(oai_content, articles=kept), now=T3)
    assert oai.error_codes(verb="ListMetadataFormats", identifier=ID) == ["noMetadataFormats"]
    empty = tmp_path / "empty"
    empty.mkdir()
    url = f"sqlite:///{empty / 'store.sqlite'}"
    from scielo_pub import store

    store.connect(url).dispose()
    harvest = Harvest(make_client(empty, url), oai_schema)
    assert harvest.error_codes(verb="ListSets") == ["noSetHierarchy"]
    assert harvest.error_codes(verb="ListRecords", metadataPrefix="oai_dc") == ["noRecordsMatch"]
    identify = harvest.get(verb="Identify").find(f"{OAI}Identify")
    assert identify.findtext(f"{OAI}earliestDatestamp")


def test_an_unreadable_store_is_a_503_not_a_500(tmp_path, make_client):
    client = make_client(tmp_path, f"sqlite:///{tmp_path / 'none.sqlite'}")
    with client.get("/oai?verb=Identify") as response:
        assert response.status_code == 503
        assert b"build" in response.data


def test_settings_from_the_environment(shared_url, tmp_path, oai_schema, monkeypatch):
    from scielo_pub.site import create_app

    from .conftest import Harvest

    monkeypatch.setenv("SCIELO_PUB_OAI_ADMIN_EMAIL", "a@x.example.org,b@x.example.org")
    monkeypatch.setenv("SCIELO_PUB_OAI_PAGE_SIZE", "5")
    monkeypatch.setenv("SCIELO_PUB_OAI_REPOSITORY", "scielo")
    app = create_app(tmp_path, {"SECRET_KEY": "k"}, db=shared_url)
    try:
        harvest = Harvest(app.test_client(), oai_schema)
        root = harvest.get(verb="Identify")
        assert [e.text for e in root.iter(f"{OAI}adminEmail")] == [
            "a@x.example.org",
            "b@x.example.org",
        ]
        page = harvest.get(verb="ListIdentifiers", metadataPrefix="oai_dc")
        assert len(page.findall(f"{OAI}ListIdentifiers/{OAI}header")) == 5
        assert page.findtext(f".//{OAI}identifier").startswith("oai:scielo:")
    finally:
        app.extensions["scielo_pub.oai"].engine.dispose()


@pytest.mark.parametrize("value", ["many", "0"])
def test_a_bad_page_size_stops_the_app_with_a_message(shared_url, tmp_path, value):
    from scielo_pub.errors import ConfigError
    from scielo_pub.site import create_app

    with pytest.raises(ConfigError, match="OAI_PAGE_SIZE"):
        create_app(tmp_path, {"OAI_PAGE_SIZE": value}, db=shared_url)


def test_the_widest_datestamps_list_everything(oai, shared_engine):
    pages = oai.walk("ListIdentifiers", metadataPrefix="oai_dc", from_="0001-01-01",
                     until="9999-12-31")  # fmt: skip
    assert len(identifiers(pages)) == len(store_idents(shared_engine))
    pages = oai.walk("ListIdentifiers", metadataPrefix="oai_dc", until="9999-12-31T23:59:59Z")
    assert len(identifiers(pages)) == len(store_idents(shared_engine))
