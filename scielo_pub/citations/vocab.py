"""Word lists written for this project (names, title words, journals, publishers, places) -> tuples.

They feed the synthetic reference generator and the parser's lexicon features. Journal entries carry
the full title, the NLM-style abbreviation and the ISSN-L where it is well known (None otherwise).
"""

from __future__ import annotations


def _split(text: str, sep: str | None = None) -> tuple[str, ...]:
    """A word list written as one string (space- or ``|``-separated) -> a tuple."""
    return tuple(text.split(sep))


PARTICLES = ("de", "da", "do", "dos", "das", "del", "de la", "van", "von", "van der", "di", "le")
SUFFIXES = ("Filho", "Júnior", "Neto", "Jr", "Sobrinho")

MONTHS = {
    "en": "January February March April May June July August September October November December",
    "pt": "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
}
MONTH_ABBR = {
    "en": "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec",
    "pt": "jan. fev. mar. abr. maio jun. jul. ago. set. out. nov. dez.",
    "es": "ene. feb. mar. abr. mayo jun. jul. ago. sept. oct. nov. dic.",
}

# Title building blocks per language: subjects, populations, settings, designs.
TOPICS = {
    "en": (
        "hearing impairment|functional disability|HIV testing|condom use|"
        "breastfeeding|childhood obesity|hypertension control|type 2 diabetes|tuberculosis treatment|"
        "dengue incidence|maternal mortality|prenatal care|oral health|physical activity|smoking "
        "cessation|viral hepatitis|mental health services|food insecurity|vaccine coverage|falls|"
        "critical thinking|clinical competence|nurse staffing|health literacy|air pollution|"
        "antimicrobial resistance|sleep quality|quality of life|cardiovascular risk"
    ),
    "pt": (
        "sintomas depressivos|capacidade funcional|aleitamento materno|obesidade infantil|"
        "controle da hipertensão|diabetes tipo 2|tratamento da tuberculose|incidência de dengue|"
        "mortalidade materna|assistência pré-natal|saúde bucal|atividade física|cessação do tabagismo|"
        "serviços de saúde mental|insegurança alimentar|cobertura vacinal|quedas|"
        "humanização do parto|violência doméstica|qualidade de vida|uso de medicamentos|"
        "patrimônio cultural|políticas públicas|formação docente|gestão da informação"
    ),
    "es": (
        "síntomas depresivos|discapacidad funcional|lactancia materna|obesidad infantil|"
        "control de la hipertensión|diabetes tipo 2|tratamiento de la tuberculosis|incidencia de "
        "dengue|mortalidad materna|atención prenatal|salud bucal|actividad física|hepatitis virales|"
        "servicios de salud mental|inseguridad alimentaria|cobertura de vacunación|calidad de vida|"
        "enseñanza-aprendizaje|gestión de información|políticas de salud|violencia de género"
    ),
}
POPULATIONS = {
    "en": "older adults|adolescents|pregnant women|nursing home residents|primary care users|"
    "university students|health workers|men who have sex with men|children under five|new graduate nurses",
    "pt": "idosos|adolescentes|gestantes|usuários da atenção básica|"
    "estudantes universitários|trabalhadores da saúde|crianças menores de cinco anos",
    "es": "adultos mayores|adolescentes|mujeres embarazadas|estudiantes universitarios|"
    "trabajadores de la salud|niños menores de cinco años|pacientes crónicos",
}
DESIGNS = {
    "en": "a cross-sectional analysis|a cohort study|a systematic review|a population-based study|"
    "an interview study|results from a national survey|a randomised trial|an ecological analysis",
    "pt": "estudo transversal|estudo de coorte|revisão sistemática|estudo de base populacional|"
    "estudo qualitativo|resultados de inquérito nacional|análise ecológica|revisão integrativa",
    "es": "estudio transversal|estudio de cohorte|revisión sistemática|estudio poblacional|"
    "estudio cualitativo|análisis ecológico|ensayo clínico aleatorizado",
}
TITLE_PATTERNS = {
    "en": (
        "{Topic} among {pop} in {place}: {design}",
        "Prevalence of {topic} and associated factors among {pop}",
        "{Topic} in {place}, {y1}-{y2}: temporal trend and spatial analysis",
        "Association between {topic} and {topic2} in {pop}",
        "Effect of {topic} on {topic2}: {design}",
        "{Topic} and {topic2}",
        "Measuring {topic}: psychometric properties of a new scale",
        "Trends in {topic} among {pop}, {place}",
        "Is {topic} associated with {topic2}? Evidence from {place}",
    ),
    "pt": (
        "{Topic} entre {pop} em {place}: {design}",
        "Prevalência de {topic} e fatores associados em {pop}",
        "{Topic} no {place}, {y1}-{y2}: tendência temporal e análise espacial",
        "Associação entre {topic} e {topic2} em {pop}",
        "Desafios na implantação de uma política de {topic}",
        "{Topic} e {topic2}: {design}",
        "Fatores associados a {topic} em {pop} do município de {place}",
        "{Topic}: uma análise para {pop} residentes em {place}",
    ),
    "es": (
        "{Topic} en {pop} de {place}: {design}",
        "Prevalencia de {topic} y factores asociados en {pop}",
        "Asociación entre {topic} y {topic2} en {pop}",
        "{Topic} en {place}, {y1}-{y2}: tendencia temporal",
        "Un modelo de {topic} para {pop}",
        "{Topic} y {topic2}: {design}",
    ),
}
BOOK_PATTERNS = {
    "en": (
        "{Topic}: theory and practice",
        "Handbook of {topic}",
        "Principles of {topic}",
        "{Topic} in {place}",
        "Introduction to {topic}",
    ),
    "pt": (
        "{Topic}: teoria e prática",
        "Manual de {topic}",
        "{Topic} no {place}: história e perspectivas",
        "Introdução ao estudo de {topic}",
        "A {topic} e outros estudos",
    ),
    "es": (
        "{Topic}: teoría y práctica",
        "Manual de {topic}",
        "{Topic} en {place}: historia y perspectivas",
        "Introducción al estudio de {topic}",
    ),
}

