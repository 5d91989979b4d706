"""A ValidationReport in, one self-contained HTML page out: per article, its source with line numbers
and each problem shown under the line it is on (all text escaped by Jinja2's autoescape)."""

from __future__ import annotations

from dataclasses import dataclass

from jinja2 import Environment, PackageLoader, select_autoescape

from ..errors import Diagnostic, Severity
from .report import groups, totals
from .validate import ValidationReport

#: Sources longer than this show only the lines around problems.
MAX_FULL_LINES = 3000
CONTEXT = 3
LABELS = {
    "en": {
        "title": "Validation report", "articles": "articles", "errors": "errors",
        "warnings": "warnings", "info": "info", "ok": "no errors", "problems": "Problems",
        "source": "Source", "advice": "What to do", "not_shown": "lines without problems hidden",
        "no_source": "The source could not be read.", "files": "Other files",
    },
    "pt": {
        "title": "Relatório de validação", "articles": "artigos", "errors": "erros",
        "warnings": "avisos", "info": "informações", "ok": "sem erros", "problems": "Problemas",
        "source": "Fonte", "advice": "O que fazer", "not_shown": "linhas sem problemas ocultas",
        "no_source": "Não foi possível ler a fonte.", "files": "Outros arquivos",
    },
    "es": {
        "title": "Informe de validación", "articles": "artículos", "errors": "errores",
        "warnings": "advertencias", "info": "información", "ok": "sin errores",
        "problems": "Problemas", "source": "Fuente", "advice": "Qué hacer",
        "not_shown": "líneas sin problemas ocultas", "no_source": "No se pudo leer la fuente.",
        "files": "Otros archivos",
    },
}  # fmt: skip


@dataclass(frozen=True)
class SourceLine:
    number: int
    text: str
    problems: tuple[Diagnostic, ...] = ()
    #: True for a gap marker standing for hidden lines.
    gap: bool = False


def _source_lines(data: bytes, encoding: str | None, diags) -> list[SourceLine]:
    text = data.decode(encoding or "utf-8", errors="replace") if data else ""
    lines = text.splitlines()
    by_line: dict[int, list[Diagnostic]] = {}
    for diag in diags:
        by_line.setdefault(min(max(diag.line, 1), max(len(lines), 1)), []).append(diag)
    show = _visible(len(lines), by_line)
    out: list[SourceLine] = []
    previous = 0
    for number in show:
        if number > previous + 1:
            out.append(SourceLine(number - 1, "", gap=True))
        out.append(SourceLine(number, lines[number - 1], tuple(by_line.get(number, ()))))
        previous = number
    return out


def _visible(count: int, by_line: dict[int, list]) -> list[int]:
    if count <= MAX_FULL_LINES:
        return list(range(1, count + 1))
    keep: set[int] = set()
    for line in by_line:
        keep.update(range(max(1, line - CONTEXT), min(count, line + CONTEXT) + 1))
    return sorted(keep)


def _encoding(result) -> str | None:
    tree = result.tree
    return tree.docinfo.encoding if tree is not None and tree.docinfo.encoding else None


def to_html(report: ValidationReport, *, lang: str = "en") -> str:
    """The editors' HTML report."""
    env = Environment(
        loader=PackageLoader("scielo_pub.dtd", "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    articles, others = [], []
    for group in groups(report):
        if group.result is None:
            others.append(group)
            continue
        lines = _source_lines(group.result.data, _encoding(group.result), group.diagnostics)
        articles.append({"group": group, "lines": lines, "anchor": f"a{len(articles) + 1}"})
    return env.get_template("report.html").render(
        lang=lang if lang in LABELS else "en",
        t=LABELS.get(lang, LABELS["en"]),
        totals=totals(report),
        articles=articles,
        others=others,
        Severity=Severity,
    )
