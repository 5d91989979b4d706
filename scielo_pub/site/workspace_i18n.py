"""An interface language code in, the editors' workspace strings in that language out (pt, es, en)."""

from __future__ import annotations

from .. import interface
from ..interface import LANGUAGES, column

__all__ = ["LANGUAGES", "pick", "strings"]

_STRINGS: dict[str, tuple[str, str, str]] = {
    # key: (pt, es, en)
    "workspace": ("Área dos editores", "Área de los editores", "Editors' workspace"),
    "sign_in": ("Entrar", "Iniciar sesión", "Sign in"),
    "sign_out": ("Sair", "Cerrar sesión", "Sign out"),
    "name": ("Nome de usuário", "Nombre de usuario", "Account name"),
    "password": ("Senha", "Contraseña", "Password"),
    "bad_login": (
        "Nome ou senha incorretos.",
        "Nombre o contraseña incorrectos.",
        "Wrong account name or password.",
    ),  # fmt: skip
    "limited": (
        "Muitas tentativas. Espere 15 minutos e tente de novo.",
        "Demasiados intentos. Espere 15 minutos e inténtelo de nuevo.",
        "Too many attempts. Wait 15 minutes and try again.",
    ),
    "signed_in_as": ("Conectado como", "Conectado como", "Signed in as"),
    "journals": ("Seus periódicos", "Sus revistas", "Your journals"),
    "issues": ("Fascículos publicados", "Números publicados", "Published issues"),
    "upload": ("Enviar um fascículo", "Enviar un número", "Upload an issue"),
    "issue_folder": (
        "Pasta do fascículo (ex.: v12n3)",
        "Carpeta del número (p. ej. v12n3)",
        "Issue folder (e.g. v12n3)",
    ),  # fmt: skip
    "files": (
        "Pacote .zip ou arquivos de artigo (.xml, .sgm, imagens, issue.toml)",
        "Paquete .zip o archivos de artículo (.xml, .sgm, imágenes, issue.toml)",
        "A .zip package or article files (.xml, .sgm, images, issue.toml)",
    ),  # fmt: skip
    "send": ("Enviar e validar", "Enviar y validar", "Upload and check"),
    "history": ("Histórico de envios", "Historial de envíos", "Submission history"),
    "when": ("Quando", "Cuándo", "When"),
    "who": ("Quem", "Quién", "Who"),
    "issue": ("Fascículo", "Número", "Issue"),
    "state": ("Situação", "Estado", "State"),
    "article": ("Artigo", "Artículo", "Article"),
    "errors": ("Erros", "Errores", "Errors"),
    "warnings": ("Avisos", "Advertencias", "Warnings"),
    "report": ("Relatório", "Informe", "Report"),
    "full_report": (
        "Relatório completo do fascículo",
        "Informe completo del número",
        "Whole issue report",
    ),  # fmt: skip
    "preview": ("Pré-visualizar o fascículo", "Vista previa del número", "Preview the issue"),
    "publish": ("Publicar", "Publicar", "Publish"),
    "ack": (
        "Li os avisos e quero publicar assim mesmo.",
        "Leí las advertencias y quiero publicar de todos modos.",
        "I have read the warnings and want to publish anyway.",
    ),
    "ack_needed": (
        "Confirme que leu os avisos.",
        "Confirme que leyó las advertencias.",
        "Confirm that you have read the warnings.",
    ),  # fmt: skip
    "blocked": (
        "Não pode ser publicado: corrija os erros e envie de novo.",
        "No se puede publicar: corrija los errores y envíe de nuevo.",
        "Cannot be published: fix the errors and upload again.",
    ),
    "published_ok": ("Publicado.", "Publicado.", "Published."),
    "unchanged": (
        "Já estava publicado; nada mudou.",
        "Ya estaba publicado; nada cambió.",
        "It was already published; nothing changed.",
    ),  # fmt: skip
    "withdraw": ("Retirar", "Retirar", "Withdraw"),
    "withdraw_confirm": (
        "Confirmo a retirada deste artigo",
        "Confirmo el retiro de este artículo",
        "I confirm withdrawing this article",
    ),  # fmt: skip
    "withdrawn_ok": ("Artigo retirado.", "Artículo retirado.", "Article withdrawn."),
    "articles": ("Artigos", "Artículos", "Articles"),
    "refused": ("Envio recusado", "Envío rechazado", "Upload refused"),
    "other_files": ("Outros arquivos", "Otros archivos", "Other files"),
    "preview_failed": (
        "Não puderam ser gerados:",
        "No se pudieron generar:",
        "Could not be rendered:",
    ),  # fmt: skip
    "activity": ("Atividade recente", "Actividad reciente", "Recent activity"),
    "action": ("Ação", "Acción", "Action"),
    "language": ("Idioma", "Idioma", "Language"),
    "site": ("Site da coleção", "Sitio de la colección", "Collection site"),
    "none": ("Nenhum.", "Ninguno.", "None."),
    "state_uploaded": ("enviado", "enviado", "uploaded"),
    "state_published": ("publicado", "publicado", "published"),
    "state_superseded": ("substituído", "sustituido", "superseded"),
    "submission": ("Envio", "Envío", "Submission"),
    "back": ("Voltar ao periódico", "Volver a la revista", "Back to the journal"),
}


def pick(requested: str | None, default: str = "en") -> str:
    return interface.pick(requested, default)


def strings(lang: str) -> dict[str, str]:
    return column(_STRINGS, pick(lang))
