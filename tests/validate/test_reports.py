"""Text, JSON and HTML reports, and the ``scielo-pub validate`` command's exit statuses."""

from __future__ import annotations

import json
import re

from lxml import html

from scielo_pub.cli import main
from scielo_pub.dtd.report import SCHEMA, to_json_data, to_text
from scielo_pub.dtd.report_html import to_html
from scielo_pub.dtd.validate import validate_paths

from .helpers import DATA, GOOD, mutate

CATALOG = str(DATA / "mini" / "catalog.xml")
LINE = re.compile(
    r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning|info|fatal): .+ \[(?P<code>[\w.-]+)\]$"
)
BROKEN = mutate(
    GOOD,
    ("0034-8910<", "0034-8911<"),
    ("<p>Uma nota de rodapé.</p>", "<p>Uma <b>nota</b> &lt;script&gt;alert(1)&lt;/script&gt;</p>"),
)


def write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_text_report_is_grouped_with_compiler_style_lines_and_a_summary(tmp_path):
    report = validate_paths([write(tmp_path, "a.xml", BROKEN), write(tmp_path, "b.xml", GOOD)])
    text = to_text(report)
    lines = text.splitlines()
    headers = [i for i, line in enumerate(lines) if line.startswith("== ")]
    assert len(headers) == 2 and lines[headers[0]].endswith("info")
    problems = [LINE.match(line) for line in lines if LINE.match(line)]
    assert {m["code"] for m in problems} >= {"issn-check-digit", "html-element", "dtd.unresolved"}
    assert any(line.startswith("    advice: ") for line in lines)
    assert lines[-1].startswith("checked 2 articles:") and "errors" in lines[-1]


def test_json_report_has_the_documented_fields(tmp_path):
    report = validate_paths([write(tmp_path, "a.xml", BROKEN)], catalog=CATALOG)
    data = json.loads(json.dumps(to_json_data(report)))
    assert data["schema"] == SCHEMA
    assert set(data["summary"]) == {
        "articles", "errors", "warnings", "info", "articles_with_errors", "unreadable_input",
        "exit_status",
    }  # fmt: skip
    (article,) = data["articles"]
    assert set(article) == {
        "file",
        "ok",
        "structure_checked",
        "errors",
        "warnings",
        "info",
        "problems",
    }
    for problem in article["problems"]:
        assert set(problem) == {
            "file",
            "line",
            "column",
            "severity",
            "code",
            "kind",
            "message",
            "advice",
        }
        assert problem["kind"] in ("structure", "rule", "package")
        assert problem["severity"] in ("error", "warning", "info")
    assert data["summary"]["exit_status"] == 1 and article["ok"] is False


def test_html_report_shows_source_with_problems_inline_and_escaped(tmp_path):
    path = write(tmp_path, "a.xml", BROKEN)
    page = to_html(validate_paths([path], lang="pt"), lang="pt")
    doc = html.fromstring(page)
    assert doc.get("lang") == "pt"
    (section,) = doc.xpath("//section[@class='article']")
    assert section.get("data-file") == str(path)
    problem = section.xpath(".//tr[contains(@class,'problem')][@data-code='issn-check-digit']")[0]
    source_row = problem.getprevious()
    assert "0034-8911" in source_row.text_content()
    assert source_row.get("id").endswith(f"-L{problem.get('data-line')}")
    assert "dígito verificador" in problem.text_content()
    assert not doc.xpath("//script")  # the article's text never becomes markup
    assert not section.xpath(".//td[@class='code']//b")
    assert "<b>nota</b> &lt;script&gt;" in section.text_content()  # ... it is shown as text


def test_html_report_hides_long_clean_stretches(tmp_path, monkeypatch):
    import scielo_pub.dtd.report_html as report_html

    monkeypatch.setattr(report_html, "MAX_FULL_LINES", 20)
    page = to_html(validate_paths([write(tmp_path, "a.xml", BROKEN)]))
    doc = html.fromstring(page)
    assert doc.xpath("//tr[@class='gap']")
    assert len(doc.xpath("//tr[contains(@class,'line')]")) < len(BROKEN.splitlines())


def test_cli_exit_statuses(tmp_path, capsys):
    good = write(tmp_path, "good.xml", GOOD)
    broken = write(tmp_path, "broken.xml", BROKEN)
    common = [
        "--journal",
        str(write(tmp_path, "cfg/journal.toml", '[rules]\n"dtd.unresolved" = "off"\n')),
    ]
    assert (
        main(["validate", str(good), "--catalog", CATALOG]) == 1
    )  # JATS DTD not in the mini catalog
    assert main(["validate", str(broken), *common]) == 1
    assert main(["validate", str(tmp_path / "missing.xml")]) == 2
    capsys.readouterr()
    assert main(["validate", str(good), "--format", "json", "--no-advice"]) == 1
    assert json.loads(capsys.readouterr().out)["schema"] == SCHEMA


def test_cli_exit_zero_and_output_file(tmp_path):
    text = (
        '<?xml version="1.0"?>\n<!DOCTYPE article PUBLIC "-//SCIELO-PUB//DTD Mini Test v1//EN" "m.dtd">\n'
        + GOOD.split("\n", 2)[2]
    )
    path = write(tmp_path, "a.xml", text)
    journal = write(tmp_path, "cfg/journal.toml", '[rules]\n"dtd.no-doctype" = "off"\n')
    out = tmp_path / "report.html"
    status = main(
        ["validate", str(path), "--format", "html", "-o", str(out), "--journal", str(journal)]
    )
    assert out.is_file() and html.fromstring(out.read_text()).xpath("//section[@class='article']")
    assert status == 1  # the JATS article does not follow the mini DTD
    assert main(["validate", str(write(tmp_path, "b.xml", GOOD.split("\n", 2)[2]))]) == 1


def test_journal_can_lower_check_codes_too(tmp_path):
    good = write(tmp_path, "good.xml", GOOD)
    journal = write(tmp_path, "cfg/journal.toml", '[rules]\n"dtd.unresolved" = "warning"\n')
    assert main(["validate", str(good), "--journal", str(journal)]) == 0


def test_advice_of_checks_follows_the_editors_language(tmp_path):
    from scielo_pub.dtd.rules.advice import ADVICE

    for code, words in ADVICE.items():
        assert words["pt"].strip() and words["es"].strip(), code
    folder = tmp_path / "issue"
    folder.mkdir()
    (folder / "a.xml").write_text(GOOD, encoding="utf-8")
    report = validate_paths([folder], lang="es")
    by_code = {d.code: d for d in report.all_diagnostics}
    assert "catálogo" in by_code["dtd.unresolved"].advice
    assert "Añada el archivo" in by_code["package.file-missing"].advice
    report = validate_paths([tmp_path / "nothing.xml"], lang="pt")
    assert report.all_diagnostics[0].advice.startswith("Confira o caminho")
