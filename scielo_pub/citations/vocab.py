"""Word lists written for this project (names, title words, journals, publishers, places) -> tuples.

They feed the synthetic reference generator and the parser's lexicon features. Journal entries carry
the full title, the NLM-style abbreviation and the ISSN-L where it is well known (None otherwise).
"""

from __future__ import annotations


def _split(text: str, sep: str | None = None) -> tuple[str, ...]:
    """A word list written as one string (space- or ``|``-separated) -> a tuple."""
    return tuple(text.split(sep))


SURNAMES = _split(
    "Silva Santos Oliveira Souza Rodrigues Ferreira Alves Pereira Lima Gomes Costa Ribeiro "
    "Martins Carvalho Almeida Lopes Soares Fernandes Vieira Barbosa Rocha Dias Nascimento Andrade"
    " Moreira Nunes Marques Machado Mendes Freitas Cardoso Ramos Gonçalves Santana Teixeira "
    "Araújo Moura Cavalcanti Monteiro Correia Pinto Batista Campos Coelho Reis Duarte Figueiredo "
    "Medeiros Tavares García Martínez López González Hernández Pérez Sánchez Ramírez Torres "
    "Flores Rivera Gómez Díaz Morales Ortiz Gutiérrez Chávez Ruiz Jiménez Mendoza Álvarez "
    "Castillo Romero Vargas Herrera Muñoz Rojas Medina Aguilar Castro Navarro Guerrero Domínguez "
    "Vázquez Cruz Reyes Salazar Peña Núñez Smith Johnson Williams Brown Jones Miller Davis Wilson"
    " Anderson Taylor Thomas Moore Jackson White Harris Martin Thompson Clark Lewis Walker Hall "
    "Young King Wright Scott Green Baker Adams Nelson Hill Campbell Mitchell Roberts Carter "
    "Phillips Evans Turner Parker Collins Edwards Stewart Murphy Cook Rogers Morgan Cooper "
    "Peterson Reed Bailey Kelly Howard Ward Cox Richardson Wood Watson Brooks Bennett Gray Hughes"
    " Price Sanders Myers Long Ross Foster Müller Schmidt Schneider Fischer Weber Wagner Becker "
    "Hoffmann Koch Richter Klein Wolf Schröder Neumann Zimmermann Braun Krüger Rossi Russo "
    "Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Bruno Gallo Conti Dubois Durand "
    "Leroy Moreau Laurent Lefebvre Michel Garnier Faure Rousseau Blanc Fournier Tanaka Suzuki "
    "Takahashi Watanabe Ito Nakamura Kobayashi Yamamoto Wang Li Zhang Liu Chen Yang Huang Zhao Wu"
    " Zhou Kim Lee Park Choi Jung Kang Cho Yoon Singh Kumar Sharma Patel Gupta Nguyen Minayo Paim"
    " Victora Barreto Monteiro Lebrão Szwarcwald Malta Ramos Schmidt Castiel Czeresnia "
    "Rahmani-Kukia Pérez-Higueras Lima-Costa Almeida-Filho Oliveira-Neto Souza-Cruz"
)

PARTICLES = ("de", "da", "do", "dos", "das", "del", "de la", "van", "von", "van der", "di", "le")
SUFFIXES = ("Filho", "Júnior", "Neto", "Jr", "Sobrinho")

