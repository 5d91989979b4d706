"""An interface language code in, the served pages' strings in that language out (pt, es, en)."""

from __future__ import annotations

from ..interface import LANGUAGES, NATIVE, column, pick

__all__ = ["LANGUAGES", "NATIVE", "language_name", "pick", "strings"]

_STRINGS: dict[str, tuple[str, str, str]] = {
    # key: (pt, es, en)
    "search": ("Pesquisa", "Búsqueda", "Search"),
    "search_button": ("Pesquisar", "Buscar", "Search"),
    "query": ("Termos da pesquisa", "Términos de búsqueda", "Search terms"),
    "field": ("Campo", "Campo", "Field"),
    "field_all": ("Todos os índices", "Todos los índices", "All fields"),
    "field_au": ("Autor", "Autor", "Author"),
    "field_ti": ("Título", "Título", "Title"),
    "field_ab": ("Resumo", "Resumen", "Abstract"),
    "field_kw": ("Palavras-chave", "Palabras clave", "Keywords"),
    "field_af": ("Afiliação", "Afiliación", "Affiliation"),
    "sort": ("Ordenar por", "Ordenar por", "Sort by"),
    "sort_relevance": ("Relevância", "Relevancia", "Relevance"),
    "sort_date": ("Data de publicação", "Fecha de publicación", "Publication date"),
    "results": ("resultados", "resultados", "results"),
    "no_results": (
        "Nenhum artigo encontrado.",
        "Ningún artículo encontrado.",
        "No articles found.",
    ),
    "help": (
        'Use AND, OR, NOT, "frases", prefixos (vacin*) e campos (au:silva ti:dengue).',
        'Use AND, OR, NOT, "frases", prefijos (vacin*) y campos (au:silva ti:dengue).',
        'Use AND, OR, NOT, "phrases", prefixes (vacin*) and fields (au:silva ti:dengue).',
    ),
    "refine": ("Refinar resultados", "Refinar resultados", "Refine results"),
    "facet_journal": ("Periódico", "Revista", "Journal"),
    "facet_year": ("Ano", "Año", "Year"),
    "facet_type": ("Tipo de artigo", "Tipo de artículo", "Article type"),
    "facet_lang": ("Idioma", "Idioma", "Language"),
    "facet_subject": ("Área temática", "Área temática", "Subject area"),
    "remove_filter": ("remover filtro", "quitar filtro", "remove filter"),
    "previous": ("Anterior", "Anterior", "Previous"),
    "next": ("Próxima", "Siguiente", "Next"),
    "page_of": ("Página {page} de {pages}", "Página {page} de {pages}", "Page {page} of {pages}"),
    "feed": (
        "Assinar estes resultados (Atom)",
        "Suscribirse a estos resultados (Atom)",
        "Subscribe to these results (Atom)",
    ),
    "error": ("Não foi possível pesquisar", "No se pudo buscar", "The search could not run"),
    "home": ("Início", "Inicio", "Home"),
    "skip": ("Ir para o conteúdo", "Ir al contenido", "Skip to content"),
    "interface_language": ("Idioma da interface", "Idioma de la interfaz", "Interface language"),
    "feed_title": ("Novos artigos", "Nuevos artículos", "New articles"),
}

_NAMES = {
    "pt": ("Português", "Portugués", "Portuguese"),
    "es": ("Espanhol", "Español", "Spanish"),
    "en": ("Inglês", "Inglés", "English"),
    "fr": ("Francês", "Francés", "French"),
}


def strings(lang: str) -> dict[str, str]:
    return column(_STRINGS, pick(lang))


def language_name(code: str, lang: str) -> str:
    names = _NAMES.get(code)
    return names[LANGUAGES.index(pick(lang))] if names else code
