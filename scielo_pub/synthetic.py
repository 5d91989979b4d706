"""A template collection and a size in, a synthetic collection of that many articles on disk out.

For scale benchmarks (``benchmarks/bench_scale.py``): every article is a variant of one of the
template collection's articles (by default ``collections/demo``: SciELO Markup SGML and SciELO PS XML,
figures, tables, translations), with its own PID v2/v3, DOI and title, and 20-60 references: the
template's own, plus generated ones. In XML articles a third of the generated references cite other
articles of the synthetic collection by DOI and year (so the citation graph and cited-by lists are
exercised); the rest, and the added references of SGML articles (clones of the article's own
citations with other titles and years), point outside it. Journals and issues are variants of the
template's, ``per_issue`` articles per issue and ``issues_per_journal`` issues per journal. Figures are
hard links to the template's image files (copies where links are not possible). No PDFs are involved.
Deterministic: the same arguments give the same files.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from .collection import article_files

DEMO = Path(__file__).resolve().parent.parent / "collections" / "demo"


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


_SURNAMES = _words(
    "Silva Santos Oliveira Souza Rodrigues Ferreira Alves Pereira Lima Gomes Costa Ribeiro "
    "Martins Carvalho Almeida Lopes Soares Fernandes Vieira Barbosa Rocha Dias Nascimento "
    "Andrade Moreira Nunes Marques Machado Mendes Freitas Cardoso Ramos Garcia Lopez Torres "
    "Smith Johnson Brown Miller Davis Wilson Taylor Thomas Moore Martin Jackson"
)
_WORDS = _words(
    "analysis survey cohort primary care dengue vaccination coverage nutrition adolescents soil "
    "carbon forest fragments pollinators rainfall drought maize yield biodiversity wetlands "
    "mortality hospital admissions regional inequality water quality urban heat mangrove "
    "fisheries tuberculosis diabetes screening maternal health indigenous territories "
    "deforestation restoration grazing birds amphibians climate policy evaluation"
)
_SOURCES = ("Rev Saude Publica", "Cad Saude Publica", "Acta Bot Bras", "Braz J Biol", "Neotrop Entomol",
            "PLoS One", "Lancet", "Ecology", "J Appl Ecol", "BMC Public Health", "Cienc Saude Colet",
            "Rev Bras Epidemiol", "Biota Neotrop", "Oecologia", "Soc Sci Med")  # fmt: skip


@dataclass(frozen=True)
class Template:
    """One template article: its text, encoding, journal, issue folder and figure files."""

    path: Path
    text: str
    encoding: str
    journal: str
    issue: str
    year: str
    images: tuple[Path, ...]

    @property
    def sgml(self) -> bool:
        return self.path.suffix.lower() in (".sgm", ".sgml")


def load_templates(root: Path = DEMO) -> dict[str, dict[str, list[Template]]]:
    """Template articles by journal acronym and issue folder."""
    out: dict[str, dict[str, list[Template]]] = {}
    for jdir in sorted((root / "journals").glob("*/")):
        for idir in sorted((jdir / "issues").glob("*/")):
            for path in article_files(idir):
                raw = path.read_bytes()
                encoding = "utf-8" if path.suffix == ".xml" else _sgml_encoding(raw)
                text = raw.decode(encoding)
                images = tuple(
                    sorted(p for p in idir.iterdir() if p.name.startswith(path.stem + "-"))
                )
                year = re.search(r"dateiso=\"?(\d{4})", text) or re.search(
                    r"<year>(\d{4})</year>", text
                )
                tpl = Template(path, text, encoding, jdir.name, idir.name, year.group(1) if year else "2024", images)  # fmt: skip
                out.setdefault(jdir.name, {}).setdefault(idir.name, []).append(tpl)
    return out


def _sgml_encoding(raw: bytes) -> str:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return "latin-1"
    return "utf-8"


def generate(
    out: Path,
    articles: int,
    *,
    template: Path = DEMO,
    per_issue: int = 25,
    issues_per_journal: int = 20,
    seed: int = 17,
) -> Path:
    """Write a collection of ``articles`` articles into ``out`` (which must not exist); ``out``."""
    out = Path(out)
    out.mkdir(parents=True)
    templates = load_templates(template)
    bases = sorted(templates)
    shutil.copy(template / "collection.toml", out / "collection.toml")
    per_journal = per_issue * issues_per_journal
    n_journals = max(1, -(-articles // per_journal))
    years = {
        n: _template_of(templates, bases, n, per_issue, per_journal).year for n in range(articles)
    }
    rng = random.Random(seed)
    for j in range(n_journals):
        base = bases[j % len(bases)]
        acronym = f"{base}{j:04d}"
        jdir = out / "journals" / acronym
        (jdir / "issues").mkdir(parents=True)
        toml = (template / "journals" / base / "journal.toml").read_text(encoding="utf-8")
        toml = re.sub(r'(?m)^acronym = ".*"$', f'acronym = "{acronym}"', toml)
        toml = re.sub(r'(?m)^(title = ".*)"$', rf'\1 {j:04d}"', toml)
        (jdir / "journal.toml").write_text(toml, encoding="utf-8")
        for i in range(issues_per_journal):
            first = j * per_journal + i * per_issue
            if first >= articles:
                break
            folders = sorted(templates[base])
            folder = folders[i % len(folders)]
            idir = jdir / "issues" / f"{folder}-{i:03d}"
            idir.mkdir()
            shutil.copy(template / "journals" / base / "issues" / folder / "issue.toml", idir)
            for n in range(first, min(first + per_issue, articles)):
                tpl = _template_of(templates, bases, n, per_issue, per_journal)
                _write_article(idir, n, tpl, rng, years, articles)
    return out


def _template_of(templates, bases, n: int, per_issue: int, per_journal: int) -> Template:
    j, i = divmod(n // per_issue, per_journal // per_issue)
    base = bases[j % len(bases)]
    folders = sorted(templates[base])
    pool = templates[base][folders[i % len(folders)]]
    return pool[n % len(pool)]


def _write_article(idir: Path, n: int, tpl: Template, rng: random.Random, years: dict, total: int):
    own = re.search(r"S(\d{4}-\d{3}[\dX])(\d{4})\d{9}", tpl.text)
    issn, year = own.groups() if own else ("0000-0000", tpl.year)
    pid = f"S{issn}{year}{n // 10**5:04d}{n % 10**5:05d}"  # unique: issue order and order from n
    doi = f"10.5555/synth.{n}"
    suffix = f": {rng.choice(_WORDS)} {rng.choice(_WORDS)} {n}"
    text = tpl.text
    refs = rng.randint(20, 60)
    if tpl.sgml:
        text = _sgml_variant(text, pid, doi, suffix, refs, rng)
    else:
        text = _xml_variant(text, pid, doi, suffix, refs, rng, years, total, n)
    (idir / f"a{n:07d}{tpl.path.suffix}").write_bytes(text.encode(tpl.encoding))
    for image in tpl.images:
        target = idir / image.name
        if not target.exists():
            try:
                os.link(image, target)
            except OSError:
                shutil.copy(image, target)


def _xml_variant(text, pid, doi, suffix, refs, rng, years, total, n) -> str:
    own_doi = re.search(r'<article-id pub-id-type="doi">([^<]+)</article-id>', text)
    text = re.sub(
        r'(specific-use="scielo-v2"[^>]*>)[^<]+', lambda m: m.group(1) + pid, text, count=1
    )
    text = re.sub(
        r'(<article-id pub-id-type="other">)[^<]+',
        lambda m: f"{m.group(1)}{n % 10**5:05d}",
        text,
        count=1,
    )  # the order, unique in its issue as the PID's last digits
    v3 = f"{n:011d}SYN{rng.randrange(10**9):09d}"[:23]
    text = re.sub(
        r'(specific-use="scielo-v3"[^>]*>)[^<]+', lambda m: m.group(1) + v3, text, count=1
    )
    if own_doi:
        text = text.replace(own_doi.group(1), doi)
    text = re.sub(r"(<title-group>\s*<article-title[^>]*>.*?)(</article-title>)",
                  lambda m: m.group(1) + suffix + m.group(2), text, count=1, flags=re.S)  # fmt: skip
    have = len(re.findall(r"<ref id=", text))
    extra = "".join(
        _xml_ref(f"BS{k}", rng, years, total, n) for k in range(1, max(0, refs - have) + 1)
    )
    text = re.sub(r'<ref-count count="\d+"', f'<ref-count count="{max(refs, have)}"', text, count=1)
    return text.replace("</ref-list>", extra + "</ref-list>", 1)


def _xml_ref(rid: str, rng: random.Random, years: dict, total: int, n: int) -> str:
    surname, given = rng.choice(_SURNAMES), rng.choice("ABCDEFGHJLMPRST") + "."
    title = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(5, 10))).capitalize()
    if total > 1 and rng.random() < 1 / 3:  # cites another article of this collection
        target = rng.randrange(total - 1)
        target += target >= n
        year, pub_id = years[target], f'<pub-id pub-id-type="doi">10.5555/synth.{target}</pub-id>'
        source, doi_text = "SciELO", f" DOI: 10.5555/synth.{target}."
    else:
        year, pub_id, doi_text = str(rng.randint(1985, 2024)), "", ""
        source = rng.choice(_SOURCES)
    vol, fpage = str(rng.randint(1, 80)), rng.randint(1, 900)
    lpage = fpage + rng.randint(3, 20)
    printed = f"{surname.upper()}, {given} {title}. {source}, v. {vol}, p. {fpage}-{lpage}, {year}.{doi_text}"
    return (
        f'<ref id="{rid}"><mixed-citation>{printed}</mixed-citation>'
        '<element-citation publication-type="journal"><person-group person-group-type="author">'
        f"<name><surname>{surname}</surname><given-names>{given}</given-names></name></person-group>"
        f"<article-title>{title}</article-title><source>{source}</source><volume>{vol}</volume>"
        f"<year>{year}</year><fpage>{fpage}</fpage><lpage>{lpage}</lpage>{pub_id}"
        "</element-citation></ref>\n"
    )


_CITATION = re.compile(r"\[(vcitat|acitat)\].*?\[/\1\]", re.S)


def _sgml_variant(text, pid, doi, suffix, refs, rng) -> str:
    own_pid = re.search(r'pii="?(S[0-9X-]+)', text)
    if own_pid:
        text = text.replace(own_pid.group(1), pid)
    text = re.sub(r'(\[article [^\]]*?order=)"?\d+"?', lambda m: f'{m.group(1)}"{int(pid[-5:])}"', text,
                  count=1)  # fmt: skip
    own_doi = re.search(r"\[doi\]([^\[]+)\[/doi\]", text)
    if own_doi:
        text = text.replace(own_doi.group(1), doi)
    text = re.sub(r"(\[titlegrp\]\s*\[title[^\]]*\].*?)(\[/title\])",
                  lambda m: m.group(1) + suffix + m.group(2), text, count=1, flags=re.S)  # fmt: skip
    cites = list(_CITATION.finditer(text))
    if not cites:
        return text
    clones = [_sgml_clone(cites[k % len(cites)].group(0), len(cites) + k + 1, rng)
              for k in range(max(0, refs - len(cites)))]  # fmt: skip
    end = cites[-1].end()
    text = text[:end] + "\n" + "\n".join(clones) + text[end:]
    return re.sub(
        r'(count=)"?\d+"?', lambda m: f'{m.group(1)}"{max(refs, len(cites))}"', text, count=1
    )


def _sgml_clone(citation: str, number: int, rng: random.Random) -> str:
    year = str(rng.randint(1985, 2024))
    title = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(5, 10))).capitalize()
    citation = re.sub(r"\[no\]\d+\[/no\]", f"[no]{number}[/no]", citation, count=1)
    citation = re.sub(r"(\[title[^\]]*\])[^\[]*(\[/title\])",
                      lambda m: m.group(1) + title + m.group(2), citation, count=1)  # fmt: skip
    citation = re.sub(r"dateiso=\"?\d{4}(\d{4})\"?\](\d{4})",
                      lambda m: f"dateiso={year}{m.group(1)}]{year}", citation, count=1)  # fmt: skip
    return re.sub(r"\[doi\][^\[]*\[/doi\]", "", citation)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m scielo_pub.synthetic", description=__doc__)
    p.add_argument("out", type=Path, help="folder to create")
    p.add_argument("-n", "--articles", type=int, required=True)
    p.add_argument("--template", type=Path, default=DEMO)
    p.add_argument("--per-issue", type=int, default=25)
    p.add_argument("--issues-per-journal", type=int, default=20)
    args = p.parse_args(argv)
    generate(args.out, args.articles, template=args.template, per_issue=args.per_issue,
             issues_per_journal=args.issues_per_journal)  # fmt: skip
    print(f"{args.articles} articles -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
