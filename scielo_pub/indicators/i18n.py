"""An interface language in, the citation-statistics pages' strings in it out (pt, es, en)."""

from __future__ import annotations

from ..interface import LANGUAGES, NATIVE, column, pick

__all__ = ["LANGUAGES", "NATIVE", "pick", "strings"]

_STRINGS: dict[str, tuple[str, str, str]] = {
    "title": ("Estatísticas de citação", "Estadísticas de citas", "Citation statistics"),
    "intro": (
        "Indicadores bibliométricos calculados como a SciELO os calcula, a partir das referências "
        "citadas pelos artigos desta coleção.",
        "Indicadores bibliométricos calculados como los calcula SciELO, a partir de las referencias "
        "citadas por los artículos de esta colección.",
        "Bibliometric indicators computed the way SciELO computes them, from the references cited "
        "by this collection's articles.",
    ),
    "ranking": ("Classificação da coleção", "Clasificación de la colección", "Collection ranking"),
    "base_year": ("Ano base", "Año base", "Base year"),
    "show": ("Mostrar", "Mostrar", "Show"),
    "journal": ("Periódico", "Revista", "Journal"),
    "year": ("Ano", "Año", "Year"),
    "issues": ("Fascículos", "Números", "Issues"),
    "documents": ("Documentos", "Documentos", "Documents"),
    "citable_items": ("Itens citáveis", "Ítems citables", "Citable items"),
    "references_made": ("Citações concedidas", "Citas concedidas", "References made"),
    "citations_received": ("Citações recebidas", "Citas recibidas", "Citations received"),
    "self_citations": ("Autocitações", "Autocitas", "Self-citations"),
    "self_share": ("% autocitação", "% autocitas", "% self-citations"),
    "if2": ("Fator de impacto 2 anos", "Factor de impacto 2 años", "2-year impact factor"),
    "if3": ("Fator de impacto 3 anos", "Factor de impacto 3 años", "3-year impact factor"),
    "if5": ("Fator de impacto 5 anos", "Factor de impacto 5 años", "5-year impact factor"),
    "immediacy": ("Índice de imediatez", "Índice de inmediatez", "Immediacy index"),
    "if2_no_self": (
        "Fator de impacto 2 anos sem autocitação",
        "Factor de impacto 2 años sin autocitas",
        "2-year impact factor without self-citations",
    ),
    "cited_half_life": ("Vida média citada", "Vida media citada", "Cited half-life"),
    "citing_half_life": ("Vida média citante", "Vida media citante", "Citing half-life"),
    "indicators": ("Indicadores por ano", "Indicadores por año", "Indicators per year"),
    "chart_impact": (
        "Fator de impacto e imediatez por ano",
        "Factor de impacto e inmediatez por año",
        "Impact factor and immediacy per year",
    ),
    "chart_if2_journals": (
        "Fator de impacto 2 anos por periódico",
        "Factor de impacto 2 años por revista",
        "2-year impact factor per journal",
    ),
    "collection_years": ("A coleção por ano", "La colección por año", "The collection per year"),
    "chart_counts": (
        "Citações recebidas e concedidas por ano",
        "Citas recibidas y concedidas por año",
        "Citations received and references made per year",
    ),
    "chart_alt": (
        "Gráfico: {what}. Os mesmos números estão na tabela.",
        "Gráfico: {what}. Los mismos números están en la tabla.",
        "Chart: {what}. The same numbers are in the table.",
    ),
    "received": (
        "Citações recebidas por periódico citante e ano",
        "Citas recibidas por revista citante y año",
        "Citations received by citing journal and year",
    ),
    "granted": (
        "Periódicos mais citados (citações concedidas)",
        "Revistas más citadas (citas concedidas)",
        "Journals cited most (references made)",
    ),
    "unmatched": ("Fontes não identificadas", "Fuentes no identificadas", "Unidentified sources"),
    "total": ("Total", "Total", "Total"),
    "coauthorship": (
        "Coautoria por pares de países",
        "Coautoría por pares de países",
        "Co-authorship by country pairs",
    ),
    "countries": ("Países", "Países", "Countries"),
    "downloads": ("Baixar os dados", "Descargar los datos", "Download the data"),
    "none": ("Sem dados.", "Sin datos.", "No data."),
    "not_found": ("Periódico não encontrado", "Revista no encontrada", "Journal not found"),
    "notes": (
        "Fator de impacto de N anos no ano Y: citações feitas em Y a documentos de Y-1 a Y-N, "
        "divididas pelos itens citáveis desses anos; imediatez: citações em Y a documentos de Y "
        "sobre os itens citáveis de Y; '—' quando não há itens citáveis.",
        "Factor de impacto de N años en el año Y: citas hechas en Y a documentos de Y-1 a Y-N, "
        "divididas por los ítems citables de esos años; inmediatez: citas en Y a documentos de Y "
        "sobre los ítems citables de Y; '—' cuando no hay ítems citables.",
        "N-year impact factor in year Y: citations made in Y to documents of Y-1 to Y-N, divided "
        "by those years' citable items; immediacy: citations in Y to documents of Y over the "
        "citable items of Y; '—' where there is no citable item.",
    ),
    "home": ("Início", "Inicio", "Home"),
    "skip": ("Ir para o conteúdo", "Ir al contenido", "Skip to content"),
    "interface_language": ("Idioma da interface", "Idioma de la interfaz", "Interface language"),
    "all_journals": ("Todos os periódicos", "Todas las revistas", "All journals"),
    "other_years": (
        "A página de cada periódico mostra os seus indicadores de todos os anos; os dados para "
        "baixar trazem todos os anos.",
        "La página de cada revista muestra sus indicadores de todos los años; los datos para "
        "descargar traen todos los años.",
        "Each journal's page shows its indicators for every year; the downloads hold every year.",
    ),
    "journal_home": ("Página do periódico", "Página de la revista", "Journal home page"),
}


def strings(lang: str) -> dict[str, str]:
    return column(_STRINGS, pick(lang))
