"""Issue-level checks over folders and zips: agreement, uniqueness, referenced and packaged files."""

from __future__ import annotations

import zipfile

from scielo_pub.dtd.validate import validate_paths

from .helpers import GOOD, mutate

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
SECOND = mutate(
    GOOD,
    ("S0034-89102024000100010", "S0034-89102024000100020"),
    ("AbCdEfGhIjKlMnOpQrStUvW", "XbCdEfGhIjKlMnOpQrStUvW"),
    ("10.1590/s0034-8910.2024001", "10.1590/s0034-8910.2024002"),
    (">00010<", ">00020<"),
)


def issue(tmp_path, files: dict[str, bytes | str]):
    folder = tmp_path / "v58n1"
    folder.mkdir()
    for name, data in files.items():
        (folder / name).write_bytes(data.encode() if isinstance(data, str) else data)
    return folder


def package_codes(report) -> dict[str, list]:
    out: dict[str, list] = {}
    for diag in report.diagnostics:
        out.setdefault(diag.code, []).append(diag)
    return out


def test_clean_issue_has_no_package_problems(tmp_path):
    folder = issue(tmp_path, {"a.xml": GOOD, "b.xml": SECOND, "rtst-58-1-0010-gf01.png": PNG})
    report = validate_paths([folder])
    assert len(report.results) == 2
    assert package_codes(report) == {}


def test_missing_and_unreferenced_files(tmp_path):
    folder = issue(tmp_path, {"a.xml": GOOD, "stray.pdf": b"%PDF-1.4 x"})
    codes = package_codes(validate_paths([folder]))
    (missing,) = codes["package.file-missing"]
    assert missing.path.endswith("a.xml") and "rtst-58-1-0010-gf01.png" in missing.message
    line = GOOD.splitlines()[missing.line - 1]
    assert line[missing.column - 1 :].startswith("<graphic")
    (stray,) = codes["package.file-unreferenced"]
    assert stray.path.endswith("stray.pdf") and not stray.is_error


def test_reference_without_extension_matches_the_packaged_image(tmp_path):
    text = GOOD.replace("rtst-58-1-0010-gf01.png", "rtst-58-1-0010-gf01.tif")
    folder = issue(tmp_path, {"a.xml": text, "rtst-58-1-0010-gf01.jpg": PNG})
    assert package_codes(validate_paths([folder])) == {}


def test_articles_must_agree_on_issn_volume_number_and_year(tmp_path):
    third = mutate(
        SECOND,
        ('<issn pub-type="epub">0034-8910<', '<issn pub-type="epub">2965-0348<'),
        ("<volume>58</volume>", "<volume>59</volume>"), ("<issue>1</issue>", "<issue>2</issue>"),
        ("<pub-date date-type=\"collection\" publication-format=\"electronic\">\n        <year>2024",
         "<pub-date date-type=\"collection\" publication-format=\"electronic\">\n        <year>2025"),
        ("S0034-89102024000100020", "S0034-89102024000100030"), (">00020<", ">00030<"),
        ("10.1590/s0034-8910.2024002", "10.1590/s0034-8910.2024003"),
        ("XbCdEfGhIjKlMnOpQrStUvW", "YbCdEfGhIjKlMnOpQrStUvW"),
    )  # fmt: skip
    folder = issue(
        tmp_path, {"a.xml": GOOD, "b.xml": SECOND, "c.xml": third, "rtst-58-1-0010-gf01.png": PNG}
    )
    codes = package_codes(validate_paths([folder]))
    for name in ("issn", "volume", "number", "year"):
        (diag,) = codes[f"package.{name}-mismatch"]
        assert diag.path.endswith("c.xml") and diag.is_error


def test_pids_orders_and_dois_are_unique(tmp_path):
    folder = issue(tmp_path, {"a.xml": GOOD, "b.xml": GOOD, "rtst-58-1-0010-gf01.png": PNG})
    codes = package_codes(validate_paths([folder]))
    for name in ("pid", "order", "doi"):
        (diag,) = codes[f"package.{name}-duplicate"]
        assert diag.path.endswith("b.xml") and "a.xml" in diag.message


def test_empty_and_huge_assets(tmp_path, monkeypatch):
    import scielo_pub.dtd.package as package_module

    monkeypatch.setattr(package_module, "LARGE_ASSET_BYTES", 10)
    folder = issue(tmp_path, {"a.xml": GOOD, "rtst-58-1-0010-gf01.png": PNG, "empty.png": b""})
    codes = package_codes(validate_paths([folder]))
    assert codes["package.file-empty"][0].path.endswith("empty.png")
    assert codes["package.file-large"][0].path.endswith("rtst-58-1-0010-gf01.png")


def test_folder_without_articles(tmp_path):
    folder = issue(tmp_path, {"x.png": PNG})
    report = validate_paths([folder])
    assert "package.no-articles" in package_codes(report) and report.exit_code == 1


def test_zip_package_gets_the_same_checks(tmp_path):
    path = tmp_path / "issue.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("a.xml", GOOD)
        zf.writestr("b.xml", GOOD)
        zf.writestr("stray.png", PNG)
    report = validate_paths([path])
    assert [r.path for r in report.results] == [f"{path}/a.xml", f"{path}/b.xml"]
    codes = package_codes(report)
    assert {"package.pid-duplicate", "package.file-missing", "package.file-unreferenced"} <= set(
        codes
    )


def test_symlink_out_of_the_folder_is_not_followed(tmp_path):
    outside = tmp_path / "secret.xml"
    outside.write_text(GOOD)
    folder = issue(tmp_path, {"a.xml": GOOD, "rtst-58-1-0010-gf01.png": PNG})
    (folder / "link.xml").symlink_to(outside)
    report = validate_paths([folder])
    assert [r.path.rsplit("/", 1)[-1] for r in report.results] == ["a.xml"]
    assert "package.unsafe-path" in package_codes(report)


def test_journal_rules_also_reach_package_checks(tmp_path):
    journal = tmp_path / "journal.toml"
    journal.write_text(
        '[rules]\n"package.file-unreferenced" = "off"\n"package.file-missing" = "info"\n'
    )
    folder = issue(tmp_path, {"a.xml": GOOD, "stray.pdf": b"%PDF-1.4 x"})
    codes = package_codes(validate_paths([folder]))
    assert "package.file-unreferenced" not in codes
    assert codes["package.file-missing"][0].severity.name == "INFO"
