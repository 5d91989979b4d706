"""Small named inputs for the usage tests: a two-journal catalog and a combined-log line writer."""

from __future__ import annotations

from scielo_pub.usage.items import Catalog, ItemMeta, JournalMeta

RSD = JournalMeta(1, "rsd", "Revista Saúde Digital", "SciELO Demo", "", "2764-5010")
ECL = JournalMeta(2, "ecl", "Estudios Clínicos", "SciELO Demo", "0718-462X", "")

ART1 = ItemMeta(
    10, RSD, "Telessaúde na atenção primária", "v12n1", "2764-5010-rsd-12-01-0001", "pt",
    "S2764-50102023000100001", "AbCdEfGhIjKlMnOpQrStUvW", "10.1590/rsd.2023.0001", 2023,
    "2023-03-01", ("Silva, A.",),
)  # fmt: skip
ART2 = ItemMeta(
    11, RSD, "Prontuário eletrônico", "v12n1", "2764-5010-rsd-12-01-0004", "pt",
    "S2764-50102023000100004", "", "10.1590/rsd.2023.0004", 2023, "2023-03-01", (),
)  # fmt: skip
ART3 = ItemMeta(
    20, ECL, "Ensayo clínico", "v8n1", "0718-462X-ecl-8-1-0001", "es",
    "S0718-462X2022000100001", "ZyXwVuTsRqPoNmLkJiHgFeD", "", 2022, "2022-06-01", (),
)  # fmt: skip


def catalog() -> Catalog:
    return Catalog([ART1, ART2, ART3])


def line(
    target: str,
    time: str = "10/Jun/2024:10:01:00 +0000",
    ip: str = "200.1.2.3",
    agent: str = "Mozilla/5.0 (X11; Linux x86_64) Firefox/126.0",
    status: int = 200,
    method: str = "GET",
) -> str:
    return f'{ip} - - [{time}] "{method} {target} HTTP/1.1" {status} 1234 "-" "{agent}"'


def at(seconds: int, day: int = 10, hour: int = 10) -> str:
    """A log time on June ``day`` 2024, ``seconds`` after hour:00:00 UTC."""
    m, s = divmod(seconds, 60)
    return f"{day:02d}/Jun/2024:{hour:02d}:{m:02d}:{s:02d} +0000"
