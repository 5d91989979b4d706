"""Bad input: each case gives a clear, positioned message and no crash; nothing outside the
package is read or written."""

from __future__ import annotations

import io
import time
import zipfile

from scielo_pub.dtd.validate import MAX_DIAGNOSTICS_PER_FILE, validate_article, validate_paths

from .helpers import DATA, GOOD

CATALOG = DATA / "mini" / "catalog.xml"
MINI_DOCTYPE = '<!DOCTYPE article PUBLIC "-//SCIELO-PUB//DTD Mini Test v1//EN" "mini.dtd">'


def codes(result) -> list[str]:
    return [d.code for d in result.diagnostics]


def check(data: bytes, path: str = "bad.xml", **kwargs):
    result = validate_article(data, path=path, **kwargs)
    for diag in result.diagnostics:
        assert diag.line >= 1 and diag.column >= 1 and diag.message
    return result


def test_not_well_formed_xml_is_positioned():
    result = check(b'<?xml version="1.0"?>\n<article>\n<p>text</article>\n')
    (first, *_) = [d for d in result.diagnostics if d.code == "xml.not-well-formed"]
    assert result.tree is None and first.line == 3 and first.is_error
    assert first.advice


def test_unclosed_sgml_names_the_missing_end_tags():
    text = (
        b"[article pii=x doctopic=oa language=en ccode=x status=1 version=4.0 type=tab order=1 "
        b"seccode=x sponsor=x stitle=x volid=1 issueno=1 dateiso=20240101 fpage=1 lpage=2 "
        b"pagcount=2 issn=0034-8910][front][titlegrp][title language=en]Unclosed"
    )
    result = check(text, path="bad.sgm", journal={"dtd": "art4_0"})
    messages = " ".join(d.message for d in result.diagnostics if d.kind == "structure")
    assert "omitted" in messages or "not finished" in messages or "unavailable" in messages
    assert any(d.is_error for d in result.diagnostics)


def test_latin1_bytes_without_declaration():
    result = check('<?xml version="1.0"?>\n<article>João</article>'.encode("latin-1"))
    assert codes(result) == ["xml.encoding"]
    assert "UTF-8" in result.diagnostics[0].advice


def test_unknown_encoding_declaration():
    result = check(b'<?xml version="1.0" encoding="klingon"?><article/>')
    assert codes(result) == ["xml.encoding"] and "klingon" in result.diagnostics[0].message


def test_declared_latin1_but_utf8_bytes_warns():
    data = '<?xml version="1.0" encoding="ISO-8859-1"?>\n<article>João</article>'.encode()
    assert "xml.encoding-mismatch" in codes(check(data))


def test_boms_are_accepted_and_positions_stay_right():
    text = GOOD.replace("0034-8910<", "0034-8911<")
    for data in (
        b"\xef\xbb\xbf" + text.encode("utf-8"),
        text.replace("utf-8", "utf-16").encode("utf-16"),
    ):
        result = check(data)
        assert result.tree is not None
        (diag,) = [d for d in result.diagnostics if d.code == "issn-check-digit"]
        assert text.splitlines()[diag.line - 1][diag.column - 1 :].startswith("<issn")


def test_mixed_encodings_point_at_the_bad_line():
    data = '<?xml version="1.0" encoding="utf-8"?>\n<article>\n<p>João</p>\n<p>'.encode()
    data += "Jo\xe3o</p></article>".encode("latin-1")
    (diag,) = check(data).diagnostics
    assert diag.code == "xml.encoding" and diag.line == 4


def test_binary_files_are_refused():
    for data in (b"\x89PNG\r\n\x1a\n" + b"\0" * 100, b"%PDF-1.7\n", b"\x00\x01\x02<article/>"):
        result = check(data)
        assert codes(result) == ["input.binary"] and result.tree is None


def test_empty_files():
    for data in (b"", b"   \n"):
        assert codes(check(data)) == ["xml.empty"]


def test_a_50_mb_file_is_refused_without_parsing():
    data = b"<article>" + b"a" * (50 * 1024 * 1024) + b"</article>"
    start = time.perf_counter()
    result = check(data)
    assert codes(result) == ["input.too-large"] and "50.0 MB" in result.diagnostics[0].message
    assert time.perf_counter() - start < 5


