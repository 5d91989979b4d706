"""A language in, its month abbreviations out, as ABNT (NBR 6023) and LILACS print dates."""

from __future__ import annotations

#: Month abbreviations per language (index 0 is January).
MONTH_ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "pt": ("jan.", "fev.", "mar.", "abr.", "maio", "jun.", "jul.", "ago.", "set.", "out.", "nov.", "dez."),
    "es": ("ene.", "feb.", "mar.", "abr.", "mayo", "jun.", "jul.", "ago.", "sept.", "oct.", "nov.", "dic."),
    "en": ("Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."),
}  # fmt: skip
