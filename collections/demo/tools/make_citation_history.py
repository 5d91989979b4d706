"""Invented short articles in, the earlier issues of the demo journals out (SciELO PS XML).

The demo's own issues are of 2024 (*Ecología Latinoamericana*) and 2025 (*Revista de Saúde e
Desenvolvimento*); the citation statistics pages need years before them and journals citing each
other. This writes three earlier issues per journal (ecl v5n1-v7n1, 2021-2023; rsd v9n1-v11n1,
2022-2024), two short research articles each, whose references cite the two journals' earlier
articles (by their printed titles and abbreviations, as authors do) besides outside journals and
books. Run with ``.venv/bin/python collections/demo/tools/make_citation_history.py`` from the
project root; it rewrites the files it owns and nothing else.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

DEMO = Path(__file__).resolve().parent.parent
V3_ALPHABET = "bcdfghjkmnpqrstvwxyzBCDFGHJKLMNPQRSTVWXYZ23456789"


@dataclass(frozen=True)
class Journal:
    acronym: str
    title: str
    abbrev: str
    nlm_ta: str
    ppub: str
    epub: str
    publisher: str
    lang: str
    other_lang: str
    section: str


ECL = Journal("ecl", "Ecología Latinoamericana", "Ecol. Latinoam.", "Ecol Latinoam", "0718-462X",
              "0719-5834", "Sociedad Latinoamericana de Ecología Aplicada", "en", "es",
              "Research Articles")  # fmt: skip
RSD = Journal("rsd", "Revista de Saúde e Desenvolvimento", "Rev. Saúde Desenvolv.",
              "Rev Saude Desenvolv", "2764-5010", "2965-0348",
              "Associação Brasileira de Saúde e Desenvolvimento Regional", "pt", "en",
              "Artigos Originais")  # fmt: skip


@dataclass(frozen=True)
class Author:
    surname: str
    given: str
    institution: str
    city: str
    country: str
    country_name: str


AUTHORS = {
    "ramos": Author("Ramos Vidal", "Tomás", "Universidad de Concepción", "Concepción", "CL", "Chile"),
    "ortiz": Author("Ortiz", "Valentina", "Universidad Nacional de La Plata", "La Plata", "AR", "Argentina"),
    "souza": Author("Souza Melo", "Aline", "Universidade Federal de Pernambuco", "Recife", "BR", "Brazil"),
    "nunes": Author("Nunes", "Rafael", "Universidade Federal da Bahia", "Salvador", "BR", "Brazil"),
    "paz": Author("Paz Medina", "Lucía", "Universidad de la República", "Montevideo", "UY", "Uruguay"),
    "gomez": Author("Gómez Arce", "Diego", "Universidad Nacional de Colombia", "Bogotá", "CO", "Colombia"),
}  # fmt: skip


@dataclass(frozen=True)
class Paper:
    key: str
    journal: Journal
    year: int
    volume: int
    order: int  # order in its issue (1, 2)
    fpage: int
    lpage: int
    authors: tuple[str, ...]
    title: str
    trans_title: str
    abstract: str
    trans_abstract: str
    keywords: tuple[str, ...]
    trans_keywords: tuple[str, ...]
    body: tuple[tuple[str, str], ...]
    cites: tuple[str, ...]  # keys of earlier papers, then of OUTSIDE works

    @property
    def pid_order(self) -> str:
        return f"{self.order * 100 + 1:05d}"

    @property
    def doi(self) -> str:
        return f"10.5555/{self.journal.acronym}.{self.year}.{self.volume}.1.{int(self.pid_order)}"

    @property
    def stem(self) -> str:
        j = self.journal
        vol = f"{self.volume:02d}" if j is RSD else str(self.volume)
        num = "01" if j is RSD else "1"
        return f"{j.ppub}-{j.acronym}-{vol}-{num}-{self.fpage:04d}"

    @property
    def folder(self) -> Path:
        return DEMO / "journals" / self.journal.acronym / "issues" / f"v{self.volume}n1"


def p(key, journal, year, volume, order, pages, authors, title, trans_title, abstract,
      trans_abstract, keywords, trans_keywords, body, cites) -> Paper:  # fmt: skip
    return Paper(key, journal, year, volume, order, pages[0], pages[1], authors, title,
                 trans_title, abstract, trans_abstract, keywords, trans_keywords, body, cites)  # fmt: skip


INTRO = "Introduction"
PAPERS = [
    p("ecl21a", ECL, 2021, 5, 1, (1, 14), ("ramos", "ortiz"),
      "Seed rain and seedling establishment in abandoned vineyards of the Itata valley, Chile",
      "Lluvia de semillas y establecimiento de plántulas en viñedos abandonados del valle del Itata, Chile",
      "We followed seed rain and seedling survival for two years in twelve vineyards abandoned for 5 to 30 years. Seed rain of native woody species fell steeply beyond 50 m from forest remnants, and seedlings survived best under the shade of resprouting shrubs.",
      "Seguimos la lluvia de semillas y la supervivencia de plántulas durante dos años en doce viñedos abandonados entre 5 y 30 años. La lluvia de semillas de especies leñosas nativas cayó bruscamente más allá de 50 m de los remanentes de bosque.",
      ("old-field succession", "seed dispersal", "Mediterranean Chile"),
      ("sucesión secundaria", "dispersión de semillas", "Chile mediterráneo"),
      ((INTRO, "Old fields are a growing share of the rural landscape of central Chile, and their recovery depends on seed arriving from the remaining native vegetation."),
       ("Methods", "Seed traps and permanent seedling plots were placed at increasing distances from forest edges in twelve vineyards and read every season for two years."),
       ("Results", "Seed rain of woody species decreased by an order of magnitude between 10 and 80 m from the edge; nurse shrubs doubled seedling survival in the dry season."),
       ("Discussion", "Restoration of abandoned vineyards should start near remnants and plant nurse shrubs where seed does not arrive.")),
      ("out:jveg", "out:oecol", "out:book_sucesion")),
    p("ecl21b", ECL, 2021, 5, 2, (15, 28), ("ortiz", "paz"),
      "Grazing exclusion and plant diversity in coastal grasslands of the Río de la Plata",
      "Exclusión del pastoreo y diversidad vegetal en pastizales costeros del Río de la Plata",
      "Ten years of cattle exclusion in coastal grasslands of Argentina and Uruguay raised plant cover but lowered the richness of small native forbs, which persisted only where grazing was moderate.",
      "Diez años de exclusión del ganado en pastizales costeros de Argentina y Uruguay aumentaron la cobertura vegetal pero redujeron la riqueza de pequeñas hierbas nativas.",
      ("grasslands", "grazing", "plant diversity"),
      ("pastizales", "pastoreo", "diversidad vegetal"),
      ((INTRO, "Coastal grasslands of the Río de la Plata have been grazed for three centuries; conservation plans often propose excluding cattle."),
       ("Methods", "We compared paired excluded and grazed plots at eight sites, recording plant cover and species richness every spring."),
       ("Results", "Exclusion increased total cover by 18% and reduced forb richness by a third; moderate grazing kept the richest plots."),
       ("Discussion", "Moderate grazing, rather than exclusion, keeps the diversity of these grasslands.")),
      ("out:jveg", "out:book_pastizales")),
    p("ecl22a", ECL, 2022, 6, 1, (1, 16), ("ramos", "souza"),
      "Nurse shrubs speed the recovery of native woody cover in old vineyards of central Chile",
      "Los arbustos nodriza aceleran la recuperación de la cobertura leñosa nativa en viñedos antiguos de Chile central",
      "Planting nurse shrubs in abandoned vineyards doubled native woody cover after three years compared with unplanted controls, confirming earlier observations of natural establishment.",
      "La plantación de arbustos nodriza en viñedos abandonados duplicó la cobertura leñosa nativa después de tres años en comparación con controles sin plantar.",
      ("restoration", "facilitation", "old fields"),
      ("restauración", "facilitación", "campos abandonados"),
      ((INTRO, "Seed arrival and shade limit woody establishment in old fields of central Chile (Ramos Vidal and Ortiz, 2021)."),
       ("Methods", "We planted three nurse shrub species in a randomised block experiment in four vineyards and measured woody cover yearly."),
       ("Results", "Woody cover under nurses reached 34% after three years, against 15% in controls."),
       ("Discussion", "Nurse planting is a cheap first step for restoring abandoned farmland.")),
      ("ecl21a", "ecl21b", "out:oecol", "out:jveg")),
    p("ecl22b", ECL, 2022, 6, 2, (17, 30), ("gomez", "ortiz"),
      "Dengue vector breeding sites in peri-urban wetlands of the Magdalena valley",
      "Criaderos del vector del dengue en humedales periurbanos del valle del Magdalena",
      "Drained peri-urban wetlands held three times more Aedes aegypti breeding sites than wetlands kept flooded, linking wetland loss to dengue risk in growing towns of Colombia.",
      "Los humedales periurbanos drenados tuvieron tres veces más criaderos de Aedes aegypti que los humedales inundados.",
      ("wetlands", "Aedes aegypti", "urban ecology"),
      ("humedales", "Aedes aegypti", "ecología urbana"),
      ((INTRO, "Wetland drainage around towns changes where water stands and where mosquitoes breed."),
       ("Methods", "We searched for larvae in 120 water bodies of drained and flooded wetlands over two rainy seasons."),
       ("Results", "Drained wetlands held 3.1 times more positive containers, mostly discarded tyres and pools."),
       ("Discussion", "Keeping peri-urban wetlands flooded also protects health.")),
      ("ecl21b", "out:csp", "out:bmj")),
    p("ecl23a", ECL, 2023, 7, 1, (1, 15), ("paz", "ramos"),
      "Fire and grazing interact to shape shrub encroachment in Uruguayan grasslands",
      "El fuego y el pastoreo interactúan en el avance de arbustos en pastizales uruguayos",
      "Shrub encroachment was lowest where prescribed fire and moderate grazing were combined, consistent with the role of disturbance in keeping grasslands open.",
      "El avance de arbustos fue menor donde se combinaron quemas prescritas y pastoreo moderado.",
      ("shrub encroachment", "prescribed fire", "grasslands"),
      ("arbustización", "quema prescrita", "pastizales"),
      ((INTRO, "Shrubs are invading grasslands of the Río de la Plata where grazing has been removed (Ortiz and Paz Medina, 2021)."),
       ("Methods", "A factorial experiment crossed fire and grazing in 32 plots over four years."),
       ("Results", "Fire plus moderate grazing kept shrub cover below 5%, against 22% without either."),
       ("Discussion", "Managers can combine fire and grazing to keep grasslands open.")),
      ("ecl21b", "ecl22a", "ecl22b", "out:jveg", "out:oecol")),
    p("ecl23b", ECL, 2023, 7, 2, (16, 29), ("souza", "gomez"),
      "Mangrove loss and fishing livelihoods in northeastern Brazil",
      "Pérdida de manglares y medios de vida pesqueros en el nordeste de Brasil",
      "Villages that lost more than a third of their mangrove since 1990 reported lower crab catches and more food insecurity, a link between ecosystem loss and health.",
      "Las aldeas que perdieron más de un tercio de sus manglares desde 1990 informaron menores capturas de cangrejo y más inseguridad alimentaria.",
      ("mangroves", "fisheries", "food security"),
      ("manglares", "pesca", "seguridad alimentaria"),
      ((INTRO, "Mangroves feed coastal families in northeastern Brazil."),
       ("Methods", "We mapped mangrove change from satellite images and surveyed 240 households in 12 villages."),
       ("Results", "Crab catch per trip fell by 40% where mangrove loss exceeded a third."),
       ("Discussion", "Mangrove protection is also a food security policy.")),
      ("ecl22b", "rsd22a", "out:csp")),
    p("rsd22a", RSD, 2022, 9, 1, (1, 13), ("nunes", "souza"),
      "Insegurança alimentar em famílias de pescadores artesanais do litoral de Pernambuco",
      "Food insecurity among artisanal fishing families on the coast of Pernambuco",
      "Estudo transversal com 410 famílias de pescadores artesanais encontrou insegurança alimentar moderada ou grave em 38% delas, associada à queda da renda da pesca.",
      "A cross-sectional study of 410 artisanal fishing families found moderate or severe food insecurity in 38% of them, associated with falling fishing income.",
      ("segurança alimentar", "pesca artesanal", "saúde pública"),
      ("food security", "artisanal fishing", "public health"),
      (("Introdução", "A pesca artesanal sustenta milhares de famílias do litoral nordestino."),
       ("Métodos", "Aplicamos a Escala Brasileira de Insegurança Alimentar a 410 famílias de seis municípios."),
       ("Resultados", "A insegurança moderada ou grave atingiu 38% das famílias e foi maior onde a renda caiu."),
       ("Discussão", "Políticas de renda para a pesca artesanal são também políticas de saúde.")),
      ("ecl21b", "out:csp", "out:rsp", "out:book_san")),
    p("rsd22b", RSD, 2022, 9, 2, (14, 26), ("nunes", "gomez"),
      "Casos de dengue e chuvas em municípios do semiárido baiano, 2015-2020",
      "Dengue cases and rainfall in municipalities of the semi-arid region of Bahia, 2015-2020",
      "Séries temporais de 42 municípios mostraram que os casos de dengue aumentaram dois meses após chuvas acima da média, sobretudo onde há armazenamento doméstico de água.",
      "Time series from 42 municipalities showed that dengue cases rose two months after above-average rainfall, above all where water is stored at home.",
      ("dengue", "chuva", "semiárido"),
      ("dengue", "rainfall", "semi-arid"),
      (("Introdução", "O armazenamento de água no semiárido cria criadouros do mosquito."),
       ("Métodos", "Modelamos casos mensais notificados em função da chuva com defasagens de até quatro meses."),
       ("Resultados", "O risco relativo foi 1,6 dois meses após chuvas acima da média."),
       ("Discussão", "A vigilância deve antecipar-se às chuvas.")),
      ("out:csp", "out:bmj", "out:rsp")),
    p("rsd23a", RSD, 2023, 10, 1, (1, 14), ("souza", "nunes"),
      "Manguezais, renda e alimentação em comunidades pesqueiras de Pernambuco",
      "Mangroves, income and diet in fishing communities of Pernambuco",
      "Entre famílias pesqueiras, a perda de manguezal no entorno da comunidade associou-se a menor consumo de pescado e a maior insegurança alimentar.",
      "Among fishing families, mangrove loss around the community was associated with lower fish consumption and more food insecurity.",
      ("manguezais", "insegurança alimentar", "pesca"),
      ("mangroves", "food insecurity", "fishing"),
      (("Introdução", "A insegurança alimentar é frequente em famílias de pescadores (Nunes e Souza Melo, 2022)."),
       ("Métodos", "Cruzamos dados de inquérito domiciliar com mapas de perda de manguezal."),
       ("Resultados", "Cada 10% de perda de manguezal associou-se a 6% mais insegurança alimentar."),
       ("Discussão", "Conservação ambiental e segurança alimentar caminham juntas.")),
      ("rsd22a", "ecl22b", "ecl21b", "out:csp")),
    p("rsd23b", RSD, 2023, 10, 2, (15, 27), ("gomez", "nunes"),
      "Drenagem de áreas úmidas e risco de dengue em cidades médias do Nordeste",
      "Wetland drainage and dengue risk in medium-sized cities of northeastern Brazil",
      "Bairros construídos sobre áreas úmidas drenadas tiveram incidência de dengue 1,8 vez maior, em linha com observações sobre criadouros em áreas úmidas periurbanas.",
      "Neighbourhoods built on drained wetlands had 1.8 times the dengue incidence, in line with observations of breeding sites in peri-urban wetlands.",
      ("dengue", "áreas úmidas", "urbanização"),
      ("dengue", "wetlands", "urbanisation"),
      (("Introdução", "A drenagem de áreas úmidas cria criadouros (Gómez Arce e Ortiz, 2022)."),
       ("Métodos", "Estudo ecológico em 86 bairros de quatro cidades."),
       ("Resultados", "A incidência foi 1,8 vez maior nos bairros sobre áreas drenadas."),
       ("Discussão", "O planejamento urbano deve preservar áreas úmidas.")),
      ("ecl22b", "rsd22b", "out:bmj", "out:csp")),
    p("rsd24a", RSD, 2024, 11, 1, (1, 15), ("nunes", "paz"),
      "Programa de aquisição de pescado e segurança alimentar em comunidades costeiras",
      "A fish purchase programme and food security in coastal communities",
      "Comunidades atendidas por compra pública de pescado tiveram queda de 11 pontos percentuais na insegurança alimentar em dois anos.",
      "Communities served by public fish purchase saw food insecurity fall by 11 percentage points in two years.",
      ("políticas públicas", "segurança alimentar", "pesca artesanal"),
      ("public policy", "food security", "artisanal fishing"),
      (("Introdução", "A renda da pesca artesanal é instável (Souza Melo e Nunes, 2023)."),
       ("Métodos", "Comparamos comunidades atendidas e não atendidas antes e depois do programa."),
       ("Resultados", "A insegurança alimentar caiu de 36% para 25% nas comunidades atendidas."),
       ("Discussão", "Compras públicas protegem a alimentação de famílias pesqueiras.")),
      ("rsd23a", "rsd22a", "ecl23b", "ecl22a", "out:rsp")),
    p("rsd24b", RSD, 2024, 11, 2, (16, 29), ("gomez", "souza"),
      "Vigilância entomológica e chuvas: um sistema de alerta para dengue no semiárido",
      "Entomological surveillance and rainfall: a dengue early warning system for the semi-arid region",
      "Um modelo que combina chuva e índices de infestação previu 78% das epidemias de dengue com dois meses de antecedência.",
      "A model combining rainfall and infestation indices predicted 78% of dengue epidemics two months ahead.",
      ("dengue", "sistemas de alerta", "vigilância"),
      ("dengue", "early warning", "surveillance"),
      (("Introdução", "As chuvas antecedem os casos de dengue no semiárido (Nunes e Gómez Arce, 2022)."),
       ("Métodos", "Treinamos modelos com dados de 2015 a 2021 e os testamos em 2022 e 2023."),
       ("Resultados", "O modelo previu 78% das epidemias com dois meses de antecedência."),
       ("Discussão", "O alerta precoce permite ações antes do pico.")),
      ("rsd22b", "rsd23b", "ecl23a", "ecl22b", "out:bmj")),
]  # fmt: skip

OUTSIDE = {
    "out:jveg": ("journal", "Vegetation Dynamics in the Southern Cone", "Vegetation Dynamics in the Southern Cone", "Hoffmann, R.; Aguirre, P.", "Long-term vegetation change after land abandonment in South America", 2018, "14", "2", "101", "119"),
    "out:oecol": ("journal", "Oecologia Australis", "Oecol Aust", "Pereira, L. A.", "Facilitation by shrubs in seasonally dry ecosystems", 2019, "23", "4", "812", "826"),
    "out:csp": ("journal", "Cadernos de Saúde Pública", "Cad Saude Publica", "Barreto, M. L.; Teixeira, M. G.", "Dengue no Brasil: situação epidemiológica e contribuições para uma agenda de pesquisa", 2020, "36", "3", "e00012320", None),
    "out:rsp": ("journal", "Revista de Saúde Pública", "Rev Saude Publica", "Segall-Corrêa, A. M.; Marin-León, L.", "A segurança alimentar no Brasil: proposição e usos da escala brasileira", 2019, "53", "1", "43", "52"),
    "out:bmj": ("journal", "BMJ", "BMJ", "Simmons, C. P.; Farrar, J. J.", "Dengue: an update on the epidemiology and control of the global epidemic", 2017, "358", None, "j3214", None),
    "out:book_sucesion": ("book", "Sucesión ecológica en paisajes agrícolas de Chile", None, "Armesto, J. J.; Pickett, S. T. A.", None, 2016, None, None, None, None),
    "out:book_pastizales": ("book", "Pastizales del Río de la Plata: ecología y manejo", None, "Paruelo, J. M.", None, 2017, None, None, None, None),
    "out:book_san": ("book", "Segurança alimentar e nutricional no Brasil", None, "Maluf, R. S.", None, 2018, None, None, None, None),
}  # fmt: skip

BY_KEY = {paper.key: paper for paper in PAPERS}


def v3(seed: str) -> str:
    digest = hashlib.sha256(seed.encode()).digest()
    return "".join(V3_ALPHABET[b % len(V3_ALPHABET)] for b in digest[:23])


def ref_xml(n: int, key: str) -> str:
    if key in BY_KEY:
        c = BY_KEY[key]
        names = [AUTHORS[a] for a in c.authors]
        printed = "; ".join(f"{a.surname.upper()}, {a.given[0]}." for a in names)
        mixed = (f"{escape(printed)} {escape(c.title)}. <bold>{escape(c.journal.abbrev)}</bold>, "
                 f"v. {c.volume}, n. 1, p. {c.fpage}-{c.lpage}, {c.year}. DOI: {c.doi}.")  # fmt: skip
        people = "".join(f"<name><surname>{escape(a.surname)}</surname><given-names>{a.given[0]}."
                         "</given-names></name>" for a in names)  # fmt: skip
        element = (f'<element-citation publication-type="journal"><person-group person-group-type='
                   f'"author">{people}</person-group><article-title>{escape(c.title)}'
                   f"</article-title><source>{escape(c.journal.abbrev)}</source><year>{c.year}"
                   f"</year><volume>{c.volume}</volume><issue>1</issue><fpage>{c.fpage}</fpage>"
                   f'<lpage>{c.lpage}</lpage><pub-id pub-id-type="doi">{c.doi}</pub-id>'
                   "</element-citation>")  # fmt: skip
    else:
        kind, title, abbrev, authors, art_title, year, vol, num, fpage, lpage = OUTSIDE[key]
        people = "".join(
            f"<name><surname>{escape(s.split(', ')[0])}</surname><given-names>"
            f"{escape(s.split(', ')[1])}</given-names></name>"
            for s in authors.split("; ")
        )
        printed = "; ".join(
            f"{s.split(', ')[0].upper()}, {s.split(', ')[1]}" for s in authors.split("; ")
        )
        if kind == "book":
            mixed = f"{escape(printed)} <bold>{escape(title)}</bold>. São Paulo: Editora Acadêmica, {year}."
            element = (f'<element-citation publication-type="book"><person-group person-group-type='
                       f'"author">{people}</person-group><source>{escape(title)}</source>'
                       "<publisher-loc>São Paulo</publisher-loc><publisher-name>Editora Acadêmica"
                       f"</publisher-name><year>{year}</year></element-citation>")  # fmt: skip
        else:
            pages = f"p. {fpage}-{lpage}" if lpage else fpage
            issue = f", n. {num}" if num else ""
            mixed = (f"{escape(printed)} {escape(art_title)}. <bold>{escape(abbrev)}</bold>, "
                     f"v. {vol}{issue}, {pages}, {year}.")  # fmt: skip
            where = (f"<fpage>{fpage}</fpage><lpage>{lpage}</lpage>" if lpage
                     else f"<elocation-id>{fpage}</elocation-id>")  # fmt: skip
            issue_el = f"<issue>{num}</issue>" if num else ""
            element = (f'<element-citation publication-type="journal"><person-group person-group-type='
                       f'"author">{people}</person-group><article-title>{escape(art_title)}'
                       f"</article-title><source>{escape(abbrev)}</source><year>{year}</year>"
                       f"<volume>{vol}</volume>{issue_el}{where}</element-citation>")  # fmt: skip
    return f'<ref id="B{n}">\n<mixed-citation>{mixed}</mixed-citation>\n{element}\n</ref>'


def article_xml(a: Paper) -> str:
    j = a.journal
    authors = [AUTHORS[k] for k in a.authors]
    corresp = ' corresp="yes"'
    contribs = "\n".join(
        f'<contrib contrib-type="author"{corresp if i == 0 else ""}>\n<name>\n'
        f"<surname>{escape(x.surname)}</surname>\n<given-names>{escape(x.given)}</given-names>\n"
        f'</name>\n<xref ref-type="aff" rid="aff{i + 1}"><sup>{i + 1}</sup></xref>\n</contrib>'
        for i, x in enumerate(authors)
    )
    affs = "\n".join(
        f'<aff id="aff{i + 1}">\n<label>{i + 1}</label>\n<institution content-type="orgname">'
        f'{escape(x.institution)}</institution>\n<addr-line>\n<named-content content-type="city">'
        f'{escape(x.city)}</named-content>\n</addr-line>\n<country country="{x.country}">'
        f'{x.country_name}</country>\n<institution content-type="original">'
        f"{escape(x.institution)}, {escape(x.city)}, {x.country_name}</institution>\n</aff>"
        for i, x in enumerate(authors)
    )
    first = authors[0]
    email = f"{first.surname.split()[0].lower().replace('ó', 'o').replace('á', 'a')}@example.org"
    labels = {"en": ("Abstract", "Keywords:", "References"), "pt": ("Resumo", "Palavras-chave:", "Referências"),
              "es": ("Resumen", "Palabras clave:", "Referencias")}  # fmt: skip
    main, other = labels[j.lang], labels[j.other_lang]
    kwd = "".join(f"<kwd>{escape(k)}</kwd>" for k in a.keywords)
    tkwd = "".join(f"<kwd>{escape(k)}</kwd>" for k in a.trans_keywords)
    refs = [ref_xml(n, key) for n, key in enumerate(a.cites, 1)]
    secs = []
    for i, (title, text) in enumerate(a.body):
        cite = f' (<xref ref-type="bibr" rid="B{i % len(refs) + 1}">{i % len(refs) + 1}</xref>)'
        secs.append(f"<sec>\n<title>{escape(title)}</title>\n<p>{escape(text)}{cite}</p>\n</sec>")
    if len(refs) > len(a.body):
        rest = ", ".join(
            f'<xref ref-type="bibr" rid="B{n}">{n}</xref>'
            for n in range(len(a.body) + 1, len(refs) + 1)
        )
        secs[-1] = secs[-1].replace("</p>\n</sec>", f" ({rest})</p>\n</sec>")
    month = 3 if a.order == 1 else 4
    lic = {"en": "This is an open-access article distributed under the terms of the Creative Commons Attribution 4.0 International License (CC BY 4.0).",
           "pt": "Este é um artigo publicado em acesso aberto sob uma licença Creative Commons Atribuição 4.0 Internacional (CC BY 4.0)."}[j.lang]  # fmt: skip
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE article PUBLIC "-//NLM//DTD JATS (Z39.96) Journal Publishing DTD v1.1 20151215//EN" "https://jats.nlm.nih.gov/publishing/1.1/JATS-journalpublishing1.dtd">
<article xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:mml="http://www.w3.org/1998/Math/MathML" article-type="research-article" dtd-version="1.1" specific-use="sps-1.9" xml:lang="{j.lang}">
<front>
<journal-meta>
<journal-id journal-id-type="nlm-ta">{j.nlm_ta}</journal-id>
<journal-id journal-id-type="publisher-id">{j.acronym}</journal-id>
<journal-title-group>
<journal-title>{escape(j.title)}</journal-title>
<abbrev-journal-title abbrev-type="publisher">{escape(j.abbrev)}</abbrev-journal-title>
</journal-title-group>
<issn pub-type="ppub">{j.ppub}</issn>
<issn pub-type="epub">{j.epub}</issn>
<publisher>
<publisher-name>{escape(j.publisher)}</publisher-name>
</publisher>
</journal-meta>
<article-meta>
<article-id pub-id-type="publisher-id" specific-use="scielo-v3">{v3(a.key)}</article-id>
<article-id pub-id-type="publisher-id" specific-use="scielo-v2">S{j.ppub}{a.year}0001{a.pid_order}</article-id>
<article-id pub-id-type="other">{a.pid_order}</article-id>
<article-id pub-id-type="doi">{a.doi}</article-id>
<article-categories>
<subj-group subj-group-type="heading">
<subject>{escape(j.section)}</subject>
</subj-group>
</article-categories>
<title-group>
<article-title>{escape(a.title)}</article-title>
<trans-title-group xml:lang="{j.other_lang}">
<trans-title>{escape(a.trans_title)}</trans-title>
</trans-title-group>
</title-group>
<contrib-group>
{contribs}
</contrib-group>
{affs}
<author-notes>
<corresp id="c1">{escape(first.given)} {escape(first.surname)}. <email>{email}</email></corresp>
</author-notes>
<pub-date date-type="pub" publication-format="electronic">
<day>15</day>
<month>{month:02d}</month>
<year>{a.year}</year>
</pub-date>
<pub-date date-type="collection" publication-format="electronic">
<month>03</month>
<year>{a.year}</year>
</pub-date>
<volume>{a.volume}</volume>
<issue>1</issue>
<fpage>{a.fpage}</fpage>
<lpage>{a.lpage}</lpage>
<history>
<date date-type="received">
<day>10</day>
<month>06</month>
<year>{a.year - 1}</year>
</date>
<date date-type="accepted">
<day>20</day>
<month>11</month>
<year>{a.year - 1}</year>
</date>
</history>
<permissions>
<copyright-statement>© {a.year} The authors</copyright-statement>
<copyright-year>{a.year}</copyright-year>
<license license-type="open-access" xlink:href="https://creativecommons.org/licenses/by/4.0/" xml:lang="{j.lang}">
<license-p>{lic}</license-p>
</license>
</permissions>
<abstract>
<title>{main[0]}</title>
<p>{escape(a.abstract)}</p>
</abstract>
<trans-abstract xml:lang="{j.other_lang}">
<title>{other[0]}</title>
<p>{escape(a.trans_abstract)}</p>
</trans-abstract>
<kwd-group xml:lang="{j.lang}">
<title>{main[1]}</title>
{kwd}
</kwd-group>
<kwd-group xml:lang="{j.other_lang}">
<title>{other[1]}</title>
{tkwd}
</kwd-group>
<counts>
<fig-count count="0"/>
<table-count count="0"/>
<equation-count count="0"/>
<ref-count count="{len(refs)}"/>
<page-count count="{a.lpage - a.fpage + 1}"/>
</counts>
</article-meta>
</front>
<body>
{chr(10).join(secs)}
</body>
<back>
<ref-list>
<title>{main[2]}</title>
{chr(10).join(refs)}
</ref-list>
</back>
</article>
"""


def issue_toml(a: Paper) -> str:
    j = a.journal
    return (f'volume = "{a.volume}"\nnumber = "1"\nsupplement = ""\nyear = {a.year}\nmonth = 3\n'
            f'order = 1\nsections = ["{j.section}"]\n')  # fmt: skip


def main() -> None:
    for a in PAPERS:
        a.folder.mkdir(parents=True, exist_ok=True)
        (a.folder / "issue.toml").write_text(issue_toml(a), encoding="utf-8")
        (a.folder / f"{a.stem}.xml").write_text(article_xml(a), encoding="utf-8")
        print(a.folder / f"{a.stem}.xml")


if __name__ == "__main__":
    main()
