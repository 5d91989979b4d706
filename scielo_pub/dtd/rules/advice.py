"""Check codes (reading, structure, package) in, their advice in Portuguese and Spanish out.

Publication rules carry their own words; the checks around them (``xml.*``, ``dtd.*``,
``package.*``...) write English advice where they are raised, and ``localise`` swaps in the
editor's language.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from ...errors import Diagnostic

_MISMATCH = {
    "pt": "Todos os artigos de um fascículo têm o mesmo ISSN, volume, número e ano; corrija este "
    "artigo ou mova-o para o seu fascículo.",
    "es": "Todos los artículos de un número tienen el mismo ISSN, volumen, número y año; corrija "
    "este artículo o muévalo a su número.",
}
_DUPLICATE = {
    "pt": "Cada artigo do fascículo tem o seu próprio PID, ordem e DOI.",
    "es": "Cada artículo del número tiene su propio PID, orden y DOI.",
}
ADVICE: dict[str, dict[str, str]] = {
    "xml.empty": {"pt": "O arquivo está vazio: envie o XML do artigo.",
                  "es": "El archivo está vacío: envíe el XML del artículo."},
    "xml.root": {"pt": "Um documento SciELO PS começa com <article>; confira se este arquivo é um artigo.",
                 "es": "Un documento SciELO PS empieza con <article>; revise si este archivo es un artículo."},
    "xml.not-well-formed": {
        "pt": "Corrija a marcação nesta posição (uma tag não fechada ou mal escrita, um '&' ou '<' solto).",
        "es": "Corrija el marcado en esta posición (una etiqueta sin cerrar o mal escrita, un '&' o '<' suelto)."},
    "xml.entity": {
        "pt": "Escreva o próprio caractere (UTF-8) ou uma referência numérica como &#233;; entidades "
        "externas nunca são lidas.",
        "es": "Escriba el carácter mismo (UTF-8) o una referencia numérica como &#233;; las entidades "
        "externas nunca se leen."},
    "xml.entity-bomb": {"pt": "Retire as declarações <!ENTITY> do DOCTYPE; artigos não precisam delas.",
                        "es": "Retire las declaraciones <!ENTITY> del DOCTYPE; los artículos no las necesitan."},
    "xml.encoding": {
        "pt": 'Salve o arquivo inteiro em UTF-8 e declare: <?xml version="1.0" encoding="utf-8"?>. '
        "Codificações misturadas costumam vir de texto colado de outro arquivo.",
        "es": 'Guarde todo el archivo en UTF-8 y declárelo: <?xml version="1.0" encoding="utf-8"?>. '
        "Las codificaciones mezcladas suelen venir de texto pegado de otro archivo."},
    "xml.encoding-mismatch": {"pt": 'Troque a declaração por <?xml version="1.0" encoding="utf-8"?>.',
                              "es": 'Cambie la declaración por <?xml version="1.0" encoding="utf-8"?>.'},
    "input.too-large": {
        "pt": "Confira se é um artigo e não um arquivo juntado ou corrompido; imagens vão em arquivos à parte.",
        "es": "Revise si es un artículo y no un archivo unido o dañado; las imágenes van en archivos aparte."},
    "input.binary": {"pt": "Envie o arquivo .xml ou .sgm do artigo; as imagens são referidas a partir dele.",
                     "es": "Envíe el archivo .xml o .sgm del artículo; las imágenes se refieren desde él."},
    "input.missing": {"pt": "Confira o caminho; informe arquivos de artigo, pastas de fascículo ou pacotes .zip.",
                      "es": "Revise la ruta; indique archivos de artículo, carpetas de número o paquetes .zip."},
    "input.io": {"pt": "Confira se o arquivo existe e se você pode lê-lo.",
                 "es": "Revise si el archivo existe y si puede leerlo."},
    "input.unsupported": {"pt": "Artigos são XML SciELO PS (.xml) ou SGML SciELO Markup (.sgm).",
                          "es": "Los artículos son XML SciELO PS (.xml) o SGML SciELO Markup (.sgm)."},
    "dtd.invalid": {
        "pt": "Altere a marcação para seguir a DTD: a mensagem diz qual elemento ou atributo não é "
        "permitido aqui e o que a DTD espera.",
        "es": "Cambie el marcado para que siga la DTD: el mensaje dice qué elemento o atributo no se "
        "permite aquí y qué espera la DTD."},
    "dtd.no-doctype": {
        "pt": "Acrescente o DOCTYPE JATS depois da declaração XML (p. ex. a DTD JATS Journal "
        "Publishing 1.1), ou declare um xsd no journal.toml.",
        "es": "Añada el DOCTYPE JATS después de la declaración XML (p. ej. la DTD JATS Journal "
        "Publishing 1.1), o declare un xsd en journal.toml."},
    "dtd.unresolved": {
        "pt": "Aponte a chave xml_dtd_catalog do journal.toml (ou --catalog, ou a variável "
        "XML_CATALOG_FILES) para um catálogo XML OASIS que mapeie este identificador para uma "
        "cópia local da DTD; nada é baixado.",
        "es": "Apunte la clave xml_dtd_catalog de journal.toml (o --catalog, o la variable "
        "XML_CATALOG_FILES) a un catálogo XML OASIS que asigne este identificador a una copia "
        "local de la DTD; nada se descarga."},
    "xsd.invalid": {"pt": "Altere a marcação para seguir o XML Schema do periódico.",
                    "es": "Cambie el marcado para que siga el XML Schema de la revista."},
    "xsd.unresolved": {
        "pt": "Corrija o caminho xsd no journal.toml; o schema e seus imports devem ser arquivos locais.",
        "es": "Corrija la ruta xsd en journal.toml; el schema y sus imports deben ser archivos locales."},
    "report.truncated": {
        "pt": "Corrija os primeiros problemas e valide de novo: um erro no início costuma causar muitos.",
        "es": "Corrija los primeros problemas y valide de nuevo: un error al principio suele causar muchos."},
    "config.rules": {"pt": "Use um id de regra de docs/VALIDATION.md e um de error, warning, info, off.",
                     "es": "Use un id de regla de docs/VALIDATION.md y uno de error, warning, info, off."},
    "rule.crashed": {"pt": "Informe isto aos desenvolvedores do scielo-pub, com o artigo.",
                     "es": "Informe esto a los desarrolladores de scielo-pub, con el artículo."},
    "package.unreadable": {"pt": "Confira se o arquivo ou pasta existe e se você pode lê-lo.",
                           "es": "Revise si el archivo o carpeta existe y si puede leerlo."},
    "package.unsafe-path": {
        "pt": "Empacote os arquivos lado a lado, com nomes simples: sem '..', caminhos absolutos ou links.",
        "es": "Empaquete los archivos uno al lado del otro, con nombres simples: sin '..', rutas "
        "absolutas ni enlaces."},
    "package.not-zip": {"pt": "Envie o fascículo como .zip feito por uma ferramenta zip comum, ou como pasta.",
                        "es": "Envíe el número como .zip hecho con una herramienta zip común, o como carpeta."},
    "package.too-many-files": {"pt": "Divida o pacote: um zip por fascículo.",
                               "es": "Divida el paquete: un zip por número."},
    "package.bad-member": {"pt": "Refaça o zip (sem criptografia) e envie de novo.",
                           "es": "Rehaga el zip (sin cifrado) y envíelo de nuevo."},
    "package.bomb": {
        "pt": "Arquivos enormes ou comprimidos demais são recusados; confira se há um arquivo "
        "corrompido ou malicioso no pacote.",
        "es": "Se rechazan archivos enormes o demasiado comprimidos; revise si hay un archivo dañado "
        "o malicioso en el paquete."},
    "package.no-articles": {"pt": "Acrescente ao pacote os arquivos dos artigos do fascículo.",
                            "es": "Añada al paquete los archivos de los artículos del número."},
    "package.issn-mismatch": _MISMATCH, "package.volume-mismatch": _MISMATCH,
    "package.number-mismatch": _MISMATCH, "package.year-mismatch": _MISMATCH,
    "package.pid-duplicate": _DUPLICATE, "package.order-duplicate": _DUPLICATE,
    "package.doi-duplicate": _DUPLICATE,
    "package.file-missing": {"pt": "Acrescente o arquivo ao pacote, ou corrija o xlink:href.",
                             "es": "Añada el archivo al paquete, o corrija el xlink:href."},
    "package.file-unreferenced": {
        "pt": "Retire o arquivo, ou refira-o no artigo (graphic, media ou supplementary-material).",
        "es": "Retire el archivo, o refiéralo en el artículo (graphic, media o supplementary-material)."},
    "package.file-empty": {"pt": "Exporte de novo a imagem ou o documento e troque o arquivo vazio.",
                           "es": "Exporte de nuevo la imagen o el documento y reemplace el archivo vacío."},
    "package.file-large": {
        "pt": "Imagens para a web costumam ter menos de 5 MB; reduza a resolução ou a compressão.",
        "es": "Las imágenes para la web suelen tener menos de 5 MB; reduzca la resolución o la compresión."},
}  # fmt: skip


def localise(diagnostics: Iterable[Diagnostic], lang: str) -> list[Diagnostic]:
    """The diagnostics with the advice of known check codes in ``lang`` (rules are left alone)."""
    out = []
    for diag in diagnostics:
        words = (
            ADVICE.get(diag.code, {}).get(lang) if diag.kind != "rule" or "." in diag.code else None
        )
        out.append(replace(diag, advice=words) if words else diag)
    return out
