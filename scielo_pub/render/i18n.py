"""A language code in, the interface strings of the site in that language out (pt, es, en)."""

from __future__ import annotations

from ..interface import LANGUAGES as INTERFACE_LANGUAGES
from ..interface import column

_STRINGS: dict[str, tuple[str, str, str]] = {
    # key: (pt, es, en)
    "journals": ("Periódicos", "Revistas", "Journals"),
    "journals_alpha": (
        "Lista alfabética de periódicos",
        "Lista alfabética de revistas",
        "Journals by title",
    ),
    "journals_subject": (
        "Periódicos por área temática",
        "Revistas por área temática",
        "Journals by subject area",
    ),
    "no_subject": ("Sem área temática", "Sin área temática", "No subject area"),
    "licence_text": ("Texto da licença", "Texto de la licencia", "Licence text"),
    "editorial_board": ("Corpo editorial", "Cuerpo editorial", "Editorial board"),
    "instructions": (
        "Instruções aos autores",
        "Instrucciones a los autores",
        "Instructions to authors",
    ),
    "journal_menu": ("Páginas do periódico", "Páginas de la revista", "Journal pages"),
    "only_in": ("Disponível somente em", "Disponible solo en", "Available only in"),
    "latest_articles": ("Artigos mais recentes", "Artículos más recientes", "Latest articles"),
    "latest_issues": ("Números mais recentes", "Números más recientes", "Latest issues"),
    "current_issue": ("Número atual", "Número actual", "Current issue"),
    "previous_issue": ("Número anterior", "Número anterior", "Previous issue"),
    "next_issue": ("Próximo número", "Número siguiente", "Next issue"),
    "previous_article": ("Artigo anterior", "Artículo anterior", "Previous article"),
    "next_article": ("Próximo artigo", "Artículo siguiente", "Next article"),
    "logo_of": ("Logotipo de", "Logotipo de", "Logo of"),
    "article_tools": ("Sobre este artigo", "Sobre este artículo", "About this article"),
    "outline": ("Neste artigo", "En este artículo", "In this article"),
    "versions": ("Versões e traduções", "Versiones y traducciones", "Versions and translations"),
    "metrics": ("Métricas", "Métricas", "Metrics"),
    "accesses": ("Acessos", "Accesos", "Accesses"),
    "citations_received": ("Citações recebidas", "Citas recibidas", "Citations received"),
    "share": ("Compartilhar", "Compartir", "Share"),
    "share_email": ("Por e-mail", "Por correo electrónico", "By e-mail"),
    "similar": ("Artigos semelhantes", "Artículos similares", "Similar articles"),
    "issue_articles": (
        "Artigos deste número",
        "Artículos de este número",
        "Articles of this issue",
    ),
    "copy": ("Copiar", "Copiar", "Copy"),
    "copied": ("Copiado", "Copiado", "Copied"),
    "close": ("Fechar", "Cerrar", "Close"),
    "enlarge": ("Ampliar", "Ampliar", "Enlarge"),
    "ahead_of_print": ("Ahead of print", "Ahead of print", "Ahead of print"),
    "about": ("Sobre o periódico", "Acerca de la revista", "About the journal"),
    "publisher": ("Editora", "Editorial", "Publisher"),
    "abbrev_title": ("Título abreviado", "Título abreviado", "Abbreviated title"),
    "issn_print": ("ISSN impresso", "ISSN impreso", "Print ISSN"),
    "issn_electronic": ("ISSN eletrônico", "ISSN electrónico", "Online ISSN"),
    "issues": ("Números", "Números", "Issues"),
    "articles_count": ("artigos", "artículos", "articles"),
    "toc": ("Sumário", "Sumario", "Table of contents"),
    "volume": ("v.", "v.", "vol."),
    "number": ("n.", "n.", "no."),
    "supplement": ("supl.", "supl.", "suppl."),
    "pages": ("p.", "p.", "pp."),
    "full_text": ("Texto completo", "Texto completo", "Full text"),
    "abstract": ("Resumo", "Resumen", "Abstract"),
    "abstract_page": ("Resumo", "Resumen", "Abstract"),
    "abstract_other": (
        "Resumo em outros idiomas",
        "Resumen en otros idiomas",
        "Abstract in other languages",
    ),
    "keywords": ("Palavras-chave", "Palabras clave", "Keywords"),
    "pdf": ("PDF", "PDF", "PDF"),
    "authors": ("Autores", "Autores", "Authors"),
    "affiliations": ("Afiliações", "Afiliaciones", "Affiliations"),
    "corresponding": ("Autor correspondente", "Autor de correspondencia", "Corresponding author"),
    "author_notes": ("Notas dos autores", "Notas de los autores", "Author notes"),
    "history": ("Histórico", "Historial", "History"),
    "received": ("Recebido", "Recibido", "Received"),
    "accepted": ("Aceito", "Aceptado", "Accepted"),
    "rev-recd": ("Revisado", "Revisado", "Revised"),
    "published": ("Publicado", "Publicado", "Published"),
    "references": ("Referências", "Referencias", "References"),
    "notes": ("Notas", "Notas", "Notes"),
    "ack": ("Agradecimentos", "Agradecimientos", "Acknowledgements"),
    "appendix": ("Apêndices", "Apéndices", "Appendices"),
    "languages": ("Idiomas do artigo", "Idiomas del artículo", "Article languages"),
    "how_to_cite": ("Como citar", "Cómo citar", "How to cite"),
    "downloads": ("Downloads", "Descargas", "Downloads"),
    "xml": ("XML (SciELO PS)", "XML (SciELO PS)", "XML (SciELO PS)"),
    "ris": (
        "RIS (gerenciadores de referências)",
        "RIS (gestores de referencias)",
        "RIS (reference managers)",
    ),
    "bibtex": ("BibTeX", "BibTeX", "BibTeX"),
    "lilacs": ("Registro LILACS", "Registro LILACS", "LILACS record"),
    "license": ("Licença", "Licencia", "License"),
    "peer_review": ("Pareceres", "Dictámenes", "Peer review reports"),
    "abstract:key-points": ("Destaques", "Puntos clave", "Key points"),
    "abstract:graphical": ("Resumo gráfico", "Resumen gráfico", "Graphical abstract"),
    "abstract:short": ("Resumo breve", "Resumen breve", "Short abstract"),
    "date:reviewer-report-received": ("Parecer recebido", "Dictamen recibido", "Report received"),
    "date:editor-decision": ("Decisão editorial", "Decisión editorial", "Editor decision"),
    "recommendation": ("Recomendação", "Recomendación", "Recommendation"),
    "sub_articles": ("Documentos associados", "Documentos asociados", "Associated documents"),
    "anonymous": ("Anônimo", "Anónimo", "Anonymous"),
    "sub:reviewer-report": ("Parecer", "Dictamen", "Reviewer report"),
    "sub:editor-report": ("Parecer editorial", "Dictamen editorial", "Editor report"),
    "sub:reply": ("Resposta", "Respuesta", "Reply"),
    "sub:author-comment": ("Comentário dos autores", "Comentario de los autores", "Author comment"),
    "sub:translation": ("Tradução", "Traducción", "Translation"),
    "sub:addendum": ("Adendo", "Adenda", "Addendum"),
    "sub:correction": ("Errata", "Fe de erratas", "Correction"),
    "sub:other": ("Documento associado", "Documento asociado", "Associated document"),
    "back_to_text": ("voltar ao texto", "volver al texto", "back to text"),
    "cited_in_text": ("citado no texto", "citado en el texto", "cited in the text"),
    "skip": ("Ir para o conteúdo", "Ir al contenido", "Skip to content"),
    "home": ("Início", "Inicio", "Home"),
    "interface_language": ("Idioma da interface", "Idioma de la interfaz", "Interface language"),
    "feed": ("Feed Atom", "Feed Atom", "Atom feed"),
    "search": ("Pesquisar artigos", "Buscar artículos", "Search articles"),
    "search_button": ("Pesquisar", "Buscar", "Search"),
    "citation_stats": ("Estatísticas de citação", "Estadísticas de citas", "Citation statistics"),
    "search_terms": ("Termos da pesquisa", "Términos de búsqueda", "Search terms"),
    "search_static_help": (
        "Encontra os artigos cujo título, autores, periódico ou ano contêm todas as palavras "
        "digitadas (sem distinguir acentos nem maiúsculas; uma palavra encontra também as que "
        "começam por ela). {n} artigos.",
        "Encuentra los artículos cuyo título, autores, revista o año contienen todas las palabras "
        "escritas (sin distinguir acentos ni mayúsculas; una palabra encuentra también las que "
        "empiezan por ella). {n} artículos.",
        "Finds the articles whose title, authors, journal or year hold every word you type "
        "(accents and case ignored; a word also finds the words that begin with it). "
        "{n} articles.",
    ),
    "search_results": ("{n} resultados", "{n} resultados", "{n} results"),
    "search_none": (
        "Nenhum artigo encontrado.",
        "Ningún artículo encontrado.",
        "No articles found.",
    ),
    "search_more": ("Mais resultados", "Más resultados", "More results"),
    "search_loading": ("Pesquisando…", "Buscando…", "Searching…"),
    "search_failed": (
        "Não foi possível ler o índice de pesquisa.",
        "No se pudo leer el índice de búsqueda.",
        "The search index could not be read.",
    ),
    "search_short": (
        "Digite palavras de duas letras ou mais.",
        "Escriba palabras de dos letras o más.",
        "Type words of two letters or more.",
    ),
    "search_noscript": (
        "A pesquisa precisa de JavaScript. Navegue pelos periódicos e seus sumários:",
        "La búsqueda necesita JavaScript. Recorra las revistas y sus sumarios:",
        "Searching needs JavaScript. Browse the journals and their tables of contents:",
    ),
    "browse": (
        "Periódicos e números atuais",
        "Revistas y números actuales",
        "Journals and current issues",
    ),
    "translation_of": ("Tradução", "Traducción", "Translation"),
    "cited_by": ("Citado por", "Citado por", "Cited by"),
    "section_none": ("Artigos", "Artículos", "Articles"),
    "article_type": ("Tipo", "Tipo", "Type"),
    "doi": ("DOI", "DOI", "DOI"),
    "download_pdf": ("Baixar PDF", "Descargar PDF", "Download PDF"),
    "page": ("Página", "Página", "Page"),
    "redirect": ("Este endereço leva a", "Esta dirección lleva a", "This address leads to"),
    "supplementary": ("Material suplementar", "Material suplementario", "Supplementary material"),
    "figure_source": ("Fonte", "Fuente", "Source"),
    "no_articles": (
        "Nenhum artigo publicado.",
        "Ningún artículo publicado.",
        "No articles published.",
    ),
}

