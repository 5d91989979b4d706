"""The mistakes a reader saw on the demo site, each checked by structure over the built pages."""

from __future__ import annotations

import re

from .conftest import fulltext_pages, parse

_NUMBER = re.compile(r"^\s*\[?\(?\d+[.)\]]?\s")


def test_reference_numbers_are_printed_once(site):
    """A list whose references carry their numbers adds none of its own (``1. 1. Rocha TM``)."""
    checked = 0
    for path in fulltext_pages(site):
        for ol in parse(path).iterfind(".//ol"):
            if "ref-list" not in (ol.get("class") or "").split():
                continue
            items = ol.findall("li")
            printed = [li for li in items if _NUMBER.match(li.text_content())]
            if printed:
                checked += 1
                assert "labelled" in ol.get("class").split(), path
    assert checked, "the demo has numbered reference lists"


def test_numbered_lists_show_no_markers_in_the_stylesheet(site):
    css = (site / "static" / "site.css").read_text(encoding="utf-8")
    rule = re.search(r"\.ref-list\.labelled\s*\{([^}]*)\}", css)
    assert rule and "list-style: none" in rule.group(1)


def test_affiliation_marks_are_separated(site):
    """Two marks read as two (``1,2``), not as twelve (``12``)."""
    seen = 0
    for path in fulltext_pages(site):
        for li in parse(path).xpath('//ul[@class="contributors"]/li'):
            marks = li.xpath('.//a[@class="aff-mark"]')
            if len(marks) < 2:
                continue
            seen += 1
            sups = li.xpath('.//sup[@class="aff-marks"]')
            assert len(sups) == 1, path
            text = sups[0].text_content()
            assert text == ",".join(m.text_content() for m in marks), (path, text)
    assert seen, "the demo has an author with two affiliations"


def test_table_footnote_marks_are_superscript_and_labelled(site):
    seen = 0
    for path in fulltext_pages(site):
        page = parse(path)
        for table in page.xpath('//figure[contains(@class,"table-wrap")]'):
            refs = table.xpath('.//a[contains(@class,"xref-table-fn")]')
            for ref in refs:
                seen += 1
                assert ref.find("sup") is not None, path
                target = page.get_element_by_id(ref.get("href")[1:])
                assert target is not None and target.xpath("ancestor::*[@class='table-foot']")
                label = target.xpath('./sup[contains(@class,"fn-label")]')
                assert label and label[0].text_content() == ref.text_content(), path
    assert seen, "the demo has tables with footnotes"


def test_favicon_exists_and_pages_point_to_it(site):
    icon = site / "favicon.ico"
    assert icon.is_file() and icon.read_bytes()[:4] == b"\x00\x00\x01\x00"  # an ICO file
    for path in [site / "index.html", *fulltext_pages(site)[:3]]:
        href = parse(path).xpath("string(//link[@rel='icon']/@href)")
        assert (path.parent / href).resolve() == icon.resolve(), path


def test_the_demo_builds_without_warnings_of_its_own(demo_build):
    report, _out = demo_build
    own = [d for d in report.diagnostics if "collections/demo" in d.path.replace("\\", "/")]
    assert not [d.format() if hasattr(d, "format") else str(d) for d in own]