GIVEN = _split(
    "Maria José Ana João Antônio Francisco Carlos Paulo Pedro Lucas Luiz Marcos Luís Gabriel "
    "Rafael Daniel Marcelo Bruno Eduardo Felipe Rodrigo Manoel Mateus André Fernando Fábio "
    "Leonardo Gustavo Juliana Márcia Fernanda Patrícia Aline Sandra Camila Amanda Bruna Jéssica "
    "Letícia Júlia Luciana Vanessa Mariana Gabriela Beatriz Cristina Helena Sheila Odila Rosemary"
    " Inês Lúcia Regina Célia Javier Alejandro Miguel Carmen Isabel Dolores Pilar Teresa Rosa "
    "Elena Jorge Enrique Alberto Ricardo Sergio Raúl Andrés Diego Pablo Mónica Silvia Patricia "
    "Claudia Verónica Gloria John Robert Michael William David Richard James Mary Jennifer Linda "
    "Elizabeth Susan Margaret Sarah Karen Nancy Lisa Emily Laura Thomas Charles Christopher "
    "Matthew Anthony Mark Steven Hans Klaus Jürgen Pierre Jean Michel Giuseppe Giovanni Hiroshi "
    "Yuki Wei Min Jin Hyun Raj"
)

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
        "depressive symptoms|hearing impairment|functional disability|HIV testing|condom use|"
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
        "hepatites virais|serviços de saúde mental|insegurança alimentar|cobertura vacinal|quedas|"
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
    "pt": "idosos|adolescentes|gestantes|idosos institucionalizados|usuários da atenção básica|"
    "estudantes universitários|trabalhadores da saúde|crianças menores de cinco anos|mulheres idosas",
    "es": "adultos mayores|adolescentes|mujeres embarazadas|estudiantes universitarios|"
    "trabajadores de la salud|niños menores de cinco años|pacientes crónicos",
}
PLACES_IN_TITLES = _split(
    "Brazil|Brasil|São Paulo|Rio de Janeiro|Minas Gerais|Mexico|México|Chile|Colombia|Argentina|"
    "Peru|Perú|Uruguay|Cuba|Spain|Portugal|South Africa|Tanzania|Kenya|Taiwan|Hong Kong|Canada|"
    "the United States|Latin America|América Latina",
    "|",
)
DESIGNS = {
    "en": "a cross-sectional study|a cohort study|a systematic review|a population-based study|"
    "a qualitative study|results from a national survey|a randomized controlled trial|an ecological analysis",
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

# (full title, abbreviation, ISSN-L or None)
JOURNALS = (
    ("Revista de Saúde Pública", "Rev Saude Publica", "0034-8910"),
    ("Cadernos de Saúde Pública", "Cad Saude Publica", "0102-311X"),
    ("Ciência & Saúde Coletiva", "Cienc Saude Colet", "1413-8123"),
    ("Revista Brasileira de Epidemiologia", "Rev Bras Epidemiol", "1415-790X"),
    ("Revista da Escola de Enfermagem da USP", "Rev Esc Enferm USP", "0080-6234"),
    ("Revista Latino-Americana de Enfermagem", "Rev Lat Am Enfermagem", "0104-1169"),
    ("Memórias do Instituto Oswaldo Cruz", "Mem Inst Oswaldo Cruz", "0074-0276"),
    ("Arquivos Brasileiros de Cardiologia", "Arq Bras Cardiol", "0066-782X"),
    ("Epidemiologia e Serviços de Saúde", "Epidemiol Serv Saude", "1679-4974"),
    ("Revista Panamericana de Salud Pública", "Rev Panam Salud Publica", "1020-4989"),
    ("Salud Pública de México", "Salud Publica Mex", "0036-3634"),
    ("Gaceta Sanitaria", "Gac Sanit", "0213-9111"),
    ("Revista Gaúcha de Enfermagem", "Rev Gaucha Enferm", None),
    ("Revista Brasileira de Enfermagem", "Rev Bras Enferm", None),
    ("Texto & Contexto Enfermagem", "Texto Contexto Enferm", None),
    ("Acta Paulista de Enfermagem", "Acta Paul Enferm", None),
    ("Revista de Enfermagem UERJ", "Rev Enferm UERJ", None),
    ("Revista do Instituto Adolfo Lutz", "Rev Inst Adolfo Lutz", None),
    ("Revista Bioética", "Rev Bioet", None),
    ("Enfermería Global", "Enferm Glob", None),
    ("Revista Española de Salud Pública", "Rev Esp Salud Publica", None),
    ("Revista Médica de Chile", "Rev Med Chil", None),
    ("Interface - Comunicação, Saúde, Educação", "Interface (Botucatu)", None),
    ("Saúde e Sociedade", "Saude Soc", None),
    ("Physis: Revista de Saúde Coletiva", "Physis", None),
    ("História, Ciências, Saúde-Manguinhos", "Hist Cienc Saude Manguinhos", None),
    ("Educação e Pesquisa", "Educ Pesqui", None),
    ("Transinformação", "Transinformação", None),
    ("Revista Española de Documentación Científica", "Rev Esp Doc Cient", None),
    ("Teoria e Evidência Econômica", "Teor Evid Econ", None),
    ("Estudos Avançados", "Estud Av", None),
    ("Bakhtiniana: Revista de Estudos do Discurso", "Bakhtiniana", None),
    ("The Lancet", "Lancet", "0140-6736"),
    ("Journal of the American Medical Association", "JAMA", "0098-7484"),
    ("British Medical Journal", "BMJ", "0959-8138"),
    ("The New England Journal of Medicine", "N Engl J Med", "0028-4793"),
    ("Nature", "Nature", "0028-0836"),
    ("Science", "Science", "0036-8075"),
    ("PLoS ONE", "PLoS One", "1932-6203"),
    ("American Journal of Public Health", "Am J Public Health", "0090-0036"),
    ("International Journal of Epidemiology", "Int J Epidemiol", None),
    ("Health Education Research", "Health Educ Res", None),
    ("Journal of Advanced Nursing", "J Adv Nurs", None),
    ("Journal of Nursing Education", "J Nurs Educ", None),
    ("Journal of the American Geriatrics Society", "J Am Geriatr Soc", None),
    ("Age and Ageing", "Age Ageing", None),
    ("International Journal of Geriatric Psychiatry", "Int J Geriatr Psychiatry", None),
    ("Addictive Behaviors", "Addict Behav", None),
    ("Annals of Family Medicine", "Ann Fam Med", None),
    ("BMC Public Health", "BMC Public Health", None),
    ("BMC Infectious Diseases", "BMC Infect Dis", None),
    ("Journal of Acquired Immune Deficiency Syndromes", "J Acquir Immune Defic Syndr", None),
    ("Frontiers in Endocrinology", "Front Endocrinol (Lausanne)", None),
    ("Tumour Biology", "Tumour Biol", None),
    ("Nurse Education Today", "Nurse Educ Today", None),
    ("Social Science & Medicine", "Soc Sci Med", None),
    ("Econometrica", "Econometrica", None),
    ("Tourism Management", "Tour Manag", None),
    ("Urban Studies", "Urban Stud", None),
    ("Collegian", "Collegian", None),
)

PUBLISHERS = _split(
    "Editora Fiocruz|Hucitec|Editora da Universidade de São Paulo|Edusp|Contexto|Perspectiva|"
    "Parábola Editorial|Alameda|Cortez|Atlas|Artmed|Guanabara Koogan|Saraiva|"
    "Companhia das Letras|Editora 34|Vozes|Martins Fontes|Zahar|Editora Unesp|Editora UFMG|"
    "EDUFBA|Abrasco|Ministério da Saúde|Instituto Brasileiro de Geografia e Estatística|IBGE|"
    "BNDES|Ipea|Organización Panamericana de la Salud|Fondo de Cultura Económica|Siglo XXI|"
    "Paidós|Gedisa|Ediciones Morata|Elsevier|Springer|Wiley-Blackwell|Oxford University Press|"
    "Cambridge University Press|University of California Press|Routledge|Sage|"
    "Lippincott Williams & Wilkins|World Health Organization|Hill and Wang|Gallimard|Seuil|"
    "John Libbey|Escola de Enfermagem da USP|Universidade Federal do Rio de Janeiro",
    "|",
)
CITIES = _split(
    "São Paulo|Rio de Janeiro|Belo Horizonte|Porto Alegre|Salvador|Brasília|Recife|Curitiba|"
    "Florianópolis|Campinas|Niterói|Fortaleza|Coimbra|Lisboa|Madrid|Barcelona|Buenos Aires|"
    "México|Santiago|Bogotá|Lima|Montevideo|La Habana|Washington|New York|London|Oxford|"
    "Cambridge|Philadelphia|Berkeley|Geneva|Genebra|Ginebra|Paris|Berlin|Amsterdam|Thousand Oaks|"
    "Passo Fundo",
    "|",
)
UNIVERSITIES = _split(
    "Universidade de São Paulo|Universidade Federal de Minas Gerais|"
    "Universidade Estadual de Campinas|Universidade Federal do Rio Grande do Sul|"
    "Escola Nacional de Saúde Pública Sergio Arouca|Universidad Nacional Autónoma de México|"
    "Universidad de Chile|Universidad de Buenos Aires|Universidade Federal da Bahia|"
    "Faculdade de Saúde Pública da USP|University of Toronto",
    "|",
)
ORGANISATIONS = _split(
    "World Health Organization|Ministério da Saúde|"
    "Instituto Brasileiro de Geografia e Estatística|Organización Panamericana de la Salud|"
    "Brasil. Ministério da Saúde|Secretaria de Vigilância em Saúde|UNAIDS|"
    "Centers for Disease Control and Prevention|NIH Consensus Development Panel|"
    "Instituto Nacional de Câncer",
    "|",
)
WEB_HOSTS = _split(
    "www.who.int bvsms.saude.gov.br www.ibge.gov.br portal.iphan.gov.br www.scielo.br "
    "hdl.handle.net iris.who.int www.cdc.gov repositorio.usp.br www.paho.org datasus.saude.gov.br"
)
DOI_PREFIXES = _split(
    "10.1590 10.1016 10.1093 10.1001 10.1136 10.1186 10.1371 10.1111 10.1002 10.3389 10.1038 "
    "10.1097 10.1177 10.3928 10.1370 10.21877 10.3989 10.1046"
)

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
        "without a an its their our reading framing rethinking understanding building making"
    ),
    "pt": (
        "análise abordagem avaliação evidências modelo teoria prática história cultura sociedade "
        "política desenvolvimento educação formação cuidado saúde sistema rede memória identidade "
        "linguagem discurso narrativa poder estado mercado economia crescimento mudança reforma "
        "desempenho impacto efeitos gestão informação conhecimento aprendizagem ensino pesquisa métodos "
        "dados medidas novo crítica social político econômico cultural clínico histórico comparado "
        "nacional regional público privado contemporâneo humano cidade região comunidade família "
        "mulheres crianças jovens trabalhadores pacientes estudantes professores enfermeiros o a os as "
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
PROPER = _split(
    "Bakhtin|Foucault|Darwin|Oswaldo Cruz|Freud|Marx|Weber|Paulo Freire|Machado de Assis|"
    "Cervantes|Amazon|Amazônia|Andes|Mercosul|SUS|COVID-19|HIV/AIDS|Zika|Bolsa Família|UNESCO|"
    "Stata|R",
    "|",
)
EVENTS = _split(
    "ENCONTRO NACIONAL DE ECONOMIA|Congresso Brasileiro de Saúde Coletiva|"
    "Seminário de Pesquisa em Turismo|Congreso Latinoamericano de Sociología|"
    "International Conference on Public Health|Simpósio Brasileiro de Enfermagem|"
    "Annual Meeting of the American Public Health Association",
    "|",
)
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

# Words of journal titles with their ISO 4 / NLM abbreviations, to invent journals the model never saw.
JOURNAL_WORDS = (
    ("Journal", "J"),
    ("International", "Int"),
    ("American", "Am"),
    ("British", "Br"),
    ("European", "Eur"),
    ("Research", "Res"),
    ("Clinical", "Clin"),
    ("Medicine", "Med"),
    ("Science", "Sci"),
    ("Nursing", "Nurs"),
    ("Health", "Health"),
    ("Education", "Educ"),
    ("Psychology", "Psychol"),
    ("Social", "Soc"),
    ("Studies", "Stud"),
    ("Epidemiology", "Epidemiol"),
    ("Communications", "Commun"),
    ("Personal", "Pers"),
    ("Evaluation", "Eval"),
    ("Professions", "Prof"),
    ("Practice", "Pract"),
    ("Obstetrics", "Obstet"),
    ("Gynaecology", "Gynaecol"),
    ("Pharmacology", "Pharmacol"),
    ("Therapeutics", "Ther"),
    ("Analysis", "Anal"),
    ("Geographical", "Geogr"),
    ("Behavior", "Behav"),
    ("Public", "Public"),
    ("Policy", "Policy"),
    ("Economics", "Econ"),
    ("Management", "Manag"),
    ("Wireless", "Wireless"),
    ("Cardiology", "Cardiol"),
    ("Pediatrics", "Pediatr"),
    ("Psychiatry", "Psychiatry"),
    ("Biology", "Biol"),
    ("Chemistry", "Chem"),
    ("Physics", "Phys"),
    ("Engineering", "Eng"),
    ("Technology", "Technol"),
    ("Environmental", "Environ"),
    ("Dental", "Dent"),
    ("Oral", "Oral"),
    ("Tropical", "Trop"),
    ("Infectious", "Infect"),
    ("Diseases", "Dis"),
    ("Disorders", "Disord"),
    ("Nutrition", "Nutr"),
    ("Food", "Food"),
    ("Agricultural", "Agric"),
    ("Veterinary", "Vet"),
    ("Surgery", "Surg"),
    ("Oncology", "Oncol"),
    ("Annals", "Ann"),
    ("Archives", "Arch"),
    ("Bulletin", "Bull"),
    ("Reports", "Rep"),
    ("Letters", "Lett"),
    ("Quarterly", "Q"),
    ("Review", "Rev"),
    ("Revista", "Rev"),
    ("Brasileira", "Bras"),
    ("Latinoamericana", "Latinoam"),
    ("Cadernos", "Cad"),
    ("Arquivos", "Arq"),
    ("Enfermagem", "Enferm"),
    ("Enfermería", "Enferm"),
    ("Ciência", "Cienc"),
    ("Ciencias", "Cienc"),
    ("Saúde", "Saude"),
    ("Salud", "Salud"),
    ("Coletiva", "Colet"),
    ("Medicina", "Med"),
    ("Pública", "Publica"),
    ("Estudos", "Estud"),
    ("Pesquisa", "Pesqui"),
    ("Sociologia", "Sociol"),
    ("História", "Hist"),
    ("Filosofia", "Filos"),
)