_LANG_NAMES = {
    "pt": ("Português", "Portugués", "Portuguese"),
    "es": ("Espanhol", "Español", "Spanish"),
    "en": ("Inglês", "Inglés", "English"),
    "fr": ("Francês", "Francés", "French"),
    "de": ("Alemão", "Alemán", "German"),
    "it": ("Italiano", "Italiano", "Italian"),
}
#: Each language's name in itself, for language switchers.
NATIVE_NAMES = {
    "pt": "Português",
    "es": "Español",
    "en": "English",
    "fr": "Français",
    "de": "Deutsch",
    "it": "Italiano",
}

_ARTICLE_TYPES = {
    "research-article": ("Artigo original", "Artículo original", "Research article"),
    "review-article": ("Artigo de revisão", "Artículo de revisión", "Review article"),
    "editorial": ("Editorial", "Editorial", "Editorial"),
    "case-report": ("Relato de caso", "Reporte de caso", "Case report"),
    "brief-report": ("Comunicação breve", "Comunicación breve", "Brief report"),
    "letter": ("Carta", "Carta", "Letter"),
    "correction": ("Errata", "Fe de erratas", "Correction"),
    "book-review": ("Resenha", "Reseña", "Book review"),
    "reviewer-report": ("Parecer", "Dictamen", "Reviewer report"),
}