def test_a_50_mb_file_on_disk(tmp_path):
    path = tmp_path / "big.xml"
    with path.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    report = validate_paths([path])
    assert [d.code for d in report.all_diagnostics] == ["input.too-large"]
    assert report.exit_code == 1


def test_xxe_file_and_http_entities_are_not_read():
    for system in ("file:///etc/passwd", "http://127.0.0.1:9/x.ent"):
        data = (
            f'<?xml version="1.0"?>\n<!DOCTYPE article [<!ENTITY xxe SYSTEM "{system}">]>\n'
            "<article><front><title>&xxe;</title></front></article>"
        ).encode()
        result = check(data, catalog=CATALOG)
        text = "".join(result.tree.getroot().itertext())
        assert "root:" not in text
        assert "xml.entity" in codes(result)


def test_billion_laughs_does_not_expand():
    lol = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
    )
    data = f'<?xml version="1.0"?>\n<!DOCTYPE article [{lol}]>\n<article><p>&lol9;</p></article>'
    start = time.perf_counter()
    result = check(data.encode())
    assert time.perf_counter() - start < 5
    assert codes(result) == ["xml.entity-bomb"] and result.tree is None


def test_thousands_of_errors_are_capped_with_a_count():
    body = "".join(f"<p><unknown>{i}</unknown><b>x</b></p>\n" for i in range(3000))
    data = (
        f'<?xml version="1.0"?>\n{MINI_DOCTYPE}\n<article><front><title>T</title></front>'
        f"<body>\n{body}</body></article>"
    ).encode()
    result = check(data, catalog=CATALOG)
    assert len(result.diagnostics) == MAX_DIAGNOSTICS_PER_FILE + 1
    last = result.diagnostics[-1]
    assert last.code == "report.truncated"
    hidden = int(last.message.split()[0])
    assert hidden > 3000


def _zip(members: dict[str, bytes], path, compression=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(path, "w", compression) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def test_zip_with_path_traversal_is_refused(tmp_path):
    inner = tmp_path / "inner"
    inner.mkdir()
    package = _zip(
        {"../evil.xml": b"<article/>", "/abs.xml": b"<article/>", "a.xml": GOOD.encode()},
        inner / "issue.zip",
    )
    report = validate_paths([package])
    unsafe = [d for d in report.diagnostics if d.code == "package.unsafe-path"]
    assert len(unsafe) == 2 and all(d.is_error for d in unsafe)
    assert [r.path for r in report.results] == [f"{package}/a.xml"]
    assert not (tmp_path / "evil.xml").exists() and not (inner / "evil.xml").exists()


def test_zip_bomb_stops_early(tmp_path):
    package = _zip(
        {"a.xml": GOOD.encode(), "bomb.png": b"\0" * (30 * 1024 * 1024)}, tmp_path / "b.zip"
    )
    start = time.perf_counter()
    report = validate_paths([package])
    assert time.perf_counter() - start < 10
    (bomb,) = [d for d in report.diagnostics if d.code == "package.bomb"]
    assert "bomb.png" in bomb.message and bomb.is_error


def test_zip_whose_header_lies_about_its_size(tmp_path, monkeypatch):
    import scielo_pub.dtd.package as package_module

    monkeypatch.setattr(package_module, "MAX_MEMBER_BYTES", 1000)
    monkeypatch.setattr(package_module, "MAX_RATIO", 10**9)
    package = _zip({"a.xml": GOOD.encode()}, tmp_path / "c.zip")
    report = validate_paths([package])
    assert "package.bomb" in [d.code for d in report.diagnostics]


def test_not_a_zip_is_unreadable(tmp_path):
    path = tmp_path / "broken.zip"
    path.write_bytes(b"PK\x03\x04 this is not really a zip")
    report = validate_paths([path])
    assert report.exit_code == 2
    assert [d.code for d in report.diagnostics] == ["package.not-zip"]


def test_zip_read_in_memory_only(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("a.xml", GOOD)
    path = tmp_path / "m.zip"
    path.write_bytes(buffer.getvalue())
    before = sorted(p.name for p in tmp_path.iterdir())
    validate_paths([path])
    assert sorted(p.name for p in tmp_path.iterdir()) == before