# Generic words for free-form titles, so the model learns shapes rather than a closed vocabulary.
GENERIC = {
    "en": (
        "analysis approach assessment evidence model theory practice history culture society policy "
        "development education training care health system network memory identity language discourse "
        "narrative power state market economy growth change reform performance impact effects evaluation "
        "management information knowledge learning teaching research methods data measures new critical "
        "social political economic cultural clinical historical comparative global local urban rural "
        "national regional public private early late modern contemporary human animal plant soil water "
        "climate energy food land city region community family women children youth workers patients "
        "students teachers nurses the of and in for on from to with among between toward beyond within "
        "without a an its their our reading framing understanding building making"
    ),
    "pt": (
        "análise abordagem avaliação evidências modelo teoria prática história cultura sociedade "
        "política desenvolvimento educação formação cuidado saúde sistema rede memória identidade "
        "linguagem discurso narrativa poder estado mercado economia crescimento mudança reforma "
        "desempenho impacto efeitos gestão informação conhecimento aprendizagem ensino pesquisa métodos "
        "dados medidas novo crítica social político econômico cultural clínico histórico comparado "
        "nacional regional público privado contemporâneo humano cidade região comunidade família "
        "mulheres crianças jovens trabalhadores pacientes estudantes professores o a os as "
        "de da do das dos e em no na para por com entre sobre sem um uma seu sua leitura uso construção"
    ),
    "es": (
        "análisis enfoque evaluación evidencia modelo teoría práctica historia cultura sociedad "
        "política desarrollo educación formación cuidado salud sistema red memoria identidad lenguaje "
        "discurso narrativa poder estado mercado economía crecimiento cambio reforma desempeño impacto "
        "efectos gestión información conocimiento aprendizaje enseñanza investigación métodos datos "
        "nuevo crítica social político económico cultural clínico histórico comparado nacional regional "
        "público privado contemporáneo humano ciudad región comunidad familia mujeres niños jóvenes "
        "trabajadores pacientes estudiantes profesores el la los las de del y en para por con entre "
        "sobre sin un una su lectura uso construcción"
    ),
}
NOTES = {
    "pt": (
        "Tradução de {name}",
        "Organização e notas de {name}",
        "Prefácio de {name}",
        "Mimeografado",
        "No prelo",
    ),
    "es": ("Traducción de {name}", "Edición de {name}", "Prólogo de {name}", "En prensa"),
    "en": ("Translated by {name}", "Edited by {name}", "Revised edition", "In press"),
}