#: SciELO's thematic areas (the names journals use in ``subject_areas``), per interface language.
_SUBJECT_AREAS = {
    "Agricultural Sciences": ("Ciências Agrárias", "Ciencias Agrícolas", "Agricultural Sciences"),
    "Applied Social Sciences": (
        "Ciências Sociais Aplicadas",
        "Ciencias Sociales Aplicadas",
        "Applied Social Sciences",
    ),
    "Biological Sciences": ("Ciências Biológicas", "Ciencias Biológicas", "Biological Sciences"),
    "Engineering": ("Engenharias", "Ingeniería", "Engineering"),
    "Exact and Earth Sciences": (
        "Ciências Exatas e da Terra",
        "Ciencias Exactas y de la Tierra",
        "Exact and Earth Sciences",
    ),
    "Health Sciences": ("Ciências da Saúde", "Ciencias de la Salud", "Health Sciences"),
    "Human Sciences": ("Ciências Humanas", "Ciencias Humanas", "Human Sciences"),
    "Linguistics, Letters and Arts": (
        "Linguística, Letras e Artes",
        "Lingüística, Letras y Artes",
        "Linguistics, Letters and Arts",
    ),
}

#: Creative Commons licence elements, per interface language.
_CC_WORDS = {
    "by": ("Atribuição", "Atribución", "Attribution"),
    "nc": ("NãoComercial", "NoComercial", "NonCommercial"),
    "nd": ("SemDerivações", "SinDerivadas", "NoDerivatives"),
    "sa": ("CompartilhaIgual", "CompartirIgual", "ShareAlike"),
    "international": ("Internacional", "Internacional", "International"),
    "zero": (
        "Dedicação ao Domínio Público",
        "Dedicación al Dominio Público",
        "Public Domain Dedication",
    ),
}


