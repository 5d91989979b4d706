"""The smaller defects of issue 12: LILACS JSON is UTF-8, ``validate FILE --journal``, bracket-tag
advice for SGML, the lazily imported command line."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

from scielo_pub.cli import main
from scielo_pub.commands import lilacs as lilacs_command
from scielo_pub.dtd.validate import bracket_tags

from .corpus import DEMO, ISSUE, ROOT, SGML_TEMPLATE

XML = ISSUE / "2764-5010-rsd-12-02-0051.xml"


def test_lilacs_json_is_utf8_by_default(tmp_path):
    out = tmp_path / "records.json"
    assert main(["lilacs", str(XML), "-o", str(out), "--format", "json"]) == 0
    text = out.read_bytes().decode("utf-8")  # not Latin-1
    record = json.loads(text.splitlines()[0])
    assert any("ã" in f["text"] or "é" in f["text"] or "ç" in f["text"] for f in record["fields"])


def test_lilacs_json_refuses_latin1(tmp_path, capsys):
    out = tmp_path / "records.json"
    assert (
        main(["lilacs", str(XML), "-o", str(out), "--format", "json", "--encoding", "latin-1"]) == 2
    )
    assert "UTF-8" in capsys.readouterr().err


def test_copied_sgml_validates_with_its_journal(tmp_path, capsys):
    copy = tmp_path / SGML_TEMPLATE.name
    shutil.copy(SGML_TEMPLATE, copy)
    journal = DEMO / "journals" / "rsd" / "journal.toml"
    assert main(["validate", str(copy), "--journal", str(journal)]) == 0
    assert main(["validate", str(SGML_TEMPLATE)]) == 0  # as in its collection
    capsys.readouterr()


def test_sgml_advice_uses_bracket_tags(tmp_path, capsys):
    # An SGML article whose second affiliation no author points to: the advice names the tag to add.
    text = SGML_TEMPLATE.read_bytes().replace(
        b"[author role=nd rid=aff2]", b"[author role=nd rid=aff1]"
    )
    assert text != SGML_TEMPLATE.read_bytes()
    article = tmp_path / SGML_TEMPLATE.name
    article.write_bytes(text)
    journal = SGML_TEMPLATE.parent.parent.parent / "journal.toml"
    main(["validate", str(article), "--journal", str(journal)])
    advice = [line for line in capsys.readouterr().out.splitlines() if "advice:" in line]
    assert advice and all("<xref" not in line for line in advice)
    assert any("[xref" in line for line in advice)


def test_bracket_tags():
    assert (
        bracket_tags('Put <xref ref-type="fn" rid="fn1"> here')
        == "Put [xref ref-type=fn rid=fn1] here"
    )
    assert bracket_tags("<a><b>x</b></a>") == "[a][b]x[/b][/a]"


def test_command_choices_match_the_library():
    from scielo_pub.lilacs import ENCODINGS, FORMATS
    from scielo_pub.lilacs.limits import LimitPolicy

    assert set(lilacs_command.FORMAT_CHOICES) == set(FORMATS)
    assert set(lilacs_command.ENCODING_CHOICES) == set(ENCODINGS)
    assert set(lilacs_command.LIMIT_CHOICES) == {p.value for p in LimitPolicy}


def test_the_command_line_starts_without_the_heavy_stages():
    code = (
        "import sys; from scielo_pub.cli import build_parser; build_parser(); "
        "heavy = [m for m in ('scielo_pub.build', 'scielo_pub.render.site', 'weasyprint', "
        "'jinja2', 'scielo_pub.lilacs.export', 'scielo_pub.dtd.validate') if m in sys.modules]; "
        "print(','.join(heavy))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                          env={"PYTHONPATH": str(ROOT), "PATH": ""}, check=True)  # fmt: skip
    assert done.stdout.strip() == ""