# Patterns for the names of bodies; ``{surname}``, ``{city}``, ``{region}``, ``{country}`` and
# ``{field}`` are filled from the package lexicons (:mod:`lexicon`) and FIELDS.
FIELDS = {
    "en": "Medicine|Nursing|Public Health|Education|Economics|History|Sociology|Engineering|Law",
    "pt": "Medicina|Enfermagem|Saúde Pública|Educação|Economia|História|Sociologia|Engenharia|Direito",
    "es": "Medicina|Enfermería|Salud Pública|Educación|Economía|Historia|Sociología|Ingeniería|Derecho",
}
PUBLISHER_PATTERNS = (
    "Editora {surname}",
    "Editora {city}",
    "{surname} Editores",
    "Ediciones {surname}",
    "Editorial {surname}",
    "Livraria {surname}",
    "{surname} & {surname2}",
    "{surname} Press",
    "{city} University Press",
    "University of {city} Press",
    "Editora da Universidade Federal de {region}",
    "Editora da Universidade de {city}",
    "Fondo Editorial de {city}",
    "Imprensa Nacional",
    "Ministério da {field}",
    "Sociedade Brasileira de {field}",
)
UNIVERSITY_PATTERNS = (
    "Universidade Federal de {region}",
    "Universidade Estadual de {region}",
    "Universidade de {city}",
    "Universidad de {city}",
    "Universidad Nacional de {country}",
    "Universidad Autónoma de {city}",
    "University of {city}",
    "Faculdade de {field} de {city}",
    "Escola de {field}, Universidade de {city}",
    "Instituto de {field}, Universidade Federal de {region}",
)
ORGANISATION_PATTERNS = (
    "World Health Organization",
    "Pan American Health Organization",
    "Organización Panamericana de la Salud",
    "Ministério da Saúde",
    "Ministerio de Salud de {country}",
    "{country}. Ministério da Saúde",
    "{country}. Ministerio de {field}",
    "Secretaria de Estado da Saúde de {region}",
    "Secretaria Municipal de Saúde de {city}",
    "Instituto Nacional de {field}",
    "National Institute of {field}",
    "Conselho Federal de {field}",
    "Sociedade Brasileira de {field}",
    "United Nations",
)
EVENT_PATTERNS = (
    "Congresso Brasileiro de {field}",
    "Encontro Nacional de {field}",
    "Seminário Internacional de {field}",
    "Simpósio de {field} de {region}",
    "Congreso Latinoamericano de {field}",
    "Jornadas de {field} de {city}",
    "International Conference on {field}",
    "Annual Meeting of the Society for {field}",
    "World Congress of {field}",
)
# Openings of journal titles per language; the subject words come from the ISO 4 word list.
JOURNAL_HEADS = {
    "en": "Journal of|International Journal of|Advances in|Archives of|Bulletin of|Review of|Reports in",
    "pt": "Revista de|Revista Brasileira de|Cadernos de|Arquivos de|Anais de|Boletim de|Jornal de",
    "es": "Revista de|Revista Latinoamericana de|Cuadernos de|Archivos de|Anales de|Boletín de|Gaceta de",
}
# Path segments and top-level domains of invented web addresses.
URL_PATHS = "pt|es|en|docs|pdf|arquivos|publicaciones|handle|files|download|article"
TLDS = "br|com.br|gov.br|org.br|org|int|gov|edu|es|mx|ar|cl|co|pt|uk"