def subject_area_names(name: str) -> dict[str, str] | None:
    """One of SciELO's thematic areas named in each interface language, else ``None``."""
    for key, names in _SUBJECT_AREAS.items():
        if name.casefold() in (key.casefold(), *(n.casefold() for n in names)):
            return dict(zip(INTERFACE_LANGUAGES, names, strict=True))
    return None


def cc_name(kind: str, version: str, lang: str) -> str:
    """``Creative Commons Atribuição 4.0 Internacional (CC BY 4.0)`` for ``by``, ``4.0``, ``pt``."""
    i = _index(lang)
    if kind == "zero":
        return f"Creative Commons CC0 1.0 {_CC_WORDS['zero'][i]}"
    parts = [p for p in kind.split("-") if p in _CC_WORDS]
    words = "-".join(_CC_WORDS[p][i] for p in parts)
    scope = f" {_CC_WORDS['international'][i]}" if version.startswith("4") else ""
    short = " ".join(["CC", "-".join(p.upper() for p in parts), version])
    return f"Creative Commons {words} {version}{scope} ({short})"


def _index(lang: str) -> int:
    return INTERFACE_LANGUAGES.index(lang) if lang in INTERFACE_LANGUAGES else 2


def interface_language(lang: str | None) -> str:
    """The interface language for a content language: itself when supported, English otherwise."""
    return lang if lang in INTERFACE_LANGUAGES else "en"


def strings(lang: str) -> dict[str, str]:
    """Every interface string in ``lang`` (English for unsupported languages)."""
    return column(_STRINGS, interface_language(lang))


def language_name(code: str, lang: str) -> str:
    """Name of the language ``code`` written in the interface language ``lang``."""
    names = _LANG_NAMES.get(code)
    return names[_index(lang)] if names else code


def article_type_name(kind: str | None, lang: str) -> str | None:
    """The article type as readers call it in ``lang``."""
    if not kind:
        return None
    names = _ARTICLE_TYPES.get(kind)
    return names[_index(lang)] if names else kind.replace("-", " ").capitalize()
