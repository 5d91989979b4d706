"""The parsed XML DTD kept between processes: same verdicts as a fresh parse, and an entry that is
damaged, stale or not a regular file is never trusted."""

from __future__ import annotations

import copy
import io
import os
import random
import shutil
from pathlib import Path

import pytest
from lxml import etree

from scielo_pub import usercache
from scielo_pub.dtd import dtdcache, xmlvalid

MINI = Path(__file__).parent / "data" / "mini"
ROOT = Path(__file__).resolve().parents[2]
PARSER = etree.XMLParser(load_dtd=False, resolve_entities=False, no_network=True)


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("SCIELO_PUB_CACHE", str(tmp_path / "cache"))
    xmlvalid._DTD_CACHE.clear()
    yield tmp_path / "cache"
    xmlvalid._DTD_CACHE.clear()


def _mini(tmp_path) -> tuple[xmlvalid.XmlCatalog, Path]:
    folder = tmp_path / "dtd"
    shutil.copytree(MINI, folder)
    catalog = xmlvalid.load_catalog((folder / "catalog.xml",))
    return catalog, folder / "mini.dtd"


def _load(catalog, target):
    xmlvalid._DTD_CACHE.clear()
    calls = []

    def parse(t):
        calls.append(t)
        return xmlvalid._parse_dtd_files(catalog, t)

    dtd, problem = dtdcache.load_cached(target, catalog.files, parse)
    return dtd, problem, bool(calls)


def _entries(cache: Path) -> list[Path]:
    return sorted((cache / dtdcache.KIND).glob("*.json"))


def _verdict(dtd, text: str):
    ok = dtd.validate(etree.parse(io.BytesIO(text.encode()), PARSER))
    return ok, sorted((e.line, e.message) for e in dtd.error_log)


GOOD = "<article><front><title>T <bold>b</bold></title></front></article>"
BAD = '<article dtd-version="2"><front><title><xref/></title></front><body/></article>'


def test_second_load_uses_the_entry_and_judges_alike(cache, tmp_path):
    catalog, target = _mini(tmp_path)
    first, _problem, parsed = _load(catalog, target)
    assert parsed and len(_entries(cache)) == 1
    second, _problem, parsed = _load(catalog, target)
    assert not parsed
    for text in (GOOD, BAD):
        assert _verdict(first, text) == _verdict(second, text)
    assert _verdict(second, GOOD)[0] and not _verdict(second, BAD)[0]


def test_a_changed_module_file_is_not_served_from_the_cache(cache, tmp_path):
    catalog, target = _mini(tmp_path)
    _load(catalog, target)
    ent = target.parent / "mini-inline.ent"
    ent.write_text(ent.read_text().replace('"italic | bold"', '"italic"'))
    dtd, _problem, parsed = _load(catalog, target)
    assert parsed
    assert not _verdict(dtd, GOOD)[0]  # <bold> is no longer declared


@pytest.mark.parametrize("damage", ["garbage", "truncate", "digest", "fifo"])
def test_a_damaged_entry_is_ignored_and_rewritten(cache, tmp_path, damage):
    catalog, target = _mini(tmp_path)
    _load(catalog, target)
    (entry,) = _entries(cache)
    raw = entry.read_bytes()
    if damage == "garbage":
        entry.write_bytes(b"\x00not a cache entry")
    elif damage == "truncate":
        entry.write_bytes(raw[: len(raw) // 2])
    elif damage == "digest":  # a valid-looking body whose text was edited after writing
        entry.write_bytes(raw.replace(b"ELEMENT front", b"ELEMENT frunt"))
    else:
        entry.unlink()
        os.mkfifo(entry)
    dtd, _problem, parsed = _load(catalog, target)
    assert parsed
    assert _verdict(dtd, GOOD)[0] and not _verdict(dtd, BAD)[0]
    if damage != "fifo":
        assert usercache.load(dtdcache.KIND, entry.stem) is not None


def test_cache_off_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("SCIELO_PUB_CACHE", "off")
    monkeypatch.setenv("HOME", str(tmp_path))
    catalog, target = _mini(tmp_path)
    _load(catalog, target)
    _load(catalog, target)
    assert not (tmp_path / ".cache").exists()


def test_flatten_refuses_what_it_does_not_understand():
    assert dtdcache.flatten("<!ELEMENT a EMPTY>\nstray text") is None
    text = '<!ENTITY % ext SYSTEM "other.ent">\n<!ENTITY e "%ext;">\n<!ELEMENT a EMPTY>'
    assert dtdcache.flatten(text) is None
    kept = dtdcache.flatten('<!-- c --><!ENTITY % unused "x">\n<!ELEMENT a EMPTY>\n<?pi x?>')
    assert kept == "<!ELEMENT a EMPTY>\n"


@pytest.mark.refdata
def test_the_flat_jats_dtds_judge_real_articles_as_the_module_files_do(cache, jats_catalog):
    catalog = xmlvalid.load_catalog((jats_catalog.resolve(),))
    files = sorted((ROOT.parent / "shared" / "data" / "xml").glob("*.xml"))[:12]
    files += sorted((ROOT / "collections" / "demo").rglob("*.xml"))[:12]
    trees = [etree.parse(str(f), PARSER) for f in files]
    rng = random.Random(7)
    for tree in list(trees):
        for _ in range(2):
            mutated = copy.deepcopy(tree)
            elements = list(mutated.getroot().iter(etree.Element))[1:]
            for el in rng.sample(elements, min(4, len(elements))):
                if rng.random() < 0.5 and el.getparent() is not None:
                    el.getparent().remove(el)
                else:
                    el.set(rng.choice(["id", "rid", "bogus"]), "x1")
            trees.append(mutated)
    named = {catalog.resolve(t.docinfo.public_id, t.docinfo.system_url) for t in trees}
    targets = sorted(t for t in named if t is not None and t.is_file())
    assert targets
    for target in targets:
        parser = etree.XMLParser(load_dtd=True, no_network=True, resolve_entities=False)
        parser.resolvers.add(xmlvalid._CatalogResolver(catalog))
        stub = f'<!DOCTYPE article SYSTEM "{target.as_uri()}"><article/>'.encode()
        fresh = etree.fromstring(stub, parser).getroottree().docinfo.externalDTD
        _load(catalog, target)
        flat, _problem, parsed = _load(catalog, target)
        assert not parsed
        invalid = 0
        for tree in trees:
            expected = (fresh.validate(tree), sorted((e.line, e.message) for e in fresh.error_log))
            got = (flat.validate(tree), sorted((e.line, e.message) for e in flat.error_log))
            assert got == expected
            invalid += not expected[0]
        assert invalid  # the mutations did break something: the comparison saw errors
